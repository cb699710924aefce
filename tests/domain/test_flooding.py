from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain.flooding import (
    BREATHING,
    DEFAULT_PARAMS,
    DEFAULT_SLEEP,
    SELF_CHECK_ITEMS,
    SELF_CHECK_MAX_SCORE,
    SELF_SOOTHING,
    SOURCE,
    FloodingParams,
    HeartRateBaseline,
    ImplausibleHeartRateError,
    PauseError,
    SafetyRatingError,
    SelfCheckError,
    SleepWindow,
    assess,
    can_resume,
    episodes,
    heart_rate_baseline,
    remaining,
    resume_at,
    score_self_check,
    validate_bpm,
    validate_pause,
    validate_safety_rating,
)

T0 = datetime(2024, 5, 1, 20, 0, tzinfo=UTC)


def answers(*values: int) -> dict[str, int]:
    return {item.code: value for item, value in zip(SELF_CHECK_ITEMS, values, strict=True)}


# --- plausibility ------------------------------------------------------------------------------


@pytest.mark.parametrize("bpm", [25, 26, 60, 249, 250])
def test_validate_bpm_accepts_plausible_range_inclusive(bpm: int) -> None:
    assert validate_bpm(bpm) == bpm


@pytest.mark.parametrize("bpm", [-1, 0, 24, 251, 300])
def test_validate_bpm_rejects_implausible(bpm: int) -> None:
    with pytest.raises(ImplausibleHeartRateError, match=f"{bpm} bpm is not plausible"):
        validate_bpm(bpm)


@pytest.mark.parametrize("bpm", [72.5, "72", None, True])
def test_validate_bpm_rejects_non_integers(bpm: object) -> None:
    with pytest.raises(ImplausibleHeartRateError, match="whole number"):
        validate_bpm(bpm)


@pytest.mark.parametrize("rating", [0, 5, 10])
def test_safety_rating_accepts_0_to_10(rating: int) -> None:
    assert validate_safety_rating(rating) == rating


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        (-1, "The safety rating must be from 0 to 10, got -1."),
        (11, "The safety rating must be from 0 to 10, got 11."),
        (5.5, "The safety rating must be a whole number from 0 to 10, got 5.5."),
        ("5", "The safety rating must be a whole number from 0 to 10, got '5'."),
        (False, "The safety rating must be a whole number from 0 to 10, got False."),
    ],
)
def test_safety_rating_rejects_others(rating: object, message: str) -> None:
    with pytest.raises(SafetyRatingError, match=re.escape(message)):
        validate_safety_rating(rating)


# --- self-check --------------------------------------------------------------------------------


def test_self_check_items_are_data_with_the_four_prompts() -> None:
    codes = [item.code for item in SELF_CHECK_ITEMS]
    assert codes == ["racing_heart", "flee_or_fight", "cant_think", "body_tense"]
    assert SELF_CHECK_MAX_SCORE == 12
    assert all(item.text.endswith(".") for item in SELF_CHECK_ITEMS)


def test_score_self_check_sums() -> None:
    assert score_self_check(answers(0, 1, 2, 3)) == 6
    assert score_self_check(answers(0, 0, 0, 0)) == 0
    assert score_self_check(answers(3, 3, 3, 3)) == 12


def test_score_self_check_names_missing_item() -> None:
    partial = answers(1, 1, 1, 1)
    del partial["cant_think"]
    with pytest.raises(SelfCheckError, match="cant_think"):
        score_self_check(partial)


@pytest.mark.parametrize("bad", [-1, 4, 1.5, True])
def test_score_self_check_rejects_out_of_range(bad: object) -> None:
    values = answers(1, 1, 1, 1)
    values["racing_heart"] = bad  # type: ignore[assignment]
    with pytest.raises(SelfCheckError, match="racing_heart"):
        score_self_check(values)


def test_score_self_check_rejects_unknown_item() -> None:
    values = answers(0, 0, 0, 0) | {"mood": 1}
    with pytest.raises(SelfCheckError, match="mood"):
        score_self_check(values)


