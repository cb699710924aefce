"""``mend send-reminders``: kept for schedulers set up before ``mend worker``; it runs the
worker's work once (reminders, notifications, digests), like ``mend worker --once``."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the worker's scheduled work once (the same as `mend worker --once`)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("worker", "--once", stdout=self.stdout, stderr=self.stderr)
