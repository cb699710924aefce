from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

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


# The browser uses its session, with CSRF enforced on unsafe methods.
session_auth = SessionAuth(csrf=True)
token_auth = TokenAuth()
AUTH = [token_auth, session_auth]
