"""Reactions to allauth's signals and the vault's key rotation (thin: one service each)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from mend.accounts.security import reseal_two_factor_secrets, sign_out_everywhere
from mend.vault.hooks import KekRotated


def _current_key(request: Any) -> str | None:
    session = getattr(request, "session", None)
    return session.session_key if session is not None else None


def password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # The person who changed it stays signed in here; everything opened before ends.
    sign_out_everywhere(user=user, keep_session_key=_current_key(request))


def second_factor_added(
    sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any
) -> None:
    # Sessions and tokens opened without the second factor must not outlive its arrival.
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        sign_out_everywhere(user=user, keep_session_key=_current_key(request))


def kek_rotated(event: KekRotated) -> None:
    reseal_two_factor_secrets(old=event.old, new=event.new)
