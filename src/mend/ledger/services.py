"""Writes for the evidence ledger: moments, disclosures, felt-trust check-ins.

Every write that adds evidence updates the stored trust state of its pair in the same
transaction; every write that changes the past (a visibility change, a dispute, a deletion)
rebuilds the one pair it touches.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mend.core.exceptions import DomainError
from mend.core.text import clean_user_text
from mend.domain.bank import UnknownKind, get_kind
from mend.ledger import trust_pairs
from mend.ledger.evidence import disclosure_event, moment_event
from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
from mend.spaces.models import Membership, Space
from mend.spaces.services import bump_revision, record_changed, require_owner
from mend.spaces.visibility import Visibility, check_visibility, shared_with_space

Dated = TypeVar("Dated", Disclosure, FeltTrustCheckIn)
Answered = TypeVar("Answered", Moment, Disclosure)

# A phone's clock may run a little ahead; more than this is a typo or a game.
FUTURE_TOLERANCE = timedelta(minutes=5)
# The undo button is shown for a few seconds; the server allows a little longer for slow links.
UNDO_WINDOW = timedelta(minutes=2)


def _check_when(when: datetime | None, now: datetime, field: str = "occurred_at") -> datetime:
    if when is None:
        return now
    if timezone.is_naive(when):
        raise DomainError(
            "Give the time with its time zone (for example 2026-03-01T18:30:00+01:00).",
            fields={field: "naive"},
        )
    if when > now + FUTURE_TOLERANCE:
        raise DomainError(
            "That time is in the future. Log what has already happened.",
            fields={field: "future"},
        )
    return when


def _active_member_ids(space: Space, user_ids: list[int]) -> set[int]:
    return set(
        Membership.objects.active()
        .filter(space=space, user_id__in=user_ids)
        .values_list("user_id", flat=True)
    )


def _member_writes(space: Space, writer: Any, *others: int) -> set[int]:
    """Which of ``others`` are active members of ``space``, once it is sure the one who writes
    is one (else 403): every record of the ledger is written by a member, about members."""
    members = _active_member_ids(space, [*others, writer.pk])
    if writer.pk not in members:
        raise DomainError("You are not a member of this space.", status=403, code="forbidden")
    return members


def _add_dated(
    model: type[Dated],
    space: Space,
    owner: Any,
    occurred_at: datetime | None,
    visibility: str,
    now: datetime,
    **fields: Any,
) -> Dated:
    """``owner``'s record of something that happened in ``space``, with its own ``fields``:
    dated (when it happened, checked, or now), shared as they chose and written ``now``; then
    the counters of those who may see it move on."""
    record = model.objects.create(
        space=space,
        owner=owner,
        occurred_at=_check_when(occurred_at, now),
        visibility=check_visibility(visibility),
        created_at=now,
        **fields,
    )
    record_changed(record=record)
    return record


def _visible_to_member(record: Any, member_id: int | None) -> bool:
    """Whether another active member can see a record just written by an active member."""
    return member_id is not None and (
        record.owner_id == member_id or shared_with_space(record.visibility)
    )


# --- Moments -------------------------------------------------------------------------------------


# Two identical moments logged this close together are one person tapping Save twice.
DUPLICATE_WINDOW = timedelta(seconds=10)


@transaction.atomic
def log_moment(
    *,
    space: Space,
    logger: Any,
    kind: str,
    actor_id: int,
    receiver_id: int,
    occurred_at: datetime | None = None,
    note: str = "",
    visibility: str = Visibility.SPACE,
    now: datetime | None = None,
    once: bool = False,
) -> Moment:
    """Log a micro-moment. Logged by its receiver it is confirmed; otherwise a self-report.

    ``once``: a form's Save (a double tap within DUPLICATE_WINDOW gives back the same moment)."""
    now = now or timezone.now()
    try:
        get_kind(kind)
    except UnknownKind as exc:
        raise DomainError(str(exc), code="unknown_kind", fields={"kind": "unknown"}) from exc
    if actor_id == receiver_id:
        raise DomainError(
            "A moment is between two people: the one who did it and the one who received it.",
            code="same_person",
            fields={"receiver": "same_as_actor"},
        )
    members = _member_writes(space, logger, actor_id, receiver_id)
    for field, user_id in (("actor", actor_id), ("receiver", receiver_id)):
        if user_id not in members:
            raise DomainError(
                f"The {field} must be a member of this space.",
                code="not_member",
                fields={field: "not_member"},
            )
    when = _check_when(occurred_at, now)
    # Who logged what, done by whom to whom: the same in a moment tapped twice (below).
    who_what = {
        "space": space,
        "owner": logger,
        "kind": kind,
        "actor_id": actor_id,
        "receiver_id": receiver_id,
    }
    if once and occurred_at is None:
        # A double tap on Save (or a resent form) within a few seconds is the same moment, not
        # a second one: answer with the one already logged.
        # The note is sealed (no lookups on it): compare it here, among a few seconds' moments.
        recent = Moment.objects.filter(
            **who_what, created_at__gte=now - DUPLICATE_WINDOW, created_at__lte=now
        ).order_by("-created_at")[:5]
        same = next((m for m in recent if m.note == note), None)
        if same is not None:
            return same
    moment = Moment.objects.create(
        **who_what,
        visibility=check_visibility(visibility),
        occurred_at=when,
        note=note,
        confirmed_at=now if logger.pk == receiver_id else None,
        created_at=now,
    )
    if _visible_to_member(moment, receiver_id):
        event = moment_event(moment)
        if event is not None:
            trust_pairs.record_evidence(event=event)
    record_changed(record=moment)
    return moment


