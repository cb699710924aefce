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
    MIN_EVIDENCE,
    BreachKind,
    Evidence,
    EvidenceKind,
    OccurrenceOutcome,
    TrustParams,
    TrustState,
    beta_quantile,
    breach_evidence,
    describe_estimate,
    disclosure_evidence,
    evidence_of,
    felt_vs_evidence,
    moment_evidence,
    occurrence_evidence,
    regularized_incomplete_beta,
    tally_claims,
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
    positive = draw(st.booleans())
    weight = draw(weights)
    # Some negative items leave a lasting part (a deception's floor), anywhere up to the weight.
    lasting = 0.0 if positive else weight * draw(st.sampled_from([0.0, 0.0, 1 / 3, 1.0]))
    return Evidence(
        at=T0 + timedelta(days=draw(offsets)), positive=positive, weight=weight, lasting=lasting
    )


evidence_lists = st.lists(evidence_items(), max_size=40)


def from_scratch(
    items: list[Evidence], now: datetime, params: TrustParams = DEFAULT_PARAMS
) -> tuple[float, float]:
    """The definition: a positive item counts weight * 2^(-age / positive half-life) at `now`; a
    negative one its lasting part in full and the rest * 2^(-age / negative half-life)."""
    r = s = 0.0
    for item in items:
        age_days = (now - item.at).total_seconds() / 86_400
        if item.positive:
            r += item.weight * 2 ** (-age_days / params.positive_half_life_days)
        else:
            fading = item.weight - item.lasting
            s += item.lasting + fading * 2 ** (-age_days / params.negative_half_life_days)
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
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\]"):
        beta_quantile(1.5, 1, 1)
    with pytest.raises(ValueError, match="Beta shape parameters must be finite and positive"):
        beta_quantile(0.5, 0, 1)


def test_quantile_handles_the_evidence_of_five_years_without_forgetting() -> None:
    # 20,000 events and no forgetting: the shapes get large, the answer must still be sane.
    low = beta_quantile(0.1, 15_001, 5_001)
    high = beta_quantile(0.9, 15_001, 5_001)
    assert low < 0.75 < high
    assert high - low < 0.01


# --- Weights -------------------------------------------------------------------------------------


def test_default_weights_follow_the_evidence_hierarchy() -> None:
    confirmed = moment_evidence(T0, +1, confirmed=True)
    assert confirmed.positive and confirmed.weight == 1.0
    negative = moment_evidence(T0, -1, confirmed=True)
    assert not negative.positive and negative.weight == 1.0
    broken = occurrence_evidence(T0, OccurrenceOutcome.MISSED)
    kept = occurrence_evidence(T0, "kept_confirmed")
    assert not broken.positive and kept.positive
    assert broken.weight > kept.weight
    assert disclosure_evidence(T0, acknowledged=True).weight == 0.5
    breach = breach_evidence(T0, BreachKind.OTHER, confirmed=True)
    deception = breach_evidence(T0, "deception", confirmed=True)
    assert not breach.positive and not deception.positive
    assert deception.weight > breach.weight > broken.weight
    assert 0 < deception.lasting < deception.weight
    assert breach.lasting == 0.0


def test_only_confirmed_evidence_has_weight() -> None:
    # Issue 12: a report nobody else has confirmed is a claim, not evidence, whatever its sign.
    claims = [
        moment_evidence(T0, +1, confirmed=False),
        moment_evidence(T0, -1, confirmed=False),
        occurrence_evidence(T0, "kept_reported"),
        disclosure_evidence(T0, acknowledged=False),
        breach_evidence(T0, "deception", confirmed=False),
    ]
    assert all(c.claim and c.weight == 0.0 for c in claims)
    disputed = occurrence_evidence(T0, "kept_disputed")
    assert disputed.weight == 0.0 and not disputed.claim  # a dispute, not a pending claim
    p = DEFAULT_PARAMS
    assert p.self_reported_positive_moment == p.self_reported_negative_moment == 0.0
    assert p.kept_commitment_reported == p.kept_commitment_disputed == 0.0
    assert p.disclosure_unacknowledged == 0.0
    with pytest.raises(
        TypeError, match="unexpected keyword argument 'self_reported_positive_moment'"
    ):
        TrustParams(self_reported_positive_moment=0.4)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="claim"):
        Evidence(T0, True, 0.4, claim=True)


