"""Small record makers for the care tests (and the browser test of the counsellor's path)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mend.care.models import CounsellorProfile, Practice
from mend.ledger.models import Moment
from mend.safety.models import SafetyCheckIn
from mend.selftrust.models import QuestionnaireResult
from mend.spaces.models import Space
from tests.factories import BreachFactory, SpaceFactory, UserFactory, add_member, grant_counsellor

# The body's answers of a check-in: all calm, or those of someone flooded (a score of 8).
CALM = {"racing_heart": 0, "flee_or_fight": 0, "cant_think": 0, "body_tense": 0, "score": 0}
FLOODED = {
    "racing_heart": 3,
    "flee_or_fight": 2,
    "cant_think": 2,
    "body_tense": 1,
    "score": 8,
    "flooded": True,
}


def _before_now(days: float) -> datetime:
    return timezone.now() - timedelta(days=days)


def counsellor_of_a_practice(user: Any) -> CounsellorProfile:
    """Makes ``user`` a counsellor (of a practice of their own)."""
    practice = Practice.objects.create(name="Practice", contact_email="p@example.test")
    return CounsellorProfile.objects.create(user=user, practice=practice)


def couple_in_care(name: str, counsellor: Any, *, both: bool = False) -> tuple[Space, Any, Any]:
    """A new space of two new people; the first (or ``both``) chose ``counsellor``."""
    space = SpaceFactory(name=name)
    a, b = UserFactory(), UserFactory()
    for member in (a, b):
        add_member(space, member)
    for member in (a, b) if both else (a,):
        grant_counsellor(space, member, counsellor)
    return space, a, b


def repeated_breaches(
    space: Any, owner: Any, visibility: str, *, topic: str, title: str, n: int = 3
) -> None:
    """``n`` breaches of one topic, one a day, the latest yesterday."""
    for i in range(n):
        BreachFactory(
            space=space,
            owner=owner,
            visibility=visibility,
            topic=topic,
            title=f"{title} {i}",
            created_at=_before_now(i + 1),
        )


def moment(
    space: Any,
    owner: Any,
    actor: Any,
    receiver: Any,
    kind: str,
    visibility: str,
    days_ago: float = 1,
    *,
    at: datetime | None = None,
) -> Moment:
    """A moment that happened ``days_ago`` (or ``at``), confirmed if the receiver logged it."""
    at = at or _before_now(days_ago)
    return Moment.objects.create(
        space=space,
        owner=owner,
        actor=actor,
        receiver=receiver,
        kind=kind,
        visibility=visibility,
        occurred_at=at,
        confirmed_at=at if owner == receiver else None,
    )


def safety_checkin(
    space: Any,
    owner: Any,
    safety: int,
    visibility: str,
    days_ago: float = 1,
    *,
    flooded: bool = False,
) -> SafetyCheckIn:
    """A safety check-in made ``days_ago``, with a calm body or a flooded one."""
    return SafetyCheckIn.objects.create(
        space=space,
        owner=owner,
        visibility=visibility,
        safety=safety,
        created_at=_before_now(days_ago),
        **(FLOODED if flooded else CALM),
    )


def questionnaire(
    space: Any, owner: Any, total: int, visibility: str, days_ago: float = 1
) -> QuestionnaireResult:
    """A CSI-4 result of ``total`` made ``days_ago``."""
    return QuestionnaireResult.objects.create(
        space=space,
        owner=owner,
        visibility=visibility,
        instrument_id="csi4",
        answers=[1, 2, 3, 4],
        total=total,
        min_total=0,
        max_total=21,
        created_at=_before_now(days_ago),
    )
