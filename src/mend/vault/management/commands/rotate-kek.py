"""``mend rotate-kek``: re-wrap every person's data key with a new key-encryption key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mend.vault import crypto, keys


def _read(path: str | None, fallback: str | None, what: str) -> bytes:
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"Cannot read the {what} key file: {exc}") from exc
    elif fallback:
        value = fallback
    else:
        raise CommandError(f"Give the {what} key with --{what}-file.")
    try:
        return crypto.kek_from_setting(value)
    except crypto.VaultKeyError as exc:
        raise CommandError(f"The {what} key: {exc}") from exc


class Command(BaseCommand):
    help = (
        "Re-wrap every person's data key with a new key-encryption key, in one transaction. "
        "Then set MEND_KEK to the new key and restart. Stop the app first: until "
        "it restarts with the new key it cannot open private text."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--old-file", help="file with the current key (default: the configured MEND_KEK)"
        )
        parser.add_argument("--new-file", required=True, help="file with the new key")

    def handle(self, *args: Any, **options: Any) -> None:
        old = _read(options.get("old_file"), settings.MEND_KEK, "old")
        new = _read(options["new_file"], None, "new")
        try:
            rewrapped, already = keys.rotate_kek(old=old, new=new)
        except crypto.VaultKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Re-wrapped {rewrapped} data key(s); {already} already used the new key. "
            f"New key id: {crypto.kek_id(new)}. Now set MEND_KEK to the new key and restart."
        )
