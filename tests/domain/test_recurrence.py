"""Commitment schedules: building, validating, expanding and describing recurrences."""

from __future__ import annotations

import contextlib
import itertools
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain import recurrence
from mend.domain.recurrence import build, describe, next_occurrence, occurrences, parse_rrule

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 3, 2, 19, 0, tzinfo=LONDON)  # a Monday


def spec(**changes: object) -> recurrence.RecurrenceSpec:
    base: dict[str, object] = {
        "frequency": recurrence.Frequency.WEEKLY,
        "time_of_day": time(19, 0),
        "start_date": date(2026, 3, 2),
        "timezone": "Europe/London",
    }
    base.update(changes)
    return recurrence.RecurrenceSpec(**base)  # type: ignore[arg-type]


# --- Building from a simple description ----------------------------------------------------------


def test_one_off() -> None:
    rec = build(spec(frequency="once", start_date=date(2026, 12, 3), time_of_day=time(18, 0)))
    assert rec.is_one_off and rec.rrule is None
    assert rec.start == datetime(2026, 12, 3, 18, 0, tzinfo=LONDON)
    assert describe(rec) == "once on 3 December at 18:00"
    window = occurrences(rec, None, START, START + timedelta(days=365))
    assert window == [rec.start]
    assert occurrences(rec, None, rec.start + timedelta(seconds=1), rec.start + timedelta(1)) == []


def test_every_weekday() -> None:
    rec = build(spec(weekdays=[0, 1, 2, 3, 4]))
    assert rec.rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert describe(rec) == "every weekday at 19:00"
    week = occurrences(rec, None, START, START + timedelta(days=7))
    assert [d.weekday() for d in week] == [0, 1, 2, 3, 4]
    assert all((d.hour, d.minute) == (19, 0) for d in week)


def test_weekly_on_given_days() -> None:
    rec = build(spec(weekdays=(3, 0), time_of_day=time(8, 30)))
    assert describe(rec) == "every Monday and Thursday at 08:30"
    found = occurrences(rec, None, START, START + timedelta(days=14))
    assert [d.strftime("%a %d %H:%M") for d in found] == [
        "Thu 05 08:30",
        "Mon 09 08:30",
        "Thu 12 08:30",
        "Mon 16 08:30",
    ]


def test_weekly_defaults_to_the_start_day() -> None:
    assert describe(build(spec())) == "every Monday at 19:00"


def test_daily_and_every_other_day() -> None:
    assert describe(build(spec(frequency="daily"))) == "every day at 19:00"
    rec = build(spec(frequency="daily", interval=2))
    assert describe(rec) == "every 2 days at 19:00"
    days = [d.day for d in occurrences(rec, None, START, START + timedelta(days=7))]
    assert days == [2, 4, 6, 8]


def test_monthly_on_a_day_and_on_the_last_day() -> None:
    rec = build(spec(frequency="monthly", month_day=15, time_of_day=time(9, 0)))
    assert describe(rec) == "on the 15th of every month at 09:00"
    found = occurrences(rec, None, START, START + timedelta(days=110))
    assert [(d.month, d.day) for d in found] == [(3, 15), (4, 15), (5, 15), (6, 15)]
    last = build(spec(frequency="monthly", month_day=-1))
    assert describe(last) == "on the last day of every month at 19:00"
    ends = occurrences(last, None, START, START + timedelta(days=62))
    assert [(d.month, d.day) for d in ends] == [(3, 31), (4, 30)]


def test_end_date_is_inclusive_in_local_time() -> None:
    rec = build(spec(frequency="daily", until=date(2026, 3, 5)))
    found = occurrences(rec, None, START, START + timedelta(days=30))
    assert [d.day for d in found] == [2, 3, 4, 5]
    assert describe(rec) == "every day at 19:00, until 5 March 2026"


