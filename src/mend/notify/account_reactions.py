"""Push is a channel to a browser that outlives the session that turned it on: a browser that
once got a person's push messages keeps learning when something waits for them (when a
reminder of a private commitment falls due, for one). So it ends with "sign out everywhere"
(and with it a password change) and is listed among the account's ways in (see
``mend.accounts.hooks``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min
from django.urls import reverse

from mend.accounts.hooks import SignedOutEverywhere, WayIn
from mend.notify import selectors, services


def signed_out_everywhere(event: SignedOutEverywhere) -> None:
    services.unsubscribe_push(user=event.user)


def ways_in(user: Any) -> list[WayIn]:
    browsers = selectors.push_subscriptions_of(user).aggregate(
        n=Count("pk"), first=Min("created_at")
    )
    if not browsers["n"]:
        return []
    return [
        WayIn(
            kind="Push messages",
            description=f"{browsers['n']} browser{'s' if browsers['n'] != 1 else ''}, told when"
            " something waits for you",
            created_at=browsers["first"],
            end_url=reverse("notify:push_off"),
        )
    ]
