"""The trust index: Beta reputation with forgetting, and the pure-Python Beta quantile under it."""

from __future__ import annotations

import itertools
import math
import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.domain.trust import (
    DEFAULT_PARAMS,
    Evidence,
    OccurrenceOutcome,
    TrustParams,
    TrustState,
    beta_quantile,
    disclosure_evidence,
    moment_evidence,
    occurrence_evidence,
    regularized_incomplete_beta,
    trajectory,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

probabilities = st.floats(min_value=1e-4, max_value=1 - 1e-4)
# Below about 0.5, quantiles crowd within a few ulps of 0 or 1 where no float can invert the CDF;
# the trust model only ever uses shapes >= 1 (the Beta(1, 1) prior plus evidence).
shapes = st.floats(min_value=0.5, max_value=500.0)
weights = st.floats(min_value=0.0, max_value=3.0)
offsets = st.floats(min_value=0.0, max_value=400.0)  # days after T0


@st.composite
def evidence_items(draw: st.DrawFn) -> Evidence:
    return Evidence(
        at=T0 + timedelta(days=draw(offsets)),
        positive=draw(st.booleans()),
        weight=draw(weights),
    )


evidence_lists = st.lists(evidence_items(), max_size=40)


def from_scratch(
    items: list[Evidence], now: datetime, half_life_days: float
) -> tuple[float, float]:
    """The definition: each item counts weight * 2^(-age / half-life) at `now`."""
    r = s = 0.0
    for item in items:
        age_days = (now - item.at).total_seconds() / 86_400
        contribution = item.weight * 2 ** (-age_days / half_life_days)
        if item.positive:
            r += contribution
        else:
            s += contribution
    return r, s


# --- The Beta quantile against closed forms ------------------------------------------------------


@given(p=probabilities)
def test_uniform_quantile_is_p(p: float) -> None:
    assert beta_quantile(p, 1.0, 1.0) == pytest.approx(p, abs=1e-6)


@given(p=probabilities, a=st.floats(min_value=0.1, max_value=200.0))
def test_beta_a_1_quantile_is_p_to_the_one_over_a(p: float, a: float) -> None:
    assert beta_quantile(p, a, 1.0) == pytest.approx(p ** (1 / a), abs=1e-6)


@given(p=probabilities, b=st.floats(min_value=0.1, max_value=200.0))
def test_beta_1_b_quantile_is_one_minus_complement_root(p: float, b: float) -> None:
    assert beta_quantile(p, 1.0, b) == pytest.approx(1 - (1 - p) ** (1 / b), abs=1e-6)


@given(p=probabilities, a=shapes, b=shapes)
def test_quantile_is_symmetric_under_swapping_shapes(p: float, a: float, b: float) -> None:
    assert beta_quantile(p, a, b) == pytest.approx(1 - beta_quantile(1 - p, b, a), abs=1e-6)


@given(p=probabilities, a=shapes, b=shapes)
def test_quantile_inverts_the_cdf(p: float, a: float, b: float) -> None:
    x = beta_quantile(p, a, b)
    assert 0.0 <= x <= 1.0
    assert regularized_incomplete_beta(x, a, b) == pytest.approx(p, abs=1e-6)


def test_beta_2_2_median_is_one_half() -> None:
    assert beta_quantile(0.5, 2.0, 2.0) == pytest.approx(0.5, abs=1e-9)


@pytest.mark.parametrize(("a", "b"), [(1, 1), (2, 3), (5, 2), (7, 7), (20, 4), (3, 40)])
@pytest.mark.parametrize("x", [0.01, 0.1, 0.35, 0.5, 0.8, 0.99])
def test_incomplete_beta_matches_binomial_sum_for_integer_shapes(a: int, b: int, x: float) -> None:
    # For integer shapes, I_x(a, b) = P(Binomial(a + b - 1, x) >= a).
    n = a + b - 1
    expected = sum(math.comb(n, j) * x**j * (1 - x) ** (n - j) for j in range(a, n + 1))
    assert regularized_incomplete_beta(x, a, b) == pytest.approx(expected, abs=1e-12)


def test_quantile_edges_and_bad_input() -> None:
    assert beta_quantile(0.0, 3, 4) == 0.0
    assert beta_quantile(1.0, 3, 4) == 1.0
    with pytest.raises(ValueError):
        beta_quantile(1.5, 1, 1)
    with pytest.raises(ValueError):
        beta_quantile(0.5, 0, 1)


def test_quantile_handles_the_evidence_of_five_years_without_forgetting() -> None:
    # 20,000 events and no forgetting: the shapes get large, the answer must still be sane.
    low = beta_quantile(0.1, 15_001, 5_001)
    high = beta_quantile(0.9, 15_001, 5_001)
    assert low < 0.75 < high
    assert high - low < 0.01


# --- Weights -------------------------------------------------------------------------------------


def test_default_weights_follow_the_evidence_hierarchy() -> None:
    p = DEFAULT_PARAMS
    confirmed = moment_evidence(T0, +1, confirmed=True)
    self_reported = moment_evidence(T0, +1, confirmed=False)
    assert confirmed.positive and self_reported.positive
    assert confirmed.weight > self_reported.weight > 0
    broken = occurrence_evidence(T0, OccurrenceOutcome.MISSED)
    kept = occurrence_evidence(T0, "kept_confirmed")
    assert not broken.positive and kept.positive
    assert broken.weight > kept.weight  # Schweitzer, Hershey & Bradlow 2006
    assert occurrence_evidence(T0, "kept_disputed").weight == p.kept_commitment_disputed == 0.0
    assert occurrence_evidence(T0, "kept_reported").weight < kept.weight
    assert disclosure_evidence(T0, acknowledged=True).weight == 0.5
    assert disclosure_evidence(T0, acknowledged=False).weight == 0.0
    negative = moment_evidence(T0, -1, confirmed=True)
    assert not negative.positive and negative.weight == 1.0


def test_bad_evidence_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Evidence(datetime(2026, 1, 1), True)
    with pytest.raises(ValueError):
        Evidence(T0, True, -1.0)
    with pytest.raises(ValueError):
        moment_evidence(T0, 0, confirmed=True)
    with pytest.raises(ValueError):
        occurrence_evidence(T0, "forgotten")
    with pytest.raises(ValueError):
        TrustParams(half_life_days=0)
    with pytest.raises(ValueError):
        TrustParams(missed_commitment=-2)


# --- The index -----------------------------------------------------------------------------------


def test_a_fresh_space_sits_at_the_prior_with_the_uniform_interval() -> None:
    estimate = TrustState.empty(T0).estimate(T0 + timedelta(days=100))
    assert estimate.index == 0.5
    assert estimate.low == pytest.approx(0.1, abs=1e-9)
    assert estimate.high == pytest.approx(0.9, abs=1e-9)
    assert estimate.evidence == 0.0
    assert estimate.uncertainty == 1.0
    assert estimate.belief == estimate.disbelief == 0.0


def test_the_jøsang_formulas() -> None:
    state = TrustState(r=6.0, s=2.0, as_of=T0)
    e = state.estimate(T0)
    assert e.index == pytest.approx(7 / 10)
    assert e.belief == pytest.approx(6 / 10)
    assert e.disbelief == pytest.approx(2 / 10)
    assert e.uncertainty == pytest.approx(2 / 10)
    assert e.belief + e.disbelief + e.uncertainty == pytest.approx(1.0)
    assert e.evidence == pytest.approx(8.0)
    assert e.low == pytest.approx(beta_quantile(0.1, 7, 3))
    assert e.high == pytest.approx(beta_quantile(0.9, 7, 3))


def test_evidence_halves_after_one_half_life() -> None:
    state = TrustState.empty(T0).add(Evidence(T0, True, 1.0))
    later = state.at(T0 + timedelta(days=30))
    assert later.r == pytest.approx(0.5)
    assert state.at(T0 + timedelta(days=60)).r == pytest.approx(0.25)


def test_forgetting_can_be_switched_off() -> None:
    params = TrustParams(half_life_days=math.inf)
    state = TrustState.empty(T0).add(Evidence(T0, True, 1.0), params)
    assert state.at(T0 + timedelta(days=3650), params).r == 1.0


@given(state_items=evidence_lists, extra=evidence_items(), later=offsets)
def test_more_positive_evidence_never_lowers_the_index(
    state_items: list[Evidence], extra: Evidence, later: float
) -> None:
    state = TrustState.from_items(state_items)
    positive = Evidence(extra.at, True, extra.weight)
    now = max([state.as_of, positive.at]) + timedelta(days=later)
    assert state.add(positive).estimate(now).index >= state.estimate(now).index - 1e-12


@given(state_items=evidence_lists, extra=evidence_items(), later=offsets)
def test_more_negative_evidence_never_raises_the_index(
    state_items: list[Evidence], extra: Evidence, later: float
) -> None:
    state = TrustState.from_items(state_items)
    negative = Evidence(extra.at, False, extra.weight)
    now = max([state.as_of, negative.at]) + timedelta(days=later)
    assert state.add(negative).estimate(now).index <= state.estimate(now).index + 1e-12


@given(
    r=st.floats(min_value=0, max_value=200),
    s=st.floats(min_value=0, max_value=200),
    k=st.floats(min_value=1.01, max_value=20),
)
def test_more_evidence_of_the_same_mix_narrows_the_interval(r: float, s: float, k: float) -> None:
    if r + s < 0.01:
        r = s = 0.5
    before = TrustState(r, s, T0).estimate(T0)
    after = TrustState(r * k, s * k, T0).estimate(T0)
    assert after.high - after.low < before.high - before.low
    assert after.uncertainty < before.uncertainty


@given(item=evidence_items())
def test_any_first_item_narrows_the_fresh_interval(item: Evidence) -> None:
    if item.weight < 0.01:
        return
    now = item.at
    fresh = TrustState.empty(T0).estimate(now)
    after = TrustState.empty(T0).add(item).estimate(now)
    assert after.high - after.low < fresh.high - fresh.low


@given(state_items=evidence_lists, extra=evidence_items())
def test_any_evidence_lowers_uncertainty(state_items: list[Evidence], extra: Evidence) -> None:
    # The interval width is not monotone for every single item (one positive item after fifty
    # negatives widens Beta(1, 51) into Beta(2, 51)); the subjective-logic uncertainty is.
    state = TrustState.from_items(state_items)
    now = max(state.as_of, extra.at)
    assert state.add(extra).estimate(now).uncertainty <= state.estimate(now).uncertainty


def test_one_positive_after_many_negatives_can_widen_the_interval() -> None:
    # Documented, not a bug: a single surprise makes the outcome less certain.
    bleak = TrustState(0.0, 50.0, T0)
    after = bleak.add(Evidence(T0, True, 1.0))
    assert after.estimate(T0).index > bleak.estimate(T0).index
    width = lambda e: e.high - e.low  # noqa: E731
    assert width(after.estimate(T0)) > width(bleak.estimate(T0))


@given(item=evidence_items(), first=offsets, gap=st.floats(min_value=0.5, max_value=400))
def test_old_evidence_fades_towards_the_prior(item: Evidence, first: float, gap: float) -> None:
    if item.weight < 0.01:
        return
    state = TrustState.empty(T0).add(item)
    sooner = state.estimate(item.at + timedelta(days=first))
    later = state.estimate(item.at + timedelta(days=first + gap))
    assert later.evidence < sooner.evidence
    assert abs(later.index - 0.5) <= abs(sooner.index - 0.5)
    assert later.uncertainty > sooner.uncertainty


def test_a_setback_fades_and_the_index_recovers() -> None:
    state = TrustState.empty(T0)
    for day in range(60):  # two months of kept promises
        state = state.add(Evidence(T0 + timedelta(days=day), True, 1.0))
    state = state.add(Evidence(T0 + timedelta(days=60), False, 2.0))
    right_after = state.estimate(T0 + timedelta(days=60)).index
    before = TrustState.from_items(
        [Evidence(T0 + timedelta(days=d), True, 1.0) for d in range(60)]
    ).estimate(T0 + timedelta(days=60))
    assert right_after < before.index
    for day in range(61, 120):
        state = state.add(Evidence(T0 + timedelta(days=day), True, 1.0))
    assert state.estimate(T0 + timedelta(days=120)).index > right_after


@given(state_items=evidence_lists, extra=st.floats(min_value=0, max_value=1000))
def test_low_index_high_are_ordered_and_in_range(state_items: list[Evidence], extra: float) -> None:
    state = TrustState.from_items(state_items)
    e = state.estimate(state.as_of + timedelta(days=extra))
    assert 0.0 <= e.low <= e.index <= e.high <= 1.0


# --- Incremental state ---------------------------------------------------------------------------


@settings(max_examples=200)
@given(items=evidence_lists, seed=st.integers(), later=offsets)
def test_incremental_in_any_order_equals_from_scratch(
    items: list[Evidence], seed: int, later: float
) -> None:
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    state = TrustState.empty(T0)
    for item in shuffled:
        state = state.add(item)
    now = max([T0, *(i.at for i in items)]) + timedelta(days=later)
    r, s = from_scratch(items, now, DEFAULT_PARAMS.half_life_days)
    at_now = state.at(now)
    assert at_now.r == pytest.approx(r, rel=1e-9, abs=1e-9)
    assert at_now.s == pytest.approx(s, rel=1e-9, abs=1e-9)
    assert state.as_of == max([T0, *(i.at for i in items)])


@given(items=evidence_lists, half_life=st.floats(min_value=1, max_value=365))
def test_incremental_matches_from_scratch_for_any_half_life(
    items: list[Evidence], half_life: float
) -> None:
    params = TrustParams(half_life_days=half_life)
    now = T0 + timedelta(days=500)
    r, s = from_scratch(items, now, half_life)
    state = TrustState.from_items(reversed(items), params).at(now, params)
    assert state.r == pytest.approx(r, rel=1e-9, abs=1e-9)
    assert state.s == pytest.approx(s, rel=1e-9, abs=1e-9)


@given(items=evidence_lists, extra=evidence_items())
def test_remove_undoes_add(items: list[Evidence], extra: Evidence) -> None:
    state = TrustState.from_items(items)
    round_trip = state.add(extra).remove(extra)
    now = max(state.as_of, extra.at)
    assert round_trip.at(now).r == pytest.approx(state.at(now).r, abs=1e-9)
    assert round_trip.at(now).s == pytest.approx(state.at(now).s, abs=1e-9)


def test_upgrading_a_self_report_to_confirmed_equals_confirming_at_once() -> None:
    reported = occurrence_evidence(T0, "kept_reported")
    confirmed = occurrence_evidence(T0, "kept_confirmed")
    later = T0 + timedelta(days=3)
    upgraded = TrustState.empty(T0).add(reported).remove(reported).add(confirmed)
    direct = TrustState.empty(T0).add(confirmed)
    assert upgraded.estimate(later).index == pytest.approx(direct.estimate(later).index)


def test_asking_before_as_of_does_not_unlearn() -> None:
    state = TrustState.empty(T0).add(Evidence(T0 + timedelta(minutes=2), True, 1.0))
    assert state.at(T0).r == 1.0
    assert state.estimate(T0).evidence == 1.0


def test_state_round_trips_through_json_types() -> None:
    local = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/London"))
    state = TrustState.empty(T0).add(Evidence(local, True, 1.0)).add(Evidence(T0, False, 2.0))
    data = state.to_dict()
    assert set(data) == {"r", "s", "as_of"}
    assert isinstance(data["as_of"], str)
    restored = TrustState.from_dict(data)
    assert restored == state
    assert restored.as_of.utcoffset() == timedelta(0)
    assert restored.estimate(local + timedelta(days=9)) == state.estimate(local + timedelta(days=9))


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 1, 1)
    with pytest.raises(ValueError):
        TrustState.empty(T0).estimate(naive)
    with pytest.raises(ValueError):
        TrustState.from_dict({"r": 0, "s": 0, "as_of": "2026-01-01T00:00:00"})


