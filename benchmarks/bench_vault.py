"""What sealing private text costs: saving sealed records, and opening a list of them.

Run: .venv/bin/python benchmarks/bench_vault.py [--rows N]  (pin to one core with `taskset -c 0`).
Uses a throwaway SQLite database and key folder. Prints the time to create N boundaries (three
sealed texts each), to load and open all of them (and the queries that took), and the same list
loaded without reading the texts, so the difference is the cost of opening.
"""

from __future__ import annotations

import argparse
import sys
import time

from scratch import migrated_sqlite


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    rows = parser.parse_args().rows
    print("$ .venv/bin/python benchmarks/bench_vault.py", *sys.argv[1:])
    with migrated_sqlite("vault"):
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from mend.accounts.models import User
        from mend.selftrust.models import Boundary
        from mend.spaces.models import Membership, Space

        users = [
            User.objects.create_user(email=f"u{i}@example.test", password=None) for i in (1, 2)
        ]
        space = Space.objects.create(name="Bench", created_by=users[0])
        for user in users:
            Membership.objects.create(space=space, user=user)

        start = time.perf_counter()
        with transaction.atomic():
            for n in range(rows):
                Boundary.objects.create(
                    space=space, owner=users[n % 2], statement=f"Boundary {n}",
                    why="Because " * 20, if_crossed="I will stop and say so.",
                )  # fmt: skip
        create = time.perf_counter() - start

        def load(read: bool) -> tuple[float, int]:
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                items = list(Boundary.objects.all())
                if read:
                    total = sum(len(b.statement) + len(b.why) + len(b.if_crossed) for b in items)
                    assert total > 0
                elapsed = time.perf_counter() - start
            return elapsed, len(ctx.captured_queries)

        load(True)  # warm up
        bare, bare_q = min(load(False) for _ in range(3))
        opened, opened_q = min(load(True) for _ in range(3))
        print(f"create {rows} boundaries (3 sealed texts each): {create * 1000:.0f} ms")
        print(f"load {rows} without reading their texts: {bare * 1000:.1f} ms, {bare_q} query")
        print(
            f"load {rows} and read all texts: {opened * 1000:.1f} ms, {opened_q} queries "
            f"(opening: {(opened - bare) / (3 * rows) * 1e6:.1f} µs per text)"
        )
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
