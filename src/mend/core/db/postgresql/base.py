"""Django's PostgreSQL backend, with a health check that costs no round trip on a busy connection.

``CONN_HEALTH_CHECKS`` makes Django send ``SELECT 1`` before the first query of every request,
so a connection the server dropped (a restart, an idle timeout) is replaced instead of failing
the request. On a connection that served a query a moment ago that check is one more round
trip per request for nothing: on issue 16's session benchmark it was a third of the database
round trips of a signed-in request. Here a connection used in the last ``RECENTLY_USED_SECONDS``
is not checked again; an idle one is checked as before. A connection that failed meanwhile is
not trusted either way: Django checks it at the end of the request that saw the error and
closes it if it is broken.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.backends.postgresql import base

RECENTLY_USED_SECONDS = 2.0


class DatabaseWrapper(base.DatabaseWrapper):
    _used_at = float("-inf")

    def _cursor(self, name: Any = None) -> Any:
        cursor = super()._cursor(name)  # type: ignore[misc]
        self._used_at = time.monotonic()
        return cursor

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and not self.errors_occurred
            and time.monotonic() - self._used_at < RECENTLY_USED_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
