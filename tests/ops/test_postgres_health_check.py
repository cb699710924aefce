"""The PostgreSQL backend skips Django's per-request health check on a connection that was just
used, and checks an idle one as Django does (mend/core/db/postgresql). PostgreSQL only."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the PostgreSQL backend (DATABASE_URL)"
    ),
]


def _new_request(db: Any) -> None:
    # What Django does as each request starts: the next cursor may need a health check.
    db.health_check_enabled = True
    db.health_check_done = False


def test_a_connection_used_a_moment_ago_is_not_checked_again() -> None:
    from mend.core.db.postgresql.base import DatabaseWrapper

    db = connections["default"]
    assert isinstance(db, DatabaseWrapper)
    db.ensure_connection()
    with db.cursor() as cursor:
        cursor.execute("SELECT 1")
    _new_request(db)
    with mock.patch.object(db, "is_usable", return_value=True) as checked, db.cursor() as cursor:
        cursor.execute("SELECT 1")
    checked.assert_not_called()


def test_an_idle_connection_is_checked_and_closed_when_broken() -> None:
    db = connections["default"]
    db.ensure_connection()
    db._used_at = float("-inf")  # type: ignore[attr-defined]
    _new_request(db)
    with (
        mock.patch.object(db, "is_usable", return_value=False) as checked,
        mock.patch.object(db, "close") as closed,
        db.cursor() as cursor,
    ):
        cursor.execute("SELECT 1")
    checked.assert_called_once()
    closed.assert_called_once()


def test_a_connection_that_saw_an_error_is_checked() -> None:
    db = connections["default"]
    db.ensure_connection()
    with db.cursor() as cursor:
        cursor.execute("SELECT 1")
    db.errors_occurred = True
    _new_request(db)
    try:
        with mock.patch.object(db, "is_usable", return_value=True) as checked, db.cursor() as c:
            c.execute("SELECT 1")
        checked.assert_called_once()
    finally:
        db.errors_occurred = False
