"""Quick exit that can also sign out: each person chooses whether "Exit this page" ends the session.

When it does, the exit link is this session's own link, ``/exit/<token>/``: the token is a keyed
hash (SECRET_KEY) of the session key, which only the browser holding the session cookie can have
seen. Following it (a plain link, so it works with no JavaScript) ends that session and sends
the browser to the neutral site; with JavaScript the page sends it as a beacon and leaves for
the neutral site at once, without waiting for Mend. Once the session has ended the token names
nothing, so the link works once; a link that names no session still leaves, never an error.
Because the token is bound to the session's secret key, a page of another site cannot make it
(it does what a CSRF token would), so the beacon needs no CSRF token.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "mend.accounts.quick_exit"


def exit_token(session_key: str) -> str:
    return str(salted_hmac(_SALT, session_key, algorithm="sha256").hexdigest())


def token_matches(session_key: str | None, token: str) -> bool:
    return bool(session_key) and constant_time_compare(exit_token(str(session_key)), token)


def sign_out_link(request: Any) -> str | None:
    """This session's exit-and-sign-out link, when its person chose it; otherwise None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "sign_out_on_exit", False):
        return None
    session_key = request.session.session_key
    if not session_key:
        return None
    return reverse("accounts:quick_exit", args=[exit_token(session_key)])


@transaction.atomic
def set_sign_out_on_exit(*, user: Any, on: bool) -> None:
    if user.sign_out_on_exit != on:
        user.sign_out_on_exit = on
        user.save(update_fields=["sign_out_on_exit"])
