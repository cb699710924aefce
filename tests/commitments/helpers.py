"""Shared set-up for the commitments tests."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from mend.commitments import occurrences, services
from mend.commitments.models import Commitment, Occurrence
from mend.commitments.schedule import ScheduleInput, to_recurrence
from mend.domain.recurrence import Recurrence, parse_rrule

CONCRETE = "I text you if I will be home after 19:00"
HOW = "You get a text from me before 18:30"
EARLIER = "I text you by 18:30 if I will be home after 19:00"


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
    recurrence: Recurrence | None = None,
    now: datetime | None = None,
) -> Commitment:
    """``recurrence``, when given, stands for ``rrule`` and ``start``; ``now`` is when it is made
    (the present by default)."""
    start = start or (timezone.now() - timedelta(hours=3)).replace(microsecond=0)
    return services.create_commitment(
        space=space,
        owner=owner,
        made_to=made_to,
        what=what,
        how_known=how_known,
        recurrence=recurrence or parse_rrule(rrule, start.astimezone(UTC)),
        visibility=visibility,
        now=now,
    )


def coffee_every_morning(space: Any, owner: Any, made_to: Any, *, days: int = 40) -> Commitment:
    """A daily commitment at 7:30, made ``days`` days ago as a schedule from the form: a long
    list of past times."""
    start = timezone.now() - timedelta(days=days)
    daily = ScheduleInput(repeat="daily", start_date=start.date(), time_of_day=time(7, 30))
    return make_commitment(
        space,
        owner,
        made_to,
        what="I make us both a coffee every morning before work",
        how_known="There is a coffee waiting for you at 7:30",
        recurrence=to_recurrence(daily),
        now=start - timedelta(hours=1),
    )


def first_occurrence(commitment: Commitment) -> Occurrence:
    """The occurrence three hours ago (due, reportable)."""
    occurrences.materialise_due(timezone.now(), commitment_ids=[commitment.pk])
    return Occurrence.objects.filter(commitment=commitment).order_by("due_at").first()  # type: ignore[return-value]


def offer_new_terms(
    commitment: Commitment,
    user: Any,
    *,
    what: str = EARLIER,
    rrule: str = "FREQ=DAILY",
    reason: str = "Earlier",
) -> Commitment:
    """``user`` offers new terms for ``commitment``, their schedule starting in an hour."""
    return services.renegotiate_commitment(
        commitment=commitment,
        user=user,
        what=what,
        how_known=HOW,
        recurrence=parse_rrule(rrule, timezone.now() + timedelta(hours=1)),
        reason=reason,
    )
