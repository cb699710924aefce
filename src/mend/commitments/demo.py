"""Demo history: Alex's commitments to Sam over the demo period, mostly kept and confirmed, some
missed, one disputed, and a setback around day 50 (trust repair is not linear)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from mend.accounts.timezones import zone_of
from mend.commitments.models import Commitment, CommitmentVersion, Occurrence, terms_of
from mend.domain.recurrence import RecurrenceSpec, build
from mend.domain.recurrence import occurrences as expand
from mend.spaces.visibility import Visibility
from mend.vault.fields import seal_now

SEED = 20260305


@dataclass(frozen=True)
class _Plan:
    what: str
    how_known: str
    frequency: str
    at: time
    first_day: int
    weekdays: tuple[int, ...] = ()
    proposed: bool = False
    reliability: float = 0.9


_PLANS = (
    _Plan(
        "I text you if I will be home after 19:00",
        "You get a text from me before 18:30",
        "daily",
        time(18, 15),
        first_day=1,
    ),
    _Plan(
        "Weekly money check-in: we open the bank app together and go through the week",
        "We sit down together at the kitchen table",
        "weekly",
        time(19, 0),
        first_day=3,
        weekdays=(6,),
        proposed=True,
        reliability=0.95,
    ),
    _Plan(
        "Phones in the basket by the door during dinner",
        "You see my phone in the basket",
        "weekly",
        time(19, 30),
        first_day=20,
        weekdays=(0, 1, 2, 3, 4),
        reliability=0.85,
    ),
)

_KEPT_NOTES = ("", "", "", "Sent at 17:50.", "Done.", "Took a bit longer tonight but we did it.")
_MISSED_NOTES = (
    "I forgot. I am sorry, I should have set a reminder.",
    "Work ran over and I did not text. No excuse.",
    "",
)


def _reliability(plan: _Plan, day: int, days: int) -> float:
    # The setback: a rough stretch around day 50 (of 90), scaled for shorter demos.
    middle = days * 50 // 90
    if middle - 4 <= day <= middle + 5:
        return 0.45
    if day < days // 3:
        return plan.reliability - 0.1
    return plan.reliability


def extend(*, space: Any, people: list[Any], start: datetime, days: int) -> None:
    alex, sam = people[0], people[1]
    rng = random.Random(SEED)
    now = timezone.now()
    zone = zone_of(alex).key
    rows: list[Occurrence] = []
    disputed = False
    for plan in _PLANS:
        first = (start + timedelta(days=plan.first_day)).astimezone(ZoneInfo(zone))
        frequency = "daily" if plan.frequency == "daily" else "weekly"
        recurrence = build(
            RecurrenceSpec(frequency, plan.at, first.date(), zone, weekdays=plan.weekdays)
        )
        created = recurrence.start - timedelta(hours=3)
        commitment = Commitment.objects.create(
            space=space,
            owner=alex,
            made_to=sam,
            proposed_by=sam if plan.proposed else None,
            visibility=Visibility.SPACE,
            what=plan.what,
            how_known=plan.how_known,
            rrule=recurrence.rrule or "",
            dtstart=recurrence.start,
            timezone=zone,
            status=Commitment.Status.ACTIVE,
            status_changed_at=created,
            materialised_until=now,
            created_at=created,
        )
        first_terms = terms_of(commitment)
        renegotiated = None
        if plan.frequency == "daily":
            # The first wording was looser; a month in they agreed on a fixed time.
            renegotiated = created + timedelta(days=days // 3)
            first_terms["what"] = "I let you know if I am going to be late"
            commitment.version = 2
            commitment.save(update_fields=["version"])
            CommitmentVersion.objects.create(
                commitment=commitment,
                number=2,
                **terms_of(commitment),
                changed_by=alex,
                changed_at=renegotiated,
                reason="“Let you know if I am late” left Sam guessing; a text by 18:30 does not.",
            )
        CommitmentVersion.objects.create(
            commitment=commitment,
            number=1,
            **first_terms,
            changed_by=sam if plan.proposed else alex,
            changed_at=created,
            reason="Proposed" if plan.proposed else "",
        )
        for due in expand(recurrence, None, recurrence.start, now, limit=1000):
            day = (due - start).days
            version = 1 if renegotiated is not None and due < renegotiated else commitment.version
            occurrence = Occurrence(commitment=commitment, due_at=due, version=version)
            age = now - due
            if age < timedelta(hours=20) and rng.random() < 0.6:
                rows.append(occurrence)  # the most recent ones are still to report
                continue
            kept = rng.random() < _reliability(plan, day, days)
            occurrence.reported_outcome = "kept" if kept else "missed"
            occurrence.reported_at = due + timedelta(minutes=rng.randint(5, 240))
            occurrence.report_note = rng.choice(_KEPT_NOTES if kept else _MISSED_NOTES)
            answered = age > timedelta(days=2) or rng.random() < 0.4
            if answered:
                occurrence.response = "confirmed"
                occurrence.responded_at = occurrence.reported_at + timedelta(
                    hours=rng.randint(1, 20)
                )
                occurrence.responded_by = sam
                if kept and not disputed and plan.frequency == "daily" and day >= days * 52 // 90:
                    disputed = True
                    occurrence.response = "disputed"
                    occurrence.response_note = (
                        "The text came at 21:10, after I had already started to worry."
                    )
                elif rng.random() < 0.15:
                    occurrence.response_note = "Thank you. I noticed."
            rows.append(occurrence)
    # The ledger's demo, which runs later, rebuilds the trust pairs from all evidence.
    seal_now(rows)  # one key lookup for all the notes, not one per row
    Occurrence.objects.bulk_create(rows, batch_size=500)