# --- Trajectory ----------------------------------------------------------------------------------


@given(items=evidence_lists, step_days=st.integers(min_value=1, max_value=30))
def test_trajectory_matches_from_scratch_at_every_point(
    items: list[Evidence], step_days: int
) -> None:
    start = T0 - timedelta(days=10)
    end = T0 + timedelta(days=200)
    points = trajectory(items, start, end, step=timedelta(days=step_days))
    assert points[0].at == start
    assert all(b.at - a.at == timedelta(days=step_days) for a, b in itertools.pairwise(points))
    assert points[-1].at <= end < points[-1].at + timedelta(days=step_days)
    for point in points:
        seen = [i for i in items if i.at <= point.at]
        r, s = from_scratch(seen, point.at, DEFAULT_PARAMS.half_life_days)
        assert point.evidence == pytest.approx(r + s, rel=1e-9, abs=1e-9)
        assert point.index == pytest.approx((r + 1) / (r + s + 2), rel=1e-9)
        assert point.low <= point.index <= point.high


def test_trajectory_counts_items_before_start_and_ignores_after_end() -> None:
    before = Evidence(T0 - timedelta(days=30), True, 1.0)
    after = Evidence(T0 + timedelta(days=365), False, 5.0)
    points = trajectory([after, before], T0, T0 + timedelta(days=14))
    assert [p.at for p in points] == [T0, T0 + timedelta(days=7), T0 + timedelta(days=14)]
    assert points[0].evidence == pytest.approx(0.5)
    assert all(p.index > 0.5 for p in points)


def test_trajectory_can_continue_from_a_stored_state() -> None:
    history = [Evidence(T0 + timedelta(days=d), d % 5 != 0, 1.0) for d in range(100)]
    stored = TrustState.from_items(history[:50])
    resumed = trajectory(
        history[50:], T0 + timedelta(days=60), T0 + timedelta(days=99), initial=stored
    )
    full = trajectory(history, T0 + timedelta(days=60), T0 + timedelta(days=99))
    assert [p.index for p in resumed] == pytest.approx([p.index for p in full])


def test_trajectory_of_nothing_is_flat_at_the_prior() -> None:
    points = trajectory([], T0, T0 + timedelta(days=28))
    assert len(points) == 5
    assert {p.index for p in points} == {0.5}
    assert trajectory([], T0, T0 - timedelta(days=1)) == []
    with pytest.raises(ValueError):
        trajectory([], T0, T0, step=timedelta(0))
