"""Writes a person makes about their own notifications: read them, choose how to hear of
things, turn push on or off for a browser."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from mend.core.exceptions import DomainError
from mend.notify.kinds import CHANNELS, KINDS
from mend.notify.models import Notification, Preferences, PushSubscription


def _own(notification_id: int, user: Any) -> Notification:
    found = Notification.objects.filter(pk=notification_id, user_id=user.pk).first()
    if found is None:
        # Someone else's notification answers exactly as one that does not exist.
        raise DomainError("There is no such notification.", code="not_found", status=404)
    return found


@transaction.atomic
def mark_read(*, notification_id: int, user: Any, now: datetime | None = None) -> Notification:
    notification = _own(notification_id, user)
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, user: Any, now: datetime | None = None) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


@transaction.atomic
def save_preferences(
    *,
    user: Any,
    muted: dict[str, list[str]],
    email_on: bool,
    quiet_start: time | None,
    quiet_end: time | None,
    daily_digest: bool,
    digest_hour: int,
    name_space: bool,
) -> Preferences:
    clean: dict[str, list[str]] = {}
    for channel, kinds in muted.items():
        if channel not in CHANNELS:
            raise DomainError(
                f"Unknown channel: {channel}.", code="invalid", fields={"muted": "channel"}
            )
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise DomainError(
                f"Unknown kind: {unknown[0]}.", code="invalid", fields={"muted": "kind"}
            )
        clean[channel] = sorted(set(kinds))
    if (quiet_start is None) != (quiet_end is None):
        raise DomainError(
            "Give both the start and the end of your quiet hours, or neither.",
            code="invalid",
            fields={"quiet_end": "both"},
        )
    for name, moment in (("quiet_start", quiet_start), ("quiet_end", quiet_end)):
        if moment is not None and moment.tzinfo is not None:
            # Quiet hours are read in the person's own zone; an offset would silently shift them.
            raise DomainError(
                "Give quiet hours as a time of day without a time zone (your own zone is used).",
                code="invalid",
                fields={name: "no_offset"},
            )
    if not 0 <= digest_hour <= 23:
        raise DomainError(
            "The digest hour is from 0 to 23.", code="invalid", fields={"digest_hour": "range"}
        )
    prefs, _ = Preferences.objects.select_for_update().get_or_create(user_id=user.pk)
    prefs.muted = clean
    prefs.email_on = email_on
    prefs.quiet_start = quiet_start
    prefs.quiet_end = quiet_end
    prefs.daily_digest = daily_digest
    prefs.digest_hour = digest_hour
    prefs.name_space = name_space
    prefs.updated_at = timezone.now()
    prefs.save()
    # What was held for the old quiet hours is looked at again under the new ones.
    Notification.objects.filter(user_id=user.pk, delivered_at__isnull=True).update(not_before=None)
    return prefs


@transaction.atomic
def subscribe_push(*, user: Any, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Turn push on for one browser (the person pressed the button there)."""
    if not endpoint.startswith("https://") or len(endpoint) > 1000:
        raise DomainError(
            "That is not a push address a browser gives.",
            code="invalid",
            fields={"endpoint": "https"},
        )
    if not (20 <= len(p256dh) <= 200 and 8 <= len(auth) <= 100):
        raise DomainError(
            "The browser's push keys are missing or malformed.",
            code="invalid",
            fields={"keys": "malformed"},
        )
    # An endpoint belongs to one browser: if someone else signs in there, it becomes theirs.
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user_id": user.pk, "p256dh": p256dh, "auth": auth}
    )
    prefs, _ = Preferences.objects.select_for_update().get_or_create(user_id=user.pk)
    if not prefs.push_on:
        prefs.push_on = True
        prefs.save(update_fields=["push_on"])
    return subscription


@transaction.atomic
def unsubscribe_push(*, user: Any, endpoint: str | None = None) -> int:
    """Turn push off for one browser, or for all of this person's browsers."""
    mine = PushSubscription.objects.filter(user_id=user.pk)
    if endpoint is not None:
        mine = mine.filter(endpoint=endpoint)
    removed, _ = mine.delete()
    if not PushSubscription.objects.filter(user_id=user.pk).exists():
        Preferences.objects.filter(user_id=user.pk).update(push_on=False)
    return removed
