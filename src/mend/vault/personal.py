"""A lock of one's own: a person's self-trust key, and the passphrase that may lock it.

The private records of a person's self-trust space are sealed with their *personal key*
(holder ``"self:<user id>"``), apart from their ordinary data key. Without a passphrase the
personal key is wrapped by the KEK like every data key. With one, it is wrapped only by a key
derived from the passphrase (scrypt) and by each unused recovery code, so neither a copy of the
database, nor the database with the KEK, nor the operator reading either, can open it.

While a person works, their unlocked key is kept for the session only, and never where the
server keeps anything: it is sealed into the session with a random key that lives in a cookie
of that browser (``mend_selftrust``), which the server never stores. The database then holds a
ciphertext whose key is in the browser; the browser holds a key that opens nothing without the
session. It lasts as long as both do (the session's idle expiry, sign-out, "Lock now", closing
the browser). Keeping it in server memory instead would not survive several app processes,
and the cookie key is no weaker: either way, a server that is *modified while running* (or
someone reading its memory) sees the key and the text while the person uses them. The lock
protects data at rest, not a compromised running server.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone

from mend.vault import crypto, keys
from mend.vault.models import PersonalKey, RecoveryCode

PREFIX = "self:"
COOKIE = "mend_selftrust"
SESSION_KEY = "mend_selftrust"
RECOVERY_CODES = 10
RECOVERY_CODE_BYTES = 10  # 80 bits, 16 base32 characters
MIN_PASSPHRASE = 10
LOCKED_MESSAGE = (
    "Your self-trust space is locked with your passphrase. Enter it to open the space for "
    "this session."
)


class WrongPassphrase(Exception):
    """The passphrase or recovery code does not open the key."""


def holder_for(user_id: int) -> str:
    return f"{PREFIX}{user_id}"


def is_personal(holder: Any) -> bool:
    return isinstance(holder, str) and holder.startswith(PREFIX)


def user_of(holder: str) -> int:
    return int(holder[len(PREFIX) :])


# --- which unlocked keys this request holds

_request: ContextVar[HttpRequest | None] = ContextVar("mend_personal_request", default=None)
_held: ContextVar[dict[int, bytes] | None] = ContextVar("mend_personal_held", default=None)


@contextmanager
def holding(user_id: int, key: bytes) -> Iterator[None]:
    """Use ``key`` as this person's unlocked key inside the block (setting or changing a lock)."""
    token = _held.set({**(_held.get() or {}), user_id: key})
    try:
        yield
    finally:
        _held.reset(token)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def _generation(row: PersonalKey) -> str:
    """Which passphrase a session unlocked: setting, changing or recovering it starts a new one,
    so every other session that unlocked an earlier one is locked again (someone who learned the
    old passphrase and unlocked on their own browser loses it when the person changes it)."""
    return row.passphrase_set_at.isoformat() if row.passphrase_set_at else ""


def _from_session(request: HttpRequest, row: PersonalKey) -> bytes | None:
    session = getattr(request, "session", None)
    cookie = request.COOKIES.get(COOKIE)
    if session is None or not cookie:
        return None
    user_id = row.user_id
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict) or stored.get("u") != user_id:
        return None
    if stored.get("g") != _generation(row):
        return None
    try:
        return crypto.open_from_session(
            _unb64(str(stored.get("k", ""))), cookie_key=_unb64(cookie), user_id=user_id
        )
    except (ValueError, binascii.Error, crypto.VaultKeyError):
        return None


def held_key(row: PersonalKey) -> bytes | None:
    """The person's unlocked key, when this request holds it for their current passphrase."""
    user_id = row.user_id
    held = _held.get()
    if held is not None and user_id in held:
        return held[user_id]
    request = _request.get()
    key = _from_session(request, row) if request is not None else None
    if key is not None and held is not None:
        held[user_id] = key
    return key