def test_self_check_threshold_is_inclusive_and_configurable() -> None:
    assert not assess(answers(2, 1, 1, 1), None, None).flooded  # 5
    at = assess(answers(2, 2, 1, 1), None, None)  # 6
    assert at.flooded and at.score == 6
    assert "6 out of 12" in at.reasons[0]
    strict = FloodingParams(self_check_flooded_at=9)
    assert not assess(answers(2, 2, 2, 2), None, None, strict).flooded
    assert assess(answers(3, 2, 2, 2), None, None, strict).flooded


# --- heart-rate rule ---------------------------------------------------------------------------


def test_absolute_threshold_99_vs_100() -> None:
    assert not assess(None, 99, None).flooded
    flooded = assess(None, 100, None)
    assert flooded.flooded
    assert flooded.reasons == ["Your heart rate of 100 bpm is at or above 100 bpm."]


def test_without_a_resting_rate_the_threshold_is_100_bpm() -> None:
    base = heart_rate_baseline()
    assert base == HeartRateBaseline(100.0, None) and base.rule == "absolute"
    assert "100 bpm or more" in base.describe() and "sitting quietly while awake" in base.describe()
    assert assess(None, 99, base).heart_rate_threshold == 100.0


def test_a_given_resting_rate_plus_ten_percent_is_inclusive() -> None:
    base = heart_rate_baseline(60)
    assert base.threshold == 66.0 and base.rule == "relative" and base.resting_bpm == 60
    assert not assess(None, 65, base).flooded
    result = assess(None, 66, base)
    assert result.flooded
    assert "10% or more above the resting rate you gave (60 bpm)" in result.reasons[0]
    assert "66 bpm or more" in base.describe()


def test_the_ten_percent_rule_replaces_100_bpm_once_a_rate_is_given() -> None:
    # The person's own rule applies both ways: below 100 for a low resting rate, above it for a
    # high one.
    assert heart_rate_baseline(95).threshold == 104.5
    assert not assess(None, 100, heart_rate_baseline(95)).flooded
    assert assess(None, 105, heart_rate_baseline(95)).flooded


def test_threshold_is_exact_for_awkward_rates() -> None:
    assert heart_rate_baseline(70).threshold == 77.0  # 70 * 1.1 in floats is 77.00000000000001
    assert assess(None, 77, heart_rate_baseline(70)).flooded
    assert heart_rate_baseline(63).threshold == 69.3


def test_params_are_configurable_and_frozen() -> None:
    params = FloodingParams(absolute_bpm=110, baseline_margin_percent=20)
    assert not assess(None, 105, None, params).flooded
    assert heart_rate_baseline(60, params).threshold == 72.0
    with pytest.raises(AttributeError, match="cannot assign to field 'absolute_bpm'"):
        params.absolute_bpm = 90  # type: ignore[misc]


@pytest.mark.parametrize(
    ("resting", "message"),
    [
        (0, "A heart rate of 0 bpm is not plausible"),
        (29, "A resting heart rate of 29 bpm is not plausible for sitting quietly"),
        (121, "A resting heart rate of 121 bpm is not plausible for sitting quietly"),
        (200, "A resting heart rate of 200 bpm is not plausible for sitting quietly"),
        (62.5, "Heart rate must be a whole number of beats per minute, got 62.5."),
        (True, "Heart rate must be a whole number of beats per minute, got True."),
        ("60", "Heart rate must be a whole number of beats per minute, got '60'."),
    ],
)
def test_a_resting_rate_must_be_plausible_for_sitting_quietly(
    resting: object, message: str
) -> None:
    with pytest.raises(ImplausibleHeartRateError, match=re.escape(message)):
        heart_rate_baseline(resting)  # type: ignore[arg-type]


@pytest.mark.parametrize("baseline", [60.0, 62, "62"])
def test_a_bare_number_is_not_a_baseline(baseline: object) -> None:
    # A number here used to be a percentile of imported readings (sleep included).
    with pytest.raises(TypeError, match="heart_rate_baseline"):
        assess(None, 70, baseline)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="baseline must come from heart_rate_baseline"):
        episodes([], baseline)  # type: ignore[arg-type]


