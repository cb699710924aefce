"""Reads of the safety screen: only ever its owner's."""

from __future__ import annotations

from typing import Any

from mend.screening.models import SafetyScreen
from mend.spaces.models import Space


def latest_screen(user: Any, space: Space) -> SafetyScreen | None:
    return SafetyScreen.objects.owned_by(user).filter(space=space).first()
