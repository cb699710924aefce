"""The one way a page hands a form to a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
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