def test_count() -> None:
    rec = build(spec(frequency="daily", count=3))
    assert len(occurrences(rec, None, START, START + timedelta(days=30))) == 3
    assert describe(rec) == "every day at 19:00, 3 times"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"frequency": "fortnightly"}, "Unknown frequency"),
        ({"timezone": "Mars/Olympus"}, "Unknown time zone"),
        ({"frequency": "once", "weekdays": [1]}, "one-off"),
        ({"weekdays": [7]}, "0 \\(Monday\\) to 6"),
        ({"frequency": "monthly", "month_day": 32}, "1 to 31"),
        ({"frequency": "monthly", "weekdays": [1]}, "day of the month"),
        ({"count": 3, "until": date(2026, 4, 1)}, "not both"),
        ({"until": date(2026, 1, 1)}, "before the start"),
        ({"interval": 0}, "interval"),
    ],
)
def test_bad_descriptions_are_refused_with_a_reason(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(recurrence.RecurrenceError, match=message):
        build(spec(**changes))


# --- Raw RRULEs ----------------------------------------------------------------------------------


def test_raw_rule_with_or_without_prefix() -> None:
    a = parse_rrule("RRULE:FREQ=WEEKLY;BYDAY=TH,MO", START)
    b = parse_rrule("freq=weekly;byday=TH,MO", START)
    assert a == b
    assert a.rrule == "FREQ=WEEKLY;BYDAY=TH,MO"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=MINUTELY", "more often than once an hour"),
        ("FREQ=SECONDLY", "more often than once an hour"),
        ("FREQ=HOURLY;BYMINUTE=0,30", "more often than once an hour"),
        ("FREQ=DAILY;BYHOUR=9;BYSECOND=0,1", "BYSECOND is not supported"),
        ("FREQ=FORTNIGHTLY", "Unknown frequency"),
        ("BYDAY=MO", "needs a FREQ"),
        ("FREQ=WEEKLY;BYDAY=XX", "Cannot read this schedule"),
        ("FREQ=WEEKLY;FREQ=DAILY", "appears twice"),
        ("FREQ=WEEKLY;BYDAY", "expected NAME=VALUE"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z", "not both"),
        ("FREQ=DAILY;COUNT=0", "at least 1"),
        ("FREQ=DAILY;INTERVAL=x", "whole numbers"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never happens"),
        ("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "never happens"),
        ("FREQ=DAILY;BYMONTH=13", "BYMONTH"),
        ("FREQ=DAILY;BYHOUR=24", "BYHOUR"),
        ("FREQ=DAILY;BYMINUTE=60", "BYMINUTE"),
        ("FREQ=DAILY;UNTIL=20200101T000000Z", "never produces"),
        ("FREQ=DAILY;UNTIL=2026-04-01", "Cannot read the end date"),
        ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "never produces"),
        ("DTSTART:20260101T000000\nRRULE:FREQ=DAILY", "single RRULE line"),
    ],
)
def test_bad_rules_are_refused_with_a_reason(rule: str, message: str) -> None:
    with pytest.raises(recurrence.RecurrenceError, match=message):
        parse_rrule(rule, START)


def test_hopeless_rules_are_refused_quickly() -> None:
    # Unguarded, dateutil walks to the year 9999 looking for these (seconds of CPU each).
    began = clock.perf_counter()
    for rule in (
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",  # rare but real: fine
    ):
        with contextlib.suppress(recurrence.RecurrenceError):
            parse_rrule(rule, START)
    assert clock.perf_counter() - began < 2.0


def test_local_until_is_rewritten_to_utc() -> None:
    rec = parse_rrule("FREQ=DAILY;UNTIL=20260305", START)
    assert rec.rrule == "FREQ=DAILY;UNTIL=20260305T235959Z"
    summer = datetime(2026, 7, 1, 19, tzinfo=LONDON)
    rec = parse_rrule("FREQ=DAILY;UNTIL=20260705T190000", summer)
    assert rec.rrule == "FREQ=DAILY;UNTIL=20260705T180000Z"  # BST is UTC+1
    assert occurrences(rec, None, summer, summer + timedelta(days=30))[-1].day == 5


def test_raw_rule_expanded_with_its_start() -> None:
    found = occurrences("FREQ=WEEKLY;BYDAY=MO,TH", START, START, START + timedelta(days=7))
    assert [d.day for d in found] == [2, 5]
    assert occurrences(None, START, START, START + timedelta(days=1)) == [START]


def test_naive_starts_are_refused() -> None:
    with pytest.raises(recurrence.RecurrenceError, match="time zone"):
        parse_rrule("FREQ=DAILY", datetime(2026, 1, 1, 9))
    with pytest.raises(ValueError, match="window bounds must be timezone-aware"):
        occurrences("FREQ=DAILY", START, datetime(2026, 1, 1), START)


def test_spec_and_start_together_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="only with a raw RRULE"):
        occurrences(spec(), START, START, START + timedelta(days=1))
    with pytest.raises(ValueError, match="needs its `start`"):
        occurrences("FREQ=DAILY", None, START, START + timedelta(days=1))


# --- Time zones ----------------------------------------------------------------------------------


def test_wall_clock_time_survives_daylight_saving() -> None:
    # The UK moves to BST on 29 March 2026: 19:00 stays 19:00 local, so 18:00 then 19:00 UTC.
    rec = build(spec(frequency="daily", start_date=date(2026, 3, 27)))
    found = occurrences(
        rec, None, datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC)
    )
    assert [d.hour for d in found] == [19, 19, 19, 19]
    assert [d.astimezone(UTC).hour for d in found] == [19, 19, 18, 18]


