"""A person's own active commitments as an iCalendar feed (RFC 5545), built with ``icalendar``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from mend.commitments.models import Commitment, Occurrence
from mend.commitments.occurrences import materialise_due

FEED_PAST = timedelta(days=7)
FEED_AHEAD = timedelta(days=60)
# A commitment has a time, not a length; a short block shows up in calendars without
# claiming the whole evening.
EVENT_LENGTH = timedelta(minutes=15)


def occurrence_uid(commitment_id: int, due_at: datetime) -> str:
    """Stable across rebuilds: the same commitment and instant always give the same UID."""
    stamp = due_at.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    return f"commitment-{commitment_id}-{stamp}@mend"


def feed_for(user: Any, *, now: datetime, show_details: bool = False) -> bytes:
    """The person's own active commitments as iCalendar events. Unless they chose details,
    each event says only that a commitment is due: no words, no other person's name."""
    own = Commitment.objects.filter(owner=user, status=Commitment.Status.ACTIVE)
    materialise_due(now, horizon=FEED_AHEAD, commitment_ids=list(own.values_list("pk", flat=True)))
    rows = (
        Occurrence.objects.filter(
            commitment__in=own.values("pk"),
            due_at__gte=now - FEED_PAST,
            due_at__lt=now + FEED_AHEAD,
        )
        .select_related("commitment", "commitment__made_to")
        .order_by("due_at", "id")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Mend//Commitments//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Mend: my commitments")
    for occurrence in rows:
        commitment = occurrence.commitment
        zone = ZoneInfo(commitment.timezone)
        start = occurrence.due_at.astimezone(zone)
        event = Event()
        event.add("uid", occurrence_uid(commitment.pk, occurrence.due_at))
        event.add("dtstamp", commitment.updated_at)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
        if not show_details:
            event.add("summary", "A commitment (Mend)")
            event.add("description", "Open Mend to see it.")
            event.add("sequence", commitment.version)
            calendar.add_component(event)
            continue
        event.add("summary", commitment.what)
        lines = []
        if commitment.made_to is not None:
            lines.append(f"Made to {commitment.made_to}.")
        if commitment.how_known:
            lines.append(f"How they will know: {commitment.how_known}")
        if occurrence.reported_outcome:
            lines.append(f"Reported: {occurrence.get_reported_outcome_display().lower()}.")
        if lines:
            event.add("description", "\n".join(lines))
        event.add("sequence", commitment.version)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