NEGATIVE_KINDS = ("commitment_missed", "breach", "breach_deception", "breach_reported")


def test_evidence_of_maps_every_app_kind() -> None:
    weights = {
        kind: evidence_of(kind, T0, positive=kind not in NEGATIVE_KINDS).weight
        for kind in EvidenceKind
    }
    assert weights == {
        EvidenceKind.MOMENT_CONFIRMED: 1.0,
        EvidenceKind.MOMENT_SELF_REPORTED: 0.0,
        EvidenceKind.COMMITMENT_KEPT_CONFIRMED: 1.0,
        EvidenceKind.COMMITMENT_KEPT_SELF_REPORTED: 0.0,
        EvidenceKind.COMMITMENT_MISSED: 2.0,
        EvidenceKind.COMMITMENT_DISPUTED: 0.0,
        EvidenceKind.DISCLOSURE_ACKNOWLEDGED: 0.5,
        EvidenceKind.BREACH: 10.0,
        EvidenceKind.BREACH_DECEPTION: 30.0,
        EvidenceKind.BREACH_REPORTED: 0.0,
    }
    assert evidence_of("breach_reported", T0, positive=False).claim
    assert evidence_of("moment_confirmed", T0, positive=False).positive is False
    assert evidence_of("breach_deception", T0, positive=False).lasting == 10.0
    assert evidence_of("moment_self_reported", T0, positive=True).claim
    # A wiring mistake (a "positive" breach, a "negative" kept commitment) fails loudly.
    with pytest.raises(ValueError, match="breach evidence is negative"):
        evidence_of("breach", T0, positive=True)
    with pytest.raises(ValueError, match="commitment_kept_confirmed evidence is positive"):
        evidence_of("commitment_kept_confirmed", T0, positive=False)
    with pytest.raises(ValueError, match="'gossip' is not a valid EvidenceKind"):
        evidence_of("gossip", T0, positive=True)


def test_claims_are_counted_apart() -> None:
    items = [
        moment_evidence(T0, +1, confirmed=False),
        moment_evidence(T0, +1, confirmed=False),
        moment_evidence(T0, -1, confirmed=False),
        moment_evidence(T0, +1, confirmed=True),
        occurrence_evidence(T0, "kept_disputed"),
    ]
    claims = tally_claims(items)
    assert (claims.positive, claims.negative, claims.total) == (2, 1, 3)
    text = claims.describe()
    assert text is not None
    assert text == (
        "Not counted yet: 2 reports of good moments and 1 report of something that went wrong, "
        "from the other person, are waiting for your confirmation. A report counts as evidence "
        "only once you confirm it."
    )
    assert "1 report of a good moment, from the other person, is waiting" in str(
        tally_claims(items[:1]).describe()
    )
    assert tally_claims(items[3:]).describe() is None


@given(items=evidence_lists, claims=st.lists(st.tuples(offsets, st.sampled_from([1, -1]))))
def test_claims_never_move_the_index(
    items: list[Evidence], claims: list[tuple[float, int]]
) -> None:
    reports = [moment_evidence(T0 + timedelta(days=d), sign, confirmed=False) for d, sign in claims]
    now = T0 + timedelta(days=500)
    with_claims = TrustState.from_items([*items, *reports]).estimate(now)
    without = TrustState.from_items(items).estimate(now)
    assert with_claims.index == pytest.approx(without.index, abs=1e-12)
    assert with_claims.evidence == pytest.approx(without.evidence, abs=1e-9)


