"""Benchmark mend.care: a counsellor's caseload page and a progress-report PDF.

Run: .venv/bin/python benchmarks/bench_care.py [--spaces 200] [--counsellors 2] [--requests 10]
     .venv/bin/python benchmarks/bench_care.py --full   # 50 counsellors, 10,000 spaces (slow)
SQLite by default (a file in a temporary folder); PostgreSQL when DATABASE_URL points at one
(a fresh database mend_bench_care_<pid> is created on that server and dropped after).

Data (bulk_create): a practice with counsellors; each space has two members, a year of history
(moments, safety check-ins, breaches, commitments with weekly occurrences) and consent for one
counsellor. The first counsellor gets ``--caseload`` spaces (200 by default).
Measured: median and query count of GET /caseload/ for that counsellor, and the median render
time of the progress-report PDF of one space for a member (a year's range).
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=200)
    parser.add_argument("--counsellors", type=int, default=2)
    parser.add_argument("--caseload", type=int, default=200, help="spaces of the first counsellor")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--full", action="store_true", help="50 counsellors, 10,000 spaces")
    args = parser.parse_args()
    if args.full:
        args.spaces, args.counsellors = 10_000, 50
    args.caseload = min(args.caseload, args.spaces)
    return args


class Database:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="mend-bench-care-"))
        self.url = os.environ.get("DATABASE_URL", "")
        self.pg_name = ""
        self.admin_url = ""
        if self.url.startswith(("postgres://", "postgresql://")):
            self.pg_name = f"mend_bench_care_{os.getpid()}"
            self.admin_url = self.url
            self.url = urlunparse(urlparse(self.url)._replace(path="/" + self.pg_name))

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.pg_name else "SQLite"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> None:
        os.environ["MEND_DATA_DIR"] = str(self.tmp)
        if self.pg_name:
            self._admin(f'CREATE DATABASE "{self.pg_name}"')
            os.environ["DATABASE_URL"] = self.url
        else:
            os.environ.pop("DATABASE_URL", None)

    def drop(self) -> None:
        if self.pg_name:
            from django.db import connections

            connections.close_all()
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)


def build(args: argparse.Namespace) -> dict[str, Any]:
    from django.utils import timezone

    from mend.accounts.models import User
    from mend.care.models import CounsellorProfile, Practice
    from mend.commitments.models import Commitment, Occurrence
    from mend.domain.bank import MOMENT_KINDS
    from mend.ledger.models import Moment
    from mend.safety.models import CheckIn
    from mend.spaces.models import Breach, CounsellorAccess, Membership, Space
    from mend.spaces.visibility import Visibility

    rng = random.Random(7)
    now = timezone.now()
    start = now - timedelta(days=365)
    practice = Practice.objects.create(name="Bench practice", contact_email="p@bench.test")
    counsellors = User.objects.bulk_create(
        User(email=f"c{i}@bench.test", display_name=f"Counsellor {i}", password="!")
        for i in range(args.counsellors)
    )
    CounsellorProfile.objects.bulk_create(
        CounsellorProfile(user=c, practice=practice) for c in counsellors
    )
    members = User.objects.bulk_create(
        User(email=f"m{i}@bench.test", display_name=f"Member {i}", password="!")
        for i in range(args.spaces * 2)
    )
    spaces = Space.objects.bulk_create(
        Space(name=f"Space {i}", created_at=start) for i in range(args.spaces)
    )
    Membership.objects.bulk_create(
        Membership(space=s, user=members[2 * i + j], joined_at=start)
        for i, s in enumerate(spaces)
        for j in (0, 1)
    )
    CounsellorAccess.objects.bulk_create(
        CounsellorAccess(
            space=s,
            member=members[2 * i],
            counsellor=counsellors[
                0 if i < args.caseload else 1 + i % max(1, args.counsellors - 1)
            ],
            granted_at=start,
        )
        for i, s in enumerate(spaces)
    )
    kinds = [k.code for k in MOMENT_KINDS]
    vis = [Visibility.SPACE_AND_COUNSELLOR, Visibility.SPACE, Visibility.PRIVATE]
    for i, s in enumerate(spaces):
        a, b = members[2 * i], members[2 * i + 1]
        moments, checkins, breaches = [], [], []
        for day in range(0, 365, 2):  # every other day: ~180 moments a year per space
            at = start + timedelta(days=day, hours=rng.randint(8, 22))
            actor, receiver = (a, b) if rng.random() < 0.5 else (b, a)
            moments.append(
                Moment(
                    space=s,
                    owner=receiver,
                    visibility=rng.choice(vis),
                    kind=rng.choice(kinds),
                    actor=actor,
                    receiver=receiver,
                    occurred_at=at,
                    created_at=at,
                    confirmed_at=at,
                )
            )
        for week in range(52):
            at = start + timedelta(weeks=week, hours=20)
            for who in (a, b):
                checkins.append(
                    CheckIn(
                        space=s,
                        owner=who,
                        visibility=rng.choice(vis),
                        safety=rng.randint(2, 10),
                        racing_heart=0,
                        flee_or_fight=0,
                        cant_think=0,
                        body_tense=0,
                        score=0,
                        created_at=at,
                    )
                )
        for month in range(12):
            at = start + timedelta(days=30 * month + 3)
            breaches.append(
                Breach(
                    space=s,
                    owner=a,
                    visibility=rng.choice(vis),
                    title="Phone at dinner again",
                    description="on the phone all dinner",
                    owner_role="hurt",
                    topic=rng.choice(["phone", "money", "chores"]),
                    created_at=at,
                )
            )
        Moment.objects.bulk_create(moments)
        CheckIn.objects.bulk_create(checkins)
        Breach.objects.bulk_create(breaches)
        commitment = Commitment.objects.create(
            space=s,
            owner=b,
            visibility=Visibility.SPACE_AND_COUNSELLOR,
            what="Phone away at dinner",
            dtstart=start,
            made_to=a,
        )
        Occurrence.objects.bulk_create(
            Occurrence(
                commitment=commitment,
                due_at=start + timedelta(weeks=w),
                reported_outcome=rng.choice(["kept", "kept", "missed"]),
                reported_at=start + timedelta(weeks=w, hours=1),
                response=rng.choice(["confirmed", "disputed", ""]),
            )
            for w in range(52)
        )
    return {"counsellor": counsellors[0], "member": members[0], "space": spaces[0]}


def _time(client: Any, path: str, n: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    status = 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        status, queries = response.status_code, len(ctx)
    return statistics.median(times), queries, status


def main() -> int:
    args = _parse()
    db = Database()
    db.create()
    print("$", shlex.join([".venv/bin/python", "benchmarks/bench_care.py", *sys.argv[1:]]))
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.test import Client
        from django.urls import NoReverseMatch, reverse

        t0 = time.perf_counter()
        data = build(args)
        print(
            f"database: {db.kind}; scale: {args.spaces} spaces, {args.counsellors} counsellors, "
            f"caseload {args.caseload} spaces, a year of history each "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )
        client = Client(HTTP_HOST="localhost")
        try:
            caseload = reverse("care:caseload")
        except NoReverseMatch:
            caseload = ""
        if caseload:
            client.force_login(data["counsellor"])
            client.get(caseload)
            ms, queries, status = _time(client, caseload, args.requests)
            print(
                f"caseload ({args.caseload} spaces): median {ms:.0f} ms, "
                f"{queries} queries, HTTP {status}"
            )
        else:
            print("caseload: view not available (care:caseload not routed)")
        client.force_login(data["member"])
        end = django.utils.timezone.localdate()
        path = (
            reverse("care_extra:report_pdf", args=[data["space"].pk])
            + f"?start={end - timedelta(days=365)}&end={end}"
        )
        client.get(path)
        ms, queries, status = _time(client, path, max(3, args.requests // 2))
        print(f"report PDF (1 space, 1 year): median {ms:.0f} ms, {queries} queries, HTTP {status}")
    finally:
        db.drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
