"""Form controls to RRULEs and back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from mend.commitments.schedule import ScheduleInput, initial_controls, to_recurrence
from mend.domain.recurrence import RecurrenceError

DAY = date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("repeat", "extra", "rrule"),
    [
        ("once", {}, None),
        ("daily", {}, "FREQ=DAILY"),
        ("weekdays", {}, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekly", {"weekdays": (6, 2)}, "FREQ=WEEKLY;BYDAY=WE,SU"),
        ("monthly", {}, "FREQ=MONTHLY;BYMONTHDAY=2"),
        (
            "rrule",
            {"rrule": "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU",
        ),
    ],
)
def test_controls_to_rrule_and_back(repeat: str, extra: dict, rrule: str | None) -> None:  # type: ignore[type-arg]
    spec = ScheduleInput(repeat, DAY, time(19, 0), "Europe/London", **extra)
    recurrence = to_recurrence(spec)
    assert recurrence.rrule == rrule
    assert recurrence.start == datetime(2026, 3, 2, 19, 0, tzinfo=recurrence.start.tzinfo)
    back = initial_controls(
        recurrence.rrule or "", recurrence.start.astimezone(UTC), "Europe/London"
    )
    assert back["repeat"] == repeat
    assert back["time_of_day"] == time(19, 0)
    assert back["start_date"] == DAY


def test_until_survives_the_round_trip() -> None:
    recurrence = to_recurrence(
        ScheduleInput("daily", DAY, time(8, 30), "Europe/Paris", until=date(2026, 4, 1))
    )
    back = initial_controls(recurrence.rrule or "", recurrence.start, "Europe/Paris")
    assert back["until"] == date(2026, 4, 1)


@pytest.mark.parametrize(
    "spec",
    [
        ScheduleInput("fortnightly", DAY, time(9, 0)),
        ScheduleInput("weekly", DAY, time(9, 0)),
        ScheduleInput("rrule", DAY, time(9, 0), rrule=""),
        ScheduleInput("rrule", DAY, time(9, 0), rrule="FREQ=MINUTELY"),
        ScheduleInput("daily", DAY, time(9, 0), timezone="Nowhere/Else"),
        ScheduleInput("daily", DAY, time(9, 0), until=date(2026, 1, 1)),
    ],
)
def test_bad_schedules_raise_a_readable_error(spec: ScheduleInput) -> None:
    # Each bad schedule says what is wrong in its own words; any non-empty message will do here.
    with pytest.raises(RecurrenceError, match=r"\w") as info:
        to_recurrence(spec)
    assert str(info.value)
