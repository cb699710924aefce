from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from mend.accounts.tokens import user_for_secret


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mend_…`` with a personal access token."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_secret(token)
        if user is None:
            return None
        request.user = user
        return user


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