def test_assess_rejects_implausible_heart_rate() -> None:
    with pytest.raises(ImplausibleHeartRateError, match="A heart rate of 400 bpm is not plausible"):
        assess(None, 400, None)


def test_assess_with_nothing_is_not_flooded() -> None:
    result = assess(None, None, None)
    assert not result.flooded and result.reasons == [] and result.score is None


def test_assess_gives_both_reasons() -> None:
    result = assess(answers(3, 3, 3, 3), 120, heart_rate_baseline(60))
    assert result.flooded and len(result.reasons) == 2


def test_source_cites_gottman_and_names_mends_own_choices() -> None:
    assert "Gottman" in SOURCE and "diffuse physiological arousal" in SOURCE
    assert "100 bpm unless" in SOURCE and "sitting quietly while awake" in SOURCE
    assert "at least a minute" in SOURCE and "while you sleep" in SOURCE
    assert "Mend's own choices" in SOURCE


@given(resting=st.integers(30, 120), bpm=st.integers(25, 250))
def test_check_in_and_episode_list_use_the_same_baseline(resting: int, bpm: int) -> None:
    # One baseline everywhere: a reading held for two minutes while awake is an episode exactly
    # when the same reading at a check-in is flooded.
    base = heart_rate_baseline(resting)
    held = [(T0 + timedelta(seconds=10 * i), bpm) for i in range(13)]
    assert bool(episodes(held, base)) == assess(None, bpm, base).flooded


# --- episodes ----------------------------------------------------------------------------------


def _samples(
    values: list[int], step: timedelta = timedelta(seconds=30)
) -> list[tuple[datetime, int]]:
    return [(T0 + step * i, v) for i, v in enumerate(values)]


def test_episodes_empty_and_all_calm() -> None:
    assert episodes([], None) == []
    assert episodes(_samples([70, 80, 99] * 10), None) == []


def test_episodes_need_a_minute_above_the_threshold() -> None:
    t = [T0 + timedelta(seconds=30 * i) for i in range(12)]
    samples = list(zip(t, [80, 101, 110, 105, 90, 90, 90, 90, 90, 90, 90, 120], strict=True))
    found = episodes(samples, None, gap=timedelta(minutes=1))
    # 101, 110, 105 over one minute: an episode; the single 120 at the end is not sustained.
    assert [(e.start, e.end, e.peak_bpm, e.sample_count) for e in found] == [
        (t[1], t[3], 110, 3),
    ]
    assert found[0].duration == timedelta(minutes=1)
    short = list(zip(t[:3], [101, 110, 90], strict=True))  # 30 seconds
    assert episodes(short, None) == []


def test_a_reading_below_the_threshold_or_a_long_silence_breaks_a_run() -> None:
    dip = _samples([105, 105, 99, 105, 105])  # two 30-second runs
    assert episodes(dip, None) == []
    silence = [
        (T0, 105),
        (T0 + timedelta(minutes=3), 105),
        (T0 + timedelta(minutes=3, seconds=30), 105),
    ]
    assert episodes(silence, None) == []


def test_episodes_merge_sustained_runs_with_short_gaps() -> None:
    values = [105, 105, 105, 90, 90, 105, 105, 105]  # runs at 0-60 s and 150-210 s
    samples = _samples(values)
    assert len(episodes(samples, None, gap=timedelta(minutes=2))) == 1
    assert len(episodes(samples, None, gap=timedelta(minutes=1))) == 2
    [merged] = episodes(samples, None, gap=timedelta(minutes=2))
    assert merged.sample_count == 6 and merged.start == T0


def test_episodes_use_the_baseline_and_sort_input() -> None:
    samples = list(reversed(_samples([65, 66, 67, 66, 65])))
    found = episodes(samples, heart_rate_baseline(60))
    assert [(e.start, e.peak_bpm) for e in found] == [(T0 + timedelta(seconds=30), 67)]


