"""Benchmark the issue-12 data migration that reassesses past check-ins with a heart rate.

Run: .venv/bin/python benchmarks/bench_safety_reassess.py [--checkins 100000]
SQLite in a temporary folder. Builds ``--checkins`` check-ins, a third with a heart rate and an
old percentile "baseline" (as before issue 12), then runs the migration's ``reassess`` once and
prints how long it took and how many check-ins changed from flooded to calm (and back).
"""

from __future__ import annotations

import argparse
import importlib
import random
import shlex
import sys
import time

import checkout  # noqa: F401  (this tree's src first on the path)
from scratch import migrated_sqlite


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkins", type=int, default=100_000)
    args = parser.parse_args()
    print(
        "$", shlex.join([".venv/bin/python", "benchmarks/bench_safety_reassess.py", *sys.argv[1:]])
    )
    with migrated_sqlite("reassess"):
        from django.apps import apps
        from django.utils import timezone

        from mend.accounts.models import User
        from mend.safety.models import SafetyCheckIn
        from mend.spaces.models import Membership, Space

        rng = random.Random(12)
        user = User.objects.create_user(email="a@example.test", password="x")  # type: ignore[attr-defined]
        space = Space.objects.create(name="Bench")
        Membership.objects.create(space=space, user=user)
        now = timezone.now()
        rows = []
        for i in range(args.checkins):
            hr = rng.randint(55, 130) if i % 3 == 0 else None
            answers = [rng.randint(0, 3) for _ in range(4)]
            rows.append(
                SafetyCheckIn(
                    space=space,
                    owner=user,
                    safety=rng.randint(0, 10),
                    racing_heart=answers[0],
                    flee_or_fight=answers[1],
                    cant_think=answers[2],
                    body_tense=answers[3],
                    heart_rate=hr,
                    score=sum(answers),
                    # The old rule: flooded at 1.1 x a 62 bpm percentile (68.2 bpm).
                    baseline=62.0 if hr else None,
                    flooded=sum(answers) >= 6 or (hr is not None and hr >= 68.2),
                    reasons=[],
                    created_at=now,
                )
            )
        SafetyCheckIn.objects.bulk_create(rows, batch_size=2000)
        before = SafetyCheckIn.objects.filter(flooded=True).count()
        migration = importlib.import_module(
            "mend.safety.migrations.0007_checkin_baseline_is_resting_rate"
        )
        t0 = time.perf_counter()
        migration.reassess(apps, None)
        seconds = time.perf_counter() - t0
        after = SafetyCheckIn.objects.filter(flooded=True).count()
        with_hr = SafetyCheckIn.objects.filter(heart_rate__isnull=False).count()
        print(
            f"database: sqlite; {args.checkins:,} check-ins, {with_hr:,} with a heart rate; "
            f"reassessed in {seconds:.2f} s; flooded before {before:,}, after {after:,}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
