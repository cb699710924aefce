"""Times shown to a person, on their own clock (see ``mend.accounts.timezones``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from mend.accounts.timezones import zone_of


def clock(dt: datetime, user: Any, *, now: datetime | None = None) -> str:
    """'20:30' today, 'Tue 09:15' on another day, in the viewer's zone."""
    zone = zone_of(user)
    at = dt.astimezone(zone)
    today = (now or timezone.now()).astimezone(zone).date()
    if at.date() == today:
        return at.strftime("%H:%M")
    return at.strftime("%a %d %b %H:%M")
