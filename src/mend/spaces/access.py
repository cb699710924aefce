"""Access checks for spaces and records: one helper per object kind, used by every view.

Anything the viewer may not see answers 404, so that another space's records cannot even be
confirmed to exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from mend.audit.services import log_reads
from mend.spaces.models import CounsellorAccess, Membership, Space

M = TypeVar("M", bound=models.Model)


def is_member(user: Any, space_id: int) -> bool:
    return Membership.objects.filter(user=user, space_id=space_id, left_at__isnull=True).exists()


def get_space_for_member(user: Any, space_id: int | str) -> Space:
    """The space, if ``user`` is an active member of it; otherwise 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Space.objects.get(
            pk=int(space_id), memberships__user=user, memberships__left_at__isnull=True
        )
    except (Space.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_space_for_counsellor(user: Any, space_id: int | str) -> Space:
    """The space, if at least one member's consent for ``user`` as counsellor is in force."""
    if not user.is_authenticated:
        raise Http404
    try:
        space_pk = int(space_id)
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    if not CounsellorAccess.objects.filter(
        space_id=space_pk, counsellor=user, withdrawn_at__isnull=True
    ).exists():
        raise Http404
    return Space.objects.get(pk=space_pk)


def viewer_role(user: Any, space: Space) -> str:
    return "member" if is_member(user, space.pk) else "counsellor"


def get_record_for_viewer(model: type[M], user: Any, pk: int | str) -> M:
    """A record ``user`` may read (see ``mend.spaces.visibility``); reads of others' are logged."""
    try:
        record = model.objects.visible_to(user).get(pk=int(pk))  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
        raise Http404 from exc
    if record.owner_id != user.pk:
        log_reads(actor=user, records=[record], role=viewer_role(user, record.space))
    return record  # type: ignore[no-any-return]


def get_record_for_owner(model: type[M], user: Any, pk: int | str) -> M:
    """A record ``user`` owns, for changing it. Visible but not owned: 403; else 404."""
    try:
        record = model.objects.visible_to(user).get(pk=int(pk))  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
        raise Http404 from exc
    if record.owner_id != user.pk:
        raise PermissionDenied("Only the person who wrote this can change it.")
    return record  # type: ignore[no-any-return]
