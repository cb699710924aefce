"""Benchmark the worker (mend.notify): collecting what waits for everyone into notifications,
delivering them, and a second run that finds nothing new.

Run: .venv/bin/python benchmarks/bench_notify.py [--spaces 200]
SQLite in a temporary folder (PostgreSQL when DATABASE_URL points at one: use a throwaway
database). Each couple space has one moment waiting for one member and one commitment due in
the next hours for the other. Prints the time and query count of each step.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from checkout import ROOT

sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=200)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="mend-bench-notify-")
    os.environ.setdefault("MEND_DATA_DIR", tmp)
    os.environ.setdefault("MEND_KEY_DIR", str(Path(tmp) / "keys"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mend.settings"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from tests.commitments.helpers import make_commitment
    from tests.factories import SpaceFactory, UserFactory, add_member

    from mend.ledger import services as ledger_services
    from mend.notify.delivery import collect, deliver_due

    call_command("migrate", verbosity=0)
    mail.outbox = []
    start = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    for i in range(args.spaces):
        a = UserFactory(email=f"a{i}@bench.test", display_name=f"A{i}")
        b = UserFactory(email=f"b{i}@bench.test", display_name=f"B{i}")
        space = SpaceFactory(name=f"Space {i}")
        add_member(space, a)
        add_member(space, b)
        ledger_services.log_moment(
            space=space, logger=a, kind="listened_well", actor_id=a.pk, receiver_id=b.pk
        )
        make_commitment(space, b, a, rrule=None, start=start)
    print(f"{args.spaces} spaces, {2 * args.spaces} people ({connection.vendor})")
    from mend.accounts.models import User
    from mend.inbox import selectors as inbox

    person = User.objects.order_by("pk").last()
    spaces = inbox._spaces(person, None)
    for source in inbox.SOURCES:
        t = time.perf_counter()
        source.items(person, spaces)
        name = source.item.__name__
        print(f"  one person's {name}: {1000 * (time.perf_counter() - t):.1f} ms")
    for label in ("first run", "second run (nothing new)"):
        now = timezone.now()
        with CaptureQueriesContext(connection) as q1:
            t0 = time.perf_counter()
            created = collect(now=now)
            t1 = time.perf_counter()
        with CaptureQueriesContext(connection) as q2:
            run = deliver_due(now=now)
            t2 = time.perf_counter()
        print(
            f"{label}: collect {t1 - t0:.2f} s, {len(q1)} queries, {created} new; "
            f"deliver {t2 - t1:.2f} s, {len(q2)} queries, {run.emails} e-mails"
        )


if __name__ == "__main__":
    main()
