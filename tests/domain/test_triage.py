from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain.triage import (
    ActivityEvent,
    Breach,
    RepairConversation,
    SafetyCheckin,
    Signal,
    TriageInputs,
    TriageParams,
    chronic_flooding,
    chronic_unsafety,
    communication_stuck,
    evaluate,
    many_breaches,
    repeating_pattern,
    severe_unsafety,
)

NOW = datetime(2025, 3, 31, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
P = TriageParams()
A, B = 1, 2

# Words that blame, predict or alarm have no place in a signal's reason.
FORBIDDEN = re.compile(
    r"\b(fault|blame|failing|failed|fail|will (end|break|divorce)|doomed|likely to|predict"
    r"|abus\w*|toxic|wrong with)\b",
    re.IGNORECASE,
)


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def assert_calm(signal: Signal) -> None:
    assert signal.reason.startswith("Mend has noticed")
    assert "counsellor can" in signal.reason
    assert not FORBIDDEN.search(signal.reason), signal.reason
    assert signal.severity in ("consider", "recommend")


# --- empty and trivial inputs -----------------------------------------------------------------


def test_empty_inputs_give_no_signals() -> None:
    assert evaluate(TriageInputs(member_ids=[]), NOW) == []
    assert evaluate(TriageInputs(member_ids=[A]), NOW, P) == []


def test_new_space_is_not_stuck() -> None:
    inputs = TriageInputs(member_ids=[A, B], space_created=ago(days=3))
    assert communication_stuck(inputs, NOW) == []
    inputs = TriageInputs(member_ids=[A, B], space_created=ago(days=14))
    assert len(communication_stuck(inputs, NOW)) == 1


# --- communication stuck: no two-way activity --------------------------------------------------


def test_quiet_two_member_space_is_stuck() -> None:
    inputs = TriageInputs(
        member_ids=[A, B],
        events=[
            ActivityEvent(ago(days=3), A, "moment", ("moment", 10)),
            ActivityEvent(ago(days=20), B, "disclosure", ("disclosure", 7)),
        ],
    )
    [sig] = communication_stuck(inputs, NOW, P)
    assert sig.code == "communication_stuck"
    assert sig.member_id is None
    assert sig.severity == "consider"
    assert "one of its two members" in sig.reason
    assert "17 March 2025" in sig.reason  # the start of the 14-day window
    assert set(sig.evidence) == {("moment", 10), ("disclosure", 7)}
    assert_calm(sig)


def test_both_members_active_is_not_stuck() -> None:
    inputs = TriageInputs(
        member_ids=[A, B],
        events=[ActivityEvent(ago(days=3), A, "moment"), ActivityEvent(ago(days=13), B, "checkin")],
    )
    assert communication_stuck(inputs, NOW) == []


def test_quiet_window_boundary_is_inclusive() -> None:
    at_edge = TriageInputs(
        member_ids=[A, B],
        events=[ActivityEvent(ago(days=1), A, "moment"), ActivityEvent(ago(days=14), B, "moment")],
    )
    assert communication_stuck(at_edge, NOW) == []
    one_second_out = TriageInputs(
        member_ids=[A, B],
        events=[
            ActivityEvent(ago(days=1), A, "moment"),
            ActivityEvent(ago(days=14) - SECOND, B, "moment"),
        ],
    )
    assert len(communication_stuck(one_second_out, NOW)) == 1


def test_future_events_do_not_count() -> None:
    inputs = TriageInputs(
        member_ids=[A, B],
        events=[ActivityEvent(ago(days=1), A, "moment"), ActivityEvent(NOW + SECOND, B, "moment")],
    )
    assert len(communication_stuck(inputs, NOW)) == 1


def test_single_member_space_is_never_stuck_for_quiet() -> None:
    assert communication_stuck(TriageInputs(member_ids=[A]), NOW) == []


def test_events_by_former_members_do_not_count() -> None:
    inputs = TriageInputs(
        member_ids=[A, B],
        events=[ActivityEvent(ago(days=1), A, "moment"), ActivityEvent(ago(days=1), 99, "moment")],
    )
    assert len(communication_stuck(inputs, NOW)) == 1


def test_nothing_recorded_at_all() -> None:
    [sig] = communication_stuck(TriageInputs(member_ids=[A, B]), NOW)
    assert "Nothing has been recorded" in sig.reason
    assert sig.evidence == []


# --- communication stuck: repeated pauses ------------------------------------------------------


def _active() -> list[ActivityEvent]:
    return [ActivityEvent(ago(days=1), A, "moment"), ActivityEvent(ago(days=1), B, "moment")]


def _convs(*ended_by: str, days_ago: float = 2) -> list[RepairConversation]:
    return [
        RepairConversation(
            id=i,
            started=ago(days=days_ago + i, hours=1),
            ended=ago(days=days_ago + i),
            ended_by=e,  # type: ignore[arg-type]
        )
        for i, e in enumerate(ended_by)
    ]


def test_three_of_four_paused_or_abandoned_is_stuck() -> None:
    inputs = TriageInputs(
        member_ids=[A, B],
        events=_active(),
        conversations=_convs("paused", "paused", "abandoned", "completed"),
    )
    [sig] = communication_stuck(inputs, NOW)
    assert "Of the 4 repair conversations" in sig.reason
    assert "2 ended with a pause (on 28 March and 29 March 2025)" in sig.reason
    assert "1 stopped before any step was completed (on 27 March 2025)" in sig.reason
    assert sig.evidence == [
        ("repair_conversation", 0),
        ("repair_conversation", 1),
        ("repair_conversation", 2),
    ]
    assert sig.severity == "consider"
    assert_calm(sig)


def test_abandoned_conversations_count_as_stuck() -> None:
    inputs = TriageInputs(
        member_ids=[A, B], events=_active(), conversations=_convs(*["abandoned"] * 6)
    )
    [sig] = communication_stuck(inputs, NOW)
    assert "6 stopped before any step was completed" in sig.reason
    assert "ended with a pause" not in sig.reason


def test_two_paused_then_a_completed_one_does_not_create_the_signal() -> None:
    # The old rule counted ended conversations: two pauses were below its minimum, two pauses
    # and one completed conversation were a signal. Finishing a conversation creates nothing now.
    two = _convs("paused", "paused")
    assert communication_stuck(TriageInputs([A, B], events=_active(), conversations=two), NOW) == []
    more = _convs("paused", "paused", "completed")
    assert (
        communication_stuck(TriageInputs([A, B], events=_active(), conversations=more), NOW) == []
    )


def test_one_of_three_paused_is_not_stuck() -> None:
    inputs = TriageInputs(
        member_ids=[A, B],
        events=_active(),
        conversations=_convs("paused", "completed", "abandoned"),
    )
    assert communication_stuck(inputs, NOW) == []


def test_two_conversations_both_paused_is_below_the_minimum() -> None:
    inputs = TriageInputs(
        member_ids=[A, B], events=_active(), conversations=_convs("paused", "paused")
    )
    assert communication_stuck(inputs, NOW) == []


def test_share_just_below_two_thirds_is_not_stuck() -> None:
    # 3 of 5 = 60% < 66.7%
    convs = _convs("paused", "paused", "paused", "completed", "completed")
    inputs = TriageInputs(member_ids=[A, B], events=_active(), conversations=convs)
    assert communication_stuck(inputs, NOW) == []


def test_conversation_ended_one_second_outside_window_does_not_count() -> None:
    inside = _convs("paused", "paused")
    edge = RepairConversation(id=9, started=ago(days=29), ended=ago(days=28), ended_by="paused")
    outside = RepairConversation(
        id=9, started=ago(days=29), ended=ago(days=28) - SECOND, ended_by="paused"
    )
    ok = TriageInputs(member_ids=[A, B], events=_active(), conversations=[*inside, edge])
    assert len(communication_stuck(ok, NOW)) == 1
    out = TriageInputs(member_ids=[A, B], events=_active(), conversations=[*inside, outside])
    assert communication_stuck(out, NOW) == []


def test_ongoing_conversations_do_not_count() -> None:
    ongoing = RepairConversation(id=5, started=ago(hours=1))
    inputs = TriageInputs(
        member_ids=[A, B],
        events=_active(),
        conversations=[*_convs("paused", "paused"), ongoing],
    )
    assert communication_stuck(inputs, NOW) == []


def test_quiet_and_pausing_together_recommend() -> None:
    inputs = TriageInputs(member_ids=[A, B], conversations=_convs("paused", "paused", "paused"))
    [sig] = communication_stuck(inputs, NOW)
    assert sig.severity == "recommend"


def test_pause_rule_applies_to_a_single_member_space_too() -> None:
    inputs = TriageInputs(member_ids=[A], conversations=_convs("paused", "paused", "paused"))
    [sig] = communication_stuck(inputs, NOW)
    assert "3 ended with a pause" in sig.reason


# --- chronic unsafety --------------------------------------------------------------------------


def _checkins(
    member: int, *safety: int, start_days: float = 1, every: float = 3
) -> list[SafetyCheckin]:
    # One check-in every three days by default: distinct days, spanning more than a week.
    return [
        SafetyCheckin(
            ago(days=start_days + every * i), member, s, flooded=(s <= 2), ref=("checkin", i)
        )
        for i, s in enumerate(safety)
    ]


def test_three_of_five_low_days_is_chronic() -> None:
    inputs = TriageInputs(member_ids=[A, B], checkins=_checkins(A, 3, 4, 2, 7, 8))
    [sig] = chronic_unsafety(inputs, NOW)
    assert sig.code == "chronic_unsafety"
    assert sig.member_id == A
    assert sig.severity == "consider"
    assert "on 3 of the 5 days with a safety check-in" in sig.reason
    assert "the lowest was 2, on 24 March 2025" in sig.reason
    assert "On 1 day feeling flooded was noted too" in sig.reason
    assert sig.evidence == [("checkin", 2), ("checkin", 1), ("checkin", 0)]
    assert_calm(sig)


def test_low_days_must_span_a_week() -> None:
    # Three low days in a row, then calm: not chronic, however low.
    close = _checkins(A, 3, 3, 3, every=1)
    assert chronic_unsafety(TriageInputs([A], checkins=close), NOW) == []
    spread = _checkins(A, 3, 3, 3)  # 1, 4 and 7 days ago: seven calendar days
    assert len(chronic_unsafety(TriageInputs([A], checkins=spread), NOW)) == 1


def test_many_check_ins_on_one_day_are_one_day() -> None:
    burst = [SafetyCheckin(ago(days=2, minutes=10 * i), A, 3) for i in range(6)]
    calm = [SafetyCheckin(ago(days=d), A, 8) for d in (5, 9)]
    low_days = [SafetyCheckin(ago(days=d), A, 3) for d in (12,)]
    # 6 of 9 check-ins are low, but only 2 of 4 days.
    assert chronic_unsafety(TriageInputs([A], checkins=[*burst, *calm, *low_days]), NOW) == []


def test_a_low_check_in_makes_its_day_low_even_if_a_later_one_is_higher() -> None:
    checkins = _checkins(A, 3, 3, 3)
    later_same_days = [SafetyCheckin(c.at + timedelta(hours=1), A, 9) for c in checkins]
    assert (
        len(chronic_unsafety(TriageInputs([A], checkins=[*checkins, *later_same_days]), NOW)) == 1
    )


def test_recent_low_days_are_not_diluted_by_better_weeks_before() -> None:
    earlier = [SafetyCheckin(ago(days=d), A, 8) for d in range(15, 28)]
    recent = [SafetyCheckin(ago(days=d), A, 3, ref=("checkin", d)) for d in range(1, 9)]
    [sig] = chronic_unsafety(TriageInputs([A], checkins=[*earlier, *recent]), NOW)
    assert "between 17 March 2025 and 31 March 2025" in sig.reason  # the two-week window
    assert "on all 8 days" in sig.reason


def test_two_of_four_low_is_not_chronic() -> None:
    inputs = TriageInputs(member_ids=[A, B], checkins=_checkins(A, 3, 4, 7, 8))
    assert chronic_unsafety(inputs, NOW) == []


def test_safety_five_is_not_low() -> None:
    inputs = TriageInputs(member_ids=[A, B], checkins=_checkins(A, 5, 5, 5))
    assert chronic_unsafety(inputs, NOW) == []
    inputs = TriageInputs(member_ids=[A, B], checkins=_checkins(A, 4, 4, 4))
    [sig] = chronic_unsafety(inputs, NOW)
    assert sig.severity == "recommend"


def test_two_low_checkins_are_too_few() -> None:
    inputs = TriageInputs(member_ids=[A, B], checkins=_checkins(A, 1, 1))
    assert chronic_unsafety(inputs, NOW) == []


def test_checkin_one_second_outside_window_does_not_count() -> None:
    inside = _checkins(A, 2, 2)
    edge = SafetyCheckin(ago(days=28), A, 2)
    outside = SafetyCheckin(ago(days=28) - SECOND, A, 2)
    # Two low days in the last fortnight, one at the window's edge: the edge counts.
    assert len(chronic_unsafety(TriageInputs([A], checkins=[*inside, edge]), NOW)) == 1
    assert chronic_unsafety(TriageInputs([A], checkins=[*inside, outside]), NOW) == []


def test_chronic_unsafety_is_per_member() -> None:
    checkins = [*_checkins(A, 2, 3, 3), *_checkins(B, 8, 9, 2)]
    signals = chronic_unsafety(TriageInputs([A, B], checkins=checkins), NOW)
    assert [s.member_id for s in signals] == [A]


def test_chronic_unsafety_in_single_member_space() -> None:
    signals = chronic_unsafety(TriageInputs([A], checkins=_checkins(A, 0, 1, 2)), NOW)
    assert [s.member_id for s in signals] == [A]


# --- repeating pattern -------------------------------------------------------------------------


def _breach(i: int, days: float, text: str = "", topic: str | None = None, tags=()) -> Breach:  # type: ignore[no-untyped-def]
    return Breach(id=i, at=ago(days=days), topic=topic, tags=tags, text=text)


def test_topic_label_repeating_three_times() -> None:
    breaches = [
        _breach(1, 80, "x", topic="Money"),
        _breach(2, 40, "y", topic="money "),
        _breach(3, 5, "z", topic="MONEY"),
        _breach(4, 5, "w", topic="chores"),
    ]
    [sig] = repeating_pattern(TriageInputs([A, B], breaches=breaches), NOW)
    assert sig.code == "repeating_pattern"
    assert sig.title.endswith("Money")
    assert "3 breaches or conflicts about \u201cMoney\u201d" in sig.reason
    assert "10 January, 19 February and 26 March 2025" in sig.reason
    assert sig.evidence == [("breach", 1), ("breach", 2), ("breach", 3)]
    assert sig.severity == "consider"
    assert_calm(sig)


def test_topic_twice_is_below_threshold() -> None:
    breaches = [_breach(1, 10, topic="money"), _breach(2, 5, topic="money")]
    assert repeating_pattern(TriageInputs([A, B], breaches=breaches), NOW) == []


def test_pattern_window_boundary() -> None:
    two = [_breach(1, 10, topic="money"), _breach(2, 5, topic="money")]
    edge = Breach(id=3, at=ago(days=180), topic="money")
    outside = Breach(id=3, at=ago(days=180) - SECOND, topic="money")
    assert len(repeating_pattern(TriageInputs([A], breaches=[*two, edge]), NOW)) == 1
    assert repeating_pattern(TriageInputs([A], breaches=[*two, outside]), NOW) == []


def test_shared_tag_groups_breaches() -> None:
    breaches = [
        _breach(1, 30, "argued in the car", tags=["in-laws", "weekend"]),
        _breach(2, 20, "cancelled on me", tags=["In-laws"]),
        _breach(3, 10, "raised voice", tags=("in-laws",)),
    ]
    [sig] = repeating_pattern(TriageInputs([A, B], breaches=breaches), NOW)
    assert "tagged \u201cin-laws\u201d" in sig.reason
    assert len(sig.evidence) == 3


def test_a_bare_string_tag_is_one_tag() -> None:
    breaches = [_breach(i, 10 + i, f"note {i}", tags="phone") for i in range(3)]
    [sig] = repeating_pattern(TriageInputs([A], breaches=breaches), NOW)
    assert "tagged \u201cphone\u201d" in sig.reason


def test_text_similarity_groups_paraphrases() -> None:
    breaches = [
        _breach(1, 60, "You were on your phone all dinner again"),
        _breach(2, 30, "phone at dinner again"),
        _breach(3, 12, "scrolling your phone through dinner, again"),
        _breach(4, 20, "forgot to pick up the kids"),
        _breach(5, 2, "came home late without texting"),
    ]
    [sig] = repeating_pattern(TriageInputs([A, B], breaches=breaches), NOW)
    assert sig.evidence == [("breach", 1), ("breach", 2), ("breach", 3)]
    assert "phone" in sig.title and "dinner" in sig.title
    assert "share the words" in sig.reason
    assert_calm(sig)


def test_unrelated_texts_do_not_group() -> None:
    breaches = [
        _breach(1, 60, "you were on your phone all dinner again"),
        _breach(2, 30, "forgot to pick up the kids from school"),
        _breach(3, 12, "came home late without texting"),
        _breach(4, 6, "spent our savings on a car without asking"),
        _breach(5, 2, "shouted at me in front of your mother"),
    ]
    assert repeating_pattern(TriageInputs([A, B], breaches=breaches), NOW) == []


def test_same_group_found_twice_is_reported_once() -> None:
    breaches = [
        _breach(1, 60, "phone at dinner", topic="phone", tags=["phone"]),
        _breach(2, 30, "phone at dinner again", topic="phone", tags=["phone"]),
        _breach(3, 12, "on your phone all dinner", topic="phone", tags=["phone"]),
    ]
    signals = repeating_pattern(TriageInputs([A, B], breaches=breaches), NOW)
    assert len(signals) == 1
    assert "about \u201cphone\u201d" in signals[0].reason


def test_five_occurrences_recommend() -> None:
    breaches = [_breach(i, 5 + i * 10, topic="chores") for i in range(5)]
    [sig] = repeating_pattern(TriageInputs([A], breaches=breaches), NOW)
    assert sig.severity == "recommend"


def test_custom_params_change_thresholds() -> None:
    strict = TriageParams(pattern_min_occurrences=2, window=timedelta(days=7))
    breaches = [_breach(1, 10, topic="money"), _breach(2, 5, topic="money")]
    assert len(repeating_pattern(TriageInputs([A], breaches=breaches), NOW, strict)) == 1
    checkins = _checkins(A, 3, 3, 3, start_days=6)  # days 6, 9, 12: one inside 7 days
    assert chronic_unsafety(TriageInputs([A], checkins=checkins), NOW, strict) == []


# --- evaluate ----------------------------------------------------------------------------------


def test_evaluate_runs_all_rules_in_order() -> None:
    inputs = TriageInputs(
        member_ids=[A, B],
        checkins=_checkins(B, 1, 2, 3),
        breaches=[_breach(i, 5 + i, topic="money") for i in range(3)],
    )
    codes = [s.code for s in evaluate(inputs, NOW)]
    assert codes == [
        "communication_stuck",
        "severe_unsafety",
        "chronic_unsafety",
        "repeating_pattern",
    ]
    inputs = TriageInputs(
        member_ids=[A],
        checkins=[SafetyCheckin(ago(days=d), A, 7, flooded=True) for d in range(1, 10)],
        breaches=[_breach(i, 5 + i, topic=f"t{i}") for i in range(5)],
    )
    assert [s.code for s in evaluate(inputs, NOW)] == ["chronic_flooding", "many_breaches"]


@pytest.mark.parametrize("tz_hours", [-8, 0, 10])
def test_dates_are_shown_in_the_timezone_of_now(tz_hours: int) -> None:
    from datetime import timezone

    tz = timezone(timedelta(hours=tz_hours))
    now = datetime(2025, 3, 31, 23, 30, tzinfo=UTC).astimezone(tz)
    breaches = [Breach(id=i, at=now - timedelta(days=i + 1), topic="t") for i in range(3)]
    [sig] = repeating_pattern(TriageInputs([A], breaches=breaches), now)
    local_day = (now - timedelta(days=1)).day
    assert f"{local_day} " in sig.reason


# --- severe unsafety ---------------------------------------------------------------------------


def test_one_check_in_at_zero_or_one_is_enough_to_offer_help() -> None:
    [sig] = severe_unsafety(TriageInputs([A, B], checkins=[SafetyCheckin(ago(days=3), A, 1)]), NOW)
    assert sig.code == "severe_unsafety" and sig.member_id == A
    assert sig.severity == "consider"
    assert "1 out of 10 or lower on 1 day (28 March 2025)" in sig.reason
    assert_calm(sig)
    assert (
        severe_unsafety(TriageInputs([A], checkins=[SafetyCheckin(ago(days=3), A, 2)]), NOW) == []
    )


def test_severe_on_two_days_recommends_and_old_ones_do_not_count() -> None:
    two_days = [SafetyCheckin(ago(days=d), A, 0, ref=("checkin", d)) for d in (2, 5)]
    [sig] = severe_unsafety(TriageInputs([A], checkins=two_days), NOW)
    assert sig.severity == "recommend"
    assert sig.evidence == [("checkin", 5), ("checkin", 2)]
    same_day = [SafetyCheckin(ago(days=2, hours=h), A, 0) for h in (0, 1)]
    assert severe_unsafety(TriageInputs([A], checkins=same_day), NOW)[0].severity == "consider"
    old = [SafetyCheckin(ago(days=15), A, 0)]
    assert severe_unsafety(TriageInputs([A], checkins=old), NOW) == []


# --- chronic flooding --------------------------------------------------------------------------


def test_flooded_on_most_days_is_a_signal_whatever_the_safety_rating() -> None:
    checkins = [
        SafetyCheckin(ago(days=d), A, 7, flooded=d % 4 != 0, ref=("checkin", d))
        for d in range(1, 15)
    ]
    [sig] = chronic_flooding(TriageInputs([A], checkins=checkins), NOW)
    assert sig.code == "chronic_flooding" and sig.member_id == A
    assert "on 11 of the 14 days" in sig.reason
    assert sig.severity == "consider"  # 11/14 < 4/5
    assert_calm(sig)
    assert chronic_unsafety(TriageInputs([A], checkins=checkins), NOW) == []


def test_flooding_on_days_close_together_is_not_chronic() -> None:
    checkins = [SafetyCheckin(ago(days=d), A, 7, flooded=True) for d in (1, 2, 3)]
    assert chronic_flooding(TriageInputs([A], checkins=checkins), NOW) == []


# --- many breaches -----------------------------------------------------------------------------


def test_many_breaches_of_any_kind() -> None:
    four = [_breach(i, 5 + 10 * i, f"something else {i}") for i in range(4)]
    assert many_breaches(TriageInputs([A], breaches=four), NOW) == []
    five = [*four, _breach(9, 85, "and another")]
    [sig] = many_breaches(TriageInputs([A], breaches=five), NOW)
    assert sig.code == "many_breaches" and sig.member_id is None
    assert sig.severity == "consider"
    assert "5 breaches or conflicts were recorded in the last 90 days" in sig.reason
    assert_calm(sig)
    eight = [_breach(i, 5 + 10 * i, f"x{i}") for i in range(8)]
    assert many_breaches(TriageInputs([A], breaches=eight), NOW)[0].severity == "recommend"
    old = [_breach(i, 91 + i, f"x{i}") for i in range(10)]
    assert many_breaches(TriageInputs([A], breaches=old), NOW) == []


# --- monotone in what the rules warn about -----------------------------------------------------

DAYS = st.floats(min_value=0, max_value=40)


@st.composite
def checkin_lists(draw: st.DrawFn, member: int = A) -> list[SafetyCheckin]:
    return [
        SafetyCheckin(ago(days=d), member, s, flooded=f)
        for d, s, f in draw(
            st.lists(st.tuples(DAYS, st.integers(0, 10), st.booleans()), max_size=25)
        )
    ]


@st.composite
def conversation_lists(draw: st.DrawFn) -> list[RepairConversation]:
    raw = draw(
        st.lists(
            st.tuples(DAYS, st.sampled_from(["completed", "paused", "abandoned", None])),
            max_size=12,
        )
    )
    return [
        RepairConversation(
            id=i,
            started=ago(days=d + 0.1),
            ended=None if how is None else ago(days=d),
            ended_by=how,  # type: ignore[arg-type]
        )
        for i, (d, how) in enumerate(raw)
    ]


@st.composite
def breach_lists(draw: st.DrawFn) -> list[Breach]:
    raw = draw(
        st.lists(
            st.tuples(
                st.floats(min_value=0, max_value=200),
                st.sampled_from([None, "money", "phone", "in-laws"]),
                st.lists(st.sampled_from(["weekend", "kids", "work"]), max_size=2),
            ),
            max_size=15,
        )
    )
    # No free text: TF-IDF weights change as documents are added, so text grouping is not
    # monotone by construction; labels and tags are.
    return [Breach(id=i, at=ago(days=d), topic=t, tags=tags) for i, (d, t, tags) in enumerate(raw)]


def _codes(signals: list[Signal]) -> set[tuple[str, object]]:
    return {(s.code, s.member_id) for s in signals}


@given(convs=conversation_lists(), day=DAYS, how=st.sampled_from(["paused", "abandoned"]))
def test_adding_a_paused_or_abandoned_conversation_never_removes_a_signal(
    convs: list[RepairConversation], day: float, how: str
) -> None:
    before = TriageInputs([A, B], events=_active(), conversations=convs)
    extra = RepairConversation(
        id=99, started=ago(days=day + 0.1), ended=ago(days=day), ended_by=how
    )  # type: ignore[arg-type]
    after = TriageInputs([A, B], events=_active(), conversations=[*convs, extra])
    assert _codes(communication_stuck(before, NOW)) <= _codes(communication_stuck(after, NOW))


@given(convs=conversation_lists(), day=DAYS)
def test_finishing_a_conversation_never_creates_a_stuck_signal(
    convs: list[RepairConversation], day: float
) -> None:
    before = TriageInputs([A, B], events=_active(), conversations=convs)
    extra = RepairConversation(
        id=99, started=ago(days=day + 0.1), ended=ago(days=day), ended_by="completed"
    )
    after = TriageInputs([A, B], events=_active(), conversations=[*convs, extra])
    assert _codes(communication_stuck(after, NOW)) <= _codes(communication_stuck(before, NOW))


@given(checkins=checkin_lists(), day=DAYS, safety=st.integers(0, 4), flooded=st.booleans())
def test_adding_a_low_check_in_never_removes_an_unsafety_signal(
    checkins: list[SafetyCheckin], day: float, safety: int, flooded: bool
) -> None:
    extra = SafetyCheckin(ago(days=day), A, safety, flooded=flooded)
    before = TriageInputs([A], checkins=checkins)
    after = TriageInputs([A], checkins=[*checkins, extra])
    for rule in (chronic_unsafety, severe_unsafety):
        assert _codes(rule(before, NOW)) <= _codes(rule(after, NOW))


@given(checkins=checkin_lists(), day=DAYS, safety=st.integers(0, 10))
def test_adding_a_flooded_check_in_never_removes_a_flooding_signal(
    checkins: list[SafetyCheckin], day: float, safety: int
) -> None:
    extra = SafetyCheckin(ago(days=day), A, safety, flooded=True)
    before = TriageInputs([A], checkins=checkins)
    after = TriageInputs([A], checkins=[*checkins, extra])
    assert _codes(chronic_flooding(before, NOW)) <= _codes(chronic_flooding(after, NOW))


@given(
    breaches=breach_lists(),
    day=st.floats(min_value=0, max_value=200),
    topic=st.sampled_from([None, "money", "phone"]),
)
def test_adding_a_breach_never_removes_a_signal(
    breaches: list[Breach], day: float, topic: str | None
) -> None:
    extra = Breach(id=99, at=ago(days=day), topic=topic, tags=["kids"])
    before = TriageInputs([A], breaches=breaches)
    after = TriageInputs([A], breaches=[*breaches, extra])
    for rule in (repeating_pattern, many_breaches):
        assert _codes(rule(before, NOW)) <= _codes(rule(after, NOW))


@given(
    checkins=checkin_lists(),
    convs=conversation_lists(),
    breaches=breach_lists(),
    day=DAYS,
)
def test_adding_a_bad_day_and_a_stopped_conversation_never_removes_any_signal(
    checkins: list[SafetyCheckin],
    convs: list[RepairConversation],
    breaches: list[Breach],
    day: float,
) -> None:
    # The worst check-in (0/10, flooded), a paused conversation and a breach, all at once:
    # whatever else is there, every signal evaluate() gave before is still given.
    before = TriageInputs(
        [A, B], events=_active(), checkins=checkins, conversations=convs, breaches=breaches
    )
    after = TriageInputs(
        [A, B],
        events=_active(),
        checkins=[*checkins, SafetyCheckin(ago(days=day), A, 0, flooded=True)],
        conversations=[
            *convs,
            RepairConversation(
                id=99, started=ago(days=day + 0.1), ended=ago(days=day), ended_by="paused"
            ),
        ],
        breaches=[*breaches, Breach(id=99, at=ago(days=day), topic="money")],
    )
    assert _codes(evaluate(before, NOW)) <= _codes(evaluate(after, NOW))
