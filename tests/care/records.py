"""Small record makers for the care tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.ledger.models import Moment
from mend.safety.models import SafetyCheckIn
from mend.selftrust.models import QuestionnaireResult


def moment(
    space: Any,
    owner: Any,
    actor: Any,
    receiver: Any,
    kind: str,
    visibility: str,
    days_ago: float = 1,
) -> Moment:
    at = timezone.now() - timedelta(days=days_ago)
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
    space: Any, owner: Any, safety: int, visibility: str, days_ago: float = 1
) -> SafetyCheckIn:
    c = SafetyCheckIn.objects.create(
        space=space,
        owner=owner,
        visibility=visibility,
        safety=safety,
        racing_heart=0,
        flee_or_fight=0,
        cant_think=0,
        body_tense=0,
        score=0,
    )
    SafetyCheckIn.objects.filter(pk=c.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return c


def questionnaire(
    space: Any, owner: Any, total: int, visibility: str, days_ago: float = 1
) -> QuestionnaireResult:
    r = QuestionnaireResult.objects.create(
        space=space,
        owner=owner,
        visibility=visibility,
        instrument_id="csi4",
        answers=[1, 2, 3, 4],
        total=total,
        min_total=0,
        max_total=21,
    )
    QuestionnaireResult.objects.filter(pk=r.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return r
