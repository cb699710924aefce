"""A fixed-window counter in the shared (database) cache, so several app processes agree."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from mend.core.exceptions import DomainError


class RateLimited(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="rate_limited", status=429)


def _key(scope: str, ident: str, window: int) -> str:
    bucket = int(time.time() // window)
    # Hashed so that no IP address or account id is stored in clear in the cache table.
    digest = hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:32]
    return f"mend:rl:{scope}:{digest}:{bucket}"


def check(scope: str, idents: list[str], *, limit: int, window: int, message: str) -> None:
    """Raise ``RateLimited`` if any identity already used up ``limit`` in this window."""
    keys = [_key(scope, i, window) for i in idents if i]
    counts = cache.get_many(keys)
    if any(int(counts.get(k, 0)) >= limit for k in keys):
        raise RateLimited(message)


def hit(scope: str, idents: list[str], *, window: int) -> None:
    for ident in idents:
        if not ident:
            continue
        key = _key(scope, ident, window)
        if not cache.add(key, 1, timeout=window + 60):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=window + 60)
