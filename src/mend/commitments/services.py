"""Writes for commitments: create, propose, accept, renegotiate, pause, end; occurrences and
their reports and responses; calendar feeds.

Every state change of an occurrence locks its row (select_for_update) so that a confirmation
and a dispute arriving at once cannot both win.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from mend.commitments import hooks
from mend.commitments.models import (
    CalendarFeed,
    Commitment,
    CommitmentVersion,
    Occurrence,
    TermsProposal,
    terms_of,
)
from mend.commitments.occurrences import REPORT_EARLY_TOLERANCE
from mend.core.exceptions import DomainError
from mend.domain.commitment_text import Prompt, check_commitment
from mend.domain.recurrence import Recurrence, describe
from mend.spaces import services as space_services
from mend.spaces.models import Membership, Space
from mend.spaces.visibility import SPACE_LEVELS, Visibility, check_visibility

# A new schedule may start a little in the past (today at 08:00, written at 10:00), not more.
MAX_START_IN_PAST = timedelta(days=1)

Status = Commitment.Status


class VagueCommitmentError(DomainError):
    """The commitment could be more concrete; the person may save it anyway."""

    def __init__(self, prompts: list[Prompt]) -> None:
        fields: dict[str, Any] = {}
        for prompt in prompts:
            fields.setdefault(prompt.field, prompt.message)
        super().__init__(
            "This commitment could be more concrete. Make it concrete, or save it as it is "
            "(save_anyway).",
            code="vague_commitment",
            status=400,
            fields=fields,
        )
        self.prompts = prompts


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _is_member(space: Space, user: Any) -> bool:
    return Membership.objects.active().filter(space=space, user=user).exists()


def _check_terms(
    *,
    what: str,
    how_known: str,
    recurrence: Recurrence,
    save_anyway: bool,
    now: datetime,
) -> None:
    if recurrence.start < now - MAX_START_IN_PAST:
        raise DomainError(
            "The first time is more than a day ago. Choose today or a later date.",
            code="start_in_past",
            fields={"start_date": "in_past"},
        )
    if not save_anyway:
        prompts = check_commitment(what, describe(recurrence), how_known)
        # The schedule is always structured, so "when" is concrete by construction; a prompt
        # about it would only be about the wording of "what".
        prompts = [p for p in prompts if p.field != "when"]
        if prompts:
            raise VagueCommitmentError(prompts)


def _check_people(space: Space, committer: Any, made_to: Any) -> None:
    if made_to is None or not _is_member(space, made_to):
        raise DomainError(
            "The person the commitment is made to must be a member of this space.",
            fields={"made_to": "not_member"},
        )
    if committer is None or not _is_member(space, committer):
        raise DomainError(
            "The person who commits must be a member of this space.",
            fields={"committer": "not_member"},
        )
    if committer.pk == made_to.pk:
        raise DomainError(
            "A commitment is made to someone else in the space.", fields={"made_to": "self"}
        )


def _schedule(recurrence: Recurrence) -> dict[str, Any]:
    """A recurrence as a commitment's schedule fields (an empty rule for a one-off)."""
    return {
        "rrule": recurrence.rrule or "",
        "dtstart": recurrence.start,
        "timezone": recurrence.timezone,
    }


def _add_version(
    commitment: Commitment, *, changed_by: Any, reason: str, at: datetime
) -> CommitmentVersion:
    return CommitmentVersion.objects.create(
        commitment=commitment,
        number=commitment.version,
        **terms_of(commitment),
        changed_by=changed_by,
        changed_at=at,
        reason=reason,
    )


@transaction.atomic
def create_commitment(
    *,
    space: Space,
    owner: Any,
    made_to: Any,
    what: str,
    how_known: str,
    recurrence: Recurrence,
    visibility: str = Visibility.SPACE,
    save_anyway: bool = False,
    now: datetime | None = None,
) -> Commitment:
    """``owner`` commits to ``made_to``; active at once."""
    now = now or timezone.now()
    _check_people(space, owner, made_to)
    check_visibility(visibility)
    terms = (what, how_known, recurrence, save_anyway)
    return _new_commitment(space, owner, made_to, terms, visibility=visibility, by=owner, now=now)