def test_a_skipped_local_time_becomes_the_real_instant() -> None:
    rec = build(spec(frequency="daily", start_date=date(2026, 3, 28), time_of_day=time(1, 30)))
    found = occurrences(rec, None, rec.start, rec.start + timedelta(days=3))
    # 01:30 on 29 March does not exist in London; it is shown as 02:30 BST, the same instant.
    assert [d.astimezone(UTC).strftime("%d %H:%M") for d in found] == [
        "28 01:30",
        "29 01:30",
        "30 00:30",
    ]
    assert found[1].strftime("%H:%M") == "02:30"


def test_a_start_read_back_in_utc_is_expanded_in_the_users_zone() -> None:
    stored = START.astimezone(UTC)  # what a database hands back
    found = occurrences(
        "FREQ=DAILY",
        stored,
        datetime(2026, 3, 28, tzinfo=UTC),
        datetime(2026, 3, 31, tzinfo=UTC),
        timezone="Europe/London",
    )
    assert [d.strftime("%H:%M") for d in found] == ["19:00", "19:00", "19:00"]


def test_storage_round_trip() -> None:
    rec = build(spec(weekdays=[0, 3]))
    data = rec.to_dict()
    assert data == {
        "start": "2026-03-02T19:00:00",
        "timezone": "Europe/London",
        "rrule": "FREQ=WEEKLY;BYDAY=MO,TH",
    }
    assert recurrence.Recurrence.from_dict(data) == rec
    one_off = build(spec(frequency="once"))
    assert recurrence.Recurrence.from_dict(one_off.to_dict()) == one_off


# --- Limits --------------------------------------------------------------------------------------


def test_the_limit_caps_what_is_produced() -> None:
    hourly = parse_rrule("FREQ=HOURLY", START)
    year, cap = START + timedelta(days=365), recurrence.MAX_OCCURRENCES
    found = occurrences(hourly, None, START, year, limit=10)
    assert len(found) == 10
    capped = occurrences(hourly, None, START, year, limit=cap)
    assert len(capped) == cap
    with pytest.raises(ValueError, match="limit must be between 1 and 1000"):
        occurrences(hourly, None, START, START + timedelta(days=1), limit=cap + 1)


@given(
    rule=st.sampled_from(
        [
            "FREQ=HOURLY",
            "FREQ=HOURLY;INTERVAL=5",
            "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23",
            "FREQ=DAILY",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        ]
    ),
    days=st.integers(min_value=1, max_value=60),
    offset=st.integers(min_value=0, max_value=400),
)
def test_occurrences_stay_in_the_window_in_order_and_at_least_an_hour_apart(
    rule: str, days: int, offset: int
) -> None:
    window_start = START + timedelta(days=offset, hours=offset % 7)
    window_end = window_start + timedelta(days=days)
    found = occurrences(rule, START, window_start, window_end)
    assert all(window_start <= d < window_end for d in found)
    # Compared in UTC: Python subtracts same-zone datetimes by wall clock.
    instants = [d.astimezone(UTC) for d in found]
    assert all(b - a >= timedelta(hours=1) for a, b in itertools.pairwise(instants))
    assert len(found) <= 366


def test_hourly_across_the_spring_forward_night_has_no_duplicate_instant() -> None:
    night = datetime(2026, 3, 29, 0, 0, tzinfo=LONDON)
    found = occurrences("FREQ=HOURLY", night, night, night + timedelta(hours=4))
    assert [d.astimezone(UTC).hour for d in found] == [0, 1, 2]


def test_next_occurrence() -> None:
    rec = build(spec(weekdays=[0, 3], count=2))
    assert next_occurrence(rec, None, START) == START
    assert next_occurrence(rec, None, START + timedelta(minutes=1)) == START + timedelta(days=3)
    assert next_occurrence(rec, None, START + timedelta(days=4)) is None


# --- Describing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday at 19:00"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "every weekday at 19:00"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Monday, Wednesday and Friday at 19:00"),
        ("FREQ=WEEKLY;BYDAY=SA,SU;COUNT=4", "every Saturday and Sunday at 19:00, 4 times"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "every 2 weeks on Tuesday at 19:00"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR", "every 2 weeks on weekdays at 19:00"),
        ("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=15", "every day at 08:15 and 20:15"),
        ("FREQ=MONTHLY;BYDAY=1SU", "on the first Sunday of every month at 19:00"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "on the last Friday of every month at 19:00"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", "on the 1st of every 3 months at 19:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=2,22", "on the 2nd and 22nd of every month at 19:00"),
        ("FREQ=YEARLY", "every year on 2 March at 19:00"),
        ("FREQ=HOURLY;INTERVAL=4", "every 4 hours from 19:00"),
        (
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=2",
            "on a custom schedule (FREQ=MONTHLY;BYDAY=MO;BYSETPOS=2)",
        ),
    ],
)
def test_describe_in_plain_english(rule: str, text: str) -> None:
    assert describe(rule, START) == text
