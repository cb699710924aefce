"""The calendar feed link is a way into an account: it ends with "sign out everywhere" and is
listed among the account's ways in (see ``mend.accounts.hooks``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mend.accounts.hooks import SignedOutEverywhere, WayIn
from mend.commitments import selectors, services


def signed_out_everywhere(event: SignedOutEverywhere) -> None:
    services.revoke_calendar_feed(user=event.user, now=event.now)


def ways_in(user: Any) -> list[WayIn]:
    feed = selectors.active_feed(user)
    if feed is None:
        return []
    return [
        WayIn(
            kind="Calendar feed link",
            description="Your commitments, for a calendar app"
            + (" (with their words)" if feed.show_details else ""),
            created_at=feed.created_at,
            end_url=reverse("commitments:calendar_revoke"),
        )
    ]