def remember(request: HttpRequest, response: HttpResponseBase, *, user: Any, key: bytes) -> None:
    """Keep the unlocked key for this session: sealed in the session, its key in a cookie."""
    user_id = int(user.pk)
    row = PersonalKey.objects.filter(user_id=user_id).first()
    generation = _generation(row) if row is not None else ""
    cookie_key = secrets.token_bytes(crypto.DATA_KEY_BYTES)
    blob = crypto.seal_for_session(key, cookie_key=cookie_key, user_id=user_id)
    request.session[SESSION_KEY] = {"u": user_id, "g": generation, "k": _b64(blob)}
    response.set_cookie(
        COOKIE,
        _b64(cookie_key),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    held = _held.get()
    if held is not None:
        held[user_id] = key


def forget(request: HttpRequest, response: HttpResponseBase) -> None:
    """Lock again now: the session forgets the sealed key and the browser its cookie."""
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(SESSION_KEY, None)
    response.delete_cookie(COOKIE, samesite="Lax")
    held = _held.get()
    if held is not None:
        held.clear()


class PersonalKeyMiddleware:
    """Lets the vault find this request's unlocked key (read lazily, only when needed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        t1, t2 = _request.set(request), _held.set({})
        try:
            return self.get_response(request)
        finally:
            _request.reset(t1)
            _held.reset(t2)


# --- the key itself


@dataclass(frozen=True)
class LockState:
    has_passphrase: bool
    unlocked: bool
    codes_left: int
    passphrase_set_at: Any = None

    @property
    def locked(self) -> bool:
        return self.has_passphrase and not self.unlocked


def state(user: Any) -> LockState:
    row = PersonalKey.objects.filter(user_id=user.pk).first()
    if row is None or not row.has_passphrase:
        return LockState(False, True, 0)
    left = row.recovery_codes.filter(used_at__isnull=True).count()
    return LockState(True, held_key(row) is not None, left, row.passphrase_set_at)


def has_passphrase(user: Any) -> bool:
    return user_has_passphrase(user.pk)


def user_has_passphrase(user_id: int) -> bool:
    return PersonalKey.objects.filter(user_id=user_id, passphrase_set_at__isnull=False).exists()


def is_locked(user: Any) -> bool:
    """The person set a passphrase and this session has not unlocked it."""
    row = PersonalKey.objects.filter(user_id=user.pk, passphrase_set_at__isnull=False).first()
    return row is not None and held_key(row) is None


def _unwrap_row(row: PersonalKey, kek: bytes | None = None) -> bytes | None:
    if row.has_passphrase:
        return held_key(row)
    kek = keys.current_kek() if kek is None else kek
    if row.kek_id != crypto.kek_id(kek):
        raise crypto.VaultKeyError(
            "Private text cannot be unlocked: it was locked with a different server key "
            "(MEND_KEK). Restore the right key, or run `mend rotate-kek` with the old one."
        )
    return crypto.unwrap_personal_key(
        bytes(row.wrapped_key), wrapping=kek, user_id=row.user_id, how="kek"
    )


def unwrapped(user_ids: set[int]) -> dict[int, bytes]:
    """The personal keys of these people that this request can open: one query. A locked key
    is left out (reading its text then raises ``VaultLocked``)."""
    found: dict[int, bytes] = {}
    for row in PersonalKey.objects.filter(user_id__in=user_ids):
        key = _unwrap_row(row)
        if key is not None:
            found[row.user_id] = key
    return found


def key_for(user_id: int) -> bytes:
    """The person's personal key for sealing, made (wrapped by the KEK) the first time."""
    row = PersonalKey.objects.filter(user_id=user_id).first()
    if row is None:
        kek, raw = keys.current_kek(), crypto.new_data_key()
        try:
            with transaction.atomic():
                PersonalKey.objects.create(
                    user_id=user_id,
                    wrapped_key=crypto.wrap_personal_key(
                        raw, wrapping=kek, user_id=user_id, how="kek"
                    ),
                    kek_id=crypto.kek_id(kek),
                )
        except IntegrityError:
            row = PersonalKey.objects.get(user_id=user_id)
        else:
            return raw
    key = _unwrap_row(row)
    if key is None:
        raise crypto.VaultLocked(LOCKED_MESSAGE)
    return key


# --- the passphrase and the recovery codes (callers hold a transaction and re-seal records)


def scrypt_parameters() -> tuple[int, int, int]:
    return (
        settings.MEND_SELFTRUST_SCRYPT_N,
        settings.MEND_SELFTRUST_SCRYPT_R,
        settings.MEND_SELFTRUST_SCRYPT_P,
    )


def _locked_row(user_id: int) -> PersonalKey | None:
    return PersonalKey.objects.select_for_update().filter(user_id=user_id).first()


def _wrap_with_passphrase(row: PersonalKey, key: bytes, passphrase: str) -> None:
    n, r, p = scrypt_parameters()
    salt = secrets.token_bytes(16)
    wrapping = crypto.passphrase_key(passphrase, salt=salt, n=n, r=r, p=p)
    row.wrapped_key = crypto.wrap_personal_key(
        key, wrapping=wrapping, user_id=row.user_id, how="passphrase"
    )
    row.kek_id = ""
    row.kdf_salt, row.kdf_n, row.kdf_r, row.kdf_p = salt, n, r, p


def _format_code(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _new_codes(row: PersonalKey, key: bytes) -> list[str]:
    row.recovery_codes.all().delete()
    codes, rows = [], []
    for _ in range(RECOVERY_CODES):
        code = _format_code(secrets.token_bytes(RECOVERY_CODE_BYTES))
        salt = secrets.token_bytes(16)
        wrapped = crypto.wrap_personal_key(
            key,
            wrapping=crypto.recovery_key(code, salt=salt),
            user_id=row.user_id,
            how="recovery",
        )
        codes.append(code)
        rows.append(RecoveryCode(personal_key=row, salt=salt, wrapped_key=wrapped))
    RecoveryCode.objects.bulk_create(rows)
    return codes


def lock_new_key(*, user_id: int, key: bytes, passphrase: str) -> list[str]:
    """Make ``key`` (new) the person's personal key, wrapped by the passphrase only; return
    fresh recovery codes. The caller re-seals the records under it in the same transaction."""
    row = _locked_row(user_id) or PersonalKey(user_id=user_id)
    _wrap_with_passphrase(row, key, passphrase)
    now = timezone.now()
    row.passphrase_set_at = row.rotated_at = now
    row.save()
    return _new_codes(row, key)


def open_with_passphrase(*, user_id: int, passphrase: str) -> bytes:
    row = PersonalKey.objects.filter(user_id=user_id, passphrase_set_at__isnull=False).first()
    if row is None or row.kdf_salt is None:
        raise WrongPassphrase("No passphrase is set.")
    wrapping = crypto.passphrase_key(
        passphrase,
        salt=bytes(row.kdf_salt),
        n=row.kdf_n or 0,
        r=row.kdf_r or 0,
        p=row.kdf_p or 0,
    )
    try:
        return crypto.unwrap_personal_key(
            bytes(row.wrapped_key), wrapping=wrapping, user_id=user_id, how="passphrase"
        )
    except crypto.VaultKeyError as exc:
        raise WrongPassphrase("That passphrase does not open this space.") from exc


def open_with_recovery_code(*, user_id: int, code: str) -> bytes:
    """Open the key with one unused recovery code, which is then used up (its wrapped copy of
    the key is deleted)."""
    if not crypto.normalise_code(code):
        raise WrongPassphrase("That recovery code does not open this space.")
    with transaction.atomic():
        candidates = RecoveryCode.objects.select_for_update().filter(
            personal_key__user_id=user_id,
            personal_key__passphrase_set_at__isnull=False,
            used_at__isnull=True,
        )
        for row in candidates:
            try:
                key = crypto.unwrap_personal_key(
                    bytes(row.wrapped_key or b""),
                    wrapping=crypto.recovery_key(code, salt=bytes(row.salt)),
                    user_id=user_id,
                    how="recovery",
                )
            except crypto.VaultKeyError:
                continue
            row.used_at, row.wrapped_key = timezone.now(), None
            row.save(update_fields=["used_at", "wrapped_key"])
            return key
    raise WrongPassphrase("That recovery code does not open this space (or was used before).")


def change_passphrase(*, user_id: int, key: bytes, passphrase: str) -> None:
    """Wrap the same key by a new passphrase: the recovery codes stay valid."""
    row = _locked_row(user_id)
    if row is None or not row.has_passphrase:
        raise WrongPassphrase("No passphrase is set.")
    _wrap_with_passphrase(row, key, passphrase)
    row.passphrase_set_at = timezone.now()
    row.save()


def remove_passphrase(*, user_id: int, key: bytes) -> None:
    """Back to a key the server opens with its KEK; the recovery codes are deleted."""
    row = _locked_row(user_id)
    if row is None or not row.has_passphrase:
        raise WrongPassphrase("No passphrase is set.")
    kek = keys.current_kek()
    row.wrapped_key = crypto.wrap_personal_key(key, wrapping=kek, user_id=user_id, how="kek")
    row.kek_id = crypto.kek_id(kek)
    row.kdf_salt = row.kdf_n = row.kdf_r = row.kdf_p = None
    row.passphrase_set_at = None
    row.save()
    row.recovery_codes.all().delete()


def new_recovery_codes(*, user_id: int, key: bytes) -> list[str]:
    row = _locked_row(user_id)
    if row is None or not row.has_passphrase:
        raise WrongPassphrase("No passphrase is set.")
    return _new_codes(row, key)
