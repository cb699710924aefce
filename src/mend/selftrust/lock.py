"""Unlocking the self-trust space: the one place the passphrase (or a recovery code) is tried,
throttled like passwords (``mend.accounts.throttle``: each wrong try beyond a few makes this
client wait longer), for the pages and the API alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase

from mend.accounts import throttle
from mend.core.exceptions import DomainError
from mend.selftrust import services
from mend.vault import personal

_TRYING_SECONDS = 60
# A browser that unlocked before is known by a cookie of its own (the sign-in one knows only
# the sign-in address), so that someone guessing elsewhere, even signed in as the person,
# never makes the person's own browser wait (``accounts/throttle``).
DEVICE_COOKIE = "mend_selftrust_device"


def _login(user: Any) -> str:
    # Counted apart from the person's sign-in address: a wrong passphrase never slows sign-in.
    return f"self-trust-lock:{user.pk}"


def _ip(request: HttpRequest) -> str:
    return str(get_adapter(request).get_client_ip(request))


def check_wait(request: HttpRequest) -> None:
    wait = throttle.wait_seconds(
        request, _login(request.user), _ip(request), device_cookie=DEVICE_COOKIE
    )
    if wait:
        raise DomainError(
            "Too many wrong tries from here: try again in "
            f"{throttle.wait_message(wait)}. A recovery code is tried the same way.",
            code="rate_limited",
            status=429,
        )


@contextmanager
def _one_try_at_a_time(user: Any) -> Iterator[None]:
    """A wrong try is counted only once scrypt has run (a second or so): guesses sent together
    would all pass ``check_wait`` before the first was counted, each holding 128 MiB. So one
    person's secret is tried once at a time (across processes: the shared cache's atomic add);
    another try meanwhile answers 429 at once. The mark expires on its own if a process dies."""
    mark = f"mend-selftrust-trying:{user.pk}"
    if not cache.add(mark, 1, timeout=_TRYING_SECONDS):
        raise DomainError(
            "Another try of this passphrase is still being checked: wait a moment and try again.",
            code="rate_limited",
            status=429,
        )
    try:
        yield
    finally:
        cache.delete(mark)


def attempt(request: HttpRequest, action: Any, **kwargs: Any) -> Any:
    """Run ``action`` (a service that checks the passphrase or a recovery code) for the signed-in
    person, counting a wrong secret as a failure. Wrong: DomainError 400, nothing changed."""
    check_wait(request)
    with _one_try_at_a_time(request.user):
        return _counted(request, action, **kwargs)


def _counted(request: HttpRequest, action: Any, **kwargs: Any) -> Any:
    try:
        result = action(user=request.user, **kwargs)
    except personal.WrongPassphrase as exc:
        throttle.record_failure(
            request, _login(request.user), _ip(request), device_cookie=DEVICE_COOKIE
        )
        raise DomainError(
            f"{exc} Check it and try again; nothing was changed.",
            code="wrong_passphrase",
            fields={"passphrase": "wrong"},
        ) from exc
    throttle.forget_failures(
        request, _login(request.user), _ip(request), device_cookie=DEVICE_COOKIE
    )
    return result


def unlock(request: HttpRequest, passphrase: str) -> bytes:
    if not personal.has_passphrase(request.user):
        raise DomainError(
            "No passphrase is set: your self-trust space is open.", code="not_locked", status=409
        )
    return attempt(request, services.unlock, passphrase=passphrase)


def known_from_now_on(request: HttpRequest, response: HttpResponseBase) -> None:
    """The passphrase (or a recovery code) opened the space here: know this browser, so that
    others' wrong tries never make it wait."""
    throttle.record_success(
        request, response, _login(request.user), _ip(request), device_cookie=DEVICE_COOKIE
    )
