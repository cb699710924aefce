"""Benchmark mend.care: a counsellor's caseload page and a progress-report PDF.

Run: .venv/bin/python benchmarks/bench_care.py [--spaces 200] [--counsellors 2] [--requests 10]
     .venv/bin/python benchmarks/bench_care.py --full   # 50 counsellors, 10,000 spaces (slow)
SQLite by default (a file in a temporary folder); PostgreSQL when DATABASE_URL points at one
(a fresh database mend_bench_care_<pid> is created on that server and dropped after).

Data (PostgreSQL COPY or SQLite executemany, ids assigned up front): a practice with counsellors;
each space has two members, a lean year of history (see ``build``) and consent for one
counsellor from one or both members. The first counsellor gets ``--caseload`` spaces (200 by
default) and has visited half of them three days ago. ``--profile`` prints a pyinstrument
profile of each page (pyinstrument is a developer tool, not installed with Mend).
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
    parser.add_argument(
        "--profile", action="store_true", help="print a pyinstrument profile of each page"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (prints its URL)"
    )
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


class Loader:
    """Inserts rows as tuples: PostgreSQL COPY (psycopg ``cursor.copy()``) or SQLite executemany.

    Ids are assigned here (a fresh database), so foreign keys are plain arithmetic and nothing
    is read back. Columns not given get the field's default, computed once per table."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor
        self.next_id: dict[Any, int] = {}
        self.counts: dict[str, int] = {}
        self.models: list[Any] = []

    def reserve(self, model: Any, n: int) -> int:
        """The first of ``n`` consecutive new ids of ``model``."""
        if model not in self.next_id:
            from django.db.models import Max

            top = model.objects.aggregate(m=Max("pk"))["m"] or 0
            self.next_id[model] = top + 1
            self.models.append(model)
        first = self.next_id[model]
        self.next_id[model] += n
        return first

    def _converter(self, field: Any) -> Any:
        import json
        from datetime import UTC

        from django.db import models

        if isinstance(field, models.JSONField):
            return json.dumps
        if isinstance(field, models.DateTimeField) and self.vendor == "sqlite":
            # What Django's SQLite backend stores: naive UTC, str().
            return lambda v: None if v is None else str(v.astimezone(UTC).replace(tzinfo=None))
        return None

    def insert(self, model: Any, columns: list[str], rows: Any) -> None:
        """``rows``: an iterable of tuples in the order of ``columns`` (attnames, "id" first)."""
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rest = [f for name, f in fields.items() if name not in columns]
        names = columns + [f.attname for f in rest]
        fixed = tuple(f.get_default() for f in rest)
        convert = [
            (i, c) for i, f in enumerate(fields[n] for n in names) if (c := self._converter(f))
        ]
        table = model._meta.db_table
        cols = ", ".join(fields[n].column for n in names)

        def prepared() -> Any:
            n = 0
            for row in rows:
                full = list(row + fixed)
                for i, c in convert:
                    full[i] = c(full[i])
                n += 1
                yield full
            self.counts[table] = self.counts.get(table, 0) + n

        self.connection.ensure_connection()
        raw = self.connection.connection
        if self.vendor == "postgresql":
            with raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for full in prepared():
                    copy.write_row(full)
        else:
            marks = ", ".join("?" for _ in names)
            with raw:
                # Table and column names come from the models, never from input.
                sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608
                raw.executemany(sql, prepared())

    def finish(self) -> None:
        """Sequences past the ids used (PostgreSQL) and fresh planner statistics."""
        from django.core.management.color import no_style

        with self.connection.cursor() as cur:
            if self.vendor == "postgresql":
                for sql in self.connection.ops.sequence_reset_sql(no_style(), self.models):
                    cur.execute(sql)
            cur.execute("ANALYZE")


