from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from mend.accounts.models import PersonalAccessToken
from mend.accounts.tokens import token_for_secret

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mend_…`` with a personal access token.

    A read-only token is refused (403) on any method that can change something."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        # Most API requests come from a browser session: without the header, ninja's own check
        # would first build request.headers from every header of the request.
        if "HTTP_AUTHORIZATION" not in request.META:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_for_secret(token)
        if found is None:
            return None
        if found.scope != PersonalAccessToken.Scope.WRITE and request.method not in SAFE_METHODS:
            raise PermissionDenied("This access token is read-only.")
        request.user = found.user
        request.access_token = found  # type: ignore[attr-defined]
        return found.user


def via_token(request: HttpRequest) -> bool:
    """Whether this API request came with an access token rather than a browser session."""
    return getattr(request, "access_token", None) is not None


class SessionAuth(NinjaSessionAuth):
    """The browser's session, with CSRF enforced on unsafe methods.

    A request with no session cookie has no session to protect: it is not signed in (401),
    rather than refused by a CSRF check (ninja's 403), as a client with a revoked token is.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)


session_auth = SessionAuth(csrf=True)
token_auth = TokenAuth()
AUTH = [token_auth, session_auth]
