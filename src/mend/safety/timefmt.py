"""Times shown to a person, in their own time zone (falls back to UTC)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


def zone_for(user: Any) -> tzinfo:
    name = getattr(user, "time_zone", None) or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(dt: datetime, user: Any) -> datetime:
    return dt.astimezone(zone_for(user))


def clock(dt: datetime, user: Any, *, now: datetime | None = None) -> str:
    """'20:30' today, 'Tue 09:15' on another day, in the viewer's zone."""
    at = local(dt, user)
    today = local(now or timezone.now(), user).date()
    if at.date() == today:
        return at.strftime("%H:%M")
    return at.strftime("%a %d %b %H:%M")
