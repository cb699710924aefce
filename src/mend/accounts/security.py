"""Every way into an account, and ending them: one session, one token, or all at once.

"Sign out everywhere" ends every browser session (but the one asking, when it asks to stay),
revokes every access token, and lets other apps end their own ways in (calendar feed links,
through ``hooks.signed_out_everywhere``). It runs on its own after a password change or reset
and after two-factor is turned on, so nothing opened with the old password, or before the
second factor existed, stays valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mend.accounts import hooks
from mend.accounts.models import PersonalAccessToken, SignInSession, User
from mend.accounts.sessions import session_digest
from mend.accounts.tokens import revoke_all_tokens
from mend.vault import server_secrets

# How much of a session's stored digest names it on the page: enough to pick it, not a key.
HANDLE_CHARS = 16


@dataclass(frozen=True)
class SessionView:
    handle: str
    device: str
    signed_in_at: datetime
    last_active_at: datetime
    current: bool


@transaction.atomic
def sign_out_everywhere(
    *, user: User, keep_session_key: str | None = None, now: datetime | None = None
) -> None:
    now = now or timezone.now()
    sessions = SignInSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=session_digest(keep_session_key))
    sessions.delete()
    revoke_all_tokens(user=user, now=now)
    hooks.signed_out_everywhere.send(hooks.SignedOutEverywhere(user=user, now=now))


@transaction.atomic
def end_session(*, user: User, handle: str) -> bool:
    """End one of this person's sessions, named by its handle; False if there is none."""
    if len(handle) != HANDLE_CHARS:
        return False
    deleted, _ = SignInSession.objects.filter(user=user, session_key__startswith=handle).delete()
    return bool(deleted)


def active_sessions(user: User, *, current_key: str | None) -> list[SessionView]:
    current = session_digest(current_key) if current_key else None
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows = SignInSession.objects.filter(user=user, expire_date__gt=timezone.now()).only(
        "session_key", "device", "created_at", "expire_date"
    )
    return [
        SessionView(
            handle=row.session_key[:HANDLE_CHARS],
            device=row.device or "A browser",
            signed_in_at=row.created_at,
            last_active_at=row.expire_date - age,
            current=row.session_key == current,
        )
        for row in rows
    ]


def active_tokens(user: User) -> list[PersonalAccessToken]:
    return list(
        PersonalAccessToken.objects.filter(
            user=user, revoked_at=None, expires_at__gt=timezone.now()
        )
    )


def other_ways_in(user: Any) -> list[hooks.WayIn]:
    return [way for answer in hooks.ways_in.send(user) for way in answer]


@transaction.atomic
def reseal_two_factor_secrets(*, old: bytes, new: bytes) -> int:
    """Seal every two-factor secret again under a new KEK; the number of authenticators."""
    changed = 0
    for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
        data = dict(authenticator.data)
        sealed = [k for k, v in data.items() if server_secrets.is_sealed(v)]
        for key in sealed:
            data[key] = server_secrets.reseal(data[key], purpose="mfa", old=old, new=new)
        if sealed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed
