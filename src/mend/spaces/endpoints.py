"""The shapes the apps' JSON endpoints share for records kept in a space: the records of one
kind a person may see there, and a member's new record of their own.

A ``selector`` is an app's ``<kind>_visible_to(viewer, space)``: it alone says what may be
seen. These helpers add only who reaches the space (``mend.spaces.access``) and the logging
of a counsellor's reading (``mend.audit``). Changing who sees a record is
``mend.spaces.sharing.set_owned_visibility``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from mend.audit.services import log_reads
from mend.spaces.access import get_space_for_member, get_space_for_reader
from mend.spaces.models import Space

Selector = Callable[[Any, Space], Any]


def seen_by_member(
    request: HttpRequest, space_id: int, selector: Selector, limit: int | None = None
) -> list[Any]:
    """``GET /spaces/{id}/…`` for members only: what ``selector`` lets this member see (the
    first ``limit``, in the selector's order). A member's reading is not logged (``log_reads``)."""
    space = get_space_for_member(request.user, space_id)
    return list(selector(request.user, space)[:limit])


def seen_by_reader(
    request: HttpRequest,
    space_id: int,
    selector: Selector,
    limit: int | None = None,
    *,
    opened: Callable[[list[Any]], list[Any]] | None = None,
) -> list[Any]:
    """The same for a member or a counsellor whose consent is in force; the counsellor's reading
    is logged. Sealed records are ``opened`` (decrypted) before that: what cannot be opened is
    not logged as read."""
    space, role = get_space_for_reader(request.user, space_id)
    found = list(selector(request.user, space)[:limit])
    if opened is not None:
        found = opened(found)
    log_reads(actor=request.user, records=found, role=role)
    return found


def member_creates(
    request: HttpRequest,
    space_id: int,
    service: Callable[..., Any],
    payload: Schema,
    *,
    by: str = "owner",
    naming: tuple[str, ...] = (),
    **given: Any,
) -> Status:
    """``POST /spaces/{id}/…``: a member writes a record of their own, 201 with it. The body's
    fields are the service's keywords, with ``space``, the member (the keyword ``by``) and
    ``given`` from the path; a field in ``naming`` names a person by id, which the service
    takes as ``<field>_id``."""
    space = get_space_for_member(request.user, space_id)
    ids = {f"{field}_id": getattr(payload, field) for field in naming}
    fields = payload.model_dump(exclude=set(naming))
    record = service(space=space, **{by: request.user}, **given, **ids, **fields)
    return Status(201, record)
