"""``mend restore FILE --yes``: replace the database's contents with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.db import connection

from mend.ops.backup import restore
from mend.ops.management.backup_file import BackupFileCommand


class Command(BackupFileCommand):
    help = (
        "Restore a backup made by `mend backup` into this install's database, replacing what "
        "it holds, then apply any newer migrations. Stop the app and the worker first."
    )
    file_help = "a file made by `mend backup`"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: everything in the database is replaced"
        )

    def handle_file(self, path: Path, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "Restoring replaces everything in this install's database. "
                "Stop Mend and its worker, then run again with --yes."
            )
        connection.close()
        made = restore(settings_dict=connection.settings_dict, source=path)
        # A backup from an older version is brought up to this one's schema.
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Restored the {made.engine} database from {made.path}.")
