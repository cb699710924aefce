"""Occurrence rows of recurring commitments: made ahead of time, reported from shortly before."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from mend.commitments.models import Commitment, Occurrence
from mend.commitments.schedule import recurrence_of
from mend.domain.recurrence import MAX_OCCURRENCES, RecurrenceError
from mend.domain.recurrence import occurrences as expand
from mend.spaces.models import Space

# A report may come a little before the due time (the text was sent at 18:40 for 19:00), but
# not for something still well in the future.
REPORT_EARLY_TOLERANCE = timedelta(hours=2)
# Views and reminders materialise occurrences up to this far ahead.
DEFAULT_HORIZON = timedelta(days=7)


def materialise_due(
    now: datetime,
    *,
    horizon: timedelta = DEFAULT_HORIZON,
    space: Space | None = None,
    commitment_ids: Iterable[int] | None = None,
) -> int:
    """Make sure the occurrence rows of active commitments exist up to ``now + horizon``.

    A commitment that needs work is materialised twice as far ahead, so that most page views
    find nothing to do and write nothing. Idempotent (the unique (commitment, due_at)
    constraint absorbs a concurrent run) and a fixed number of queries however many commitments
    need work. Returns the rows written.
    """
    pending = Commitment.objects.filter(status=Commitment.Status.ACTIVE).filter(
        Q(materialised_until__isnull=True) | Q(materialised_until__lt=now + horizon)
    )
    until = now + 2 * horizon
    if space is not None:
        pending = pending.filter(space=space)
    if commitment_ids is not None:
        pending = pending.filter(pk__in=list(commitment_ids))
    todo = list(pending.only("id", "rrule", "dtstart", "timezone", "version", "materialised_until"))
    if not todo:
        return 0
    rows: list[Occurrence] = []
    for commitment in todo:
        start = commitment.materialised_until or commitment.dtstart
        try:
            due = expand(
                recurrence_of(commitment.rrule, commitment.dtstart, commitment.timezone),
                None,
                start,
                until,
                limit=MAX_OCCURRENCES,
            )
        except RecurrenceError:
            due = []
        rows += [
            Occurrence(commitment_id=commitment.pk, due_at=moment, version=commitment.version)
            for moment in due
        ]
        # A capped expansion continues from its last occurrence next time.
        commitment.materialised_until = (
            due[-1] + timedelta(seconds=1) if len(due) == MAX_OCCURRENCES else until
        )
    with transaction.atomic():
        Occurrence.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        Commitment.objects.bulk_update(todo, ["materialised_until"], batch_size=500)
    return len(rows)
