"""The relational bank account: kinds, deposits and withdrawals, ratio, turning toward, words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain.bank import (
    KINDS_BY_CODE,
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
    bid_response_of,
    explain_ratio,
    explain_turning_toward,
    felt_vs_evidence,
    get_kind,
    kinds_as_dicts,
    ledger,
    positive_negative_ratio,
    ratio_series,
    turning_toward,
)

MONDAY = datetime(2026, 1, 5, tzinfo=UTC)
NOW = MONDAY + timedelta(days=28)


def moment(kind: str, days_before_now: float, weight: float = 1.0) -> SignedEvent:
    return SignedEvent.for_moment(NOW - timedelta(days=days_before_now), kind, weight)


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
    with pytest.raises(ValueError):
        SignedEvent.for_moment(NOW, "hugged")


def test_bid_response_from_a_kind_or_a_bare_category() -> None:
    assert bid_response_of("turned_against") is BidResponse.AGAINST
    assert bid_response_of("away") is BidResponse.AWAY
    assert bid_response_of("small_kindness") is None
    assert bid_response_of("commitment_kept") is None


def test_events_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        SignedEvent(datetime(2026, 1, 1), 1)
    with pytest.raises(ValueError):
        SignedEvent(NOW, 0)
    with pytest.raises(ValueError):
        SignedEvent(NOW, 1, weight=-1)


# --- Ledger --------------------------------------------------------------------------------------


def test_weekly_deposits_withdrawals_and_running_balance() -> None:
    events = [
        SignedEvent(MONDAY - timedelta(days=3), +1, "appreciation"),  # before: opening balance
        SignedEvent(MONDAY, +1, "small_kindness"),  # first instant of week 1
        SignedEvent(MONDAY + timedelta(days=2), +1, "kept", weight=0.4),
        SignedEvent(MONDAY + timedelta(days=6, hours=23), -1, "missed", weight=2.0),
        SignedEvent(MONDAY + timedelta(days=7), +1, "listened_well"),  # first instant of week 2
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
    events = [SignedEvent(MONDAY + timedelta(days=d), sign, "x", w) for d, sign, w in raw]
    weeks = ledger(events, MONDAY, MONDAY + timedelta(days=42))
    for week in weeks:
        expected = sum(e.sign * e.weight for e in events if e.at < week.end)
        assert week.balance == pytest.approx(expected, abs=1e-9)
    in_range = [e for e in events if MONDAY <= e.at < MONDAY + timedelta(days=42)]
    assert sum(w.deposit_count + w.withdrawal_count for w in weeks) == len(in_range)


# --- Ratio ---------------------------------------------------------------------------------------


def test_ratio_counts_the_rolling_window_only() -> None:
    events = [moment("small_kindness", d) for d in range(10)]
    events += [moment("turned_away", 1), moment("broke_small_promise", 20)]
    events += [moment("turned_against", 29), moment("appreciation", 40)]  # outside 28 days
    summary = positive_negative_ratio(events, NOW)
    assert (summary.positive, summary.negative) == (10, 2)
    assert summary.ratio == 5.0
    assert summary.window_days == 28


def test_ratio_is_none_not_infinity_without_negatives() -> None:
    summary = positive_negative_ratio([moment("appreciation", d) for d in range(12)], NOW)
    assert summary.ratio is None
    assert (summary.positive, summary.negative) == (12, 0)


def test_ratio_window_is_open_at_the_start_and_closed_at_now() -> None:
    events = [moment("appreciation", 0), moment("turned_away", 28)]
    summary = positive_negative_ratio(events, NOW)
    assert (summary.positive, summary.negative) == (1, 0)
    assert positive_negative_ratio(events, NOW, window=timedelta(days=7)).positive == 1


def test_the_ratio_counts_events_not_weights() -> None:
    events = [moment("appreciation", 1, weight=0.4), moment("turned_away", 2, weight=2.0)]
    assert positive_negative_ratio(events, NOW).ratio == 1.0


# --- Turning toward ------------------------------------------------------------------------------


def test_turning_toward_rate() -> None:
    events = [moment("turned_toward", d) for d in range(6)]
    events += [moment("turned_away", 3), moment("turned_against", 4)]
    events += [moment("small_kindness", 2), moment("turned_away", 30)]
    summary = turning_toward(events, NOW)
    assert (summary.toward, summary.away, summary.against) == (6, 1, 1)
    assert summary.bids == 8
    assert summary.rate == pytest.approx(0.75)


def test_turning_toward_is_none_without_bids() -> None:
    assert turning_toward([moment("appreciation", 1)], NOW).rate is None


def test_turning_toward_accepts_bare_categories() -> None:
    events = [SignedEvent(NOW, +1, "toward"), SignedEvent(NOW, -1, "against")]
    assert turning_toward(events, NOW).rate == 0.5


# --- Series --------------------------------------------------------------------------------------


def test_weekly_ratio_series() -> None:
    events = [SignedEvent(MONDAY + timedelta(days=d), +1, "x") for d in range(14)]
    events += [SignedEvent(MONDAY + timedelta(days=1), -1, "x")]
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
    single = positive_negative_ratio(events, NOW - timedelta(microseconds=1))
    assert (last.positive, last.negative) == (single.positive, single.negative)


# --- References and words ------------------------------------------------------------------------


def test_references_carry_numbers_citations_and_the_population_caveat() -> None:
    assert RATIO_REFERENCE.value == 5.0
    assert "Gottman & Levenson (1992)" in RATIO_REFERENCE.citation
    assert "63(2)" in RATIO_REFERENCE.citation
    assert TURNING_TOWARD_STAYED.value == 0.86
    assert TURNING_TOWARD_DIVORCED.value == 0.33
    assert "Gottman & Driver" in TURNING_TOWARD_STAYED.citation
    for reference in REFERENCES:
        assert "not a prediction" in reference.note
        assert reference.to_dict()["note"] == reference.note


def test_explain_ratio_with_negatives() -> None:
    text = explain_ratio(
        positive_negative_ratio(
            [moment("appreciation", 1)] * 12 + [moment("turned_away", 2)] * 3, NOW
        )
    )
    assert "12 positive and 3 negative moments" in text
    assert "about 4 to 1" in text
    assert "close to" in text
    assert "Gottman & Levenson (1992)" in text
    assert POPULATION_NOTE in text


@pytest.mark.parametrize(
    ("positive", "negative", "phrase"),
    [(10, 1, "at or above"), (5, 1, "at or above"), (9, 2, "close to"), (2, 2, "below")],
)
def test_explain_ratio_places_it_beside_the_reference(
    positive: int, negative: int, phrase: str
) -> None:
    summary = RatioSummary(NOW - timedelta(days=28), NOW, positive, negative, positive / negative)
    assert phrase in explain_ratio(summary)


def test_explain_ratio_when_there_is_nothing_to_divide_by() -> None:
    text = explain_ratio(RatioSummary(NOW - timedelta(days=28), NOW, 12, 0, None))
    assert "12 positive and 0 negative moments" in text
    assert "no ratio yet" in text
    assert "infinity" not in text.lower()
    empty = explain_ratio(RatioSummary(NOW - timedelta(days=28), NOW, 0, 0, None))
    assert empty == "No moments were logged in the last 28 days yet."


def test_explain_a_ratio_below_one() -> None:
    text = explain_ratio(RatioSummary(NOW - timedelta(days=28), NOW, 1, 4, 0.25))
    assert "about 1 to 4" in text


def test_explain_turning_toward() -> None:
    text = explain_turning_toward(TurningSummary(NOW - timedelta(days=28), NOW, 15, 4, 1, 0.75))
    assert "15 of 20 bids" in text
    assert "(75%)" in text
    assert "86%" in text and "33%" in text
    assert POPULATION_NOTE in text
    none = explain_turning_toward(TurningSummary(NOW - timedelta(days=28), NOW, 0, 0, 0, None))
    assert "No responses to bids" in none


def test_felt_trust_lagging_the_evidence_gets_a_kind_note() -> None:
    note = felt_vs_evidence(0.3, index=0.72, low=0.6)
    assert note is not None
    assert "30%" in note and "60%" in note
    assert "normal" in note
    assert "felt later than it is earned" in note
    assert "Forgiveness is separate" in note


@pytest.mark.parametrize("felt", [None, 0.6, 0.7, 0.95])
def test_no_note_when_felt_trust_is_within_or_above_the_evidence(felt: float | None) -> None:
    assert felt_vs_evidence(felt, index=0.72, low=0.6) is None


def test_felt_trust_must_be_on_the_zero_to_one_scale() -> None:
    with pytest.raises(ValueError):
        felt_vs_evidence(7, index=0.5, low=0.1)
