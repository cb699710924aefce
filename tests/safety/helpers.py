"""Shared helpers for the safety tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mend.safety import services
from mend.safety.models import Conversation, Pause, SafetyCheckIn

SETTLED = {"racing_heart": 0, "flee_or_fight": 1, "cant_think": 0, "body_tense": 1}
FLOODED = {"racing_heart": 3, "flee_or_fight": 2, "cant_think": 2, "body_tense": 1}


def checkin(
    space: Any, user: Any, *, flooded: bool = False, at: datetime | None = None
) -> SafetyCheckIn:
    return services.record_checkin(
        space=space,
        owner=user,
        safety=3 if flooded else 8,
        answers=FLOODED if flooded else SETTLED,
        now=at,
    )


def pause(space: Any, user: Any, *, minutes: int = 30, ago: int = 0) -> Pause:
    now = timezone.now() - timedelta(minutes=ago)
    return services.request_pause(
        space=space, owner=user, planned_return=now + timedelta(minutes=minutes), now=now
    )


def conversation(space: Any, starter: Any, partner: Any, topic: str = "The phone") -> Conversation:
    return services.start_conversation(space=space, starter=starter, partner=partner, topic=topic)


def settle_both(space: Any, a: Any, b: Any) -> None:
    checkin(space, a)
    checkin(space, b)
