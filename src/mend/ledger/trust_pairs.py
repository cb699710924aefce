"""Writes to the stored trust state of each ordered pair.

The index is never recomputed from all history on a read: every new item of evidence updates the
stored ``TrustPairState`` incrementally (``record_evidence``), and anything that changes the past
(a visibility change, a dispute that overturns a report, a deletion) recomputes the one pair
from all sources (``rebuild_pair``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from mend.domain.trust import DEFAULT_PARAMS, Evidence, TrustParams, TrustState, tally_claims
from mend.ledger.evidence import EvidenceEvent
from mend.ledger.models import TrustPairState
from mend.ledger.sources import all_evidence
from mend.spaces.selectors import active_members

PARAMS: TrustParams = DEFAULT_PARAMS

# Every column a change of evidence writes (the state's four totals and the claim counts).
_STATE_FIELDS = ["r", "s", "lasting", "as_of", "claims_positive", "claims_negative"]


def _count_claim(row: TrustPairState, item: Evidence, direction: int) -> None:
    """A claim changes no total, only the count of reports waiting for the truster."""
    if not item.claim:
        return
    if item.positive:
        row.claims_positive = max(0, row.claims_positive + direction)
    else:
        row.claims_negative = max(0, row.claims_negative + direction)


def _locked_state(space_id: int, truster_id: int, trustee_id: int) -> TrustPairState:
    row, _ = TrustPairState.objects.select_for_update().get_or_create(
        space_id=space_id,
        truster_id=truster_id,
        trustee_id=trustee_id,
        defaults={"as_of": TrustState.empty().as_of},
    )
    return row


def record_evidence(*, event: EvidenceEvent) -> None:
    """Add one event to its pair's stored state, inside the caller's transaction."""
    with transaction.atomic():
        row = _locked_state(event.space_id, event.truster_id, event.trustee_id)
        item = event.as_evidence(PARAMS)
        row.set_state(row.state.add(item, PARAMS))
        _count_claim(row, item, 1)
        row.items += 1
        row.save(update_fields=[*_STATE_FIELDS, "items", "updated_at"])


def retract_evidence(*, event: EvidenceEvent) -> None:
    """Take back an event added earlier with ``record_evidence`` (the model is linear)."""
    with transaction.atomic():
        row = _locked_state(event.space_id, event.truster_id, event.trustee_id)
        item = event.as_evidence(PARAMS)
        row.set_state(row.state.remove(item, PARAMS))
        _count_claim(row, item, -1)
        row.items = max(0, row.items - 1)
        row.save(update_fields=[*_STATE_FIELDS, "items", "updated_at"])


def replace_evidence(*, old: EvidenceEvent, new: EvidenceEvent) -> None:
    """A self-report became confirmed (or the like): swap one event for another."""
    if (old.space_id, old.truster_id, old.trustee_id) != (
        new.space_id,
        new.truster_id,
        new.trustee_id,
    ):
        raise ValueError("replace_evidence needs two events of the same pair")
    with transaction.atomic():
        row = _locked_state(new.space_id, new.truster_id, new.trustee_id)
        old_item, new_item = old.as_evidence(PARAMS), new.as_evidence(PARAMS)
        row.set_state(row.state.remove(old_item, PARAMS).add(new_item, PARAMS))
        _count_claim(row, old_item, -1)
        _count_claim(row, new_item, 1)
        row.save(update_fields=[*_STATE_FIELDS, "updated_at"])


def rebuild_pair(*, space: Any, truster: Any, trustee: Any) -> None:
    """Recompute one pair from all SOURCES (after a visibility change or a correction)."""
    if truster.pk == trustee.pk:
        return
    with transaction.atomic():
        # Lock first, so that evidence recorded meanwhile waits and is not lost.
        row = _locked_state(space.pk, truster.pk, trustee.pk)
        events = all_evidence(space, truster, trustee)
        items = [e.as_evidence(PARAMS) for e in events]
        row.set_state(TrustState.from_items(items, PARAMS))
        claims = tally_claims(items)
        row.claims_positive, row.claims_negative = claims.positive, claims.negative
        row.items = len(events)
        row.rebuilt_at = timezone.now()
        row.save(update_fields=[*_STATE_FIELDS, "items", "rebuilt_at", "updated_at"])


def rebuild_space(*, space: Any) -> None:
    """Rebuild every ordered pair of active members of the space."""
    members = active_members(space)
    for truster in members:
        for trustee in members:
            if truster.pk != trustee.pk:
                rebuild_pair(space=space, truster=truster, trustee=trustee)