def test_bad_evidence_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Evidence(datetime(2026, 1, 1), True)
    with pytest.raises(ValueError, match=r"Evidence\.weight must be a finite, non-negative number"):
        Evidence(T0, True, -1.0)
    with pytest.raises(ValueError, match=r"sign must be \+1 or -1"):
        moment_evidence(T0, 0, confirmed=True)
    with pytest.raises(ValueError, match="'forgotten' is not a valid OccurrenceOutcome"):
        occurrence_evidence(T0, "forgotten")
    with pytest.raises(ValueError, match="positive_half_life_days must be positive"):
        TrustParams(positive_half_life_days=0)
    with pytest.raises(ValueError, match="missed_commitment must be a finite, non-negative weight"):
        TrustParams(missed_commitment=-2)
    with pytest.raises(ValueError, match="faster"):
        TrustParams(positive_half_life_days=60, negative_half_life_days=30)
    with pytest.raises(ValueError, match="lasting"):
        TrustParams(deception_breach=5, deception_lasting=6)
    with pytest.raises(ValueError, match="Only negative evidence can leave a lasting part"):
        Evidence(T0, True, 1.0, lasting=0.5)  # only negative evidence leaves a floor
    with pytest.raises(ValueError, match=r"Evidence\.lasting must be between 0 and the weight"):
        Evidence(T0, False, 1.0, lasting=2.0)


# --- The index -----------------------------------------------------------------------------------


def test_a_fresh_space_sits_at_the_prior_with_the_uniform_interval() -> None:
    estimate = TrustState.empty(T0).estimate(T0 + timedelta(days=100))
    assert estimate.index == 0.5
    assert estimate.low == pytest.approx(0.1, abs=1e-9)
    assert estimate.high == pytest.approx(0.9, abs=1e-9)
    assert estimate.evidence == 0.0
    assert estimate.uncertainty == 1.0
    assert estimate.belief == estimate.disbelief == 0.0
    assert not estimate.enough_evidence


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
    state = TrustState.empty(T0).add(Evidence(T0, True, 1.0)).add(Evidence(T0, False, 1.0))
    later = state.at(T0 + timedelta(days=30))
    assert later.r == pytest.approx(0.5)
    assert state.at(T0 + timedelta(days=60)).r == pytest.approx(0.25)
    # Negative evidence halves every 180 days: six times more slowly.
    assert state.at(T0 + timedelta(days=180)).s == pytest.approx(0.5)
    assert later.s == pytest.approx(2 ** (-30 / 180))


def test_the_lasting_part_never_fades() -> None:
    deception = breach_evidence(T0, "deception", confirmed=True)
    state = TrustState.empty(T0).add(deception)
    ten_years = state.estimate(T0 + timedelta(days=3650))
    assert ten_years.lasting == 10.0
    assert ten_years.negative == pytest.approx(10.0 + 20.0 * 2 ** (-3650 / 180))
    assert ten_years.enough_evidence


def test_forgetting_can_be_switched_off() -> None:
    params = TrustParams(positive_half_life_days=math.inf, negative_half_life_days=math.inf)
    state = TrustState.empty(T0).add(Evidence(T0, True, 1.0), params)
    state = state.add(Evidence(T0, False, 1.0), params)
    assert state.at(T0 + timedelta(days=3650), params).r == 1.0
    assert state.at(T0 + timedelta(days=3650), params).s == 1.0


@pytest.mark.parametrize("positive", [True, False], ids=["positive", "negative"])
@given(state_items=evidence_lists, extra=evidence_items(), later=offsets)
def test_more_evidence_moves_the_index_only_its_own_way(
    positive: bool, state_items: list[Evidence], extra: Evidence, later: float
) -> None:
    """More positive evidence never lowers the index; more negative never raises it."""
    state = TrustState.from_items(state_items)
    more = Evidence(extra.at, positive, extra.weight)
    now = max([state.as_of, more.at]) + timedelta(days=later)
    change = state.add(more).estimate(now).index - state.estimate(now).index
    assert change >= -1e-12 if positive else change <= 1e-12


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
def test_one_old_item_fades_towards_the_prior_down_to_its_floor(
    item: Evidence, first: float, gap: float
) -> None:
    if item.weight < 0.01:
        return
    state = TrustState.empty(T0).add(item)
    sooner = state.estimate(item.at + timedelta(days=first))
    later = state.estimate(item.at + timedelta(days=first + gap))
    assert later.evidence <= sooner.evidence
    assert later.evidence >= item.lasting - 1e-9
    assert abs(later.index - 0.5) <= abs(sooner.index - 0.5) + 1e-12
    assert later.uncertainty >= sooner.uncertainty
    if item.lasting < item.weight:
        assert later.evidence < sooner.evidence


