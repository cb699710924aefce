"""A throwaway database for one benchmark run: made before it, dropped after it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse


class Database:
    """SQLite in a fresh data folder, or, when DATABASE_URL names a PostgreSQL server, a new
    database on it named after the one given, so parallel runs by different people never meet."""

    def __init__(self, name: str) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix=f"mend-bench-{name}-"))
        self.url = os.environ.get("DATABASE_URL", "")
        self.pg_name = ""
        self.admin_url = ""
        if self.url.startswith(("postgres://", "postgresql://")):
            given = urlparse(self.url).path.lstrip("/") or "mend"
            self.pg_name = f"{given}_bench_{name}_{os.getpid()}"
            # Created and dropped from the server's maintenance database: the one named need
            # not exist.
            self.admin_url = urlunparse(urlparse(self.url)._replace(path="/postgres"))
            self.url = urlunparse(urlparse(self.url)._replace(path="/" + self.pg_name))

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.pg_name else "SQLite"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> None:
        os.environ["MEND_DATA_DIR"] = str(self.tmp)
        if self.pg_name:
            self._admin(f'CREATE DATABASE "{self.pg_name}"')
            os.environ["DATABASE_URL"] = self.url
        else:
            os.environ.pop("DATABASE_URL", None)

    def drop(self) -> None:
        if self.pg_name:
            from django.db import connections

            connections.close_all()
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)


@contextmanager
def migrated_sqlite(name: str) -> Iterator[Path]:
    """Django set up on a fresh, migrated SQLite database with its own key folder (whatever
    DATABASE_URL says); the folder holding both is removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix=f"mend-bench-{name}-"))
    os.environ["MEND_DATA_DIR"] = str(tmp)
    os.environ["MEND_KEY_DIR"] = str(tmp / "keys")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
