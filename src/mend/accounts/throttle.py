"""Sign-in throttling that slows a guesser without locking the owner out.

A lockout per account (five wrong passwords and nobody may sign in for five minutes) is a
weapon: anyone who knows a person's address can keep them out. Instead, failures are counted
per address *and client*, and each failure beyond a few free ones makes that client wait
longer before its next try (1 s, 2 s, 4 s … up to 15 minutes):

- a browser that has signed in to this address before carries a signed "known device" cookie;
  it is counted on its own, so someone guessing from another browser — even on the same home
  network — never slows the owner's own devices;
- any other client is counted per address and network address, and all unknown clients of one
  address together (more free tries), so that guessing from many addresses is slowed too;
- a sign-in code by e-mail (allauth's login by code) is always a way past the wait.

The counters live in the shared cache (the database cache), so several app processes agree.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase

DEVICE_COOKIE = "mend_device"
_DEVICE_SALT = "mend.accounts.throttle.device"
_DEVICE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookies at 400 days
# How many addresses one browser's cookie knows (a computer a household shares).
KNOWN_ADDRESSES = 4
_KEEP_SECONDS = 24 * 3600  # a counter is forgotten a day after its last failure
MAX_DELAY_SECONDS = 15 * 60


@dataclass(frozen=True)
class _Counter:
    key: str
    free: int  # failures allowed before any wait


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _address(login: str) -> str:
    return _hash("address:" + login.strip().lower())


def _device_value(request: HttpRequest, device_cookie: str) -> dict[str, Any]:
    raw = request.COOKIES.get(device_cookie)
    if not raw:
        return {}
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=_DEVICE_MAX_AGE)
    except signing.BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def known_device(
    request: HttpRequest, login: str, device_cookie: str = DEVICE_COOKIE
) -> str | None:
    """The id of this browser, if it signed in to this address before (a signed cookie)."""
    value = _device_value(request, device_cookie)
    if _address(login) not in _addresses(value):
        return None
    device = value.get("d")
    return device if isinstance(device, str) else None


def _addresses(value: dict[str, Any]) -> list[str]:
    """The addresses a device cookie knows, newest first (a cookie of before kept one)."""
    known = value.get("a")
    if isinstance(known, str):
        return [known]
    return [a for a in known if isinstance(a, str)] if isinstance(known, list) else []


def _counters(
    request: HttpRequest, login: str, client_ip: str, device_cookie: str = DEVICE_COOKIE
) -> list[_Counter]:
    address = _address(login)
    device = known_device(request, login, device_cookie)
    if device is not None:
        return [
            _Counter(
                f"mend-signin:{address}:device:{_hash(device)}", settings.MEND_SIGNIN_FREE_TRIES
            )
        ]
    return [
        _Counter(f"mend-signin:{address}:ip:{_hash(client_ip)}", settings.MEND_SIGNIN_FREE_TRIES),
        # All unknown clients of an address together get more free tries before they wait.
        _Counter(f"mend-signin:{address}:unknown", settings.MEND_SIGNIN_FREE_TRIES * 4),
    ]


def _delay(failures: int, free: int) -> int:
    if failures < free:
        return 0
    return min(MAX_DELAY_SECONDS, 2 ** (failures - free))


def wait_seconds(
    request: HttpRequest,
    login: str,
    client_ip: str,
    now: float | None = None,
    *,
    device_cookie: str = DEVICE_COOKIE,
) -> int:
    """How long this client must still wait before trying a password for this address."""
    now = time.time() if now is None else now
    waits = [0.0]
    for counter in _counters(request, login, client_ip, device_cookie):
        state = cache.get(counter.key)
        if state:
            waits.append(state["until"] - now)
    return max(0, math.ceil(max(waits)))


def record_failure(
    request: HttpRequest,
    login: str,
    client_ip: str,
    now: float | None = None,
    *,
    device_cookie: str = DEVICE_COOKIE,
) -> None:
    now = time.time() if now is None else now
    for counter in _counters(request, login, client_ip, device_cookie):
        state = cache.get(counter.key) or {"failures": 0, "until": 0.0}
        failures = state["failures"] + 1
        cache.set(
            counter.key,
            {"failures": failures, "until": now + _delay(failures, counter.free)},
            _KEEP_SECONDS,
        )


def record_success(
    request: HttpRequest,
    response: HttpResponseBase,
    login: str,
    client_ip: str,
    *,
    device_cookie: str = DEVICE_COOKIE,
) -> None:
    """The owner is in: forget this client's failures and know this browser from now on.
    ``device_cookie`` names the cookie (one per kind of secret: it knows a few addresses)."""
    counters = _counters(request, login, client_ip, device_cookie)
    cache.delete_many([counter.key for counter in counters[:1]])
    address = _address(login)
    value = _device_value(request, device_cookie)
    device = value.get("d") if isinstance(value.get("d"), str) else None
    # One browser is known to the few addresses signed in from it (a computer two people
    # share): each is not told of the other's sign-in as of a new browser.
    others = [a for a in _addresses(value) if a != address][: KNOWN_ADDRESSES - 1]
    response.set_cookie(
        device_cookie,
        signing.dumps(
            {"a": [address, *others], "d": device or secrets.token_urlsafe(16)},
            salt=_DEVICE_SALT,
        ),
        max_age=_DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_failures(
    request: HttpRequest, login: str, client_ip: str, *, device_cookie: str = DEVICE_COOKIE
) -> None:
    """The right secret was given: forget this client's failures (no device cookie is set:
    ``record_success`` does that)."""
    counters = _counters(request, login, client_ip, device_cookie)
    cache.delete_many([counter.key for counter in counters])


def wait_message(wait: int) -> str:
    minutes, seconds = divmod(wait, 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
