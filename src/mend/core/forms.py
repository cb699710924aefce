"""The one way a page hands what a person sent (a form, or a button) to a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from mend.core.exceptions import DomainError
from mend.core.text import clean_user_text

T = TypeVar("T")


class UserTextField(forms.CharField):
    """Text a person writes, held to Mend's text rules (``core.text.clean_user_text``): no
    control characters, no direction overrides, not blank when required, within
    ``max_length``; one line, unless ``rows`` makes it a text area of that many rows.
    ``called`` is what an error calls the field."""

    def __init__(
        self, *, called: str, max_length: int, rows: int | None = None, **kwargs: Any
    ) -> None:
        if rows is not None:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.called = called
        self.limit = max_length
        self.multiline = rows is not None

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return clean_user_text(
            text,
            field=self.called,
            max_length=self.limit,
            required=self.required,
            multiline=self.multiline,
        )


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
