from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.http import HttpRequest

from mend.accounts.models import User
from mend.core.exceptions import DomainError


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


def require_recent_sign_in(request: HttpRequest, *, then: str) -> None:
    """Refuse (403 ``reauthentication_required``) what a browser left signed in must not do
    without its owner's password (or second factor) checked in the last few minutes; ``then``
    says what the person can do once they have confirmed it."""
    if not recently_reauthenticated(request):
        raise DomainError(
            f"This needs a recent sign-in: confirm your password first "
            f"(/accounts/reauthenticate/), then {then}.",
            code="reauthentication_required",
            status=403,
        )
