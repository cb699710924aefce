"""What a signed-in page declares above its ``def``: that its visitor must be signed in, and
the HTTP methods it serves. Any other method is answered 405, so a read-only page never
answers a POST with 200 and the page, as if something had been done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

V = TypeVar("V", bound=Callable[..., Any])

# The attribute of a page made by ``signed_in`` that holds the methods it serves.
METHODS_ATTRIBUTE = "http_methods"


def signed_in(*methods: str) -> Callable[[V], V]:
    """``@signed_in("GET", "POST")``: Django's ``login_required`` over its
    ``require_http_methods``. A GET page answers HEAD too, as ``require_safe`` does. The
    sign-in check comes first, so a visitor who is not signed in is sent to sign in whatever
    the method, as before. The methods are kept on the page (``http_methods``) for the tests
    that read what each page declares."""
    if not methods:
        raise ValueError("a page serves at least one method")
    allowed = {method.upper() for method in methods}
    if "GET" in allowed:
        allowed.add("HEAD")
    served = sorted(allowed)

    def decorate(view: V) -> V:
        page = login_required(require_http_methods(served)(view))
        setattr(page, METHODS_ATTRIBUTE, frozenset(served))
        return page  # type: ignore[return-value]

    return decorate


def methods_of(view: Callable[..., Any]) -> frozenset[str] | None:
    """The methods a page made by ``signed_in`` serves; None for any other view."""
    return getattr(view, METHODS_ATTRIBUTE, None)