def _locked(model: type[Answered], pk: int, user: Any) -> Answered:
    """The record, locked for its answer (confirmed, disputed, acknowledged, undone), if ``user``
    may see it; else 404, as if it did not exist."""
    try:
        return model.objects.visible_to(user).select_for_update().get(pk=pk)
    except model.DoesNotExist as exc:
        raise DomainError("Not found.", code="not_found", status=404) from exc


def _unanswered_moment(moment_id: int, user: Any, answer: str) -> Moment:
    """The moment, locked, for its receiver to ``answer`` (confirm or dispute) once, never both."""
    moment = _locked(Moment, moment_id, user)
    if moment.receiver_id != user.pk:
        raise DomainError(
            f"Only the person who received this moment can {answer} it.",
            code="not_receiver",
            status=403,
        )
    if moment.confirmed_at is not None:
        raise DomainError("This moment is already confirmed.", code="already_confirmed", status=409)
    if moment.disputed_at is not None:
        message = (
            "This moment is already disputed."
            if answer == "dispute"
            else "This moment is disputed."
        )
        raise DomainError(message, code="already_disputed", status=409)
    return moment


@transaction.atomic
def confirm_moment(*, moment_id: int, user: Any, now: datetime | None = None) -> Moment:
    """The receiver confirms a self-reported moment: it becomes stronger evidence."""
    moment = _unanswered_moment(moment_id, user, "confirm")
    old = moment_event(moment)
    moment.confirmed_at = now or timezone.now()
    moment.save(update_fields=["confirmed_at", "updated_at"])
    new = moment_event(moment)
    if old is not None and new is not None:
        trust_pairs.replace_evidence(old=old, new=new)
    bump_revision(space_ids=[moment.space_id])
    return moment


def _dispute_note(note: str) -> str:
    try:
        return clean_user_text(note, field="Your reason", max_length=200, required=False)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], fields={"note": exc.messages[0]}) from exc


@transaction.atomic
def dispute_moment(
    *, moment_id: int, user: Any, note: str = "", now: datetime | None = None
) -> Moment:
    """The receiver says a self-reported moment did not happen like that. Shown as a dispute."""
    moment = _unanswered_moment(moment_id, user, "dispute")
    old = moment_event(moment)
    moment.disputed_at = now or timezone.now()
    moment.dispute_note = _dispute_note(note)
    moment.save(update_fields=["disputed_at", "dispute_note", "updated_at"])
    if old is not None:
        trust_pairs.retract_evidence(event=old)
    bump_revision(space_ids=[moment.space_id])
    return moment


