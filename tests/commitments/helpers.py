"""Shared set-up for the commitments tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from mend.commitments import occurrences, services
from mend.commitments.models import Commitment, Occurrence
from mend.domain.recurrence import parse_rrule

CONCRETE = "I text you if I will be home after 19:00"
HOW = "You get a text from me before 18:30"


def make_commitment(
    space: Any,
    owner: Any,
    made_to: Any,
    *,
    what: str = CONCRETE,
    how_known: str = HOW,
    rrule: str | None = "FREQ=DAILY",
    start: datetime | None = None,
    visibility: str = "space",
) -> Commitment:
    start = start or (timezone.now() - timedelta(hours=3)).replace(microsecond=0)
    return services.create_commitment(
        space=space,
        owner=owner,
        made_to=made_to,
        what=what,
        how_known=how_known,
        recurrence=parse_rrule(rrule, start.astimezone(UTC)),
        visibility=visibility,
    )


def first_occurrence(commitment: Commitment) -> Occurrence:
    """The occurrence three hours ago (due, reportable)."""
    occurrences.materialise_due(timezone.now(), commitment_ids=[commitment.pk])
    return Occurrence.objects.filter(commitment=commitment).order_by("due_at").first()  # type: ignore[return-value]
