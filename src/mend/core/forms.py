"""The one way a page hands what a person sent (a form, or a button) to a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from mend.core.exceptions import DomainError

T = TypeVar("T")


def submit(request: HttpRequest, form: forms.Form, write: Callable[..., T]) -> T | None:
    """On a POST of a valid form, ``write(**form.cleaned_data)`` and what it wrote. None when
    nothing was written: not a POST, a field error, or a ``DomainError`` from the service,
    whose message becomes the form's own error so the page shows it beside the fields."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(**form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None


def act(request: HttpRequest, write: Callable[[], object], *, done: str) -> bool:
    """A button with no fields to show again (withdraw, revoke, resolve): ``write()``, then the
    message ``done``; a ``DomainError`` from the service becomes an error message instead, for
    the page the view redirects to. True when it was written."""
    try:
        write()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True
