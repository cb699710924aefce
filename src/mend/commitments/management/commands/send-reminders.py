"""``mend send-reminders``: e-mail reminders of due commitments and of reports to answer.

Meant for a scheduler (cron, a systemd timer) every hour or so; safe to run more often.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mend.commitments.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail people about commitments due in the next hours and reports waiting for their "
        "answer. Each occurrence is reminded once; a second run sends nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours", type=int, default=24, help="remind of occurrences due this soon (24)"
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="the site's address, e.g. https://mend.example.org, to put links in e-mails",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["hours"]
        if not 1 <= hours <= 24 * 14:
            raise CommandError("--hours must be between 1 and 336.")
        run = send_reminders(now=timezone.now(), hours=hours, base_url=options["base_url"])
        self.stdout.write(
            f"Due soon: {run.due_occurrences} occurrence(s), {run.due_emails} e-mail(s). "
            f"Waiting for an answer: {run.answer_occurrences} report(s), "
            f"{run.answer_emails} e-mail(s)."
        )