def _new_commitment(
    space: Space,
    owner: Any,
    made_to: Any,
    terms: tuple[str, str, Recurrence, bool],
    *,
    visibility: str,
    by: Any,
    now: datetime,
) -> Commitment:
    """A new commitment and its first version, once its terms hold. Written by its owner it
    is active at once; written by anyone else it is their proposal, waiting for the owner."""
    what, how_known, recurrence, save_anyway = terms
    _check_terms(
        what=what, how_known=how_known, recurrence=recurrence, save_anyway=save_anyway, now=now
    )
    proposed = by.pk != owner.pk
    commitment = Commitment.objects.create(
        space=space,
        owner=owner,
        made_to=made_to,
        proposed_by=by if proposed else None,
        visibility=visibility,
        what=what,
        how_known=how_known,
        **_schedule(recurrence),
        status=Status.PROPOSED if proposed else Status.ACTIVE,
        status_changed_at=now,
        created_at=now,
        materialised_until=None if proposed else recurrence.start,
    )
    _add_version(commitment, changed_by=by, reason="Proposed" if proposed else "", at=now)
    space_services.record_changed(record=commitment)
    return commitment


@transaction.atomic
def propose_commitment(
    *,
    space: Space,
    proposer: Any,
    committer: Any,
    what: str,
    how_known: str,
    recurrence: Recurrence,
    visibility: str = Visibility.SPACE,
    save_anyway: bool = False,
    now: datetime | None = None,
) -> Commitment:
    """The hurt person asks for a commitment; it waits for the committer to accept or decline.

    A proposal is owned by the committer (it is their commitment once accepted) and must be
    shared with the space, or the committer could not be asked and the proposer could not see it.
    """
    now = now or timezone.now()
    _check_people(space, committer, proposer)
    check_visibility(visibility)
    if visibility not in SPACE_LEVELS:
        raise DomainError(
            "A proposal is shared with the space, so that both of you can see it.",
            fields={"visibility": "must_be_shared"},
        )
    terms = (what, how_known, recurrence, save_anyway)
    return _new_commitment(
        space, committer, proposer, terms, visibility=visibility, by=proposer, now=now
    )


def _locked(commitment: Commitment) -> Commitment:
    return Commitment.objects.select_for_update().get(pk=commitment.pk)


def _require_committer(commitment: Commitment, user: Any, action: str) -> None:
    space_services.require_owner(commitment, user, f"Only the person who commits can {action}.")


def _locked_for_committer(
    commitment: Commitment, user: Any, action: str, *allowed: str
) -> Commitment:
    """The commitment, locked, once it is sure ``user`` made it and it is in an allowed state."""
    commitment = _locked(commitment)
    _require_committer(commitment, user, action)
    _require_status(commitment, *allowed)
    return commitment


def _conflict(message: str, code: str = "conflict") -> DomainError:
    return DomainError(message, code=code, status=409)


def _require_status(commitment: Commitment, *allowed: str) -> None:
    if commitment.status not in allowed:
        label = Status(commitment.status).label.lower()
        raise _conflict(f"This commitment is {label}.", code=f"commitment_{commitment.status}")


def _drop_future(commitment: Commitment, now: datetime) -> None:
    """Unreported occurrences still to come no longer apply (pause, end, new terms)."""
    Occurrence.objects.filter(commitment=commitment, due_at__gt=now, reported_outcome="").delete()


def _set_status(commitment: Commitment, status: str, now: datetime, **extra: Any) -> Commitment:
    commitment.status = status
    commitment.status_changed_at = now
    for name, value in extra.items():
        setattr(commitment, name, value)
    commitment.save(update_fields=["status", "status_changed_at", "updated_at", *extra])
    space_services.record_changed(record=commitment)
    return commitment


@transaction.atomic
def accept_proposal(
    *, commitment: Commitment, user: Any, now: datetime | None = None
) -> Commitment:
    now = now or timezone.now()
    commitment = _locked_for_committer(commitment, user, "accept this proposal", Status.PROPOSED)
    start = max(commitment.dtstart, now - MAX_START_IN_PAST)
    return _set_status(commitment, Status.ACTIVE, now, materialised_until=start)


@transaction.atomic
def decline_proposal(
    *, commitment: Commitment, user: Any, now: datetime | None = None
) -> Commitment:
    now = now or timezone.now()
    commitment = _locked_for_committer(commitment, user, "decline this proposal", Status.PROPOSED)
    return _set_status(commitment, Status.DECLINED, now)


@transaction.atomic
def pause_commitment(
    *, commitment: Commitment, user: Any, now: datetime | None = None
) -> Commitment:
    now = now or timezone.now()
    commitment = _locked_for_committer(commitment, user, "pause it", Status.ACTIVE)
    _drop_future(commitment, now)
    return _set_status(commitment, Status.PAUSED, now)


@transaction.atomic
def resume_commitment(
    *, commitment: Commitment, user: Any, now: datetime | None = None
) -> Commitment:
    now = now or timezone.now()
    commitment = _locked_for_committer(commitment, user, "resume it", Status.PAUSED)
    # The paused stretch is skipped, not back-filled with occurrences nobody could keep.
    return _set_status(commitment, Status.ACTIVE, now, materialised_until=now)


