"""Times shown to a person, on their own clock (see ``mend.accounts.timezones``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from mend.accounts.timezones import zone_of


def clock(dt: datetime, user: Any, *, now: datetime | None = None, seconds: bool = False) -> str:
    """'20:30' today, 'Tue 09:15' on another day, in the viewer's zone.

    ``seconds`` for a moment the server enforces to the second (the earliest return from a
    pause): "come back from 10:12" would be refused at 10:12:10 when the pause ends at 10:12:48.
    """
    zone = zone_of(user)
    at = dt.astimezone(zone)
    today = (now or timezone.now()).astimezone(zone).date()
    time = "%H:%M:%S" if seconds else "%H:%M"
    if at.date() == today:
        return at.strftime(time)
    return at.strftime(f"%a %d %b {time}")
