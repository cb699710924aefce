"""``mend backup FILE``: a consistent snapshot of the database while Mend runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from mend.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database while Mend runs (SQLite's online backup, or pg_dump). The "
        "key-encryption key is never in the backup: keep it, apart, with your backups."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the backup")
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = backup(
                settings_dict=connection.settings_dict,
                dest=Path(options["file"]).expanduser().resolve(),
                overwrite=options["force"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up the {made.engine} database to {made.path} ({made.size} bytes). "
            "It holds no key: without the key-encryption key it cannot open any journal."
        )
