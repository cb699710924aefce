from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain.calibration import (
    BRIER_ALWAYS_HALF,
    CalibrationError,
    GutReading,
    Outcome,
    beta_quantile,
    calibration,
    jeffreys_interval,
    parse_outcome,
    regularized_incomplete_beta,
    validate_confidence,
)

YES, PARTLY, NO = Outcome.BORNE_OUT, Outcome.PARTLY, Outcome.NOT_BORNE_OUT


def readings(*outcomes: Outcome | None, confidence: int | None = None) -> list[GutReading]:
    return [GutReading(f"feeling {i}", confidence, o) for i, o in enumerate(outcomes)]


def test_example_from_the_brief() -> None:
    result = calibration(readings(*[YES] * 10, PARTLY, PARTLY, NO, NO))
    assert result.resolved_count == 14
    assert (result.borne_out_count, result.partly_count, result.not_borne_out_count) == (10, 2, 2)
    assert result.scored_count == 12
    # "Partly" is shown and never scored: 10 of the 12 that turned out one way or the other.
    assert result.borne_out_rate == pytest.approx(10 / 12)
    assert result.summary == (
        "Of 12 gut feelings you later checked that turned out one way or the other, 10 were borne "
        "out (83%, likely between 66% and 93%). 2 were partly borne out; those are shown but not "
        "scored."
    )


def test_nothing_recorded() -> None:
    result = calibration([])
    assert result.resolved_count == 0 and not result.enough
    assert result.borne_out_rate is None and result.interval is None and result.brier_score is None
    assert "not checked any" in result.summary


def test_unresolved_readings_are_not_counted() -> None:
    result = calibration(readings(None, None, YES))
    assert result.resolved_count == 1


def test_four_scored_is_not_enough_five_is() -> None:
    four = calibration(readings(YES, YES, NO, YES, PARTLY))
    assert not four.enough and four.borne_out_rate is None and four.interval is None
    assert "You have checked 5 gut feelings so far" in four.summary
    assert "not enough yet" in four.summary
    assert "1 was partly borne out" in four.summary
    one = calibration(readings(YES))
    assert "1 gut feeling so far" in one.summary
    five = calibration(readings(YES, YES, NO, YES, NO, PARTLY))
    assert five.enough and five.borne_out_rate == pytest.approx(0.6)
    assert five.summary.startswith(
        "Of 5 gut feelings you later checked that turned out one way or the other, 3 were borne "
        "out (60%"
    )
    assert "1 was partly borne out; those are shown but not scored." in five.summary


def test_summary_is_not_judgmental() -> None:
    for outcomes in ([NO] * 6, [YES] * 6, [PARTLY] * 6):
        for confidence in (None, 50, 95):
            text = calibration(readings(*outcomes, confidence=confidence)).summary.lower()
            for word in ("wrong", "bad", "poor", "fail", "should", "good"):
                assert word not in text


def test_all_and_none_borne_out_use_conventional_bounds() -> None:
    all_yes = calibration(readings(*[YES] * 6))
    assert all_yes.interval is not None and all_yes.interval[1] == 1.0
    none = calibration(readings(*[NO] * 6))
    assert none.interval is not None and none.interval[0] == 0.0
    assert "0 were borne out (0%" in none.summary


def test_brier_score_leaves_partly_out_and_sits_beside_a_quarter() -> None:
    records = [
        GutReading("a", 100, YES),  # (1 - 1)^2 = 0
        GutReading("b", 50, NO),  # (0.5 - 0)^2 = 0.25
        GutReading("c", 80, PARTLY),  # not scored
        GutReading("d", None, NO),  # no confidence: not in the Brier score
        GutReading("e", 90, YES),  # 0.01
        GutReading("f", 70, NO),  # 0.49
        GutReading("g", 60, YES),  # 0.16
    ]
    result = calibration(records)
    assert result.brier_score == pytest.approx((0 + 0.25 + 0.01 + 0.49 + 0.16) / 5)
    assert result.brier_count == 5
    assert result.brier_reference == BRIER_ALWAYS_HALF == 0.25
    assert "scores 0.18 on the Brier scale" in result.summary
    assert "saying 50% every time scores 0.25" in result.summary
    assert "closer to what happened" in result.summary


def test_a_record_worse_than_always_saying_fifty_percent_is_told_so() -> None:
    # Issue 12: the Brier score was computed and never shown. Nine times out of ten at 90% sure,
    # half of them borne out: 0.41, worse than the 0.25 of saying 50% every time.
    records = [GutReading(f"r{i}", 90, YES if i % 2 else NO) for i in range(10)]
    result = calibration(records)
    assert result.brier_score == pytest.approx(0.41)
    assert "further from what happened than saying 50% every time would have been" in (
        result.summary
    )


def test_no_brier_score_below_five_scored_readings_with_a_confidence() -> None:
    records = [GutReading(f"r{i}", 80, YES) for i in range(4)] + [GutReading("x", None, NO)]
    result = calibration(records)
    assert result.enough and result.brier_score is None and "Brier" not in result.summary


