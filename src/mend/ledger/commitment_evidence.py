"""Commitments as evidence for the trust index (a source listed in ``mend.ledger.evidence``).

An occurrence of B's commitment that A may see tells A something about B once B has reported
it: kept and confirmed, kept by B's own report, missed, or disputed (an open disagreement).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mend.commitments.models import Commitment, Occurrence
from mend.ledger.evidence import EvidenceEvent


def occurrence_event(
    commitment: Commitment, occurrence: Occurrence, truster_id: int, *, kind: str | None = None
) -> EvidenceEvent | None:
    """The evidence one reported occurrence gives ``truster_id`` (None before a report)."""
    from mend.commitments.services import commitment_event_kind

    kind = kind or commitment_event_kind(occurrence)
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


def commitment_evidence(space: Any, truster: Any, trustee: Any) -> Iterator[EvidenceEvent]:
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
    for occurrence in rows.iterator(chunk_size=2000):
        event = occurrence_event(occurrence.commitment, occurrence, truster.pk)
        if event is not None:
            yield event
