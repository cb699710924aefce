"""allauth's signals that must end every other way into an account (thin: one service each)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from mend.accounts.security import sign_out_everywhere


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