@transaction.atomic
def end_commitment(*, commitment: Commitment, user: Any, now: datetime | None = None) -> Commitment:
    now = now or timezone.now()
    commitment = _locked_for_committer(commitment, user, "end it", Status.ACTIVE, Status.PAUSED)
    _drop_future(commitment, now)
    return _set_status(commitment, Status.ENDED, now)


@transaction.atomic
def renegotiate_commitment(
    *,
    commitment: Commitment,
    user: Any,
    what: str,
    how_known: str,
    recurrence: Recurrence,
    reason: str,
    save_anyway: bool = False,
    now: datetime | None = None,
) -> Commitment:
    """New terms. A commitment made to someone else changes only when that person agrees (a
    ``TermsProposal``; the current terms stay in force until then); one made to nobody, or
    still a proposal, changes at once as a new version. Earlier versions and reported
    occurrences are kept."""
    now = now or timezone.now()
    commitment = _locked_for_committer(
        commitment, user, "renegotiate it", Status.ACTIVE, Status.PAUSED, Status.PROPOSED
    )
    _check_terms(
        what=what, how_known=how_known, recurrence=recurrence, save_anyway=save_anyway, now=now
    )
    terms = {"what": what, "how_known": how_known, **_schedule(recurrence)}
    other = commitment.made_to_id
    if commitment.status != Status.PROPOSED and other is not None and other != user.pk:
        TermsProposal.objects.filter(
            commitment=commitment, status=TermsProposal.Status.PENDING
        ).update(status=TermsProposal.Status.WITHDRAWN, decided_at=now)
        TermsProposal.objects.create(
            commitment=commitment, **terms, reason=reason, proposed_by=user, proposed_at=now
        )
        return commitment
    return _apply_terms(commitment, terms, changed_by=user, reason=reason, now=now)


def _apply_terms(
    commitment: Commitment, terms: dict[str, Any], *, changed_by: Any, reason: str, now: datetime
) -> Commitment:
    _drop_future(commitment, now)
    for name, value in terms.items():
        setattr(commitment, name, value)
    commitment.version += 1
    commitment.materialised_until = max(commitment.dtstart, now)
    commitment.save()
    _add_version(commitment, changed_by=changed_by, reason=reason, at=now)
    hooks.commitment_rewritten.send(commitment)
    space_services.record_changed(record=commitment)
    return commitment


def _pending_terms(commitment: Commitment) -> TermsProposal:
    found = (
        TermsProposal.objects.select_for_update()
        .filter(commitment=commitment, status=TermsProposal.Status.PENDING)
        .first()
    )
    if found is None:
        raise _conflict("There are no new terms waiting for an answer.", code="no_pending_terms")
    return found


@transaction.atomic
def answer_terms(
    *, commitment: Commitment, user: Any, agree: bool, now: datetime | None = None
) -> Commitment:
    """The person the commitment was made to agrees to the new terms (they take effect now) or
    does not (the current terms stay)."""
    now = now or timezone.now()
    commitment = _locked(commitment)
    if commitment.made_to_id != user.pk:
        raise DomainError(
            "Only the person this commitment was made to can agree to new terms.",
            code="forbidden",
            status=403,
        )
    proposal = _pending_terms(commitment)
    proposal.status = TermsProposal.Status.ACCEPTED if agree else TermsProposal.Status.DECLINED
    proposal.decided_at = now
    proposal.save(update_fields=["status", "decided_at"])
    if not agree:
        return commitment
    _require_status(commitment, Status.ACTIVE, Status.PAUSED)
    terms = {**terms_of(proposal), "dtstart": max(proposal.dtstart, now - MAX_START_IN_PAST)}
    return _apply_terms(
        commitment, terms, changed_by=proposal.proposed_by, reason=proposal.reason, now=now
    )


@transaction.atomic
def withdraw_terms(*, commitment: Commitment, user: Any, now: datetime | None = None) -> Commitment:
    commitment = _locked(commitment)
    _require_committer(commitment, user, "withdraw its new terms")
    proposal = _pending_terms(commitment)
    proposal.status = TermsProposal.Status.WITHDRAWN
    proposal.decided_at = now or timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    return commitment


@transaction.atomic
def set_commitment_visibility(*, commitment: Commitment, user: Any, visibility: str) -> Commitment:
    if commitment.status == Status.PROPOSED and visibility not in SPACE_LEVELS:
        raise DomainError(
            "A proposal stays shared with the space until it is answered.",
            fields={"visibility": "must_be_shared"},
        )
    space_services.set_visibility(record=commitment, user=user, visibility=visibility)
    return commitment


