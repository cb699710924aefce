"""``mend generate-kek``: print a new random key-encryption key (for MEND_KEK)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mend.vault.config import generate_kek


class Command(BaseCommand):
    help = "Print a new random 256-bit key-encryption key, base64url, for MEND_KEK."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(generate_kek())
