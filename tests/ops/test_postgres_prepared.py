"""The session read every signed-in request runs is planned once per connection on PostgreSQL
(mend/core/db/postgresql: a server-binding cursor, prepared by psycopg); Django's own queries stay
unprepared. PostgreSQL only."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from tests.base import CsrfClient
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the PostgreSQL backend (DATABASE_URL)"
    ),
]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _signed_in() -> tuple[Any, CsrfClient]:
    person = UserFactory(email="alice@example.test")
    client = CsrfClient()
    response = client.form("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return person, client


def test_the_session_read_is_prepared_and_nothing_else() -> None:
    alice, client = _signed_in()
    for _ in range(3):
        assert client.get("/api/v1/me").json()["email"] == alice.email
    prepared = _prepared()
    # The connection lives across tests: whatever it prepared is the session read.
    assert prepared, "the session read was not prepared"
    assert all("accounts_signinsession" in statement for statement in prepared), prepared
    assert settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] == 0


def test_without_prepared_statements_the_read_still_works() -> None:
    # As behind a pooler that cannot keep them (MEND_PG_PREPARE=0): psycopg prepares nothing.
    alice, client = _signed_in()
    connection.ensure_connection()
    raw = connection.connection
    before = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        already = _prepared()
        for _ in range(3):
            assert client.get("/api/v1/me").json()["email"] == alice.email
        assert _prepared() == already
    finally:
        raw.prepare_threshold = before