def test_sleep_is_left_out_in_the_persons_zone() -> None:
    night = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)
    samples = [(night + timedelta(seconds=20 * i), 110) for i in range(10)]
    assert episodes(samples, None) == []  # 03:00 UTC, inside 00:00-06:00
    assert len(episodes(samples, None, sleep=None)) == 1
    new_york = ZoneInfo("America/New_York")  # 23:00 the evening before: awake
    assert len(episodes(samples, None, tz=new_york)) == 1
    own = SleepWindow(time(22, 0), time(7, 30))
    assert own.contains(datetime(2024, 5, 2, 23, 0, tzinfo=UTC), UTC)
    assert own.contains(datetime(2024, 5, 2, 7, 29, tzinfo=UTC), UTC)
    assert not own.contains(datetime(2024, 5, 2, 7, 30, tzinfo=UTC), UTC)
    assert not SleepWindow(time(0), time(0)).contains(night, UTC)
    assert SleepWindow(time(0), time(6)) == DEFAULT_SLEEP
    with pytest.raises(ValueError, match="SleepWindow times are local clock times, without a zone"):
        SleepWindow(time(0, tzinfo=UTC), time(6))


@given(st.lists(st.integers(25, 250), max_size=80), st.integers(1, 90))
def test_episodes_are_sustained_high_runs(values: list[int], step_seconds: int) -> None:
    samples = _samples(values, timedelta(seconds=step_seconds))
    found = episodes(samples, None, sleep=None)
    high = sum(1 for v in values if v >= 100)
    assert sum(e.sample_count for e in found) <= high
    for episode in found:
        assert episode.duration >= timedelta(minutes=1)
        assert episode.peak_bpm >= 100
    for earlier, later in itertools.pairwise(found):
        assert later.start - earlier.end > timedelta(minutes=2)


# --- pauses ------------------------------------------------------------------------------------


def test_pause_of_19_minutes_is_refused_and_20_allowed() -> None:
    with pytest.raises(PauseError, match="at least 20 minutes"):
        validate_pause(T0, T0 + timedelta(minutes=19, seconds=59), T0)
    validate_pause(T0, T0 + timedelta(minutes=20), T0)


def test_pause_of_24_hours_allowed_and_longer_refused() -> None:
    validate_pause(T0, T0 + timedelta(hours=24), T0)
    with pytest.raises(PauseError, match="within 24 hours"):
        validate_pause(T0, T0 + timedelta(hours=24, seconds=1), T0)


def test_pause_refuses_naive_times_and_future_start() -> None:
    naive = datetime(2024, 5, 1, 20, 0)
    with pytest.raises(PauseError, match="time zone"):
        validate_pause(naive, naive + timedelta(hours=1), T0)
    with pytest.raises(PauseError, match="future"):
        validate_pause(T0 + timedelta(minutes=5), T0 + timedelta(hours=1), T0)


def test_pause_return_before_start_is_refused() -> None:
    with pytest.raises(PauseError, match="at least 20 minutes after the pause starts"):
        validate_pause(T0, T0 - timedelta(minutes=30), T0)


def test_can_resume_uses_server_time_19_vs_20_minutes() -> None:
    assert not can_resume(T0, T0 + timedelta(minutes=19, seconds=59))
    assert can_resume(T0, T0 + timedelta(minutes=20))
    assert resume_at(T0) == T0 + timedelta(minutes=20)
    assert remaining(T0, T0 + timedelta(minutes=5)) == timedelta(minutes=15)
    assert remaining(T0, T0 + timedelta(hours=1)) == timedelta(0)


def test_can_resume_with_other_offsets() -> None:
    from datetime import timezone

    plus_two = timezone(timedelta(hours=2))
    started = datetime(2024, 5, 1, 22, 0, tzinfo=plus_two)  # 20:00 UTC
    assert not can_resume(started, T0 + timedelta(minutes=19))
    assert can_resume(started, T0 + timedelta(minutes=20))


def test_default_pause_constants_are_gottmans() -> None:
    assert DEFAULT_PARAMS.min_pause == timedelta(minutes=20)
    assert DEFAULT_PARAMS.max_pause == timedelta(hours=24)


def test_breathing_and_soothing_are_data() -> None:
    assert (BREATHING.inhale_seconds, BREATHING.exhale_seconds) == (4, 6)
    assert BREATHING.breaths_per_minute == 6
    assert len(SELF_SOOTHING) >= 5 and all(isinstance(s, str) and s for s in SELF_SOOTHING)
