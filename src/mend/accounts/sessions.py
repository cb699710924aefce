"""Sessions stored so that a database copy signs no one in, and refreshed at most once a minute.

The browser's cookie holds the session key; the row is stored under HMAC-SHA256(key) with a key
derived from SECRET_KEY, so the keys in the table cannot be presented as cookies. Sessions carry
their owner, so a person can end them one by one or all at once (``ways_in``).

Idle expiry: a session expires ``SESSION_COOKIE_AGE`` after its last refresh. Instead of writing
the session on every request (``SESSION_SAVE_EVERY_REQUEST``), ``RefreshingSessionMiddleware``
saves it only when it changed or when its expiry was last pushed forward more than
``REFRESH_SECONDS`` ago, so a signed-in request reads its session and writes nothing: the idle
expiry is exact to within a minute.

One read per signed-in request: the session row is read together with its owner's row (a join
on the row's ``user_id``), and ``mend.accounts.backends`` takes the person from there instead of
a second query. Django's checks then run on that person as on one read alone (the session's
password hash must match, an inactive person is refused), so nothing is trusted that a separate
read would have refused.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import signing
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mend.accounts.devices import describe_device
from mend.accounts.models import SignInSession

REFRESH_SECONDS = 60
_DEVICE_KEY = "_mend_device"


@functools.lru_cache(maxsize=4)
def _digest_mac(secret_key: str) -> Any:
    # Keyed by the secret itself, so a changed SECRET_KEY (which signs everyone out) is honoured.
    mac_key = hashlib.sha256(b"mend-session-key:" + secret_key.encode()).digest()
    return hmac.new(mac_key, digestmod=hashlib.sha256)


def session_digest(session_key: str) -> str:
    """The stored form of a session key (keyed, so a guessed key cannot be checked offline)."""
    mac = _digest_mac(settings.SECRET_KEY).copy()
    mac.update(session_key.encode())
    return str(mac.hexdigest())


def _aware(value: Any) -> datetime:
    """A datetime read back in plain SQL: SQLite returns text in UTC, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _converters(model: Any, connection: Any) -> list[tuple[Any, list[Any]]]:
    """Each concrete field's column expression with the converters the ORM would apply to it
    (SQLite returns booleans as integers and datetimes as text), worked out once per connection."""
    cache = connection.__dict__.setdefault("_mend_row_converters", {})
    if model not in cache:
        cols = [field.get_col(model._meta.db_table) for field in model._meta.concrete_fields]
        cache[model] = [
            (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            for col in cols
        ]
    return cache[model]  # type: ignore[no-any-return]


def owner_from_row(user_model: Any, connection: Any, values: tuple[Any, ...]) -> Any:
    """A person read in plain SQL (every concrete column, in order), built as the ORM would
    build it; None for the empty side of an outer join."""
    if values[0] is None:
        return None
    converted = []
    for (col, converters), value in zip(_converters(user_model, connection), values, strict=True):
        for converter in converters:
            value = converter(value, col, connection)
        converted.append(value)
    attnames = [field.attname for field in user_model._meta.concrete_fields]
    return user_model.from_db(connection.alias, attnames, converted)


class _VerifiedBytes:
    """A serializer for ``signing.loads`` that hands back the checked payload undecoded."""

    def loads(self, data: bytes) -> bytes:
        return data


@functools.lru_cache(maxsize=1024)
def _verified_payload(
    session_data: str, salt: str, secret: str, fallbacks: tuple[str, ...]
) -> bytes:
    """A stored session's payload once its signature is checked (raises ``BadSignature``).

    A pure function of its arguments, so remembered: a signed-in request whose session did not
    change since the last one is not checked and unpacked again. The row is still read on every
    request, so a session ended elsewhere ends at once; only a payload that was checked before
    is remembered, and it is decoded afresh for each request."""
    return signing.loads(  # type: ignore[no-any-return]
        session_data,
        key=secret,
        fallback_keys=list(fallbacks),
        salt=salt,
        serializer=_VerifiedBytes,  # type: ignore[arg-type]
    )


@dataclass(frozen=True, slots=True)
class _SessionRow:
    session_data: str
    expire_date: datetime
    created_at: datetime


def _read_sql(model: Any, user_model: Any, connection: Any) -> str:
    """The session read with its owner's row (one LEFT JOIN), written once per connection."""
    cache = connection.__dict__.setdefault("_mend_session_sql", {})
    sql = cache.get(model)
    if sql is None:
        quote = connection.ops.quote_name
        user_columns = ", ".join(
            f"u.{quote(field.column)}" for field in user_model._meta.concrete_fields
        )
        sql = (
            f"SELECT s.session_data, s.expire_date, s.created_at, {user_columns}"  # noqa: S608
            f" FROM {quote(model._meta.db_table)} s"
            f" LEFT JOIN {quote(user_model._meta.db_table)} u"
            f" ON u.{quote(user_model._meta.pk.column)}"
            f" = s.{quote(model._meta.get_field('user').column)}"
            " WHERE s.session_key = %s AND s.expire_date > %s"
        )
        cache[model] = sql
    return str(sql)


class SessionStore(DbSessionStore):
    _row: Any = None
    # The session's owner as read with the session row (None when it has none, or before it
    # was read); only ``mend.accounts.backends`` takes it, and only for that same person.
    owner: Any = None

    @classmethod
    def get_model_class(cls) -> Any:
        return SignInSession

    def _get_session_from_db(self) -> Any:
        if not self.session_key:
            return None
        # Every signed-in request runs this lookup: one primary-key read in plain SQL (building
        # the same ORM query cost more than the rest of a trivial signed-in request), which also
        # brings the session's owner, so that loading the person costs no second query.
        model: Any = self.get_model_class()
        user_model: Any = model._meta.get_field("user").related_model
        connection = connections[router.db_for_read(model) or "default"]
        digest = session_digest(self.session_key)
        # On PostgreSQL, a cursor whose statement is planned once per connection.
        with getattr(connection, "prepared_cursor", connection.cursor)() as cursor:
            cursor.execute(
                _read_sql(model, user_model, connection),
                [digest, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            found = cursor.fetchone()
        if found is None:
            self._session_key = None
            self._row = None
            self.owner = None
            return None
        data, expire_date, created_at = found[:3]
        # What the rest of the store reads of the row (not a model instance: building one cost
        # more than reading it).
        row = _SessionRow(data, _aware(expire_date), _aware(created_at))
        self._row = row
        self.owner = owner_from_row(user_model, connection, found[3:])
        return row

    def decode(self, session_data: str) -> dict[str, Any]:  # type: ignore[override]
        # Django's decode, with the signature check and unpacking remembered (see above).
        try:
            payload = _verified_payload(
                session_data,
                self.key_salt,
                settings.SECRET_KEY,
                tuple(settings.SECRET_KEY_FALLBACKS),
            )
            return dict(self.serializer().loads(payload))
        except signing.BadSignature:
            return super().decode(session_data)  # type: ignore[no-any-return]
        except Exception:
            return {}

    def exists(self, session_key: str | None) -> bool:
        if not session_key:
            return False
        return bool(self.model.objects.filter(session_key=session_digest(session_key)).exists())

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        user_id = data.get("_auth_user_id")
        row = self._row
        model: Any = self.get_model_class()
        key = self._get_or_create_session_key()  # type: ignore[attr-defined]
        return model(
            session_key=session_digest(key),
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
            user_id=int(user_id) if user_id else None,
            device=str(data.get(_DEVICE_KEY, ""))[:80],
            created_at=row.created_at if row is not None else timezone.now(),
        )

    def save(self, must_create: bool = False) -> None:
        super().save(must_create=must_create)
        if must_create:
            # A new key (sign-in cycles it): the row that is now current is a new one.
            self._row = None

    def flush(self) -> None:
        self.owner = None
        super().flush()

    def delete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is None:
            return
        self.model.objects.filter(session_key=session_digest(key)).delete()

    def refresh_due(self, now: datetime | None = None) -> bool:
        """Whether the idle expiry was last pushed forward more than a minute ago."""
        row = self._row
        if row is None or self.session_key is None:
            return False
        now = now or timezone.now()
        age = timedelta(seconds=self.get_session_cookie_age())
        return row.expire_date - now < age - timedelta(seconds=REFRESH_SECONDS)


class RefreshingSessionMiddleware(SessionMiddleware):
    """Django's session middleware, plus: keep an idle session alive at most once a minute,
    and remember which kind of browser a session belongs to (for the "ways in" page)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and not settings.SESSION_SAVE_EVERY_REQUEST:
            if session.modified and session.get("_auth_user_id") and _DEVICE_KEY not in session:
                session[_DEVICE_KEY] = describe_device(request.headers.get("User-Agent", ""))
            elif (
                not session.modified and isinstance(session, SessionStore) and session.refresh_due()
            ):
                session.modified = True
        return super().process_response(request, response)
