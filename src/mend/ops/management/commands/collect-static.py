"""``mend collect-static``: collect and compress the static files once, at install or upgrade."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mend.ops.static_files import collect


class Command(BaseCommand):
    help = (
        "Collect and compress the static files for production (run at install or upgrade), so "
        "that `mend serve --prod` starts at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="collect even if current")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.STATIC_ROOT:
            raise CommandError("Static files are collected in production (MEND_PRODUCTION=1).")
        ran = collect(force=options["force"])
        self.stdout.write(
            f"Collected the static files into {settings.STATIC_ROOT}."
            if ran
            else "The static files are already collected for this version."
        )
