"""Commitment schedules: one-off or recurring (RFC 5545 RRULE, expanded by python-dateutil).

A schedule is a first occurrence in the user's own time zone plus an optional RRULE. Occurrences
keep their wall-clock time across daylight-saving changes ("19:00" stays 19:00 local).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_OCCURRENCES",
    "Frequency",
    "Recurrence",
    "RecurrenceError",
    "RecurrenceSpec",
    "build",
    "describe",
    "next_occurrence",
    "occurrences",
    "parse_rrule",
]

DEFAULT_LIMIT = 366
# No caller ever needs more than this many occurrences at once (an hourly rule over six weeks).
MAX_OCCURRENCES = 1000

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The most days each month can have (February in a leap year).
_MONTH_LENGTHS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Only these RRULE parts are accepted: enough for any commitment a person would make, and small
# enough that every accepted rule can be validated quickly (no BYSECOND, BYYEARDAY, BYWEEKNO).
_ALLOWED_PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYHOUR",
    "BYMINUTE",
    "BYSETPOS",
    "WKST",
)
_ALLOWED_FREQS = ("HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_MAX_INTERVAL = 1000


class RecurrenceError(ValueError):
    """A schedule that cannot be used, with a message fit to show the person who wrote it."""


class Frequency(StrEnum):
    ONCE = "once"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RecurrenceError(f"Unknown time zone {name!r}.") from None


def _in_zone(start: datetime, timezone: str | None) -> datetime:
    if start.tzinfo is None or start.utcoffset() is None:
        raise RecurrenceError("The start needs a time zone.")
    if timezone is not None:
        return start.astimezone(_zone(timezone))
    if not isinstance(start.tzinfo, ZoneInfo) and start.utcoffset() == timedelta(0):
        return start.astimezone(ZoneInfo("UTC"))
    return start


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A validated schedule: the first occurrence (aware, in the user's zone) and an RRULE
    without its "RRULE:" prefix, or None for a one-off."""

    start: datetime
    rrule: str | None = None

    @property
    def timezone(self) -> str:
        tz = self.start.tzinfo
        return tz.key if isinstance(tz, ZoneInfo) else "UTC"

    @property
    def is_one_off(self) -> bool:
        return self.rrule is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.replace(tzinfo=None).isoformat(),
            "timezone": self.timezone,
            "rrule": self.rrule,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recurrence:
        zone = _zone(str(data["timezone"]))
        start = datetime.fromisoformat(str(data["start"])).replace(tzinfo=zone)
        rule = data.get("rrule")
        return parse_rrule(rule, start) if rule else cls(start, None)


@dataclass(frozen=True, slots=True)
class RecurrenceSpec:
    """A simple description of a schedule, as a form would collect it."""

    frequency: Frequency | str
    time_of_day: time
    start_date: date
    timezone: str = "UTC"
    weekdays: Sequence[int] = field(default_factory=tuple)  # 0 = Monday; weekly only
    month_day: int | None = None  # 1..31, or -1 for the last day; monthly only
    interval: int = 1
    until: date | None = None  # last local date an occurrence may fall on (inclusive)
    count: int | None = None

    def dtstart(self) -> datetime:
        return datetime.combine(self.start_date, self.time_of_day.replace(tzinfo=None)).replace(
            tzinfo=_zone(self.timezone)
        )


