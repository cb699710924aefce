"""``mend worker``: Mend's scheduled work in a loop — commitment reminders, turning what waits
for each person into notifications, delivering them as each person chose, daily digests, and
rebuilding counsellors' stored caseload rows whose space changed or that grew old
(``mend.care.caseload.refresh_due``).

``mend worker --once`` runs what is due and exits (with the console e-mail backend, the
e-mails that are due are printed). Several workers may run against one PostgreSQL: they claim
rows with SKIP LOCKED, so no message is sent twice.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from mend.care import caseload
from mend.notify.delivery import run_due


class Command(BaseCommand):
    help = "Run scheduled work: reminders, notifications, digests (--once: once, then exit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due, then exit")
        parser.add_argument(
            "--interval", type=int, default=60, help="seconds between runs in a loop (60)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["interval"]
        if not 1 <= interval <= 3600:
            raise CommandError("--interval must be between 1 and 3600 seconds.")
        if options["once"]:
            self._run(verbose=options["verbosity"] > 1)
            return
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Mend worker: running every {interval} s (Ctrl-C stops it).")
        while not stopping:
            close_old_connections()
            try:
                self._run(verbose=options["verbosity"] > 1)
            except Exception as exc:
                self.stderr.write(f"This run failed ({type(exc).__name__}); trying again.")
            for _ in range(interval):
                if stopping:
                    break
                time.sleep(1)

    def _run(self, *, verbose: bool) -> None:
        now = timezone.now()
        rebuilt = caseload.refresh_due(now=now)
        # Only when asked (-v 2): a row is rebuilt after any write in its space, a private
        # journal entry too, so the line would time someone's private use of Mend in the log.
        if verbose:
            self.stdout.write(f"Caseloads: {rebuilt} row(s) rebuilt.")
        run = run_due(now=now)
        if run.collected or run.emails or run.pushes or run.digests or verbose:
            self.stdout.write(
                f"Notifications: {run.collected} new, {run.emails} e-mail(s), "
                f"{run.pushes} push message(s), {run.digests} digest(s)."
            )
