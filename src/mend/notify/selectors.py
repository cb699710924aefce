"""Reads of notifications and preferences: a person sees only their own, and only for spaces
they are still a member of (a notification holds no content, but its link should not outlive
membership)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet

from mend.notify.models import Notification, Preferences, PushSubscription
from mend.spaces.models import Membership

LIST_LIMIT = 100


def preferences_of(user: Any) -> Preferences:
    """The person's preferences, or the defaults (unsaved) if they never chose."""
    found = Preferences.objects.filter(user_id=user.pk).first()
    return found or Preferences(user_id=user.pk)


def _mine(user: Any, prefs: Preferences) -> QuerySet[Notification]:
    spaces = Membership.objects.active().filter(user_id=user.pk).values("space_id")
    hidden = (prefs.muted or {}).get("in_app", [])
    return (
        Notification.objects.filter(user_id=user.pk, space_id__in=spaces)
        .exclude(kind__in=hidden)
        .order_by("-created_at", "-id")
    )


def notifications_for(user: Any, *, prefs: Preferences | None = None) -> list[Notification]:
    """The person's notifications, newest first (two queries: preferences, the list)."""
    prefs = prefs or preferences_of(user)
    return list(_mine(user, prefs).select_related("space")[:LIST_LIMIT])


def push_subscriptions_of(user: Any) -> QuerySet[PushSubscription]:
    return PushSubscription.objects.filter(user_id=user.pk)


def quiet_until(prefs: Preferences, local: datetime) -> datetime:
    """When the quiet hours that ``local`` falls in end (an aware time in the same zone)."""
    assert prefs.quiet_end is not None
    end = datetime.combine(local.date(), prefs.quiet_end, tzinfo=local.tzinfo)
    return end if end > local else end + timedelta(days=1)


def in_quiet_hours(prefs: Preferences, local: datetime) -> bool:
    """Whether ``local`` (the person's own clock) falls in their quiet hours, which may run
    over midnight (22:00 to 07:00)."""
    start, end = prefs.quiet_start, prefs.quiet_end
    if start is None or end is None or start == end:
        return False
    now: time = local.time().replace(tzinfo=None)
    if start < end:
        return start <= now < end
    return now >= start or now < end