@given(
    weight=st.floats(min_value=0.01, max_value=3.0),
    age=st.floats(min_value=0.01, max_value=2000),
)
def test_negative_evidence_fades_more_slowly_than_positive(weight: float, age: float) -> None:
    # One good and one bad item of the same weight at the same time: once time has passed, the
    # bad one always weighs more. Silence never evens things out.
    state = TrustState.empty(T0).add(Evidence(T0, True, weight)).add(Evidence(T0, False, weight))
    assert state.estimate(T0).index == pytest.approx(0.5)
    assert state.estimate(T0 + timedelta(days=age)).index < 0.5


@given(items=evidence_lists, later=offsets)
def test_silence_never_favours_the_trustee_more_than_symmetric_forgetting(
    items: list[Evidence], later: float
) -> None:
    symmetric = TrustParams(positive_half_life_days=30.0, negative_half_life_days=30.0)
    plain = [Evidence(i.at, i.positive, i.weight) for i in items]  # no floors either
    now = max([T0, *(i.at for i in items)]) + timedelta(days=later)
    ours = TrustState.from_items(items).estimate(now)
    old_style = TrustState.from_items(plain, symmetric).estimate(now, symmetric)
    assert ours.index <= old_style.index + 1e-12


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
    r, s = from_scratch(items, now)
    at_now = state.at(now)
    assert at_now.r == pytest.approx(r, rel=1e-9, abs=1e-9)
    assert at_now.s + at_now.lasting == pytest.approx(s, rel=1e-9, abs=1e-9)
    assert at_now.lasting == pytest.approx(sum(i.lasting for i in items), rel=1e-9, abs=1e-9)
    assert state.as_of == max([T0, *(i.at for i in items)])


@given(
    items=evidence_lists,
    positive=st.floats(min_value=1, max_value=365),
    slower=st.floats(min_value=1, max_value=20),
)
def test_incremental_matches_from_scratch_for_any_half_lives(
    items: list[Evidence], positive: float, slower: float
) -> None:
    params = TrustParams(
        positive_half_life_days=positive, negative_half_life_days=positive * slower
    )
    now = T0 + timedelta(days=500)
    r, s = from_scratch(items, now, params)
    state = TrustState.from_items(reversed(items), params).at(now, params)
    assert state.r == pytest.approx(r, rel=1e-9, abs=1e-9)
    assert state.s + state.lasting == pytest.approx(s, rel=1e-9, abs=1e-9)


@given(items=evidence_lists, back=st.floats(min_value=0, max_value=300))
def test_rewinding_undoes_forgetting_total_by_total(items: list[Evidence], back: float) -> None:
    # What the ledger's trajectory does: value the state at as_of, take it back to a window's
    # start. Positive and negative totals fade at different rates, so each is undone on its own.
    state = TrustState.from_items(items, as_of=T0)
    to = state.as_of - timedelta(days=back)
    rewound = state.rewound(to)
    assert rewound.as_of == to
    forward = rewound.at(state.as_of)
    assert forward.r == pytest.approx(state.r, rel=1e-9, abs=1e-9)
    assert forward.s == pytest.approx(state.s, rel=1e-9, abs=1e-9)
    assert forward.lasting == state.lasting
    assert state.rewound(state.as_of + timedelta(days=1)) == state.at(
        state.as_of + timedelta(days=1)
    )


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
    assert set(data) == {"r", "s", "lasting", "as_of"}
    assert isinstance(data["as_of"], str)
    restored = TrustState.from_dict(data)
    assert restored == state
    assert restored.as_of.utcoffset() == timedelta(0)
    assert restored.estimate(local + timedelta(days=9)) == state.estimate(local + timedelta(days=9))


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 1, 1)
    with pytest.raises(ValueError, match="now must be a timezone-aware datetime"):
        TrustState.empty(T0).estimate(naive)
    with pytest.raises(ValueError, match=r"TrustState\.as_of must be a timezone-aware datetime"):
        TrustState.from_dict({"r": 0, "s": 0, "as_of": "2026-01-01T00:00:00"})


