"""``mend vacuum-db``: rewrite the database so that text it no longer holds is gone from disk.

Upgrading to sealed private text drops the plain columns, and deleting records frees their
space, but the old bytes can stay in free pages, in SQLite's write-ahead log, or in PostgreSQL's
dead tuples until they are overwritten. Run this once after upgrading, with the app stopped.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = (
        "Rewrite the database without the bytes of dropped or deleted text (SQLite: VACUUM and "
        "truncate the write-ahead log; PostgreSQL: VACUUM FULL). Stop the app first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA secure_delete=ON")
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            elif connection.vendor == "postgresql":
                cursor.execute("VACUUM FULL")
            else:
                self.stderr.write(f"Nothing done: no vacuum for {connection.vendor}.")
                return
        self.stdout.write(
            "Done. Backups made before this still hold whatever they held: replace them."
        )
