"""``mend backup FILE``: a consistent snapshot of the database while Mend runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import connection

from mend.ops.backup import backup
from mend.ops.management.backup_file import BackupFileCommand


class Command(BackupFileCommand):
    help = (
        "Back up the database while Mend runs (SQLite's online backup, or pg_dump). The "
        "key-encryption key is never in the backup: keep it, apart, with your backups."
    )
    file_help = "where to write the backup"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")

    def handle_file(self, path: Path, **options: Any) -> None:
        made = backup(settings_dict=connection.settings_dict, dest=path, overwrite=options["force"])
        self.stdout.write(
            f"Backed up the {made.engine} database to {made.path} ({made.size} bytes). "
            "It holds no key: without the key-encryption key it cannot open any journal."
        )
