from __future__ import annotations

from django.http import HttpRequest

from mend.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a request that authentication already let through."""
    user = request.user
    if not user.is_authenticated:  # pragma: no cover - guarded by login_required / API auth
        raise PermissionError("not signed in")
    return user  # type: ignore[return-value]
