"""Evidence events: what a record tells one person about another, and the ledger's own sources.

A source is a callable ``(space, truster, trustee, *, since=None) -> Iterable[EvidenceEvent]``
that yields only evidence from records the truster may see (through ``visible_to(truster)``),
about the trustee's behaviour as the truster experienced it. ``mend.ledger.sources`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mend.domain.bank import get_kind
from mend.domain.trust import DEFAULT_PARAMS, Evidence, EvidenceKind, TrustParams, evidence_of
from mend.ledger.models import Disclosure, Moment

# Every kind of evidence: the domain's list is the one place where kinds meet weights
# (``trust.evidence_of``). A report nobody confirmed is a claim there, of weight 0.
EVIDENCE_KINDS: tuple[str, ...] = tuple(k.value for k in EvidenceKind)


@dataclass(frozen=True)
class EvidenceEvent:
    space_id: int
    truster_id: int  # who experienced it: whose trust this informs
    trustee_id: int  # whose behaviour it is
    at: datetime  # aware
    kind: str  # one of EVIDENCE_KINDS
    positive: bool
    source: tuple[str, int]  # (record kind, record id) for explanations

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ValueError(f"Unknown evidence kind {self.kind!r}; known: {EVIDENCE_KINDS}")
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("EvidenceEvent.at must be timezone-aware")
        if self.truster_id == self.trustee_id:
            raise ValueError("A person's evidence about themselves does not feed trust")

        # Refuses a kind whose sign is wrong (a "positive" breach) here, not on a later read.
        evidence_of(self.kind, self.at, positive=self.positive)

    def weight(self, params: TrustParams = DEFAULT_PARAMS) -> float:
        return self.as_evidence(params).weight

    def as_evidence(self, params: TrustParams = DEFAULT_PARAMS) -> Evidence:
        """The domain's item: a claim (weight 0) for an unconfirmed report, and the lasting
        part of a deception."""
        return evidence_of(self.kind, self.at, positive=self.positive, params=params)


def _moment_event(
    space_id: int, truster_id: int, trustee_id: int, row: tuple[int, str, datetime, Any]
) -> EvidenceEvent:
    """What a moment, read as (id, kind, occurred_at, confirmed_at), tells its receiver about
    its actor: a confirmed moment is evidence, a report nobody confirmed yet a claim."""
    pk, kind, at, confirmed_at = row
    return EvidenceEvent(
        space_id=space_id,
        truster_id=truster_id,
        trustee_id=trustee_id,
        at=at,
        kind="moment_confirmed" if confirmed_at is not None else "moment_self_reported",
        positive=get_kind(kind).sign > 0,
        source=("moment", pk),
    )


def moment_event(moment: Any) -> EvidenceEvent | None:
    """The evidence one moment gives its receiver about its actor (None if a person is gone)."""
    if moment.actor_id is None or moment.receiver_id is None or moment.disputed_at is not None:
        return None
    row = (moment.pk, moment.kind, moment.occurred_at, moment.confirmed_at)
    return _moment_event(moment.space_id, moment.receiver_id, moment.actor_id, row)


def disclosure_event(disclosure: Any) -> EvidenceEvent | None:
    """An acknowledged disclosure informs the acknowledger's trust in its owner."""
    if disclosure.acknowledged_by_id is None or disclosure.acknowledged_at is None:
        return None
    if disclosure.acknowledged_by_id == disclosure.owner_id:
        return None
    return EvidenceEvent(
        space_id=disclosure.space_id,
        truster_id=disclosure.acknowledged_by_id,
        trustee_id=disclosure.owner_id,
        at=disclosure.occurred_at,
        kind="disclosure_acknowledged",
        positive=True,
        source=("disclosure", disclosure.pk),
    )


def moment_evidence(
    space: Any, truster: Any, trustee: Any, *, since: datetime | None = None
) -> Iterator[EvidenceEvent]:
    # Plain tuples, not model instances: the dashboard reads a window of these on every view.
    rows = (
        Moment.objects.visible_to(truster)
        .filter(space=space, actor=trustee, receiver=truster, disputed_at__isnull=True)
        .order_by("occurred_at", "id")
        .values_list("id", "kind", "occurred_at", "confirmed_at")
    )
    if since is not None:
        rows = rows.filter(occurred_at__gte=since)
    space_id, truster_id, trustee_id = space.pk, truster.pk, trustee.pk
    if truster_id == trustee_id:
        return
    for row in rows.iterator(chunk_size=2000):
        yield _moment_event(space_id, truster_id, trustee_id, row)


def disclosure_evidence(
    space: Any, truster: Any, trustee: Any, *, since: datetime | None = None
) -> Iterator[EvidenceEvent]:
    rows = (
        Disclosure.objects.visible_to(truster)
        .filter(space=space, owner=trustee, acknowledged_by=truster)
        .only("id", "space_id", "owner_id", "acknowledged_by_id", "acknowledged_at", "occurred_at")
        .order_by("occurred_at", "id")
    )
    if since is not None:
        rows = rows.filter(occurred_at__gte=since)
    for disclosure in rows.iterator(chunk_size=2000):
        event = disclosure_event(disclosure)
        if event is not None:
            yield event