# --- Occurrences ---------------------------------------------------------------------------


def _locked_occurrence(occurrence: Occurrence) -> tuple[Occurrence, Commitment]:
    commitment = Commitment.objects.select_for_update().get(pk=occurrence.commitment_id)
    locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    locked.commitment = commitment
    return locked, commitment


def _note(note: str) -> str:
    return note.strip()[:500]


def _occurrence_changed(
    commitment: Commitment, occurrence: Occurrence, before: tuple[str, str]
) -> Occurrence:
    """Tell the apps that count reports (the ledger) what changed, from what it was before."""
    hooks.occurrence_changed.send(
        hooks.OccurrenceChanged(
            commitment=commitment,
            occurrence=occurrence,
            before_outcome=before[0],
            before_response=before[1],
        )
    )
    space_services.record_changed(record=commitment)
    return occurrence


@transaction.atomic
def report_occurrence(
    *,
    occurrence: Occurrence,
    user: Any,
    outcome: str,
    note: str = "",
    now: datetime | None = None,
) -> Occurrence:
    """The committer says whether it was kept. A report cannot change once answered."""
    now = now or timezone.now()
    if outcome not in Occurrence.Outcome.values:
        raise DomainError("Report it as kept or missed.", fields={"outcome": "unknown"})
    occurrence, commitment = _locked_occurrence(occurrence)
    if commitment.owner_id != user.pk:
        raise DomainError(
            "Only the person who made the commitment reports on it.", code="forbidden", status=403
        )
    _require_status(commitment, Status.ACTIVE)
    if occurrence.due_at > now + REPORT_EARLY_TOLERANCE:
        raise DomainError(
            "This is still to come. You can report it from shortly before it is due.",
            code="not_yet_due",
            status=400,
            fields={"due_at": "future"},
        )
    if occurrence.response:
        raise _conflict(
            "The other person has already answered this report, so it stays as it is.",
            code="already_answered",
        )
    before = (occurrence.reported_outcome, occurrence.response)
    occurrence.reported_outcome = outcome
    occurrence.reported_at = now
    occurrence.report_note = _note(note)
    occurrence.save(update_fields=["reported_outcome", "reported_at", "report_note"])
    return _occurrence_changed(commitment, occurrence, before)


def _respond(
    *, occurrence: Occurrence, user: Any, response: str, note: str, now: datetime | None
) -> Occurrence:
    now = now or timezone.now()
    occurrence, commitment = _locked_occurrence(occurrence)
    if commitment.owner_id == user.pk:
        raise DomainError(
            "You cannot confirm or dispute your own report; the other person answers it.",
            code="own_occurrence",
            status=403,
        )
    if commitment.made_to_id != user.pk:
        raise DomainError(
            "Only the person this commitment was made to can answer its reports.",
            code="forbidden",
            status=403,
        )
    _require_status(commitment, Status.ACTIVE)
    if not occurrence.reported_outcome:
        raise _conflict("There is no report to answer yet.", code="not_reported")
    if occurrence.response:
        raise _conflict(
            f"This report has already been {occurrence.response}.",
            code=f"already_{occurrence.response}",
        )
    before = (occurrence.reported_outcome, occurrence.response)
    occurrence.response = response
    occurrence.responded_at = now
    occurrence.responded_by = user
    occurrence.response_note = _note(note)
    occurrence.save(update_fields=["response", "responded_at", "responded_by", "response_note"])
    return _occurrence_changed(commitment, occurrence, before)


@transaction.atomic
def confirm_occurrence(
    *, occurrence: Occurrence, user: Any, note: str = "", now: datetime | None = None
) -> Occurrence:
    return _respond(
        occurrence=occurrence,
        user=user,
        response=Occurrence.Response.CONFIRMED,
        note=note,
        now=now,
    )


@transaction.atomic
def dispute_occurrence(
    *, occurrence: Occurrence, user: Any, note: str = "", now: datetime | None = None
) -> Occurrence:
    return _respond(
        occurrence=occurrence, user=user, response=Occurrence.Response.DISPUTED, note=note, now=now
    )


# --- Calendar feed ---------------------------------------------------------------------------


@transaction.atomic
def create_calendar_feed(
    *, user: Any, show_details: bool = False, now: datetime | None = None
) -> tuple[CalendarFeed, str]:
    """A new secret address; any earlier one stops working. The secret is shown only once."""
    now = now or timezone.now()
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        user=user, digest=_digest(secret), show_details=show_details, created_at=now
    )
    return feed, secret


@transaction.atomic
def revoke_calendar_feed(*, user: Any, now: datetime | None = None) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def feed_for_secret(secret: str) -> CalendarFeed | None:
    if not secret or len(secret) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
