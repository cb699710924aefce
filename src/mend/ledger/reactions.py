"""The ledger's answers to hooks of lower apps (connected in ``LedgerConfig.ready``).

Each keeps the stored trust pairs true to what each person may now see.
"""

from __future__ import annotations

from typing import Any

from mend.commitments.hooks import OccurrenceChanged
from mend.commitments.models import Commitment
from mend.ledger import trust_pairs
from mend.ledger.commitment_evidence import event_kind, occurrence_event
from mend.ledger.models import Disclosure, Moment
from mend.spaces.hooks import MemberLeft, VisibilityChanged
from mend.spaces.models import Membership
from mend.spaces.selectors import active_members
from mend.spaces.visibility import SPACE_LEVELS


def member_left(change: MemberLeft) -> None:
    """The leaver's records stop counting for anyone left in the space."""
    trust_pairs.rebuild_space(space=change.space)


def visibility_changed(change: VisibilityChanged) -> None:
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
        commitment_rewritten(record)


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
    """Recompute every pair in which the commitment's owner is trusted."""
    owner = commitment.owner
    for member in active_members(commitment.space):
        if member.pk != owner.pk:
            trust_pairs.rebuild_pair(space=commitment.space, truster=member, trustee=owner)
