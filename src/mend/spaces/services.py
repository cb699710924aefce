"""Writes for spaces, memberships, invitations, sharing and breaches."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mend.audit.models import AuditEvent
from mend.audit.services import log_event, log_space_change
from mend.core.exceptions import DomainError
from mend.spaces import hooks
from mend.spaces.models import (
    Breach,
    CounsellorAccess,
    Invitation,
    JoinDecision,
    JoinRequest,
    Membership,
    Space,
)
from mend.spaces.visibility import (
    Visibility,
    check_visibility,
    shared_with_counsellor,
    shared_with_space,
)

# Audit a change of who is in the space (actor, subject, space, summary), for the person it
# concerns.
_log_membership = partial(log_space_change, AuditEvent.Action.MEMBERSHIP)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def bump_revision(*, space_ids: Iterable[int | None]) -> None:
    """One more change the members can see in each of these spaces (``Space.revision``), in the
    caller's transaction: stored summaries built at an older revision (a counsellor's caseload
    row, a member's dashboard, the bank account's running balance) are then rebuilt before they
    are shown.

    Every service that writes what those summaries read calls this (or ``record_changed``, for
    one person's record), as its last write (the row lock it takes on the space is then held
    for the shortest time). An F() update, so two writers in the same space never lose a
    count."""
    ids = sorted({int(pk) for pk in space_ids if pk is not None})
    if ids:
        Space.objects.filter(pk__in=ids).update(revision=F("revision") + 1)


def record_changed(*, record: Any, was: str | None = None) -> None:
    """One more change to ``record`` (an owned record just written, changed or deleted; ``was``
    its visibility before, if that changed), counted only where someone who may see it looks.

    Seen by the space (now or before): the space's counter, which every kept page reads.
    Otherwise nobody else in the space can see it, so no other member's kept page may move: a
    view worked out again (slower, more queries) would tell them the owner had just written
    something private. Only the owner's own counter moves then (their dashboard counts their
    private moments and ratings), and the space's counsellor counter too when a counsellor
    may see it (the caseload counts what is shared with the counsellor): shared with "our
    counsellor" while the owner's consent is in force for one. Without a consent nobody else
    sees it, and every counsellor's row of the space rebuilt would tell them the owner had
    just written (a consent given later moves the space's counter)."""
    seen = {record.visibility} if was is None else {record.visibility, was}
    if any(shared_with_space(v) for v in seen):
        bump_revision(space_ids=[record.space_id])
        return
    if (
        any(shared_with_counsellor(v) for v in seen)
        and CounsellorAccess.objects.in_force()
        .filter(space_id=record.space_id, member_id=record.owner_id)
        .exists()
    ):
        Space.objects.filter(pk=record.space_id).update(
            counsellor_revision=F("counsellor_revision") + 1
        )
    Membership.objects.active().filter(space_id=record.space_id, user_id=record.owner_id).update(
        own_revision=F("own_revision") + 1
    )


def _active_members(space: Space) -> list[Any]:
    return [m.user for m in Membership.objects.active().filter(space=space).select_related("user")]


@transaction.atomic
def create_space(*, creator: Any, name: str, kind: str) -> Space:
    if kind not in Space.Kind.values:
        raise DomainError(f"Unknown kind of space: {kind!r}.", fields={"kind": "unknown"})
    space = Space.objects.create(name=name, kind=kind, created_by=creator)
    Membership.objects.create(space=space, user=creator)
    _log_membership(creator, creator, space, f"created the space “{space.name}”")
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


# A couple space is two people; families and teams have no fixed size.
CAPACITY = {Space.Kind.COUPLE: 2}


def _refuse(message: str, code: str, status: int = 409) -> DomainError:
    return DomainError(message, code=code, status=status)


@transaction.atomic
def accept_invitation(*, secret: str, user: Any) -> JoinRequest:
    """Use an invitation: a join request that the inviter has agreed to. The person becomes a
    member once every current member agrees (at once, when the inviter is the only one)."""
    found = invitation_for_secret(secret)
    if found is None:
        raise _refuse("This invitation link is not valid.", "invitation_invalid", 404)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    space = Space.objects.select_for_update().get(pk=invitation.space_id)
    status = invitation.status
    if status != "open":
        messages = {
            "used": "This invitation has already been used. Ask for a new link.",
            "revoked": "This invitation was withdrawn. Ask for a new link.",
            "expired": "This invitation has expired. Ask for a new link.",
        }
        raise _refuse(messages[status], f"invitation_{status}")
    if Membership.objects.active().filter(space=space, user=user).exists():
        raise _refuse("You are already a member of this space.", "already_member")
    if JoinRequest.objects.filter(
        space=space, user=user, status=JoinRequest.Status.PENDING
    ).exists():
        raise _refuse("You have already asked to join; the members are deciding.", "already_asked")
    for reason in hooks.join_refusal.send(hooks.JoinAttempt(space=space, user=user)):
        if reason:
            raise _refuse(reason, "may_not_join", 403)
    _check_room(space)
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    request = JoinRequest.objects.create(space=space, user=user, invitation=invitation)
    if Membership.objects.active().filter(space=space, user_id=invitation.created_by_id).exists():
        JoinDecision.objects.create(
            join_request=request, member_id=invitation.created_by_id, agreed=True
        )
    for member in _active_members(space):
        _log_membership(
            user, member, space, f"asked to join the space “{space.name}” with an invitation"
        )
    _join_if_all_agreed(request)
    return request


def _check_room(space: Space) -> None:
    limit = CAPACITY.get(Space.Kind(space.kind))
    if limit is not None and Membership.objects.active().filter(space=space).count() >= limit:
        raise _refuse(
            f"A {space.get_kind_display().lower()} space holds {limit} people, and it is full.",
            "space_full",
        )


def waiting_for(request: JoinRequest) -> list[Any]:
    """The current members who have not answered yet."""
    answered = request.decisions.values("member_id")
    return [
        m for m in _active_members(request.space) if m.pk not in {d["member_id"] for d in answered}
    ]


def _join_if_all_agreed(request: JoinRequest) -> None:
    if request.status != JoinRequest.Status.PENDING or waiting_for(request):
        return
    _check_room(request.space)
    try:
        with transaction.atomic():
            Membership.objects.create(space=request.space, user=request.user)
    except IntegrityError as exc:
        raise _refuse("You are already a member of this space.", "already_member") from exc
    request.status = JoinRequest.Status.JOINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    for member in _active_members(request.space):
        _log_membership(
            request.user, member, request.space, f"joined the space “{request.space.name}”"
        )
    bump_revision(space_ids=[request.space_id])


def _locked_pending(space: Space, request_id: int) -> JoinRequest:
    try:
        return JoinRequest.objects.select_for_update().get(
            pk=request_id, space=space, status=JoinRequest.Status.PENDING
        )
    except JoinRequest.DoesNotExist as exc:
        raise _refuse("No such request is waiting.", "not_found", 404) from exc


@transaction.atomic
def decide_join(*, space: Space, member: Any, request_id: int, agree: bool) -> JoinRequest:
    """A current member agrees to, or refuses, someone joining. One refusal ends the request."""
    request = _locked_pending(space, request_id)
    if not Membership.objects.active().filter(space=space, user=member).exists():
        raise _refuse("Only a member of this space can decide.", "not_member", 404)
    JoinDecision.objects.update_or_create(
        join_request=request,
        member=member,
        defaults={"agreed": agree, "decided_at": timezone.now()},
    )
    if not agree:
        request.status = JoinRequest.Status.REFUSED
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at"])
        for other in _active_members(space):
            _log_membership(
                member, other, space, f"refused {request.user}'s request to join “{space.name}”"
            )
        return request
    _join_if_all_agreed(request)
    return request


@transaction.atomic
def withdraw_join(*, user: Any, request_id: int) -> JoinRequest:
    try:
        request = JoinRequest.objects.select_for_update().get(
            pk=request_id, user=user, status=JoinRequest.Status.PENDING
        )
    except JoinRequest.DoesNotExist as exc:
        raise _refuse("No such request is waiting.", "not_found", 404) from exc
    request.status = JoinRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


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
        _log_membership(user, member, space, f"left the space “{space.name}”")
    bump_revision(space_ids=[space.pk])


def log_sharing(*, user: Any, record: Any, old: str, what: str = "") -> None:
    """Audit that ``user`` changed who sees their ``record``, from ``old`` to its visibility
    now; ``what`` says how (by default the record's own name)."""
    what = what or f"“{str(record)[:80]}”"
    change = f"{Visibility(old).label} → {Visibility(record.visibility).label}"
    log_event(
        actor=user,
        subject=user,
        space=record.space,
        action=AuditEvent.Action.SHARING,
        record=record,
        summary=f"{what}: {change}",
    )


def require_owner(record: Any, user: Any, refusal: str) -> None:
    """Refuse (403, "forbidden") anyone but the person who wrote ``record``: only they change,
    share or delete what they wrote. ``refusal`` tells the others what only the owner may do."""
    if record.owner_id != user.pk:
        raise DomainError(refusal, code="forbidden", status=403)


@transaction.atomic
def set_visibility(*, record: Any, user: Any, visibility: str) -> Any:
    require_owner(record, user, "Only the owner can change who sees this.")
    check_visibility(visibility)
    if record.visibility != visibility:
        old = record.visibility
        record.visibility = visibility
        fields = ["visibility", "updated_at"]
        if shared_with_space(visibility) and not shared_with_space(old):
            # Shared (again) now: everyone in the space now may see it, newcomers included.
            record.shared_at = timezone.now()
            fields.append("shared_at")
        record.save(update_fields=fields)
        log_sharing(user=user, record=record, old=old)
        hooks.visibility_changed.send(
            hooks.VisibilityChanged(record=record, old=old, new=visibility)
        )
        record_changed(record=record, was=old)
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
    involved_deception: bool = False,
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
    breach = Breach.objects.create(
        space=space,
        owner=owner,
        title=title,
        owner_role=owner_role,
        description=description,
        other_person=other_person,
        topic=topic,
        tags=tags,
        occurred_on=occurred_on,
        involved_deception=bool(involved_deception),
        visibility=visibility,
    )
    hooks.breach_changed.send(hooks.BreachChanged(breach=breach, acknowledged=False))
    record_changed(record=breach)
    return breach


@transaction.atomic
def acknowledge_breach(*, breach: Breach, user: Any, now: datetime | None = None) -> Breach:
    """The person a breach hurt says "this is what happened" about what the person responsible
    recorded: from now on it counts in their trust index. Only that person, and only once."""
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if breach.acknowledged_at is not None and breach.acknowledged_by_id == user.pk:
        raise DomainError(
            "You have already acknowledged this.", status=409, code="already_acknowledged"
        )
    if breach.awaits_acknowledgement_by != user.pk:
        raise DomainError(
            "Only the person this hurt can acknowledge it, when the person responsible wrote it.",
            status=403,
            code="forbidden",
        )
    if not Membership.objects.active().filter(space_id=breach.space_id, user=user).exists():
        raise DomainError("You are not a member of this space.", status=403, code="forbidden")
    breach.acknowledged_at = now or timezone.now()
    breach.acknowledged_by = user
    breach.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    hooks.breach_changed.send(hooks.BreachChanged(breach=breach, acknowledged=True))
    bump_revision(space_ids=[breach.space_id])
    return breach
