"""The ledger's answers to hooks of lower apps (connected in ``LedgerConfig.ready``).

Each keeps the stored trust pairs true to what each person may now see.
"""

from __future__ import annotations

from typing import Any

from mend.commitments.hooks import OccurrenceChanged
from mend.commitments.models import Commitment
from mend.ledger import trust_pairs
from mend.ledger.breach_evidence import breach_event, hurt_people
from mend.ledger.commitment_evidence import event_kind, occurrence_event
from mend.ledger.models import Disclosure, Moment
from mend.spaces.hooks import BreachChanged, MemberLeft, VisibilityChanged
from mend.spaces.models import Breach, Membership
from mend.spaces.selectors import active_members
from mend.spaces.visibility import SPACE_LEVELS, shared_with_space


def member_left(change: MemberLeft) -> None:
    """The leaver's records stop counting for anyone left in the space."""
    trust_pairs.rebuild_space(space=change.space)


def visibility_changed(change: VisibilityChanged) -> None:
    if not (shared_with_space(change.old) or shared_with_space(change.new)):
        # Between "only me" and "me and our counsellor": the owner counts their own record
        # either way and no other member could see it before or after, so no pair changes (and
        # another member's pair rewritten would tell their next view that something private
        # had moved).
        return
    record = change.record
    if isinstance(record, Moment):
        if record.actor is not None and record.receiver is not None:
            trust_pairs.rebuild_pair(
                space=record.space, truster=record.receiver, trustee=record.actor
            )
    elif isinstance(record, Disclosure):
        if record.acknowledged_by is not None:
            trust_pairs.rebuild_pair(
                space=record.space, truster=record.acknowledged_by, trustee=record.owner
            )
    elif isinstance(record, Commitment):
        _rebuild_trusting(record)
    elif isinstance(record, Breach):
        _rebuild_breach_pairs(record)


def _may_see(breach: Breach, user_id: int) -> bool:
    return Breach.objects.visible_to(_user(breach, user_id)).filter(pk=breach.pk).exists()


def _user(breach: Breach, user_id: int) -> Any:
    return breach.owner if user_id == breach.owner_id else breach.other_person


def _rebuild_breach_pairs(breach: Breach) -> None:
    """Both orders of the pair: who the breach counts for may have changed."""
    if breach.other_person is None:
        return
    for truster, trustee in (
        (breach.owner, breach.other_person),
        (breach.other_person, breach.owner),
    ):
        trust_pairs.rebuild_pair(space=breach.space, truster=truster, trustee=trustee)


def breach_changed(change: BreachChanged) -> None:
    """A new breach is evidence (or a claim) for each person it hurt who may see it; an
    acknowledged one turns the acknowledger's claim into evidence."""
    breach = change.breach
    if change.acknowledged:
        # Rebuilt rather than swapped: whether the claim was counted before depends on who
        # could see the breach then, and one pair is cheap to recompute.
        _rebuild_breach_pairs(breach)
        return
    for truster_id in hurt_people(breach):
        event = breach_event(breach, truster_id)
        if event is not None and _may_see(breach, truster_id):
            trust_pairs.record_evidence(event=event)


def _trusters(commitment: Commitment) -> list[int]:
    """Members (other than the committer) who can see the commitment, so its evidence is theirs."""
    if commitment.visibility not in SPACE_LEVELS:
        return []
    ids = list(
        Membership.objects.active()
        .filter(space_id=commitment.space_id)
        .values_list("user_id", flat=True)
    )
    if commitment.owner_id not in ids:
        return []
    return [pk for pk in ids if pk != commitment.owner_id]


def occurrence_changed(change: OccurrenceChanged) -> None:
    """Update the stored pairs after an occurrence was reported, confirmed or disputed."""
    commitment, occurrence = change.commitment, change.occurrence
    before = event_kind(change.before_outcome, change.before_response)
    after = event_kind(occurrence.reported_outcome, occurrence.response)
    if after == before:
        return
    for truster_id in _trusters(commitment):
        new = occurrence_event(commitment, occurrence, truster_id)
        if new is None:
            continue
        if before is None:
            trust_pairs.record_evidence(event=new)
        else:
            old = occurrence_event(commitment, occurrence, truster_id, kind=before)
            assert old is not None
            trust_pairs.replace_evidence(old=old, new=new)


def commitment_rewritten(commitment: Any) -> None:
    """New terms: recompute the pairs that count the commitment. Only a commitment shared with
    the space counts for anyone (its owner is never their own truster); another member's pair
    rewritten for one they cannot see would tell their next view that something had moved."""
    if shared_with_space(commitment.visibility):
        _rebuild_trusting(commitment)


def _rebuild_trusting(commitment: Any) -> None:
    """Recompute every pair in which the commitment's owner is trusted."""
    owner = commitment.owner
    for member in active_members(commitment.space):
        if member.pk != owner.pk:
            trust_pairs.rebuild_pair(space=commitment.space, truster=member, trustee=owner)
