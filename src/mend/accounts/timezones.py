"""A person's time zone: the one place that reads ``User.time_zone``.

``PersonTimeZoneMiddleware`` activates it for every signed-in request, so templates (``|date``,
``|time``) and ``timezone.localtime`` show the person's own clock on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

UTC = ZoneInfo("UTC")


def is_known_zone(name: str) -> bool:
    return name in available_timezones()


def zone_choices() -> list[tuple[str, str]]:
    """Area/City zones for a form's select (the IANA names people recognise), UTC first."""
    names = sorted(n for n in available_timezones() if "/" in n and not n.startswith("Etc/"))
    return [("UTC", "UTC")] + [(n, n.replace("_", " ")) for n in names]


@transaction.atomic
def set_time_zone(*, user: Any, name: str) -> None:
    """Keep the zone a person chose (asked once, on the first form that needs it; every page
    then shows their own clock)."""
    if not is_known_zone(name):
        raise ValueError(f"unknown time zone {name!r}")
    if user.time_zone != name:
        user.time_zone = name
        user.save(update_fields=["time_zone"])


def zone_of(user: Any) -> ZoneInfo:
    """The person's zone; UTC for anyone without a valid one (anonymous, or an old name)."""
    name = getattr(user, "time_zone", "") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


class PersonTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_of(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
