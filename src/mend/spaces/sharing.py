"""The one way a record's owner changes who sees it, from a page or from the API.

Every kind of record (breach, moment, boundary, result …) is shared the same way: only its
owner may, the change goes through ``services.set_visibility`` (which writes the sharing
audit event and tells the apps that keep derived numbers), and the page says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mend.core.exceptions import DomainError
from mend.spaces import services
from mend.spaces.access import get_record_for_owner
from mend.spaces.forms import VisibilityForm

Change = Callable[..., Any]


def change_sharing(
    request: HttpRequest,
    model: type[Model],
    record_id: int,
    *,
    then: str,
    page: Callable[..., HttpResponse],
    form_class: type[forms.Form] = VisibilityForm,
    change: Change | None = None,
) -> HttpResponse:
    """The owner's POST of a sharing form for one of their records. A bad choice answers the
    record's page, ``page(request, record, form=form, status=400)``; after the change, back to
    the record's page (the URL name ``then``, with the record's id)."""
    record = get_record_for_owner(model, request.user, record_id)
    form = form_class(request.POST)
    if not form.is_valid():
        return page(request, record, form=form, status=400)
    try:
        (change or services.set_visibility)(
            record=record, user=request.user, visibility=form.cleaned_data["visibility"]
        )
    except DomainError as exc:
        # A choice the record's rules refuse is a bad choice too: the same 4xx page, nothing
        # changed (the service's transaction rolled back).
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        form.add_error(None, exc.message)
        return page(request, record, form=form, status=400)
    messages.success(request, "Sharing updated.")
    return redirect(then, record.pk)


def set_owned_visibility(
    model: type[Model],
    request: HttpRequest,
    record_id: int,
    visibility: str,
    *,
    change: Change | None = None,
) -> Any:
    """The API's ``PUT …/visibility``: the owner's record, shared as asked."""
    record = get_record_for_owner(model, request.user, record_id)
    return (change or services.set_visibility)(
        record=record, user=request.user, visibility=visibility
    )