def test_confidence_bands_are_stated_against_observed() -> None:
    records = [
        GutReading("a", 50, YES),
        GutReading("b", 59, NO),
        GutReading("c", 60, YES),
        GutReading("d", 90, YES),
        GutReading("e", 100, PARTLY),
        GutReading("g", 80, PARTLY),
        GutReading("f", None, YES),
    ]
    bands = calibration(records).by_confidence_band
    assert [(b.label, b.count, b.borne_out, b.partly) for b in bands] == [
        ("50-59%", 2, 1, 0),
        ("60-69%", 1, 1, 0),
        ("80-89%", 0, 0, 1),
        ("90-100%", 1, 1, 1),
    ]
    assert bands[0].mean_confidence == 54.5
    assert bands[0].stated == pytest.approx(0.545)
    assert bands[0].observed == 0.5 == bands[0].borne_out_rate
    assert bands[2].observed is None
    assert bands[3].mean_confidence == 90  # over the scored reading only
    assert bands[0].describe() == (
        "When you said 50-59% sure (55% on average), 1 of 2 were borne out (50%). "
        "Too few yet to read much into."
    )
    assert bands[2].describe() == "When you said 80-89% sure, 1 was partly borne out."


@given(
    st.lists(
        st.tuples(st.integers(50, 100), st.sampled_from([YES, NO, PARTLY])), min_size=1, max_size=40
    )
)
def test_partly_is_counted_the_same_way_in_every_figure(
    raw: list[tuple[int, Outcome]],
) -> None:
    with_partly = calibration([GutReading("x", c, o) for c, o in raw])
    without = calibration([GutReading("x", c, o) for c, o in raw if o is not PARTLY])
    assert with_partly.borne_out_rate == without.borne_out_rate
    assert with_partly.interval == without.interval
    assert with_partly.brier_score == without.brier_score
    assert [(b.label, b.count, b.borne_out) for b in with_partly.by_confidence_band if b.count] == [
        (b.label, b.count, b.borne_out) for b in without.by_confidence_band
    ]


@pytest.mark.parametrize(
    ("confidence", "message"),
    [
        (49, "Confidence must be from 50% to 100%, got 49%."),
        (101, "Confidence must be from 50% to 100%, got 101%."),
        (75.5, "Confidence must be a whole percentage, got 75.5."),
        (True, "Confidence must be a whole percentage, got True."),
        ("80", "Confidence must be a whole percentage, got '80'."),
    ],
)
def test_confidence_outside_50_to_100_is_rejected(confidence: object, message: str) -> None:
    with pytest.raises(CalibrationError, match=re.escape(message)):
        validate_confidence(confidence)
    with pytest.raises(CalibrationError, match=re.escape(message)):
        calibration([GutReading("x", confidence, YES)])  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [50, 100])
def test_confidence_bounds_are_inclusive(confidence: int) -> None:
    assert validate_confidence(confidence) == confidence


def test_outcomes_accept_their_string_values_only() -> None:
    assert parse_outcome("yes") is YES and parse_outcome("partly") is PARTLY
    assert parse_outcome(NO) is NO
    for bad in ("maybe", "", None, 1):
        with pytest.raises(
            CalibrationError, match="What happened must be one of 'yes', 'partly' or 'no'"
        ):
            parse_outcome(bad)
    # Records built from stored strings are accepted too.
    assert calibration([GutReading("x", None, "no")]).resolved_count == 1  # type: ignore[arg-type]


# --- the Beta machinery ------------------------------------------------------------------------


def test_incomplete_beta_known_values() -> None:
    assert regularized_incomplete_beta(0.3, 1, 1) == pytest.approx(0.3)
    assert regularized_incomplete_beta(0.5, 2, 2) == pytest.approx(0.5)
    # Beta(2, 5) CDF at 0.3 = 0.579825 (closed form for integer parameters).
    assert regularized_incomplete_beta(0.3, 2, 5) == pytest.approx(0.579825, abs=1e-9)
    # Beta(0.5, 0.5) is the arcsine law: CDF = (2 / pi) * asin(sqrt(x)).
    assert regularized_incomplete_beta(0.2, 0.5, 0.5) == pytest.approx(
        2 / math.pi * math.asin(math.sqrt(0.2))
    )


def test_beta_quantile_inverts_known_cdfs() -> None:
    assert beta_quantile(0.25, 2, 1) == pytest.approx(0.5)  # CDF x^2
    assert beta_quantile(0.1, 1, 1) == pytest.approx(0.1)


def test_jeffreys_interval_reference_value() -> None:
    # Jeffreys 95% interval for 0 of 10 has upper bound ~0.217 (Brown, Cai & DasGupta 2001).
    low, high = jeffreys_interval(0, 10, 0.95)
    assert low == 0.0 and high == pytest.approx(0.2172, abs=5e-4)


@pytest.mark.parametrize(("k", "n"), [(-1, 5), (6, 5), (0, 0)])
def test_jeffreys_interval_rejects_bad_counts(k: int, n: int) -> None:
    with pytest.raises(ValueError, match="need 0 <= successes <= trials and trials > 0"):
        jeffreys_interval(k, n)


@given(st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_interval_contains_the_rate(counts: tuple[int, int]) -> None:
    k, n = counts
    low, high = jeffreys_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0
