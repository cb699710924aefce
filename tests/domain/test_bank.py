"""The relational bank account: kinds, deposits and withdrawals, ratio, turning toward, words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain.bank import (
    KINDS_BY_CODE,
    MIN_BIDS_FOR_REFERENCE,
    MIN_MOMENTS_FOR_REFERENCE,
    MOMENT_KINDS,
    POPULATION_NOTE,
    RATIO_REFERENCE,
    REFERENCES,
    TURNING_TOWARD_DIVORCED,
    TURNING_TOWARD_STAYED,
    BidResponse,
    RatioSummary,
    SignedEvent,
    TurningSummary,
    UnknownKind,
    Window,
    bid_response_of,
    explain_ratio,
    explain_turning_toward,
    format_ratio,
    get_kind,
    kinds_as_dicts,
    ledger,
    positive_negative_ratio,
    ratio_series,
    turning_toward,
)

MONDAY = datetime(2026, 1, 5, tzinfo=UTC)
NOW = MONDAY + timedelta(days=28)
SECOND = timedelta(seconds=1)


def moment(
    kind: str, days_before_now: float, weight: float = 1.0, *, confirmed: bool = True
) -> SignedEvent:
    at = NOW - timedelta(days=days_before_now)
    return SignedEvent.for_moment(at, kind, weight, confirmed=confirmed)


def signed(at: datetime, sign: int, kind: str = "x", weight: float = 1.0) -> SignedEvent:
    return SignedEvent(at, sign, kind, weight, confirmed=True)


# --- Kinds ---------------------------------------------------------------------------------------


def test_the_nine_kinds_with_their_signs() -> None:
    signs = {kind.code: kind.sign for kind in MOMENT_KINDS}
    assert signs == {
        "turned_toward": 1,
        "small_kindness": 1,
        "kept_small_promise": 1,
        "listened_well": 1,
        "showed_up_on_time": 1,
        "appreciation": 1,
        "turned_away": -1,
        "turned_against": -1,
        "broke_small_promise": -1,
    }
    assert KINDS_BY_CODE["turned_toward"].label == "Turned toward a bid"
    assert KINDS_BY_CODE["turned_away"].label == "Turned away from a bid"
    assert KINDS_BY_CODE["turned_against"].label == "Turned against a bid"
    assert all(kind.label and kind.description for kind in MOMENT_KINDS)


def test_only_the_three_bid_responses_are_bid_responses() -> None:
    bids = {kind.code: kind.bid_response for kind in MOMENT_KINDS if kind.is_bid_response}
    assert bids == {
        "turned_toward": BidResponse.TOWARD,
        "turned_away": BidResponse.AWAY,
        "turned_against": BidResponse.AGAINST,
    }


def test_kinds_serialise_for_the_api() -> None:
    listed = kinds_as_dicts()
    assert [k["kind"] for k in listed] == [k.code for k in MOMENT_KINDS]
    assert listed[0] == {
        "kind": "turned_toward",
        "label": "Turned toward a bid",
        "description": KINDS_BY_CODE["turned_toward"].description,
        "sign": 1,
        "bid_response": "toward",
    }
    assert listed[1]["bid_response"] is None


def test_unknown_kinds_are_refused_clearly() -> None:
    with pytest.raises(UnknownKind, match="Unknown kind 'hugged'"):
        get_kind("hugged")
    with pytest.raises(ValueError, match="Unknown kind 'hugged'"):
        SignedEvent.for_moment(NOW, "hugged", confirmed=True)


def test_bid_response_from_a_kind_or_a_bare_category() -> None:
    assert bid_response_of("turned_against") is BidResponse.AGAINST
    assert bid_response_of("away") is BidResponse.AWAY
    assert bid_response_of("small_kindness") is None
    assert bid_response_of("commitment_kept") is None


def test_events_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match=r"SignedEvent\.at must be a timezone-aware datetime"):
        SignedEvent(datetime(2026, 1, 1), 1, confirmed=True)
    with pytest.raises(ValueError, match=r"SignedEvent.sign must be \+1 or -1"):
        SignedEvent(NOW, 0, confirmed=True)
    with pytest.raises(
        ValueError, match=r"SignedEvent\.weight must be a finite, non-negative number"
    ):
        SignedEvent(NOW, 1, weight=-1, confirmed=True)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'confirmed'"):
        SignedEvent(NOW, 1)  # type: ignore[call-arg]  # whether it was confirmed is required


# --- Ledger --------------------------------------------------------------------------------------


def test_weekly_deposits_withdrawals_and_running_balance() -> None:
    events = [
        signed(MONDAY - timedelta(days=3), +1, "appreciation"),  # before: opening balance
        signed(MONDAY, +1, "small_kindness"),  # first instant of week 1
        signed(MONDAY + timedelta(days=2), +1, "kept", weight=0.4),
        signed(MONDAY + timedelta(days=6, hours=23), -1, "missed", weight=2.0),
        signed(MONDAY + timedelta(days=7), +1, "listened_well"),  # first instant of week 2
    ]
    weeks = ledger(reversed(events), MONDAY, MONDAY + timedelta(days=21))
    assert [w.start for w in weeks] == [MONDAY + timedelta(days=7 * k) for k in range(3)]
    first, second, third = weeks
    assert (first.deposit_count, first.withdrawal_count) == (2, 1)
    assert first.deposits == pytest.approx(1.4)
    assert first.withdrawals == pytest.approx(2.0)
    assert first.net == pytest.approx(-0.6)
    assert first.balance == pytest.approx(1 + 1.4 - 2.0)
    assert (second.deposit_count, second.withdrawal_count) == (1, 0)
    assert second.balance == pytest.approx(0.4 + 1.0)
    assert third.deposits == third.withdrawals == 0
    assert third.balance == second.balance


@given(
    st.lists(
        st.tuples(st.integers(-30, 60), st.sampled_from([1, -1]), st.floats(0, 3)), max_size=60
    )
)
def test_the_balance_is_the_sum_of_everything_so_far(raw: list[tuple[int, int, float]]) -> None:
    events = [signed(MONDAY + timedelta(days=d), sign, "x", w) for d, sign, w in raw]
    weeks = ledger(events, MONDAY, MONDAY + timedelta(days=42))
    for week in weeks:
        expected = sum(e.sign * e.weight for e in events if e.at < week.end)
        assert week.balance == pytest.approx(expected, abs=1e-9)
    in_range = [e for e in events if MONDAY <= e.at < MONDAY + timedelta(days=42)]
    assert sum(w.deposit_count + w.withdrawal_count for w in weeks) == len(in_range)


# --- Ratio ---------------------------------------------------------------------------------------


def test_ratio_counts_the_rolling_window_only() -> None:
    events = [moment("small_kindness", d) for d in range(1, 11)]
    events += [moment("turned_away", 1), moment("broke_small_promise", 20)]
    events += [moment("turned_against", 29), moment("appreciation", 40)]  # outside 28 days
    summary = positive_negative_ratio(events, NOW)
    assert (summary.positive, summary.negative) == (10, 2)
    assert summary.ratio == 5.0
    assert summary.window_days == 28


def test_ratio_is_none_not_infinity_without_negatives() -> None:
    summary = positive_negative_ratio([moment("appreciation", d) for d in range(1, 13)], NOW)
    assert summary.ratio is None
    assert (summary.positive, summary.negative) == (12, 0)


def test_ratio_window_is_half_open_like_every_other_window() -> None:
    # [now - 28 days, now): the start counts, `now` itself belongs to the next window.
    events = [moment("appreciation", 0), moment("turned_away", 28)]
    summary = positive_negative_ratio(events, NOW)
    assert (summary.positive, summary.negative) == (0, 1)
    assert summary.window_start == NOW - timedelta(days=28) and summary.window_end == NOW
    assert positive_negative_ratio(events, NOW + timedelta(microseconds=1)).positive == 1
    assert Window.ending(NOW).contains(NOW - timedelta(days=28))
    assert not Window.ending(NOW).contains(NOW)


def test_the_ratio_counts_events_not_weights() -> None:
    events = [moment("appreciation", 1, weight=0.4), moment("turned_away", 2, weight=2.0)]
    assert positive_negative_ratio(events, NOW).ratio == 1.0


# --- Turning toward ------------------------------------------------------------------------------


def test_turning_toward_rate() -> None:
    events = [moment("turned_toward", d) for d in range(1, 7)]
    events += [moment("turned_away", 3), moment("turned_against", 4)]
    events += [moment("small_kindness", 2), moment("turned_away", 30)]
    summary = turning_toward(events, NOW)
    assert (summary.toward, summary.away, summary.against) == (6, 1, 1)
    assert summary.bids == 8
    assert summary.rate == pytest.approx(0.75)


def test_turning_toward_is_none_without_bids() -> None:
    assert turning_toward([moment("appreciation", 1)], NOW).rate is None


def test_turning_toward_accepts_bare_categories() -> None:
    events = [signed(NOW - SECOND, +1, "toward"), signed(NOW - SECOND, -1, "against")]
    assert turning_toward(events, NOW).rate == 0.5


# --- Series --------------------------------------------------------------------------------------


def test_weekly_ratio_series() -> None:
    events = [signed(MONDAY + timedelta(days=d), +1) for d in range(14)]
    events += [signed(MONDAY + timedelta(days=1), -1)]
    series = ratio_series(events, MONDAY, MONDAY + timedelta(days=14))
    assert [(p.positive, p.negative, p.ratio) for p in series] == [(7, 1, 7.0), (7, 0, None)]
    assert series[1].start == MONDAY + timedelta(days=7)


def test_rolling_ratio_series_matches_the_single_ratio() -> None:
    events = [moment("appreciation", d / 2) for d in range(80)]
    events += [moment("turned_away", d) for d in range(0, 40, 5)]
    series = ratio_series(
        events,
        NOW - timedelta(days=28),
        NOW,
        step=timedelta(days=7),
        window=timedelta(days=28),
    )
    last = series[-1]
    assert last.end == NOW
    single = positive_negative_ratio(events, NOW)
    assert (last.positive, last.negative) == (single.positive, single.negative)
    assert (last.start, last.end) == (single.window_start, single.window_end)


# --- References and words ------------------------------------------------------------------------


def test_references_carry_numbers_citations_and_the_population_caveat() -> None:
    assert RATIO_REFERENCE.value == 5.0
    assert "Gottman & Levenson (1992)" in RATIO_REFERENCE.citation
    assert "63(2)" in RATIO_REFERENCE.citation
    assert "Gottman (1994), What Predicts Divorce?" in RATIO_REFERENCE.citation
    assert TURNING_TOWARD_STAYED.value == 0.86
    assert TURNING_TOWARD_DIVORCED.value == 0.33
    for reference in (TURNING_TOWARD_STAYED, TURNING_TOWARD_DIVORCED):
        assert "newlywed study, as reported by Gottman & Driver" in reference.citation
        assert "Family Process 43(3)" in reference.citation  # a publication, by name
    for reference in REFERENCES:
        assert "not a prediction" in reference.note
        assert reference.to_dict()["note"] == reference.note


def test_no_divorced_comparison_by_default() -> None:
    assert TURNING_TOWARD_DIVORCED not in REFERENCES
    summary = TurningSummary(NOW - timedelta(days=28), NOW, 15, 4, 1, 0.75)
    assert "33%" not in explain_turning_toward(summary)
    assert "divorce" not in explain_turning_toward(summary)
    assert "33%" in explain_turning_toward(summary, include_divorced=True)


def _many(positive: int, negative: int) -> list[SignedEvent]:
    return [moment("appreciation", 1)] * positive + [moment("turned_away", 2)] * negative


def test_explain_ratio_with_negatives() -> None:
    text = explain_ratio(positive_negative_ratio(_many(20, 5), NOW))
    assert "20 positive and 5 negative confirmed moments" in text
    assert "4 to 1" in text
    assert "close to" in text
    assert "Gottman & Levenson (1992)" in text
    assert POPULATION_NOTE in text


@pytest.mark.parametrize(
    ("positive", "negative", "phrase"),
    [
        (20, 2, "at or above"),
        (20, 4, "at or above"),
        (18, 4, "close to"),
        (16, 4, "close to"),
        (15, 5, "below"),
        (12, 12, "below"),
    ],
)
def test_explain_ratio_places_it_beside_the_reference(
    positive: int, negative: int, phrase: str
) -> None:
    summary = RatioSummary(NOW - timedelta(days=28), NOW, positive, negative, positive / negative)
    assert phrase in explain_ratio(summary)


def test_no_comparison_below_the_minimum_count() -> None:
    summary = positive_negative_ratio(_many(15, 4), NOW)
    assert summary.total == MIN_MOMENTS_FOR_REFERENCE - 1 and not summary.enough_for_reference
    text = explain_ratio(summary)
    assert "15 to 4" in text
    assert "Too few yet" in text and "5 to 1" not in text and "below" not in text
    assert positive_negative_ratio(_many(16, 4), NOW).enough_for_reference


def test_explain_ratio_when_there_is_nothing_to_divide_by() -> None:
    text = explain_ratio(RatioSummary(NOW - timedelta(days=28), NOW, 22, 0, None))
    assert "22 positive and 0 negative confirmed moments" in text
    assert "no ratio" in text
    assert "infinity" not in text.lower()
    empty = explain_ratio(RatioSummary(NOW - timedelta(days=28), NOW, 0, 0, None))
    assert empty == "No confirmed moments in the last 28 days yet."


def test_explain_a_ratio_below_one() -> None:
    text = explain_ratio(RatioSummary(NOW - timedelta(days=28), NOW, 5, 20, 0.25))
    assert "1 to 4" in text and "below" in text


def test_explain_turning_toward() -> None:
    text = explain_turning_toward(TurningSummary(NOW - timedelta(days=28), NOW, 15, 4, 1, 0.75))
    assert "15 of 20 bids" in text
    assert "(75%)" in text
    assert "86%" in text
    assert POPULATION_NOTE in text
    none = explain_turning_toward(TurningSummary(NOW - timedelta(days=28), NOW, 0, 0, 0, None))
    assert "No confirmed responses to bids" in none


def test_no_turning_toward_comparison_below_the_minimum() -> None:
    few = TurningSummary(NOW - timedelta(days=28), NOW, 15, 3, 1, 15 / 19)
    assert few.bids == MIN_BIDS_FOR_REFERENCE - 1
    text = explain_turning_toward(few)
    assert "Too few yet" in text and "86%" not in text


# --- Exact ratios --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("positive", "negative", "text"),
    [
        (1, 3, "1 to 3"),
        (9, 2, "4.5 to 1"),
        (5, 1, "5 to 1"),
        (10, 2, "5 to 1"),
        (3, 2, "1.5 to 1"),
        (2, 3, "1 to 1.5"),
        (1, 1, "1 to 1"),
        (10, 3, "10 to 3"),
        (7, 9, "7 to 9"),
        (12, 0, "12 to 0"),
        (0, 4, "0 to 4"),
        (0, 0, "0 to 0"),
        (41, 10, "4.1 to 1"),
    ],
)
def test_format_ratio_is_exact(positive: int, negative: int, text: str) -> None:
    assert format_ratio(positive, negative) == text


@given(st.integers(0, 500), st.integers(0, 500))
def test_format_ratio_round_trips_exactly(positive: int, negative: int) -> None:
    text = format_ratio(positive, negative)
    left, right = text.split(" to ")
    if positive and negative:
        assert Fraction(left) / Fraction(right) == Fraction(positive, negative)
    else:
        assert (int(left), int(right)) == (positive, negative)


def test_format_ratio_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="counts cannot be negative"):
        format_ratio(-1, 2)


def test_summaries_and_periods_carry_exact_ratios() -> None:
    summary = positive_negative_ratio(_many(9, 2), NOW)
    assert summary.fraction == Fraction(9, 2) and summary.text == "4.5 to 1"
    weeks = ledger(_many(1, 3), NOW - timedelta(days=7), NOW)
    assert weeks[0].ratio == Fraction(1, 3) and weeks[0].ratio_text == "1 to 3"
    [point] = ratio_series(_many(9, 2), NOW - timedelta(days=7), NOW)
    assert point.text == "4.5 to 1" and point.fraction == Fraction(9, 2)


# --- Only confirmed moments count ----------------------------------------------------------------


def test_unconfirmed_moments_are_claims_counted_apart() -> None:
    events = [moment("appreciation", d) for d in range(1, 4)]
    events += [moment("small_kindness", d / 2, confirmed=False) for d in range(1, 11)]
    events += [moment("turned_toward", 1, confirmed=False), moment("turned_away", 2)]
    summary = positive_negative_ratio(events, NOW)
    assert (summary.positive, summary.negative) == (3, 1)
    assert (summary.unconfirmed_positive, summary.unconfirmed_negative) == (11, 0)
    assert "11 more moments are waiting for confirmation and not counted" in explain_ratio(summary)
    turning = turning_toward(events, NOW)
    assert (turning.toward, turning.away) == (0, 1)
    [week] = ledger(events, NOW - timedelta(days=7), NOW)
    assert (week.deposit_count, week.withdrawal_count, week.unconfirmed) == (3, 1, 11)
    assert week.balance == 2.0


@given(
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from([1, -1]), st.booleans()), max_size=60)
)
def test_claims_never_change_a_figure(raw: list[tuple[int, int, bool]]) -> None:
    events = [SignedEvent(MONDAY + timedelta(days=d), sign, "x", confirmed=c) for d, sign, c in raw]
    confirmed = [e for e in events if e.confirmed]
    end = MONDAY + timedelta(days=63)
    assert [(w.deposits, w.withdrawals, w.balance) for w in ledger(events, MONDAY, end)] == [
        (w.deposits, w.withdrawals, w.balance) for w in ledger(confirmed, MONDAY, end)
    ]
    a, b = positive_negative_ratio(events, end), positive_negative_ratio(confirmed, end)
    assert (a.positive, a.negative) == (b.positive, b.negative)


# --- One window definition -----------------------------------------------------------------------


@given(
    st.lists(st.tuples(st.integers(0, 56 * 24), st.sampled_from([1, -1])), max_size=80),
    st.integers(0, 3),
)
def test_the_28_day_figure_is_the_rolling_series_at_now(
    raw: list[tuple[int, int]], weeks_back: int
) -> None:
    # Events on whole hours, so many land exactly on window edges.
    events = [signed(MONDAY + timedelta(hours=h), sign) for h, sign in raw]
    now = MONDAY + timedelta(days=56) - timedelta(weeks=weeks_back)
    figure = positive_negative_ratio(events, now)
    series = ratio_series(
        events, now - timedelta(days=28), now, step=timedelta(days=7), window=timedelta(days=28)
    )
    last = series[-1]
    assert (last.start, last.end) == (figure.window_start, figure.window_end)
    assert (last.positive, last.negative) == (figure.positive, figure.negative)
    # And four weekly periods add up to the 28-day figure, edges included.
    weekly = ratio_series(events, now - timedelta(days=28), now)
    assert sum(p.positive for p in weekly) == figure.positive
    assert sum(p.negative for p in weekly) == figure.negative
    periods = ledger(events, now - timedelta(days=28), now)
    assert sum(p.deposit_count for p in periods) == figure.positive
