"""Django's and allauth's sign-in backends, with a cheaper "who is this session's person?".

Every signed-in request loads its person by id. The session's row is read together with its
owner (``mend.accounts.sessions``), so ``AuthenticationMiddleware`` lets the backend take that
person instead of a second query, when it is the same id the session names. Django's own
``get_user`` still runs on it: the session's password hash must match the person's current one
(read in the same query), and an inactive person is refused. Without that row (a request that
did not come through the middleware, a session without an owner) the person is one primary-key
read in plain SQL, because Django's ORM query cost more than the rest of a trivial request.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthMiddleware
from django.db import connections, router
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from mend.accounts.models import User
from mend.accounts.sessions import owner_from_row

# The session whose person is being loaded, set only for the length of one ``auth.get_user``.
_loading_session: ContextVar[Any] = ContextVar("mend_loading_session", default=None)


def _read_user(pk: int) -> User | None:
    connection = connections[router.db_for_read(User) or "default"]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in User._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(User._meta.db_table)} "  # noqa: S608 - names only
            f"WHERE {quote(str(User._meta.pk.column))} = %s",
            [pk],
        )
        found = cursor.fetchone()
    return None if found is None else owner_from_row(User, connection, found)


class _FastGetUser:
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        owner = getattr(_loading_session.get(), "owner", None)
        user = owner if isinstance(owner, User) and owner.pk == pk else _read_user(pk)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_FastGetUser, DjangoModelBackend):
    pass


class AuthenticationBackend(_FastGetUser, AllauthBackend):
    pass


def _get_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        token = _loading_session.set(request.session)
        try:
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
        finally:
            _loading_session.reset(token)
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(DjangoAuthMiddleware):
    """Django's, loading the person from the row read with the session (see above)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))  # type: ignore[assignment]
