"""The one way a page hands what a person sent (a form, or a button) to a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict

from mend.core.errors import page_or_json
from mend.core.exceptions import DomainError
from mend.core.text import clean_user_text

T = TypeVar("T")

# Where ``submit`` keeps the status of the service's refusal, for ``page_status``.
_REFUSED_STATUS = "mend_refused_status"


def posted(request: HttpRequest) -> QueryDict | None:
    """The data a form is bound to: what was posted, on a POST, even when nothing was (a button
    that sends its CSRF token in a header, as htmx can); None otherwise, for an unbound form.
    Django's ``request.POST or None`` would leave an empty POST unbound, and the page would
    answer 200 as if nothing had been sent, with no message of what is missing."""
    return request.POST if request.method == "POST" else None


# The largest id a database row can have (a signed 64-bit integer, PostgreSQL's bigint).
LARGEST_ID = 2**63 - 1


def whole_number(raw: str | None, *, top: int = LARGEST_ID) -> int | None:
    """A whole number from 0 to ``top`` sent as a query or form value, or None for anything else.
    Not ``str.isdigit``: it accepts "²" and other digits ``int`` refuses, and the view would
    answer 500 where it meant to ignore the value; nor a number past what the database holds."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(top)):
        return None
    number = int(raw)
    return number if number <= top else None


def decision(request: HttpRequest, *, agree: str, refuse: str) -> bool | None:
    """The answer of two buttons named ``decision`` whose values are ``agree`` and ``refuse``:
    True or False, or None when neither was sent (then answer ``no_decision``). Anything else
    must not count as a refusal: a join or new terms refused because a field was lost."""
    return {agree: True, refuse: False}.get(request.POST.get("decision", ""))


def refused(request: HttpRequest, message: str, *, back: str = "") -> HttpResponse:
    """The 400 page of a small form inside another page (a choice and a button, a short note)
    sent incomplete or wrong: ``message`` says what to send instead, ``back`` links to the page
    that holds the form. Not a redirect with the message on top, which reads as done (3xx)."""
    return page_or_json(request, 400, "bad_request", "Please check what you sent", message, back)


def no_decision(request: HttpRequest, agree_label: str, refuse_label: str) -> HttpResponse:
    """The 400 for ``decision``'s None: nothing was decided, and the buttons to choose from."""
    return refused(request, f"Nothing was decided: choose “{agree_label}” or “{refuse_label}”.")


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


class DayField(forms.DateField):
    """A day, picked with the browser's own date picker (``<input type="date">``), which shows
    a value only when it is written YYYY-MM-DD, whatever the locale's format."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScaleField(forms.TypedChoiceField):
    """A rating from 0 to 10, one radio button a step in a row (the ``scale`` class). With
    ``unrated``, a first choice of that name lets the person leave it out: then it is None."""

    def __init__(self, *, label: str, unrated: str | None = None, **kwargs: Any) -> None:
        choices: list[tuple[Any, str]] = [(n, str(n)) for n in range(11)]
        if unrated is not None:
            choices.insert(0, ("", unrated))
            kwargs.update(required=False, empty_value=None)
        super().__init__(
            choices=choices,
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            label=label,
            **kwargs,
        )


def submit(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[..., T],
    *,
    field_messages: bool = False,
) -> T | None:
    """On a POST of a valid form, ``write(**form.cleaned_data)`` and what it wrote. None when
    nothing was written: not a POST, a field error, or a ``DomainError`` from the service,
    whose message becomes the form's own error so the page shows it beside the fields.
    ``field_messages``: the service names a message for each field it refuses (its ``fields``,
    as the safety services do), and each goes beside its field when the form has it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(**form.cleaned_data)
    except DomainError as exc:
        setattr(form, _REFUSED_STATUS, exc.status)
        if field_messages and exc.fields:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            form.add_error(None, exc.message)
        return None


def page_status(form: forms.Form) -> int:
    """The status of a page that shows ``form``: 200 when it has no errors; else the status of
    the service's refusal in ``submit`` (409 for a conflict with the current state, as the API
    answers), or 400 for a field error."""
    if not form.errors:
        return 200
    return int(getattr(form, _REFUSED_STATUS, 400))


def act(
    request: HttpRequest,
    write: Callable[[], object],
    *,
    done: str,
    refused: int = messages.ERROR,
    forbidden_page: bool = False,
) -> bool:
    """A button with no fields to show again (withdraw, revoke, resolve): ``write()``, then the
    message ``done``; a ``DomainError`` from the service becomes a message instead (of the level
    ``refused``), for the page the view redirects to. ``forbidden_page``: a refusal because the
    person may not do this (403) answers a 403 page, as the API does. True when it was written."""
    try:
        write()
    except DomainError as exc:
        if forbidden_page and exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.add_message(request, refused, exc.message)
        return False
    messages.success(request, done)
    return True
