"""Django's PostgreSQL backend, with a health check that costs no round trip on a busy connection,
and a cursor whose statements PostgreSQL plans once per connection.

``CONN_HEALTH_CHECKS`` makes Django send ``SELECT 1`` before the first query of every request,
so a connection the server dropped (a restart, an idle timeout) is replaced instead of failing
the request. On a connection that served a query a moment ago that check is one more round
trip per request for nothing: on issue 16's session benchmark it was a third of the database
round trips of a signed-in request. Here a connection used in the last ``RECENTLY_USED_SECONDS``
is not checked again; an idle one is checked as before. A connection that failed meanwhile is
not trusted either way: Django checks it at the end of the request that saw the error and
closes it if it is broken.

Django's cursors bind parameters on the client, so PostgreSQL parses and plans every statement
anew; for the session read that every signed-in request runs, planning cost PostgreSQL about
three times what running it did (issue 16's benchmark). ``prepared_cursor`` binds on the server,
and with ``OPTIONS["prepare_threshold"]`` set (settings: ``MEND_PG_PREPARE``) psycopg prepares
each statement once per connection. Only statements run through that cursor are prepared;
every other query keeps Django's client-side binding.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from typing import Any

import psycopg
from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

_TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid

RECENTLY_USED_SECONDS = 2.0


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str | None:  # type: ignore[override]
        if isinstance(cursor, psycopg.ClientCursor):
            return super().last_executed_query(cursor, sql, params)  # type: ignore[no-any-return]
        # A prepared_cursor binds on the server and keeps no query text with the values in it:
        # the query log shows it as Django shows server-side binding.
        try:
            return self.compose_sql(sql, params)  # type: ignore[no-any-return]
        except psycopg.errors.DataError:
            return None


@lru_cache(maxsize=64)
def _numbered(sql: str) -> str:
    """Django's ``%s`` placeholders as PostgreSQL's own ``$1, $2, …`` (``%%`` is a literal %).

    psycopg turns ``%s`` into those itself, but keeps the result only for statements shorter
    than 4 kB: the navigation's count (17 kB) was converted again on every page."""
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return re.sub(r"%%|%s", number, sql)


class _NumberedCursor(psycopg.RawCursor):
    """A server-binding cursor for Django's SQL, its placeholders numbered once per statement."""

    def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
        return super().execute(_numbered(query), params, **options)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    _used_at = float("-inf")

    def _cursor(self, name: Any = None) -> Any:
        cursor = super()._cursor(name)  # type: ignore[misc]
        self._used_at = time.monotonic()
        return cursor

    def prepared_cursor(self) -> Any:
        """Django's cursor wrapper (query logging, execute wrappers and error translation, as for
        any cursor) around a server-binding psycopg cursor, for a statement every request runs."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = _NumberedCursor(self.connection)
            # As Django's create_cursor: a connection whose time zone differs from Django's
            # would otherwise load timestamps in the wrong zone.
            loader = self.connection.adapters.get_loader(_TIMESTAMPTZ_OID, Format.TEXT)
            if self.timezone != loader.timezone:  # type: ignore[union-attr]
                register_tzloader(self.timezone, cursor)
            wrapped = self._prepare_cursor(cursor)  # type: ignore[attr-defined]
        self._used_at = time.monotonic()
        return wrapped

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and not self.errors_occurred
            and time.monotonic() - self._used_at < RECENTLY_USED_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
