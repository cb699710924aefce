"""What ``mend backup`` and ``mend restore`` share: the one file they name, and a failure told
as the command's error rather than a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mend.ops.backup import BackupError


class BackupFileCommand(BaseCommand):
    """A command on one backup file, given as its first argument."""

    file_help: str  # what the file is to this command

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=self.file_help)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.handle_file(Path(options["file"]).expanduser().resolve(), **options)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

    def handle_file(self, path: Path, **options: Any) -> None:
        raise NotImplementedError
