"""Every source of evidence for the trust index, and all of one pair's evidence in time order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from mend.ledger.breach_evidence import breach_evidence
from mend.ledger.commitment_evidence import commitment_evidence
from mend.ledger.evidence import EvidenceEvent, disclosure_evidence, moment_evidence

Source = Callable[..., Iterable[EvidenceEvent]]

# Each takes (space, truster, trustee, *, since=None).
SOURCES: tuple[Source, ...] = (
    moment_evidence,
    disclosure_evidence,
    commitment_evidence,
    breach_evidence,
)


def all_evidence(
    space: Any, truster: Any, trustee: Any, *, since: datetime | None = None
) -> list[EvidenceEvent]:
    """Every event from every source for one ordered pair, oldest first (at or after ``since``)."""
    events: list[EvidenceEvent] = []
    for source in SOURCES:
        events.extend(source(space, truster, trustee, since=since))
    events.sort(key=lambda e: e.at)
    return events
