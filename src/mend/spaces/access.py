"""Who may reach a space and its records: one helper per object kind and role.

Anything the viewer may not see answers 404, so that another space's records cannot even be
confirmed to exist. Every view and API operation reaches a space through one of these:

- ``get_space_for_member``: an active member;
- ``get_space_for_counsellor``: a counsellor at least one member consents to now (the consent
  path is a counsellor's only way in; what they then see is decided by ``visible_to``);
- ``get_space_for_reader``: either of the two, with the role it was reached in.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404

from mend.audit.services import log_reads
from mend.spaces.models import CounsellorAccess, Membership, Space

M = TypeVar("M", bound=models.Model)
Role = Literal["member", "counsellor"]


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


def _memberships(user: Any) -> Any:
    return Membership.objects.active().filter(user_id=user.pk)


def _consents(user: Any) -> Any:
    return CounsellorAccess.objects.in_force().filter(counsellor_id=user.pk)


def is_member(user: Any, space_id: int) -> bool:
    return user.is_authenticated and _memberships(user).filter(space_id=space_id).exists()


def has_consent(user: Any, space_id: int) -> bool:
    """Whether some member of the space consents to ``user`` as their counsellor now."""
    return user.is_authenticated and _consents(user).filter(space_id=space_id).exists()


def _space(user: Any, space_id: int | str, *, member: bool, counsellor: bool) -> Space:
    """The space in one query, if ``user`` reaches it in one of the roles asked for."""
    pk = _pk(space_id)
    if not user.is_authenticated:
        raise Http404
    # Only the roles asked about: each is a subquery the database runs for nothing otherwise.
    roles: dict[str, Exists] = {}
    counters: dict[str, Subquery] = {}
    if member:
        mine = _memberships(user).filter(space_id=OuterRef("pk"))
        roles["is_member"] = Exists(mine)
        # The member's own change counter (``Membership.own_revision``), read with the space
        # for the pages that key what they keep by it (the dashboard).
        counters["own_revision"] = Subquery(mine.values("own_revision")[:1])
    if counsellor:
        roles["is_counsellor"] = Exists(_consents(user).filter(space_id=OuterRef("pk")))
    space = Space.objects.filter(pk=pk).annotate(**roles, **counters).first()
    if space is None or not any(getattr(space, role) for role in roles):
        raise Http404
    return space


def get_space_for_member(user: Any, space_id: int | str) -> Space:
    """The space, if ``user`` is an active member of it; otherwise 404."""
    return _space(user, space_id, member=True, counsellor=False)


def get_space_for_counsellor(user: Any, space_id: int | str) -> Space:
    """The space, if at least one member's consent for ``user`` as counsellor is in force."""
    return _space(user, space_id, member=False, counsellor=True)


def get_space_for_reader(user: Any, space_id: int | str) -> tuple[Space, Role]:
    """The space for a member or, failing that, a consented counsellor; with the role."""
    space = _space(user, space_id, member=True, counsellor=True)
    return space, "member" if space.is_member else "counsellor"  # type: ignore[attr-defined]


def viewer_role(user: Any, space: Space) -> Role:
    return "member" if is_member(user, space.pk) else "counsellor"


def _visible_record(model: type[models.Model], user: Any, pk: int | str) -> Any:
    try:
        return model.objects.visible_to(user).get(pk=_pk(pk))  # type: ignore[attr-defined]
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404 from exc


def get_record_for_viewer(model: type[M], user: Any, pk: int | str) -> M:
    """A record ``user`` may read (see ``mend.spaces.visibility``); reads of others' are logged."""
    record = _visible_record(model, user, pk)
    if record.owner_id != user.pk:
        log_reads(actor=user, records=[record], role=viewer_role(user, record.space))
    return record  # type: ignore[no-any-return]


def get_record_for_owner(model: type[M], user: Any, pk: int | str) -> M:
    """A record ``user`` owns, for changing it. Visible but not owned: 403; else 404."""
    record = _visible_record(model, user, pk)
    if record.owner_id != user.pk:
        raise PermissionDenied("Only the person who wrote this can change it.")
    return record  # type: ignore[no-any-return]
