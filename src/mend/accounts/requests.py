from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.http import HttpRequest

from mend.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a request that authentication already let through."""
    user = request.user
    if not user.is_authenticated:  # pragma: no cover - guarded by login_required / API auth
        raise PermissionError("not signed in")
    return user  # type: ignore[return-value]


def recently_reauthenticated(request: HttpRequest) -> bool:
    """Whether this session confirmed the password (or second factor) in the last few minutes
    (allauth's reauthentication, ``ACCOUNT_REAUTHENTICATION_TIMEOUT``)."""
    try:
        reauthentication_required(lambda _request: None)(request)
    except ReauthenticationRequired:
        return False
    return True
