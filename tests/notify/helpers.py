"""Shared set-up for the notification tests: run the worker, capture push messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from unittest import mock

from django.utils import timezone

from mend.notify import services
from mend.notify.delivery import Run, run_due
from mend.notify.models import PushSubscription

# A browser's real-looking subscription keys (the public key of a P-256 pair and 16 bytes).
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"


def worker(now: datetime | None = None) -> Run:
    return run_due(now=now or timezone.now())


def subscribe(user: Any, n: int = 1) -> PushSubscription:
    """The person turned push on in a browser."""
    return services.subscribe_push(
        user=user, endpoint=f"https://push.example.test/{user.pk}/{n}", p256dh=P256DH, auth=AUTH
    )


@contextmanager
def captured_pushes() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Push messages the worker would send, as (endpoint, payload), instead of sending them."""
    sent: list[tuple[str, dict[str, Any]]] = []

    def fake(subscription: PushSubscription, payload: dict[str, Any]) -> bool:
        sent.append((subscription.endpoint, payload))
        return True

    with mock.patch("mend.notify.push.send", side_effect=fake):
        yield sent