def build(spec: RecurrenceSpec) -> Recurrence:
    """Turn a simple description into a validated Recurrence."""
    try:
        frequency = Frequency(spec.frequency)
    except ValueError:
        choices = ", ".join(f.value for f in Frequency)
        raise RecurrenceError(
            f"Unknown frequency {spec.frequency!r}: use one of {choices}."
        ) from None
    start = spec.dtstart()
    if frequency is Frequency.ONCE:
        if spec.weekdays or spec.month_day is not None or spec.count or spec.until:
            raise RecurrenceError(
                "A one-off commitment has no weekdays, day of month, end or count."
            )
        return Recurrence(start, None)
    if not 1 <= spec.interval <= _MAX_INTERVAL:
        raise RecurrenceError(f"The interval must be between 1 and {_MAX_INTERVAL}.")
    parts: list[str] = []
    if frequency is Frequency.DAILY and not spec.weekdays:
        parts.append("FREQ=DAILY")
    elif frequency in (Frequency.DAILY, Frequency.WEEKLY):
        days = sorted(set(spec.weekdays or (spec.start_date.weekday(),)))
        if any(not 0 <= d <= 6 for d in days):
            raise RecurrenceError("Weekdays are numbered 0 (Monday) to 6 (Sunday).")
        parts += ["FREQ=WEEKLY", "BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in days)]
    else:
        if spec.weekdays:
            raise RecurrenceError("A monthly commitment takes a day of the month, not weekdays.")
        day = spec.month_day if spec.month_day is not None else spec.start_date.day
        if not (1 <= day <= 31 or day == -1):
            raise RecurrenceError("The day of the month must be 1 to 31, or -1 for the last day.")
        parts += ["FREQ=MONTHLY", f"BYMONTHDAY={day}"]
    if spec.interval != 1:
        parts.append(f"INTERVAL={spec.interval}")
    if spec.count is not None and spec.until is not None:
        raise RecurrenceError("Give an end date or a number of times, not both.")
    if spec.count is not None:
        parts.append(f"COUNT={spec.count}")
    if spec.until is not None:
        if spec.until < spec.start_date:
            raise RecurrenceError("The end date is before the start date.")
        last = datetime.combine(spec.until, time(23, 59, 59), tzinfo=start.tzinfo)
        parts.append("UNTIL=" + last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    return parse_rrule(";".join(parts), start)


def _split(text: str) -> dict[str, str]:
    body = text.strip()
    if "\n" in body or "\r" in body:
        raise RecurrenceError("Give a single RRULE line (no DTSTART, RDATE or EXDATE lines).")
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    parts: dict[str, str] = {}
    for chunk in filter(None, body.split(";")):
        key, sep, value = chunk.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise RecurrenceError(f"Cannot read {chunk!r}: expected NAME=VALUE.")
        if key not in _ALLOWED_PARTS:
            raise RecurrenceError(f"{key} is not supported in a commitment schedule.")
        if key in parts:
            raise RecurrenceError(f"{key} appears twice.")
        parts[key] = value.strip().upper()
    if "FREQ" not in parts:
        raise RecurrenceError("The rule needs a FREQ, for example FREQ=WEEKLY.")
    return parts


def _ints(value: str, name: str) -> list[int]:
    try:
        return [int(v) for v in value.split(",")]
    except ValueError:
        raise RecurrenceError(f"{name} must be a list of whole numbers.") from None


def _normalise_until(value: str, zone: ZoneInfo) -> str:
    """RFC 5545 wants UNTIL in UTC when the start has a zone; accept a local date or time too."""
    try:
        if value.endswith("Z"):
            datetime.strptime(value, "%Y%m%dT%H%M%SZ")
            return value
        if "T" in value:
            local = datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=zone)
        else:
            day = datetime.strptime(value, "%Y%m%d").date()
            local = datetime.combine(day, time(23, 59, 59), tzinfo=zone)
    except ValueError:
        raise RecurrenceError(f"Cannot read the end date UNTIL={value}.") from None
    return local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _check_parts(parts: dict[str, str]) -> None:
    freq = parts["FREQ"]
    if freq in ("SECONDLY", "MINUTELY"):
        raise RecurrenceError("A commitment cannot repeat more often than once an hour.")
    if freq not in _ALLOWED_FREQS:
        raise RecurrenceError(f"Unknown frequency FREQ={freq}.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError("Give an end (UNTIL) or a number of times (COUNT), not both.")
    if "INTERVAL" in parts:
        interval = _ints(parts["INTERVAL"], "INTERVAL")
        if len(interval) != 1 or not 1 <= interval[0] <= _MAX_INTERVAL:
            raise RecurrenceError(f"INTERVAL must be one number from 1 to {_MAX_INTERVAL}.")
    if "COUNT" in parts:
        count = _ints(parts["COUNT"], "COUNT")
        if len(count) != 1 or count[0] < 1:
            raise RecurrenceError("COUNT must be one number, at least 1.")
    # Two minutes in the same hour would be less than an hour apart.
    if "BYMINUTE" in parts and len(_ints(parts["BYMINUTE"], "BYMINUTE")) > 1:
        raise RecurrenceError("A commitment cannot repeat more often than once an hour.")
    # A rule that never matches makes dateutil walk to the year 9999 (seconds for DAILY or
    # HOURLY). BYSETPOS is the one part whose emptiness is hard to see in advance, so it is
    # limited to the coarse frequencies, where that walk is short.
    if "BYSETPOS" in parts and freq not in ("MONTHLY", "YEARLY"):
        raise RecurrenceError("BYSETPOS is only supported with FREQ=MONTHLY or FREQ=YEARLY.")
    months = _ints(parts["BYMONTH"], "BYMONTH") if "BYMONTH" in parts else range(1, 13)
    if any(not 1 <= m <= 12 for m in months):
        raise RecurrenceError("BYMONTH must be between 1 and 12.")
    if "BYHOUR" in parts and any(not 0 <= h <= 23 for h in _ints(parts["BYHOUR"], "BYHOUR")):
        raise RecurrenceError("BYHOUR must be between 0 and 23.")
    if "BYMINUTE" in parts and not 0 <= _ints(parts["BYMINUTE"], "BYMINUTE")[0] <= 59:
        raise RecurrenceError("BYMINUTE must be between 0 and 59.")
    if "BYMONTHDAY" in parts:
        days = _ints(parts["BYMONTHDAY"], "BYMONTHDAY")
        if not any(0 < abs(d) <= _MONTH_LENGTHS[m - 1] for d in days for m in months):
            raise RecurrenceError("That day of the month never happens, so the rule never does.")


def _rule(recurrence: Recurrence) -> rrule:
    assert recurrence.rrule is not None
    result = rrulestr(recurrence.rrule, dtstart=recurrence.start)
    assert isinstance(result, rrule)
    return result


def parse_rrule(text: str | None, start: datetime, timezone: str | None = None) -> Recurrence:
    """Validate a raw RRULE (with or without the "RRULE:" prefix) against its first occurrence.

    `start` must be aware; pass `timezone` (an IANA name) when `start` came back from a database
    in UTC, so the rule is expanded in the user's local time. None or "" means a one-off.
    Raises RecurrenceError for rules that cannot be read, never happen, or repeat more often
    than hourly.
    """
    start = _in_zone(start, timezone)
    if text is None or not text.strip():
        return Recurrence(start, None)
    parts = _split(text)
    _check_parts(parts)
    assert isinstance(start.tzinfo, ZoneInfo)
    if "UNTIL" in parts:
        parts["UNTIL"] = _normalise_until(parts["UNTIL"], start.tzinfo)
    canonical = ";".join(f"{key}={parts[key]}" for key in _ALLOWED_PARTS if key in parts)
    recurrence = Recurrence(start, canonical)
    try:
        # The checks above guarantee occurrences at least an hour apart and, except for a
        # MONTHLY/YEARLY BYSETPOS that never matches (about a second's walk), a quick answer.
        first = next(iter(_rule(recurrence)), None)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise RecurrenceError(f"Cannot read this schedule: {error}.") from None
    if first is None:
        raise RecurrenceError("This schedule never produces a date.")
    return recurrence


def _coerce(
    rule: Recurrence | RecurrenceSpec | str | None,
    start: datetime | None,
    timezone: str | None,
) -> Recurrence:
    if isinstance(rule, Recurrence | RecurrenceSpec):
        if start is not None:
            raise ValueError("Pass `start` only with a raw RRULE string (or None for a one-off).")
        recurrence = build(rule) if isinstance(rule, RecurrenceSpec) else rule
        if timezone is not None:
            recurrence = parse_rrule(recurrence.rrule, recurrence.start, timezone)
        return recurrence
    if start is None:
        raise ValueError("A raw RRULE needs its `start`.")
    return parse_rrule(rule, start, timezone)


def _normalise(moment: datetime) -> datetime:
    # A wall time that does not exist (the skipped hour of a spring-forward night) becomes the
    # real instant it denotes, shown in local time.
    zone = moment.tzinfo
    return moment.astimezone(UTC).astimezone(zone)


def _iterate(recurrence: Recurrence, after: datetime) -> Iterator[datetime]:
    if recurrence.rrule is None:
        if recurrence.start >= after:
            yield recurrence.start
        return
    previous: datetime | None = None
    for moment in _rule(recurrence).xafter(after, inc=True):
        moment = _normalise(moment)
        # An hourly rule names the skipped hour and the next one; both are the same instant.
        if previous is not None and moment.astimezone(UTC) <= previous.astimezone(UTC):
            continue
        previous = moment
        yield moment


def occurrences(
    rule: Recurrence | RecurrenceSpec | str | None,
    start: datetime | None,
    window_start: datetime,
    window_end: datetime,
    limit: int = DEFAULT_LIMIT,
    timezone: str | None = None,
) -> list[datetime]:
    """Occurrences in [window_start, window_end), in order, at most `limit` of them.

    `rule` is a Recurrence or RecurrenceSpec (then `start` must be None), or a raw RRULE string
    or None for a one-off (then `start` is its first occurrence). Results are aware datetimes in
    the schedule's zone. `limit` may not exceed MAX_OCCURRENCES.
    """
    if not 1 <= limit <= MAX_OCCURRENCES:
        raise ValueError(f"limit must be between 1 and {MAX_OCCURRENCES}")
    for bound in (window_start, window_end):
        if bound.tzinfo is None or bound.utcoffset() is None:
            raise ValueError("window bounds must be timezone-aware")
    recurrence = _coerce(rule, start, timezone)
    found: list[datetime] = []
    for moment in _iterate(recurrence, window_start):
        if moment >= window_end or len(found) >= limit:
            break
        found.append(moment)
    return found


def next_occurrence(
    rule: Recurrence | RecurrenceSpec | str | None,
    start: datetime | None,
    after: datetime,
    timezone: str | None = None,
) -> datetime | None:
    """The first occurrence at or after `after`, or None when the schedule has ended."""
    recurrence = _coerce(rule, start, timezone)
    return next(_iterate(recurrence, after), None)


# --- Plain English -------------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


_POSITION_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def _weekday_phrase(value: str) -> str | None:
    """ "MO" -> "Monday"; "1MO" -> "first Monday"; None if not describable."""
    code = value[-2:]
    if code not in WEEKDAY_CODES:
        return None
    name = _WEEKDAY_NAMES[WEEKDAY_CODES.index(code)]
    position = value[:-2]
    if not position:
        return name
    try:
        word = _POSITION_WORDS.get(int(position))
    except ValueError:
        return None
    return f"{word} {name}" if word else None


def _clock(moment: datetime | time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _times(parts: dict[str, str], start: datetime) -> str:
    if "BYHOUR" not in parts:
        return f"at {_clock(start)}"
    minute = int(parts["BYMINUTE"]) if "BYMINUTE" in parts else start.minute
    hours = sorted(_ints(parts["BYHOUR"], "BYHOUR"))
    return "at " + _join([f"{h:02d}:{minute:02d}" for h in hours])


def _every(interval: int, unit: str) -> str:
    return f"every {unit}" if interval == 1 else f"every {interval} {unit}s"


def _day_month(moment: datetime) -> str:
    return f"{moment.day} {MONTH_NAMES[moment.month - 1]}"


def describe(
    rule: Recurrence | RecurrenceSpec | str | None,
    start: datetime | None = None,
    timezone: str | None = None,
) -> str:
    """The schedule in plain English: "every weekday at 19:00", "every Monday and Thursday at
    08:30", "once on 3 December at 18:00"."""
    recurrence = _coerce(rule, start, timezone)
    first = recurrence.start
    if recurrence.rrule is None:
        return f"once on {_day_month(first)} at {_clock(first)}"
    parts = _split(recurrence.rrule)
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    days = parts["BYDAY"].split(",") if "BYDAY" in parts else []
    day_phrases = [_weekday_phrase(d) for d in days]
    describable = (
        all(day_phrases)
        and "BYSETPOS" not in parts
        and ("BYMONTH" not in parts or freq == "YEARLY")
    )
    names: list[str] = [p for p in day_phrases if p]
    text: str | None = None
    if describable and freq == "HOURLY" and not days and "BYHOUR" not in parts:
        text = f"{_every(interval, 'hour')} from {_clock(first)}"
    elif describable and freq in ("DAILY", "WEEKLY") and "BYMONTHDAY" not in parts:
        unit = "day" if freq == "DAILY" else "week"
        if not names and freq == "WEEKLY":
            names = [_WEEKDAY_NAMES[first.weekday()]]
        if any(" " in n for n in names):
            text = None
        elif not names:
            text = f"{_every(interval, unit)} {_times(parts, first)}"
        else:
            ordered = sorted(names, key=_WEEKDAY_NAMES.index)
            if ordered == list(_WEEKDAY_NAMES[:5]):
                what = "weekday"
            elif ordered == list(_WEEKDAY_NAMES):
                what = "day"
            else:
                what = _join(ordered)
            if interval == 1:
                text = f"every {what} {_times(parts, first)}"
            elif freq == "WEEKLY" and what != "day":
                label = "weekdays" if what == "weekday" else what
                text = f"every {interval} weeks on {label} {_times(parts, first)}"
    elif describable and freq == "MONTHLY":
        monthdays = _ints(parts["BYMONTHDAY"], "BYMONTHDAY") if "BYMONTHDAY" in parts else []
        if not monthdays and not names:
            monthdays = [first.day]
        period = "month" if interval == 1 else f"{interval} months"
        if monthdays and not names:
            labels = [("last day" if d == -1 else f"{_ordinal(d)}") for d in sorted(monthdays)]
            if all(d > 0 or d == -1 for d in monthdays):
                text = f"on the {_join(labels)} of every {period} {_times(parts, first)}"
        elif names and not monthdays:
            text = f"on the {_join(names)} of every {period} {_times(parts, first)}"
    elif (
        freq == "YEARLY"
        and describable
        and not days
        and not ({"BYMONTHDAY", "BYMONTH"} & set(parts))
    ):
        text = f"{_every(interval, 'year')} on {_day_month(first)} {_times(parts, first)}"
    if text is None:
        return f"on a custom schedule ({recurrence.rrule})"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text += ", once" if count == 1 else f", {count} times"
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        local = until.astimezone(first.tzinfo)
        text += f", until {_day_month(local)} {local.year}"
    return text