def build(args: argparse.Namespace) -> dict[str, Any]:
    """A lean but realistic year per space: ~3 moments a week, weekly safety check-ins and
    felt-trust check-ins every other week for both members, two commitments with weekly
    occurrences, a breach every other month, a few disclosures and repair conversations,
    a monthly questionnaire each, and the stored trust state of both pairs."""
    from django.utils import timezone

    from mend.accounts.models import User
    from mend.care.models import CaseloadVisit, CounsellorProfile, Practice
    from mend.commitments.models import Commitment, CommitmentVersion, Occurrence
    from mend.domain.bank import MOMENT_KINDS
    from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment, TrustPairState
    from mend.safety.models import Conversation, SafetyCheckIn
    from mend.selftrust.models import QuestionnaireResult
    from mend.spaces.models import Breach, CounsellorAccess, Membership, Space
    from mend.spaces.visibility import Visibility

    now = timezone.now()
    start = now - timedelta(days=365)
    n = args.spaces
    load = Loader()
    practice = Practice.objects.create(name="Bench practice", contact_email="p@bench.test")
    c0 = load.reserve(User, args.counsellors)
    u0 = load.reserve(User, 2 * n)
    load.insert(
        User,
        ["id", "email", "display_name", "password", "date_joined"],
        (
            [
                (c0 + i, f"c{i}@bench.test", f"Counsellor {i}", "!", start)
                for i in range(args.counsellors)
            ]
            + [(u0 + i, f"m{i}@bench.test", f"Member {i}", "!", start) for i in range(2 * n)]
        ),
    )
    p0 = load.reserve(CounsellorProfile, args.counsellors)
    load.insert(
        CounsellorProfile,
        ["id", "user_id", "practice_id"],
        ((p0 + i, c0 + i, practice.pk) for i in range(args.counsellors)),
    )
    s0 = load.reserve(Space, n)
    load.insert(
        Space, ["id", "name", "created_at"], ((s0 + i, f"Space {i:05d}", start) for i in range(n))
    )
    m0 = load.reserve(Membership, 2 * n)
    load.insert(
        Membership,
        ["id", "space_id", "user_id", "joined_at"],
        ((m0 + 2 * i + j, s0 + i, u0 + 2 * i + j, start) for i in range(n) for j in (0, 1)),
    )

    def counsellor_of(i: int) -> int:
        return c0 + (0 if i < args.caseload else 1 + i % max(1, args.counsellors - 1))

    # Every first member consents; the second member of every other space too.
    consents = [(i, j) for i in range(n) for j in (0, 1) if j == 0 or i % 2 == 0]
    a0 = load.reserve(CounsellorAccess, len(consents))
    load.insert(
        CounsellorAccess,
        ["id", "space_id", "member_id", "counsellor_id", "granted_at"],
        (
            (a0 + k, s0 + i, u0 + 2 * i + j, counsellor_of(i), start)
            for k, (i, j) in enumerate(consents)
        ),
    )
    # The counsellor looked at half of their spaces three days ago.
    visited = [i for i in range(n) if i % 2 == 0]
    v0 = load.reserve(CaseloadVisit, len(visited))
    load.insert(
        CaseloadVisit,
        ["id", "counsellor_id", "space_id", "visited_at"],
        (
            (v0 + k, counsellor_of(i), s0 + i, now - timedelta(days=3))
            for k, i in enumerate(visited)
        ),
    )

    kinds = [k.code for k in MOMENT_KINDS]
    # Half of everything is shared with the counsellor.
    vis = [
        Visibility.SPACE_AND_COUNSELLOR,
        Visibility.SPACE_AND_COUNSELLOR,
        Visibility.COUNSELLOR,
        Visibility.SPACE,
        Visibility.SPACE,
        Visibility.PRIVATE,
    ]

    def people(i: int) -> tuple[int, int]:
        return u0 + 2 * i, u0 + 2 * i + 1

    def moments(pk: int) -> Any:
        rng = random.Random(1)
        for i in range(n):
            a, b = people(i)
            for k in range(156):  # three a week
                at = start + timedelta(days=k * 365 / 156, hours=rng.randint(8, 22))
                actor, receiver = (a, b) if rng.random() < 0.5 else (b, a)
                yield (
                    pk,
                    s0 + i,
                    receiver,
                    rng.choice(vis),
                    at,
                    at,
                    rng.choice(kinds),
                    actor,
                    receiver,
                    at,
                    at,
                )
                pk += 1

    load.insert(
        Moment,
        [
            "id",
            "space_id",
            "owner_id",
            "visibility",
            "created_at",
            "updated_at",
            "kind",
            "actor_id",
            "receiver_id",
            "occurred_at",
            "confirmed_at",
        ],
        # Ids first: no other query may run on the connection during a COPY.
        moments(load.reserve(Moment, n * 156)),
    )

    def safety(pk: int) -> Any:
        rng = random.Random(2)
        for i in range(n):
            for week in range(52):
                at = start + timedelta(weeks=week, hours=20)
                for who in people(i):
                    yield (
                        pk,
                        s0 + i,
                        who,
                        rng.choice(vis),
                        at,
                        at,
                        rng.randint(2, 10),
                        0,
                        0,
                        0,
                        0,
                        0,
                    )
                    pk += 1

    load.insert(
        SafetyCheckIn,
        [
            "id",
            "space_id",
            "owner_id",
            "visibility",
            "created_at",
            "updated_at",
            "safety",
            "racing_heart",
            "flee_or_fight",
            "cant_think",
            "body_tense",
            "score",
        ],
        # Ids first: no other query may run on the connection during a COPY.
        safety(load.reserve(SafetyCheckIn, n * 104)),
    )

    def felt(pk: int) -> Any:
        rng = random.Random(3)
        for i in range(n):
            a, b = people(i)
            for fortnight in range(26):
                at = start + timedelta(weeks=2 * fortnight, hours=21)
                for who, about in ((a, b), (b, a)):
                    yield (
                        pk,
                        s0 + i,
                        who,
                        rng.choice(vis),
                        at,
                        at,
                        about,
                        rng.randint(3, 9),
                        rng.randint(3, 9),
                        at,
                    )
                    pk += 1

    load.insert(
        FeltTrustCheckIn,
        [
            "id",
            "space_id",
            "owner_id",
            "visibility",
            "created_at",
            "updated_at",
            "about_id",
            "felt_trust",
            "forgiveness",
            "occurred_at",
        ],
        # Ids first: no other query may run on the connection during a COPY.
        felt(load.reserve(FeltTrustCheckIn, n * 52)),
    )

    def breaches(pk: int) -> Any:
        rng = random.Random(4)
        for i in range(n):
            a, b = people(i)
            for k in range(6):
                at = start + timedelta(days=60 * k + 3)
                yield (
                    pk,
                    s0 + i,
                    a,
                    rng.choice(vis),
                    at,
                    at,
                    "Phone at dinner again",
                    "on the phone all dinner",
                    "hurt",
                    b,
                    rng.choice(["phone", "money", "chores"]),
                    "evenings",
                )
                pk += 1

    load.insert(
        Breach,
        [
            "id",
            "space_id",
            "owner_id",
            "visibility",
            "created_at",
            "updated_at",
            "title",
            "description",
            "owner_role",
            "other_person_id",
            "topic",
            "tags",
        ],
        # Ids first: no other query may run on the connection during a COPY.
        breaches(load.reserve(Breach, n * 6)),
    )

    def disclosures(pk: int) -> Any:
        rng = random.Random(5)
        for i in range(n):
            a, b = people(i)
            for k in range(4):
                at = start + timedelta(days=90 * k + 10)
                yield (
                    pk,
                    s0 + i,
                    a if k % 2 else b,
                    rng.choice(vis),
                    at,
                    at,
                    "voluntary",
                    "I spent more than I said.",
                    at,
                    b if k % 2 else a,
                    at + timedelta(hours=5),
                )
                pk += 1

    load.insert(
        Disclosure,
        [
            "id",
            "space_id",
            "owner_id",
            "visibility",
            "created_at",
            "updated_at",
            "kind",
            "text",
            "occurred_at",
            "acknowledged_by_id",
            "acknowledged_at",
        ],
        # Ids first: no other query may run on the connection during a COPY.
        disclosures(load.reserve(Disclosure, n * 4)),
    )

    def conversations(pk: int) -> Any:
        rng = random.Random(6)
        for i in range(n):
            a, b = people(i)
            for k in range(3):
                at = start + timedelta(days=120 * k + 20)
                paused = rng.random() < 0.4
                yield (
                    pk,
                    s0 + i,
                    a,
                    rng.choice(vis),
                    at,
                    at,
                    b,
                    "Money",
                    "" if paused else "repaired",
                    "" if paused else "agreed",
                    None if paused else at + timedelta(hours=1),
                    at + timedelta(minutes=20) if paused else None,
                )
                pk += 1

    load.insert(
        Conversation,
        [
            "id",
            "space_id",
            "owner_id",
            "visibility",
            "created_at",
            "updated_at",
            "partner_id",
            "topic",
            "outcome",
            "ended_by",
            "ended_at",
            "paused_at",
        ],
        # Ids first: no other query may run on the connection during a COPY.
        conversations(load.reserve(Conversation, n * 3)),
    )

    k0 = load.reserve(Commitment, 2 * n)
    load.insert(
        Commitment,
        [
            "id",
            "space_id",
            "owner_id",
            "visibility",
            "created_at",
            "updated_at",
            "what",
            "rrule",
            "dtstart",
            "made_to_id",
            "status_changed_at",
            "materialised_until",
        ],
        (
            (
                k0 + 2 * i + j,
                s0 + i,
                people(i)[j],
                vis[j],
                start,
                start,
                ("Phone away at dinner", "Say when I will be late")[j],
                "FREQ=WEEKLY",
                start,
                people(i)[1 - j],
                start,
                now,
            )
            for i in range(n)
            for j in (0, 1)
        ),
    )
    cv0 = load.reserve(CommitmentVersion, 2 * n)
    load.insert(
        CommitmentVersion,
        ["id", "commitment_id", "number", "what", "rrule", "dtstart", "changed_at"],
        (
            (
                cv0 + k,
                k0 + k,
                1,
                ("Phone away at dinner", "Say when I will be late")[k % 2],
                "FREQ=WEEKLY",
                start,
                start,
            )
            for k in range(2 * n)
        ),
    )

    def occurrences(pk: int) -> Any:
        rng = random.Random(7)
        for i in range(n):
            for j in (0, 1):
                other = people(i)[1 - j]
                for w in range(52):
                    due = start + timedelta(weeks=w)
                    response = rng.choice(["confirmed", "confirmed", "disputed", ""])
                    yield (
                        pk,
                        k0 + 2 * i + j,
                        due,
                        rng.choice(["kept", "kept", "missed"]),
                        due + timedelta(hours=1),
                        response,
                        due + timedelta(hours=3) if response else None,
                        other if response else None,
                    )
                    pk += 1

    load.insert(
        Occurrence,
        [
            "id",
            "commitment_id",
            "due_at",
            "reported_outcome",
            "reported_at",
            "response",
            "responded_at",
            "responded_by_id",
        ],
        # Ids first: no other query may run on the connection during a COPY.
        occurrences(load.reserve(Occurrence, n * 104)),
    )

    def questionnaires(pk: int) -> Any:
        rng = random.Random(8)
        for i in range(n):
            for month in range(12):
                at = start + timedelta(days=30 * month + 15)
                for who in people(i):
                    answers = {f"csi4_{q}": rng.randint(1, 5) for q in range(1, 5)}
                    yield (
                        pk,
                        s0 + i,
                        who,
                        rng.choice(vis),
                        at,
                        at,
                        "csi4",
                        answers,
                        sum(answers.values()),
                        0,
                        21,
                    )
                    pk += 1

    load.insert(
        QuestionnaireResult,
        [
            "id",
            "space_id",
            "owner_id",
            "visibility",
            "created_at",
            "updated_at",
            "instrument_id",
            "answers",
            "total",
            "min_total",
            "max_total",
        ],
        # Ids first: no other query may run on the connection during a COPY.
        questionnaires(load.reserve(QuestionnaireResult, n * 24)),
    )
    t0 = load.reserve(TrustPairState, 2 * n)
    load.insert(
        TrustPairState,
        [
            "id",
            "space_id",
            "truster_id",
            "trustee_id",
            "r",
            "s",
            "as_of",
            "items",
            "rebuilt_at",
            "updated_at",
        ],
        (
            (
                t0 + 2 * i + j,
                s0 + i,
                people(i)[j],
                people(i)[1 - j],
                20.0 + i % 7,
                6.0 + i % 5,
                now,
                80,
                now,
                now,
            )
            for i in range(n)
            for j in (0, 1)
        ),
    )
    load.finish()
    print(f"rows: {sum(load.counts.values()):,} in {len(load.counts)} tables")
    return {
        "counsellor": User.objects.get(pk=c0),
        "member": User.objects.get(pk=u0),
        "space": Space.objects.get(pk=s0),
    }


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


def _profile(client: Any, path: str, enabled: bool) -> None:
    if not enabled:
        return
    from pyinstrument import Profiler  # a developer's tool, not a dependency of Mend

    with Profiler() as profiler:
        client.get(path)
    print(profiler.output_text(color=False, short_mode=True, show_all=False))


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
            _profile(client, caseload, args.profile)
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
            reverse("care:report_pdf", args=[data["space"].pk])
            + f"?start={end - timedelta(days=365)}&end={end}"
        )
        client.get(path)
        _profile(client, path, args.profile)
        ms, queries, status = _time(client, path, max(3, args.requests // 2))
        print(f"report PDF (1 space, 1 year): median {ms:.0f} ms, {queries} queries, HTTP {status}")
    finally:
        if args.keep:
            print(f"kept: DATABASE_URL={db.url or 'sqlite in ' + str(db.tmp)}")
        else:
            db.drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