@transaction.atomic
def undo_moment(*, moment_id: int, user: Any, now: datetime | None = None) -> None:
    """The person who logged a moment takes it back, shortly after logging it."""
    moment = _locked(Moment, moment_id, user)
    require_owner(moment, user, "Only the person who logged this moment can undo it.")
    if (now or timezone.now()) - moment.created_at > UNDO_WINDOW:
        raise DomainError(
            "It is too late to undo this moment. You can make it private instead.",
            code="undo_expired",
            status=409,
        )
    receiver, actor = moment.receiver, moment.actor
    # Only a receiver who could see it counted it: another member's pair is left untouched by
    # a private moment taken back (rewritten, it would tell their next view).
    counted = _visible_to_member(moment, moment.receiver_id)
    moment.delete()
    if counted and receiver is not None and actor is not None:
        trust_pairs.rebuild_pair(space=moment.space, truster=receiver, trustee=actor)
    record_changed(record=moment)


# --- Disclosures ---------------------------------------------------------------------------------


@transaction.atomic
def create_disclosure(
    *,
    space: Space,
    owner: Any,
    kind: str,
    text: str,
    occurred_at: datetime | None = None,
    visibility: str = Visibility.SPACE,
    now: datetime | None = None,
) -> Disclosure:
    now = now or timezone.now()
    if kind not in Disclosure.Kind.values:
        known = ", ".join(Disclosure.Kind.values)
        raise DomainError(
            f"Unknown kind of disclosure {kind!r}. Known kinds: {known}.",
            code="unknown_kind",
            fields={"kind": "unknown"},
        )
    _member_writes(space, owner)
    return _add_dated(Disclosure, space, owner, occurred_at, visibility, now, kind=kind, text=text)


@transaction.atomic
def acknowledge_disclosure(
    *, disclosure_id: int, user: Any, now: datetime | None = None
) -> Disclosure:
    disclosure = _locked(Disclosure, disclosure_id, user)
    if disclosure.owner_id == user.pk:
        raise DomainError(
            "The other person acknowledges a disclosure, not the one who made it.",
            code="own_disclosure",
            status=403,
        )
    if not _active_member_ids(disclosure.space, [user.pk]):
        raise DomainError(
            "Only a member of the space can acknowledge this.", code="forbidden", status=403
        )
    if disclosure.acknowledged_at is not None:
        raise DomainError(
            "This disclosure is already acknowledged.", code="already_acknowledged", status=409
        )
    disclosure.acknowledged_by = user
    disclosure.acknowledged_at = now or timezone.now()
    disclosure.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    event = disclosure_event(disclosure)
    if event is not None:
        trust_pairs.record_evidence(event=event)
    bump_revision(space_ids=[disclosure.space_id])
    return disclosure


# --- Felt trust and forgiveness ------------------------------------------------------------------


def _check_scale(value: int | None, field: str, *, required: bool) -> int | None:
    if value is None:
        if required:
            raise DomainError("Choose a number from 0 to 10.", fields={field: "required"})
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise DomainError("Choose a whole number from 0 to 10.", fields={field: "range"})
    return value


@transaction.atomic
def record_checkin(
    *,
    space: Space,
    owner: Any,
    about_id: int,
    felt_trust: int,
    forgiveness: int | None = None,
    note: str = "",
    occurred_at: datetime | None = None,
    visibility: str = Visibility.PRIVATE,
    now: datetime | None = None,
) -> FeltTrustCheckIn:
    """How much the owner feels they trust, and have forgiven, another member. Private by
    default; it never feeds the evidence index."""
    now = now or timezone.now()
    if about_id == owner.pk:
        raise DomainError(
            "A check-in is about another member of the space.", fields={"about": "self"}
        )
    if about_id not in _member_writes(space, owner, about_id):
        raise DomainError(
            "The person must be a member of this space.",
            code="not_member",
            fields={"about": "not_member"},
        )
    felt = _check_scale(felt_trust, "felt_trust", required=True)
    assert felt is not None  # required=True
    return _add_dated(
        FeltTrustCheckIn,
        space,
        owner,
        occurred_at,
        visibility,
        now,
        about_id=about_id,
        felt_trust=felt,
        forgiveness=_check_scale(forgiveness, "forgiveness", required=False),
        note=note,
    )
