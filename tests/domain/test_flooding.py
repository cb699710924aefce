from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain.flooding import (
    BREATHING,
    DEFAULT_PARAMS,
    SELF_CHECK_ITEMS,
    SELF_CHECK_MAX_SCORE,
    SELF_SOOTHING,
    SOURCE,
    FloodingParams,
    ImplausibleHeartRateError,
    PauseError,
    SafetyRatingError,
    SelfCheckError,
    assess,
    can_resume,
    episodes,
    heart_rate_threshold,
    remaining,
    resting_baseline,
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


@pytest.mark.parametrize("rating", [-1, 11, 5.5, "5", False])
def test_safety_rating_rejects_others(rating: object) -> None:
    with pytest.raises(SafetyRatingError):
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


def test_baseline_plus_ten_percent_is_inclusive() -> None:
    assert heart_rate_threshold(60.0) == 66.0
    assert not assess(None, 65, 60.0).flooded
    result = assess(None, 66, 60.0)
    assert result.flooded
    assert "10% or more above your usual resting rate of about 60 bpm" in result.reasons[0]


def test_threshold_is_the_lower_of_the_two_rules() -> None:
    # A high baseline cannot push the threshold above the absolute 100 bpm.
    assert heart_rate_threshold(95.0) == 100.0
    assert not assess(None, 99, 95.0).flooded
    assert assess(None, 100, 95.0).flooded
    assert heart_rate_threshold(None) == 100.0


def test_threshold_handles_fractional_baseline_exactly() -> None:
    assert heart_rate_threshold(62.5) == 68.75
    assert heart_rate_threshold(70.0) == 77.0  # 70 * 1.1 in floats is 77.00000000000001
    assert assess(None, 77, 70.0).flooded


def test_params_are_configurable_and_frozen() -> None:
    params = FloodingParams(absolute_bpm=110, baseline_margin_percent=20)
    assert not assess(None, 105, None, params).flooded
    assert heart_rate_threshold(60.0, params) == 72.0
    with pytest.raises(AttributeError):
        params.absolute_bpm = 90  # type: ignore[misc]


@pytest.mark.parametrize("baseline", [0.0, -60.0, float("nan"), float("inf")])
def test_threshold_rejects_nonsense_baseline(baseline: float) -> None:
    with pytest.raises(ValueError):
        heart_rate_threshold(baseline)


def test_assess_rejects_implausible_heart_rate() -> None:
    with pytest.raises(ImplausibleHeartRateError):
        assess(None, 400, None)


def test_assess_with_nothing_is_not_flooded() -> None:
    result = assess(None, None, None)
    assert not result.flooded and result.reasons == [] and result.score is None


def test_assess_gives_both_reasons() -> None:
    result = assess(answers(3, 3, 3, 3), 120, 60.0)
    assert result.flooded and len(result.reasons) == 2


def test_source_cites_gottman() -> None:
    assert "Gottman" in SOURCE and "diffuse physiological arousal" in SOURCE


# --- resting baseline --------------------------------------------------------------------------


def _samples(values: list[int]) -> list[tuple[datetime, int]]:
    return [(T0 + timedelta(minutes=i), v) for i, v in enumerate(values)]


def test_resting_baseline_needs_enough_samples() -> None:
    assert resting_baseline([]) is None
    assert resting_baseline(_samples([60] * 29)) is None
    assert resting_baseline(_samples([60] * 30)) == 60.0


def test_resting_baseline_is_a_low_percentile() -> None:
    values = list(range(50, 150))  # 100 readings, 50..149
    # 10th percentile with linear interpolation: 50 + 0.1 * 99 = 59.9
    assert resting_baseline(_samples(values)) == 59.9
    params = FloodingParams(baseline_percentile=0, baseline_min_samples=1)
    assert resting_baseline(_samples([80, 70, 90]), params) == 70.0


@given(st.lists(st.integers(25, 250), min_size=30, max_size=200))
def test_resting_baseline_lies_within_the_data(values: list[int]) -> None:
    baseline = resting_baseline(_samples(values))
    assert baseline is not None
    assert min(values) <= baseline <= max(values)


# --- episodes ----------------------------------------------------------------------------------


def test_episodes_empty_and_all_calm() -> None:
    assert episodes([], None) == []
    assert episodes(_samples([70, 80, 99]), None) == []


def test_episodes_finds_runs_and_peaks() -> None:
    t = [T0 + timedelta(seconds=30 * i) for i in range(10)]
    samples = list(zip(t, [80, 101, 110, 105, 90, 90, 90, 90, 90, 120], strict=True))
    found = episodes(samples, None, gap=timedelta(minutes=1))
    assert [(e.start, e.end, e.peak_bpm, e.sample_count) for e in found] == [
        (t[1], t[3], 110, 3),
        (t[9], t[9], 120, 1),
    ]
    assert found[0].duration == timedelta(minutes=1)


def test_episodes_merge_short_gaps() -> None:
    t = [T0 + timedelta(seconds=30 * i) for i in range(5)]
    samples = list(zip(t, [105, 90, 90, 105, 105], strict=True))
    # High at 0s and 90s: a 90-second gap merges with gap=2min, splits with gap=1min.
    assert len(episodes(samples, None, gap=timedelta(minutes=2))) == 1
    assert len(episodes(samples, None, gap=timedelta(minutes=1))) == 2


def test_episodes_use_baseline_and_sort_input() -> None:
    samples = [(T0 + timedelta(minutes=1), 66), (T0, 65)]
    found = episodes(samples, 60.0)
    assert [(e.start, e.peak_bpm) for e in found] == [(T0 + timedelta(minutes=1), 66)]


@given(st.lists(st.integers(25, 250), max_size=60))
def test_episode_samples_partition_high_readings(values: list[int]) -> None:
    samples = _samples(values)
    found = episodes(samples, None)
    assert sum(e.sample_count for e in found) == sum(1 for v in values if v >= 100)
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
    with pytest.raises(PauseError):
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
