"""Writes for spaces, memberships, invitations, sharing and breaches."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mend.audit.models import AuditEvent
from mend.audit.services import log_event
from mend.core.exceptions import DomainError
from mend.spaces import hooks
from mend.spaces.models import Breach, CounsellorAccess, Invitation, Membership, Space
from mend.spaces.visibility import Visibility


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _active_members(space: Space) -> list[Any]:
    return [m.user for m in Membership.objects.active().filter(space=space).select_related("user")]


@transaction.atomic
def create_space(*, creator: Any, name: str, kind: str) -> Space:
    if kind not in Space.Kind.values:
        raise DomainError(f"Unknown kind of space: {kind!r}.", fields={"kind": "unknown"})
    space = Space.objects.create(name=name, kind=kind, created_by=creator)
    Membership.objects.create(space=space, user=creator)
    log_event(
        actor=creator,
        subject=creator,
        space=space,
        action=AuditEvent.Action.MEMBERSHIP,
        summary=f"created the space “{space.name}”",
    )
    return space


@transaction.atomic
def create_invitation(*, space: Space, inviter: Any, note: str = "") -> tuple[Invitation, str]:
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        space=space,
        created_by=inviter,
        digest=_digest(secret),
        note=note,
        expires_at=timezone.now() + timedelta(days=settings.MEND_INVITATION_DAYS),
    )
    return invitation, secret


def invitation_for_secret(secret: str) -> Invitation | None:
    if not secret or len(secret) > 100:
        return None
    return (
        Invitation.objects.select_related("space", "created_by")
        .filter(digest=_digest(secret))
        .first()
    )


@transaction.atomic
def accept_invitation(*, secret: str, user: Any) -> Membership:
    found = invitation_for_secret(secret)
    if found is None:
        raise DomainError(
            "This invitation link is not valid.", code="invitation_invalid", status=404
        )
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    status = invitation.status
    if status != "open":
        messages = {
            "used": "This invitation has already been used. Ask for a new link.",
            "revoked": "This invitation was withdrawn. Ask for a new link.",
            "expired": "This invitation has expired. Ask for a new link.",
        }
        raise DomainError(messages[status], code=f"invitation_{status}", status=409)
    if Membership.objects.active().filter(space=invitation.space, user=user).exists():
        raise DomainError(
            "You are already a member of this space.", code="already_member", status=409
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(space=invitation.space, user=user)
    except IntegrityError as exc:
        raise DomainError(
            "You are already a member of this space.", code="already_member", status=409
        ) from exc
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    for member in _active_members(invitation.space):
        log_event(
            actor=user,
            subject=member,
            space=invitation.space,
            action=AuditEvent.Action.MEMBERSHIP,
            summary=f"joined the space “{invitation.space.name}”",
        )
    return membership


@transaction.atomic
def revoke_invitation(*, space: Space, invitation_id: int) -> Invitation:
    try:
        invitation = Invitation.objects.select_for_update().get(pk=invitation_id, space=space)
    except Invitation.DoesNotExist as exc:
        raise DomainError("No such invitation.", code="not_found", status=404) from exc
    if invitation.status == "open":
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def leave_space(*, space: Space, user: Any) -> None:
    """Leave at once. The leaver's records stop being visible to the others immediately."""
    updated = (
        Membership.objects.active().filter(space=space, user=user).update(left_at=timezone.now())
    )
    if not updated:
        raise DomainError("You are not a member of this space.", code="not_member", status=404)
    CounsellorAccess.objects.in_force().filter(space=space, member=user).update(
        withdrawn_at=timezone.now()
    )
    hooks.member_left.send(hooks.MemberLeft(space=space, user=user))
    for member in [user, *_active_members(space)]:
        log_event(
            actor=user,
            subject=member,
            space=space,
            action=AuditEvent.Action.MEMBERSHIP,
            summary=f"left the space “{space.name}”",
        )


@transaction.atomic
def set_visibility(*, record: Any, user: Any, visibility: str) -> Any:
    if record.owner_id != user.pk:
        raise DomainError("Only the owner can change who sees this.", code="forbidden", status=403)
    if visibility not in Visibility.values:
        raise DomainError(f"Unknown visibility {visibility!r}.", fields={"visibility": "unknown"})
    if record.visibility != visibility:
        old = record.visibility
        old_label = Visibility(old).label
        record.visibility = visibility
        record.save(update_fields=["visibility", "updated_at"])
        log_event(
            actor=user,
            subject=user,
            space=record.space,
            action=AuditEvent.Action.SHARING,
            record=record,
            summary=f"“{str(record)[:80]}”: {old_label} → {Visibility(visibility).label}",
        )
        hooks.visibility_changed.send(
            hooks.VisibilityChanged(record=record, old=old, new=visibility)
        )
    return record


@transaction.atomic
def create_breach(
    *,
    space: Space,
    owner: Any,
    title: str,
    owner_role: str,
    description: str = "",
    other_person: Any = None,
    topic: str = "",
    tags: str = "",
    occurred_on: Any = None,
    visibility: str = Visibility.PRIVATE,
) -> Breach:
    if (
        other_person is not None
        and not Membership.objects.active().filter(space=space, user=other_person).exists()
    ):
        raise DomainError(
            "The other person must be a member of this space.",
            fields={"other_person": "not_member"},
        )
    if other_person is not None and other_person.pk == owner.pk:
        raise DomainError("The other person cannot be you.", fields={"other_person": "self"})
    return Breach.objects.create(
        space=space,
        owner=owner,
        title=title,
        owner_role=owner_role,
        description=description,
        other_person=other_person,
        topic=topic,
        tags=tags,
        occurred_on=occurred_on,
        visibility=visibility,
    )