def test_a_state_stored_before_floors_existed_still_loads() -> None:
    old = TrustState.from_dict({"r": 2.0, "s": 1.0, "as_of": "2026-01-01T00:00:00+00:00"})
    assert old == TrustState(2.0, 1.0, T0.replace(hour=0), 0.0)


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
        r, s = from_scratch(seen, point.at)
        assert point.evidence == pytest.approx(r + s, rel=1e-9, abs=1e-9)
        assert point.index == pytest.approx((r + 1) / (r + s + 2), rel=1e-9)
        assert point.low <= point.index <= point.high
        assert point.enough_evidence == (r + s >= MIN_EVIDENCE - 1e-9)


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
    with pytest.raises(ValueError, match="step must be positive"):
        trajectory([], T0, T0, step=timedelta(0))


# --- Enough evidence, and the words -------------------------------------------------------------


@given(r=st.floats(min_value=0, max_value=20), s=st.floats(min_value=0, max_value=20))
def test_enough_evidence_is_the_stated_threshold(r: float, s: float) -> None:
    estimate = TrustState(r, s, T0).estimate(T0)
    assert estimate.enough_evidence == (r + s >= MIN_EVIDENCE - 1e-9)
    assert estimate.to_dict()["enough_evidence"] == estimate.enough_evidence
    assert estimate.to_dict()["min_evidence"] == MIN_EVIDENCE


def test_the_threshold_is_five_units() -> None:
    four = TrustState.from_items([Evidence(T0, True, 1.0)] * 4).estimate(T0)
    five = TrustState.from_items([Evidence(T0, True, 1.0)] * 5).estimate(T0)
    assert not four.enough_evidence and five.enough_evidence


def test_describe_says_not_enough_evidence_and_shows_no_number() -> None:
    text = describe_estimate(TrustState.empty(T0).estimate(T0))
    assert text.startswith("Not enough evidence yet.")
    assert "50%" not in text and "10%" not in text and "90%" not in text
    assert "at least 5" in text


@given(r=st.floats(min_value=5, max_value=200), s=st.floats(min_value=0, max_value=200))
def test_describe_never_calls_a_quantile_a_floor(r: float, s: float) -> None:
    estimate = TrustState(r, s, T0).estimate(T0)
    text = describe_estimate(estimate)
    assert "at least" not in text
    assert "80% likely to be between" in text
    felt = felt_vs_evidence(0.0, estimate)
    if felt is not None:
        assert "at least" not in felt
        assert "80% likely between" in felt


@given(felt=st.floats(min_value=0, max_value=1), r=st.floats(0, 4.9), s=st.floats(0, 0.09))
def test_no_felt_trust_comparison_without_enough_evidence(felt: float, r: float, s: float) -> None:
    estimate = TrustState(r, s, T0).estimate(T0)
    assert not estimate.enough_evidence
    assert felt_vs_evidence(felt, estimate) is None


def test_felt_trust_lagging_the_evidence_gets_a_kind_note() -> None:
    estimate = TrustState(12.0, 3.0, T0).estimate(T0)
    note = felt_vs_evidence(0.3, estimate)
    assert note is not None
    assert "30%" in note and f"{round(estimate.low * 100)}%" in note
    assert "normal" in note and "felt later than it is earned" in note
    assert "Forgiveness is separate" in note
    assert felt_vs_evidence(None, estimate) is None
    assert felt_vs_evidence(estimate.low, estimate) is None
    with pytest.raises(ValueError, match="felt must be between 0 and 1"):
        felt_vs_evidence(7, estimate)


@pytest.mark.parametrize("a, b", [(1.0, 2.0), (1.0, 400.0)])
def test_quantile_of_the_smallest_float_is_found_not_a_math_error(a: float, b: float) -> None:
    # Its bracket shrank below the smallest float and x became 0.0 (log(0): "math domain error").
    x = beta_quantile(5e-324, a, b)
    assert 0.0 <= x < 1e-300
