"""Commitments as evidence for the trust index.

An occurrence of B's commitment that A may see tells A something about B once B has reported
it: kept and confirmed, kept by B's own report, missed, or disputed (an open disagreement).
The commitments app knows nothing of trust; it announces changes through its hooks and
``mend.ledger.reactions`` turns them into evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from mend.commitments.models import Commitment, Occurrence
from mend.ledger.evidence import EvidenceEvent


def event_kind(reported_outcome: str, response: str) -> str | None:
    """The evidence kind of an occurrence in a given state (None: no evidence yet)."""
    if response == Occurrence.Response.DISPUTED:
        return "commitment_disputed"
    if reported_outcome == Occurrence.Outcome.MISSED:
        return "commitment_missed"
    if reported_outcome == Occurrence.Outcome.KEPT:
        if response == Occurrence.Response.CONFIRMED:
            return "commitment_kept_confirmed"
        return "commitment_kept_self_reported"
    return None


def occurrence_event(
    commitment: Commitment, occurrence: Occurrence, truster_id: int, *, kind: str | None = None
) -> EvidenceEvent | None:
    """The evidence one reported occurrence gives ``truster_id`` (None before a report)."""
    kind = kind or event_kind(occurrence.reported_outcome, occurrence.response)
    if kind is None or truster_id == commitment.owner_id:
        return None
    return EvidenceEvent(
        space_id=commitment.space_id,
        truster_id=truster_id,
        trustee_id=commitment.owner_id,
        at=occurrence.due_at,
        kind=kind,
        positive=kind != "commitment_missed",
        source=("commitment_occurrence", occurrence.pk),
    )


def commitment_evidence(
    space: Any, truster: Any, trustee: Any, *, since: datetime | None = None
) -> Iterator[EvidenceEvent]:
    """Reported occurrences of ``trustee``'s commitments that ``truster`` may see."""
    if truster.pk == trustee.pk:
        return
    visible = Commitment.objects.visible_to(truster).filter(space=space, owner=trustee)
    rows = (
        Occurrence.objects.filter(commitment__in=visible.values("pk"))
        .exclude(reported_outcome="")
        .select_related("commitment")
        .only(
            "id",
            "due_at",
            "reported_outcome",
            "response",
            "commitment__id",
            "commitment__space_id",
            "commitment__owner_id",
        )
        .order_by("due_at", "id")
    )
    if since is not None:
        rows = rows.filter(due_at__gte=since)
    for occurrence in rows.iterator(chunk_size=2000):
        event = occurrence_event(occurrence.commitment, occurrence, truster.pk)
        if event is not None:
            yield event
