"""Benchmark mend.care: a counsellor's caseload, the space dashboard, a progress-report PDF.

Run: .venv/bin/python benchmarks/bench_care.py [--spaces 300] [--counsellors 3] [--requests 15]
     .venv/bin/python benchmarks/bench_care.py --full   # 50 counsellors, 10,000 spaces (slow)
SQLite by default (a file in a temporary folder); PostgreSQL when DATABASE_URL points at one
(a fresh database <its name>_bench_care_<pid> is created on that server and dropped after, so
DATABASE_URL=postgres://postgres@127.0.0.1:5432/mend_me gives mend_me_bench_care_<pid>).

Data (PostgreSQL COPY or SQLite executemany, ids assigned up front): a practice with counsellors;
each space has two members, a lean year of history (see ``build``) and consent for one
counsellor from one or both members. The first counsellor gets ``--caseload`` spaces (200 by
default), the second ``--small`` (50), the rest share the others; each has visited half of
their spaces three days ago. The first space also has ``--history`` years of daily moments
(5), for the dashboard. ``--profile`` prints a pyinstrument profile of each page (pyinstrument
is a developer tool, not installed with Mend). ``--keep`` keeps the generated database (PostgreSQL)
and prints its URL; ``--reuse URL`` measures it again without building it (the full scale takes
a quarter of an hour to build).

Measured, in one process with Django's test client, each as a median and a query count:
- a trivial signed-in request, GET /api/v1/me, the yardstick every ratio is printed against;
- the first counsellor's caseload page (/caseload/: its first page of 50, and all 200 on one
  page), its API, and the same with one space changed (its row rebuilt first); the first view,
  which builds every stored row, once; the second counsellor's smaller caseload, to show the
  query count does not grow with the caseload;
- the dashboard of the first space for a member (/spaces/<id>/ledger/), with its stored
  checkpoint (``DashboardCheckpoint``: its records read once per change of the space) and with
  the checkpoints dropped before each request (the records read and all history summed);
- the progress-report PDF of one space for a member (a year's range).
Targets (issue 16): caseload of 200 <= 25x the trivial request, dashboard <= 10x.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import shutil
import statistics
import sys
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

import checkout  # noqa: F401  (this tree's src first on the path)
from scratch import Database


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=300)
    parser.add_argument("--counsellors", type=int, default=3)
    parser.add_argument("--caseload", type=int, default=200, help="spaces of the first counsellor")
    parser.add_argument("--small", type=int, default=50, help="spaces of the second counsellor")
    parser.add_argument("--history", type=int, default=5, help="years of daily moments, space 1")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--no-pdf", action="store_true", help="skip the progress-report PDF")
    parser.add_argument("--full", action="store_true", help="50 counsellors, 10,000 spaces")
    parser.add_argument(
        "--profile", action="store_true", help="print a pyinstrument profile of each page"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (prints its URL)"
    )
    parser.add_argument(
        "--reuse",
        metavar="URL",
        default="",
        help="measure a PostgreSQL database kept by --keep (its URL): nothing built or dropped",
    )
    args = parser.parse_args()
    if args.full:
        args.spaces, args.counsellors = 10_000, 50
    args.counsellors = max(3, args.counsellors)
    args.caseload = min(args.caseload, args.spaces)
    args.small = min(args.small, args.spaces - args.caseload)
    return args


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
        self.keys: dict[int, bytes] = {}  # each person's data key, for their sealed text

    def data_keys(self, user_ids: range) -> None:
        """A data key for each person, wrapped as the vault does (one insert, not one each), so
        sealed text can be sealed while a COPY runs (no query may run then)."""
        from mend.vault import crypto, keys
        from mend.vault.models import DataKey

        kek = keys.current_kek()
        kek_id = crypto.kek_id(kek)
        rows = []
        for user_id in user_ids:
            raw = crypto.new_data_key()
            self.keys[user_id] = raw
            rows.append((user_id, crypto.wrap_data_key(raw, kek=kek, user_id=user_id), kek_id))
        self.add(DataKey, ["user_id", "wrapped_key", "kek_id"], len(rows), rows)

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
        if isinstance(field, models.UUIDField) and self.vendor == "sqlite":
            return lambda v: None if v is None else v.hex
        return None

    def _sealer(self, model: Any, field: Any, names: list[str], holders: dict[str, Any]) -> Any:
        """Seals a field's text in a row as the vault's field would (the holder's key, bound to
        the record's ``seal_uid``), or None for a field that is not sealed."""
        from mend.vault import sealing
        from mend.vault.fields import SealedTextField

        if not isinstance(field, SealedTextField) or field.holder_scope:
            return None
        # The holder is a column of the row, or (for a path such as "commitment.owner_id") a
        # function of the row given by the caller.
        holder_of = holders.get(field.holder)
        if holder_of is None:
            holder_at = names.index(field.holder)
            holder_of = lambda row: row[holder_at]  # noqa: E731
        ref_at = names.index(field.ref_field)
        prefix = f"{model._meta.label_lower}.{field.name}:"

        def seal(row: list[Any], value: Any) -> Any:
            if value is None:
                return None
            holder = holder_of(row)
            return sealing.seal_for(
                holder, field.encode(value), ref=f"{prefix}{row[ref_at]}", key=self.keys[holder]
            )

        return seal

    def insert(
        self, model: Any, columns: list[str], rows: Any, holders: dict[str, Any] | None = None
    ) -> None:
        """``rows``: an iterable of tuples in the order of ``columns`` (attnames, "id" first)."""
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rest = [f for name, f in fields.items() if name not in columns]
        names = columns + [f.attname for f in rest]
        fixed = tuple(f.get_default() for f in rest)
        # A callable default that must differ per row (a seal_uid) is called for each row.
        per_row = [
            (len(columns) + i, f.default)
            for i, f in enumerate(rest)
            if callable(f.default) and f.unique
        ]
        seal = [
            (i, c)
            for i, f in enumerate(fields[n] for n in names)
            if (c := self._sealer(model, f, names, holders or {}))
        ]
        convert = [
            (i, c) for i, f in enumerate(fields[n] for n in names) if (c := self._converter(f))
        ]
        table = model._meta.db_table
        cols = ", ".join(fields[n].column for n in names)

        def prepared() -> Any:
            n = 0
            for row in rows:
                full = list(row + fixed)
                for i, make in per_row:
                    full[i] = make()
                for i, c in seal:
                    full[i] = c(full, full[i])
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

    def add(
        self,
        model: Any,
        columns: list[str],
        count: int,
        rows: Any,
        holders: dict[str, Any] | None = None,
    ) -> int:
        """Inserts ``count`` new rows, each numbered before its ``columns``; returns the first
        id. The ids are reserved first: no other query may run on the connection during a COPY."""
        first = self.reserve(model, count)
        numbered = ((first + k, *row) for k, row in enumerate(rows))
        self.insert(model, ["id", *columns], numbered, holders)
        return first

    def add_owned(
        self,
        model: Any,
        columns: list[str],
        count: int,
        records: Any,
        holders: dict[str, Any] | None = None,
    ) -> int:
        """``add`` for records a member of a space owns: each of ``records`` is
        ``(space_id, owner_id, visibility, at, *columns)``, made and last changed ``at``."""
        rows = ((space, owner, vis, at, at, *rest) for space, owner, vis, at, *rest in records)
        owned = ["space_id", "owner_id", "visibility", "created_at", "updated_at"]
        return self.add(model, [*owned, *columns], count, rows, holders)

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
    load.data_keys(range(u0, u0 + 2 * n))
    load.add(
        CounsellorProfile,
        ["user_id", "practice_id"],
        args.counsellors,
        ((c0 + i, practice.pk) for i in range(args.counsellors)),
    )
    # The change counter as a year of writes through the services would have left it.
    s0 = load.add(
        Space,
        ["name", "created_at", "revision"],
        n,
        ((f"Space {i:05d}", start, 600) for i in range(n)),
    )
    load.add(
        Membership,
        ["space_id", "user_id", "joined_at"],
        2 * n,
        ((s0 + i, u0 + 2 * i + j, start) for i in range(n) for j in (0, 1)),
    )

    def counsellor_of(i: int) -> int:
        if i < args.caseload:
            return c0
        if i < args.caseload + args.small:
            return c0 + 1
        return c0 + 2 + i % (args.counsellors - 2)

    # Every first member consents; the second member of every other space too.
    consents = [(i, j) for i in range(n) for j in (0, 1) if j == 0 or i % 2 == 0]
    load.add(
        CounsellorAccess,
        ["space_id", "member_id", "counsellor_id", "granted_at"],
        len(consents),
        ((s0 + i, u0 + 2 * i + j, counsellor_of(i), start) for i, j in consents),
    )
    # The counsellor looked at half of their spaces three days ago.
    visited = [i for i in range(n) if i % 2 == 0]
    load.add(
        CaseloadVisit,
        ["counsellor_id", "space_id", "visited_at"],
        len(visited),
        ((counsellor_of(i), s0 + i, now - timedelta(days=3)) for i in visited),
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

    def add_dated(
        model: Any,
        columns: list[str],
        records: Any,
        dates: tuple[int, int, timedelta, timedelta],
        each: int = 1,
        holders: dict[str, Any] | None = None,
    ) -> None:
        """``each`` records of ``model`` per space and date: ``dates`` is (the table's seed, how
        many dates, the first after ``start``, the step between them), and ``records`` makes
        the records of one date from the table's one random stream, the space's index, its two
        members, the date's number and the date."""
        seed, times, first, every = dates
        rng = random.Random(seed)

        def made() -> Any:
            for i in range(n):
                a, b = people(i)
                for k in range(times):
                    yield from records(rng, i, a, b, k, start + first + k * every)

        load.add_owned(model, columns, n * times * each, made(), holders)

    def moments() -> Any:
        rng = random.Random(1)
        for i in range(n):
            a, b = people(i)
            for k in range(156):  # three a week
                at = start + timedelta(days=k * 365 / 156, hours=rng.randint(8, 22))
                actor, receiver = (a, b) if rng.random() < 0.5 else (b, a)
                yield (
                    s0 + i,
                    receiver,
                    rng.choice(vis),
                    at,
                    rng.choice(kinds),
                    actor,
                    receiver,
                    at,
                    at,
                )

    moment_columns = ["kind", "actor_id", "receiver_id", "occurred_at", "confirmed_at"]
    load.add_owned(Moment, moment_columns, n * 156, moments())

    def history(days: int) -> Any:
        """The first space's long past: four moments a day for --history years before."""
        rng = random.Random(9)
        a, b = people(0)
        for day in range(days):
            for _ in range(4):
                at = start - timedelta(days=day + 1, hours=rng.randint(0, 14))
                actor, receiver = (a, b) if rng.random() < 0.5 else (b, a)
                kind = rng.choice(kinds)
                yield (s0, receiver, rng.choice(vis), at, kind, actor, receiver, at, at)

    days = 365 * args.history
    load.add_owned(Moment, moment_columns, 4 * days, history(days))

    def safety(rng: Any, i: int, a: int, b: int, _week: int, at: Any) -> Any:
        for who in (a, b):
            yield (s0 + i, who, rng.choice(vis), at, rng.randint(2, 10), 0, 0, 0, 0, 0)

    add_dated(
        SafetyCheckIn,
        ["safety", "racing_heart", "flee_or_fight", "cant_think", "body_tense", "score"],
        safety,
        (2, 52, timedelta(hours=20), timedelta(weeks=1)),
        each=2,
    )

    def felt(rng: Any, i: int, a: int, b: int, _fortnight: int, at: Any) -> Any:
        for who, about in ((a, b), (b, a)):
            yield (
                s0 + i,
                who,
                rng.choice(vis),
                at,
                about,
                rng.randint(3, 9),
                rng.randint(3, 9),
                at,
            )

    add_dated(
        FeltTrustCheckIn,
        ["about_id", "felt_trust", "forgiveness", "occurred_at"],
        felt,
        (3, 26, timedelta(hours=21), timedelta(weeks=2)),
        each=2,
    )

    def breaches(rng: Any, i: int, a: int, b: int, _k: int, at: Any) -> Any:
        yield (
            s0 + i,
            a,
            rng.choice(vis),
            at,
            "Phone at dinner again",
            "on the phone all dinner",
            "hurt",
            b,
            rng.choice(["phone", "money", "chores"]),
            "evenings",
        )

    add_dated(
        Breach,
        ["title", "description", "owner_role", "other_person_id", "topic", "tags"],
        breaches,
        (4, 6, timedelta(days=3), timedelta(days=60)),
    )

    def disclosures(rng: Any, i: int, a: int, b: int, k: int, at: Any) -> Any:
        yield (
            s0 + i,
            a if k % 2 else b,
            rng.choice(vis),
            at,
            "voluntary",
            "I spent more than I said.",
            at,
            b if k % 2 else a,
            at + timedelta(hours=5),
        )

    add_dated(
        Disclosure,
        ["kind", "text", "occurred_at", "acknowledged_by_id", "acknowledged_at"],
        disclosures,
        (5, 4, timedelta(days=10), timedelta(days=90)),
    )

    def conversations(rng: Any, i: int, a: int, b: int, _k: int, at: Any) -> Any:
        paused = rng.random() < 0.4
        yield (
            s0 + i,
            a,
            rng.choice(vis),
            at,
            b,
            "Money",
            "" if paused else "repaired",
            "" if paused else "agreed",
            None if paused else at + timedelta(hours=1),
            at + timedelta(minutes=20) if paused else None,
        )

    add_dated(
        Conversation,
        ["partner_id", "topic", "outcome", "ended_by", "ended_at", "paused_at"],
        conversations,
        (6, 3, timedelta(days=20), timedelta(days=120)),
    )

    k0 = load.add_owned(
        Commitment,
        ["what", "rrule", "dtstart", "made_to_id", "status_changed_at", "materialised_until"],
        2 * n,
        (
            (
                s0 + i,
                people(i)[j],
                vis[j],
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
    load.add(
        CommitmentVersion,
        ["commitment_id", "number", "what", "rrule", "dtstart", "changed_at"],
        2 * n,
        (
            (
                k0 + k,
                1,
                ("Phone away at dinner", "Say when I will be late")[k % 2],
                "FREQ=WEEKLY",
                start,
                start,
            )
            for k in range(2 * n)
        ),
        # Commitment k is owned by member k (see the commitments above).
        holders={"commitment.owner_id": lambda row: u0 + (row[1] - k0)},
    )

    def occurrences() -> Any:
        rng = random.Random(7)
        for i in range(n):
            for j in (0, 1):
                other = people(i)[1 - j]
                for w in range(52):
                    due = start + timedelta(weeks=w)
                    response = rng.choice(["confirmed", "confirmed", "disputed", ""])
                    yield (
                        k0 + 2 * i + j,
                        due,
                        rng.choice(["kept", "kept", "missed"]),
                        due + timedelta(hours=1),
                        response,
                        due + timedelta(hours=3) if response else None,
                        other if response else None,
                    )

    load.add(
        Occurrence,
        [
            "commitment_id",
            "due_at",
            "reported_outcome",
            "reported_at",
            "response",
            "responded_at",
            "responded_by_id",
        ],
        n * 104,
        occurrences(),
        holders={"commitment.owner_id": lambda row: u0 + (row[1] - k0)},
    )

    # Private self-trust answers are sealed with a personal key of their own (which the owner
    # may lock): the generated ones are all shared, sealed with the owner's data key.
    shared = [v for v in vis if v != Visibility.PRIVATE]

    def questionnaires(rng: Any, i: int, a: int, b: int, _month: int, at: Any) -> Any:
        for who in (a, b):
            answers = {f"csi4_{q}": rng.randint(1, 5) for q in range(1, 5)}
            yield (
                s0 + i,
                who,
                rng.choice(shared),
                at,
                "csi4",
                answers,
                sum(answers.values()),
                0,
                21,
            )

    add_dated(
        QuestionnaireResult,
        ["instrument_id", "answers", "total", "min_total", "max_total"],
        questionnaires,
        (8, 12, timedelta(days=15), timedelta(days=30)),
        each=2,
        holders={"seal_holder": lambda row: row[2]},
    )
    load.add(
        TrustPairState,
        [
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
        2 * n,
        (
            (
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
        "small": User.objects.get(pk=c0 + 1),
        "member": User.objects.get(pk=u0),
        "space": Space.objects.get(pk=s0),
    }


def _time(
    client: Any, path: str, n: int, before: Any = None, **extra: Any
) -> tuple[float, int, int, float]:
    """Median wall-clock ms, the query count, the HTTP status and the median CPU ms of this
    thread (on a machine shared with other work the wall clock also counts waiting for a core;
    on PostgreSQL the CPU time leaves out the server's work)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu = [], []
    queries = 0
    status = 0
    for _ in range(n):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.thread_time()
            response = client.get(path, **extra)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
        status, queries = response.status_code, len(ctx)
    return statistics.median(times), queries, status, statistics.median(cpu)


def _profile(client: Any, path: str, enabled: bool) -> None:
    if not enabled:
        return
    from pyinstrument import Profiler  # a developer's tool, not a dependency of Mend

    with Profiler() as profiler:
        client.get(path)
    print(profiler.output_text(color=False, short_mode=True, show_all=False))


def _mean_ms(call: Any, n: int) -> str:
    """The mean wall-clock and CPU ms of ``n`` calls of ``call``, as printed."""
    t0, c0 = time.perf_counter(), time.thread_time()
    for _ in range(n):
        call()
    wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
    return f"{wall * 1000 / n:.1f} ms (CPU {cpu * 1000 / n:.1f} ms)"


def _line(label: str, timed: tuple[float, int, int, float], trivial: tuple[float, float]) -> None:
    ms, queries, status, cpu = timed
    print(
        f"{label}: median {ms:.1f} ms = {ms / trivial[0]:.1f}x trivial "
        f"(CPU {cpu:.1f} ms = {cpu / trivial[1]:.1f}x), {queries} queries, HTTP {status}"
    )


def measure(client: Any, data: dict[str, Any], args: argparse.Namespace) -> None:
    import django
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mend.care.models import CaseloadSnapshot
    from mend.core import memo
    from mend.inbox.selectors import count_for
    from mend.ledger.models import BalanceCheckpoint, DashboardCheckpoint
    from mend.spaces.services import bump_revision

    n = args.requests
    client.force_login(data["counsellor"])
    _time(client, "/api/v1/me", 3)
    ms, queries, status, cpu = _time(client, "/api/v1/me", max(30, 2 * n))
    trivial = (ms, cpu)
    print(
        f"trivial GET /api/v1/me: median {ms:.2f} ms (CPU {cpu:.2f} ms), {queries} queries, "
        f"HTTP {status}"
    )

    caseload = reverse("care:caseload")
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        response = client.get(caseload)
        cold = (time.perf_counter() - t0) * 1000
    print(
        f"caseload, first view ({args.caseload} rows built and stored): {cold:.0f} ms, "
        f"{len(ctx)} queries, HTTP {response.status_code}"
    )
    _profile(client, caseload, args.profile)
    every = f"{caseload}?per_page={args.caseload}"
    results = {}
    for label, path in (
        (f"caseload page 1 of {args.caseload} (50 rows)", caseload),
        (f"caseload, all {args.caseload} on one page", every),
        (f"API caseload, all {args.caseload}", f"/api/v1/caseload?per_page={args.caseload}"),
        ("caseload sorted by signals, changed only", f"{caseload}?sort=signals&changed=1"),
    ):
        _time(client, path, 1)
        results[label] = _time(client, path, n)
        _line(label, results[label], trivial)
    print(
        "  of which the navigation's 'what needs you' count (mend.inbox, every page): "
        + _mean_ms(lambda: count_for(data["counsellor"]), n)
    )
    space_id = data["space"].pk

    def one_changed() -> None:
        bump_revision(space_ids=[space_id])

    _line(
        f"caseload, all {args.caseload}, one space changed before each (1 row rebuilt)",
        _time(client, every, n, before=one_changed),
        trivial,
    )
    _line(
        f"caseload, all {args.caseload}, in a process that has not read them yet (memo emptied)",
        _time(client, every, n, before=memo.clear_all),
        trivial,
    )
    client.force_login(data["small"])
    _time(client, caseload, 1)
    small_page = _time(client, caseload, 3)
    small_all = _time(client, f"{caseload}?per_page={args.caseload}", 3)
    big_page = results[f"caseload page 1 of {args.caseload} (50 rows)"]
    big_all = results[f"caseload, all {args.caseload} on one page"]
    print(
        f"query count, page 1: {small_page[1]} for a caseload of {args.small}, "
        f"{big_page[1]} for {args.caseload}; all on one page: {small_all[1]} for {args.small}, "
        f"{big_all[1]} for {args.caseload}"
    )
    stored = CaseloadSnapshot.objects.count()
    print(f"stored caseload rows: {stored}")

    client.force_login(data["member"])
    dashboard = reverse("ledger:dashboard", args=[space_id])
    _time(client, dashboard, 2)
    _line("dashboard (numbers kept since the last change)", _time(client, dashboard, n), trivial)
    bank_api = f"/api/v1/spaces/{space_id}/bank"
    _time(client, bank_api, 2)
    _line("API bank account (balance checkpoint)", _time(client, bank_api, n), trivial)
    print(
        "  the dashboard's navigation count alone: "
        + _mean_ms(lambda: count_for(data["member"]), n)
    )

    _line(
        "dashboard, one change in the space before each (numbers worked out again)",
        _time(client, dashboard, n, before=one_changed),
        trivial,
    )

    def drop() -> None:
        BalanceCheckpoint.objects.all().delete()
        DashboardCheckpoint.objects.all().delete()
        memo.clear_all()

    _line(
        "dashboard, checkpoints dropped before each (records read, all history summed)",
        _time(client, dashboard, n, before=drop),
        trivial,
    )
    if args.no_pdf:
        return
    end = django.utils.timezone.localdate()
    path = (
        reverse("care:report_pdf", args=[space_id])
        + f"?start={end - timedelta(days=365)}&end={end}"
    )
    client.get(path)
    _profile(client, path, args.profile)
    ms, queries, status, _cpu = _time(client, path, max(3, n // 5))
    print(f"report PDF (1 space, 1 year): median {ms:.0f} ms, {queries} queries, HTTP {status}")


def _reused(args: argparse.Namespace) -> dict[str, Any]:
    """What ``build`` returned, found again in a kept database (its scale read from it)."""
    from mend.accounts.models import User
    from mend.spaces.models import CounsellorAccess, Space

    def spaces_of(user: Any) -> int:
        return (
            CounsellorAccess.objects.filter(counsellor=user).values("space_id").distinct().count()
        )

    data = {
        "counsellor": User.objects.get(email="c0@bench.test"),
        "small": User.objects.get(email="c1@bench.test"),
        "member": User.objects.get(email="m0@bench.test"),
        "space": Space.objects.get(name="Space 00000"),
    }
    args.spaces = Space.objects.count()
    counsellors = User.objects.filter(email__startswith="c", email__endswith="@bench.test")
    args.counsellors = counsellors.count()
    args.caseload, args.small = spaces_of(data["counsellor"]), spaces_of(data["small"])
    return data


def main() -> int:
    args = _parse()
    db = Database("care")
    if args.reuse:
        # Kept by --keep: its key stays in the usual key folder, its data folder is not needed.
        os.environ["MEND_DATA_DIR"] = str(db.tmp)
        os.environ["DATABASE_URL"] = db.url = args.reuse
        db.pg_name = urlparse(args.reuse).path.lstrip("/")
    else:
        db.create()
    print("$", shlex.join([".venv/bin/python", "benchmarks/bench_care.py", *sys.argv[1:]]))
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.test import Client

        t0 = time.perf_counter()
        data = _reused(args) if args.reuse else build(args)
        print(
            f"database: {db.kind}; scale: {args.spaces} spaces, {args.counsellors} counsellors, "
            f"caseloads of {args.caseload} and {args.small} spaces, a year of history each, "
            f"{args.history} years of daily moments in the first "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )
        client = Client(HTTP_HOST="localhost")
        measure(client, data, args)
    finally:
        if args.keep:
            print(f"kept: DATABASE_URL={db.url or 'sqlite in ' + str(db.tmp)}")
        elif args.reuse:
            shutil.rmtree(db.tmp, ignore_errors=True)
        else:
            db.drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
