"""From the simple controls of a form (or an API body) to a validated recurrence.

The choices people see: once, every day, every weekday, weekly on chosen days, monthly, or a
raw RFC 5545 RRULE for those who want one. No Django here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from mend.domain.recurrence import (
    Frequency,
    Recurrence,
    RecurrenceError,
    RecurrenceSpec,
    build,
    describe,
    parse_rrule,
)

REPEAT_CHOICES = (
    ("once", "Once"),
    ("daily", "Every day"),
    ("weekdays", "Every weekday (Monday to Friday)"),
    ("weekly", "Every week, on the days I choose"),
    ("monthly", "Every month, on this day of the month"),
    ("rrule", "A custom rule (RFC 5545 RRULE)"),
)
REPEATS = tuple(value for value, _label in REPEAT_CHOICES)
WEEKDAY_CHOICES = tuple(
    enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
)


@dataclass(frozen=True, slots=True)
class ScheduleInput:
    repeat: str
    start_date: date
    time_of_day: time
    timezone: str = "UTC"
    weekdays: Sequence[int] = field(default_factory=tuple)
    until: date | None = None
    rrule: str = ""


def to_recurrence(schedule: ScheduleInput) -> Recurrence:
    """A validated Recurrence, or RecurrenceError with a message for the person."""
    if schedule.repeat not in REPEATS:
        raise RecurrenceError(f"Choose how often: one of {', '.join(REPEATS)}.")
    if schedule.repeat == "rrule":
        if not schedule.rrule.strip():
            raise RecurrenceError("Write the rule, for example FREQ=WEEKLY;BYDAY=SU.")
        start = datetime.combine(schedule.start_date, schedule.time_of_day.replace(tzinfo=None))
        return parse_rrule(schedule.rrule, _aware(start, schedule.timezone))
    if schedule.repeat == "once":
        spec = RecurrenceSpec(
            Frequency.ONCE, schedule.time_of_day, schedule.start_date, schedule.timezone
        )
        return build(spec)
    weekdays: Sequence[int] = ()
    frequency = Frequency.DAILY
    if schedule.repeat == "weekdays":
        weekdays = (0, 1, 2, 3, 4)
    elif schedule.repeat == "weekly":
        frequency = Frequency.WEEKLY
        weekdays = tuple(schedule.weekdays)
        if not weekdays:
            raise RecurrenceError("Choose at least one day of the week.")
    elif schedule.repeat == "monthly":
        frequency = Frequency.MONTHLY
    return build(
        RecurrenceSpec(
            frequency,
            schedule.time_of_day,
            schedule.start_date,
            schedule.timezone,
            weekdays=weekdays,
            until=schedule.until,
        )
    )


def _aware(moment: datetime, zone: str) -> datetime:
    try:
        return moment.replace(tzinfo=ZoneInfo(zone))
    except (KeyError, ValueError) as exc:
        raise RecurrenceError(f"Unknown time zone {zone!r}.") from exc


def recurrence_of(rrule: str, dtstart: datetime, timezone: str) -> Recurrence:
    """The Recurrence of a stored commitment (dtstart comes back from the database in UTC)."""
    return parse_rrule(rrule or None, dtstart, timezone)


def describe_stored(rrule: str, dtstart: datetime, timezone: str) -> str:
    try:
        return describe(recurrence_of(rrule, dtstart, timezone))
    except RecurrenceError:
        return f"a custom schedule ({rrule})" if rrule else "once"


def initial_controls(rrule: str, dtstart: datetime, timezone: str) -> dict[str, object]:
    """Form values that reproduce a stored schedule (for renegotiation)."""
    local = recurrence_of(rrule, dtstart, timezone).start
    base: dict[str, object] = {
        "start_date": local.date(),
        "time_of_day": local.time().replace(second=0, microsecond=0),
        "timezone": timezone,
    }
    parts = dict(p.split("=", 1) for p in rrule.split(";") if "=" in p)
    codes = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    keys = set(parts) - {"UNTIL"}
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        base["until"] = until.astimezone(local.tzinfo).date()
    if not rrule:
        return {**base, "repeat": "once"}
    if keys == {"FREQ"} and parts["FREQ"] == "DAILY":
        return {**base, "repeat": "daily"}
    if keys == {"FREQ", "BYDAY"} and parts["FREQ"] == "WEEKLY":
        days = parts["BYDAY"].split(",")
        if all(d in codes for d in days):
            if days == list(codes[:5]):
                return {**base, "repeat": "weekdays"}
            return {**base, "repeat": "weekly", "weekdays": [codes.index(d) for d in days]}
    if keys == {"FREQ", "BYMONTHDAY"} and parts["FREQ"] == "MONTHLY":
        return {**base, "repeat": "monthly"}
    return {**base, "repeat": "rrule", "rrule": rrule}
