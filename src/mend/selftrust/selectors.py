"""Reads for self-trust. Every read of records goes through ``visible_to``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mend.domain.calibration import Calibration, GutReading, Outcome, calibration
from mend.safety.selectors import my_checkins
from mend.selftrust.models import (
    Boundary,
    BoundaryEvent,
    GutCheck,
    JournalEntry,
    QuestionnaireResult,
    SelfRating,
)
from mend.spaces.models import Space

SAFETY_LOOKBACK = timedelta(days=365)


def journal_visible_to(user: Any, space: Space) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.seen_in(user, space)


def boundaries_visible_to(user: Any, space: Space) -> QuerySet[Boundary]:
    events = BoundaryEvent.objects.order_by("-occurred_on", "-created_at", "-id")
    return Boundary.objects.seen_in(user, space).prefetch_related(Prefetch("events", events))


def gut_checks_visible_to(user: Any, space: Space) -> QuerySet[GutCheck]:
    return GutCheck.objects.seen_in(user, space)


def ratings_visible_to(user: Any, space: Space) -> QuerySet[SelfRating]:
    return SelfRating.objects.seen_in(user, space, newest="rated_on")


def results_visible_to(user: Any, space: Space) -> QuerySet[QuestionnaireResult]:
    return QuestionnaireResult.objects.seen_in(user, space)


def my_calibration(user: Any, space: Space) -> Calibration:
    """The calibration record of the user's own gut check-ins in this space."""
    rows = GutCheck.objects.owned_by(user).filter(space=space).order_by("created_at", "id")
    return calibration(
        GutReading(r.statement, r.confidence, Outcome(r.outcome) if r.outcome else None)
        for r in rows
    )


def safety_series(user: Any, space: Space) -> list[tuple[date, float]]:
    """[(day, mean 'how safe I feel' 0-10 that day)] from the person's own safety check-ins."""
    since = timezone.now() - SAFETY_LOOKBACK
    by_day: dict[date, list[int]] = defaultdict(list)
    for created_at, safety in my_checkins(user, space, since).values_list("created_at", "safety"):
        by_day[timezone.localdate(created_at)].append(safety)
    return sorted((day, round(sum(v) / len(v), 1)) for day, v in by_day.items())
