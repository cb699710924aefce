from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain.calibration import (
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
    assert result.borne_out_rate == pytest.approx(10 / 14)
    assert result.summary == (
        "Of 14 gut feelings you later checked, 10 were borne out (71%, likely between 55% and "
        "84%). 2 more were partly borne out."
    )


def test_nothing_recorded() -> None:
    result = calibration([])
    assert result.resolved_count == 0 and not result.enough
    assert result.borne_out_rate is None and result.interval is None and result.brier_score is None
    assert "not checked any" in result.summary


def test_unresolved_readings_are_not_counted() -> None:
    result = calibration(readings(None, None, YES))
    assert result.resolved_count == 1


def test_four_resolved_is_not_enough_five_is() -> None:
    four = calibration(readings(YES, YES, NO, YES))
    assert not four.enough and four.borne_out_rate is None and four.interval is None
    assert "You have checked 4 gut feelings so far" in four.summary
    assert "not enough yet" in four.summary
    one = calibration(readings(YES))
    assert "1 gut feeling so far" in one.summary
    five = calibration(readings(YES, YES, NO, YES, PARTLY))
    assert five.enough and five.borne_out_rate == pytest.approx(0.6)
    assert five.summary.startswith("Of 5 gut feelings you later checked, 3 were borne out (60%")
    assert "1 more was partly borne out." in five.summary


def test_summary_is_not_judgmental() -> None:
    for outcomes in ([NO] * 6, [YES] * 6, [PARTLY] * 6):
        text = calibration(readings(*outcomes)).summary.lower()
        for word in ("wrong", "bad", "poor", "fail", "should", "good"):
            assert word not in text


def test_all_and_none_borne_out_use_conventional_bounds() -> None:
    all_yes = calibration(readings(*[YES] * 6))
    assert all_yes.interval is not None and all_yes.interval[1] == 1.0
    none = calibration(readings(*[NO] * 6))
    assert none.interval is not None and none.interval[0] == 0.0
    assert "0 were borne out (0%" in none.summary


def test_brier_score() -> None:
    records = [
        GutReading("a", 100, YES),  # (1 - 1)^2 = 0
        GutReading("b", 50, NO),  # (0.5 - 0)^2 = 0.25
        GutReading("c", 80, PARTLY),  # (0.8 - 0.5)^2 = 0.09
        GutReading("d", None, NO),  # no confidence: not in the Brier score
    ]
    assert calibration(records).brier_score == pytest.approx((0 + 0.25 + 0.09) / 3)


def test_confidence_bands() -> None:
    records = [
        GutReading("a", 50, YES),
        GutReading("b", 59, NO),
        GutReading("c", 60, YES),
        GutReading("d", 90, YES),
        GutReading("e", 100, PARTLY),
        GutReading("f", None, YES),
    ]
    bands = calibration(records).by_confidence_band
    assert [(b.label, b.count, b.borne_out, b.partly) for b in bands] == [
        ("50-59%", 2, 1, 0),
        ("60-69%", 1, 1, 0),
        ("90-100%", 2, 1, 1),
    ]
    assert bands[0].mean_confidence == 54.5
    assert bands[0].borne_out_rate == 0.5


@pytest.mark.parametrize("confidence", [49, 101, 75.5, True, "80"])
def test_confidence_outside_50_to_100_is_rejected(confidence: object) -> None:
    with pytest.raises(CalibrationError):
        validate_confidence(confidence)
    with pytest.raises(CalibrationError):
        calibration([GutReading("x", confidence, YES)])  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [50, 100])
def test_confidence_bounds_are_inclusive(confidence: int) -> None:
    assert validate_confidence(confidence) == confidence


def test_outcomes_accept_their_string_values_only() -> None:
    assert parse_outcome("yes") is YES and parse_outcome("partly") is PARTLY
    assert parse_outcome(NO) is NO
    for bad in ("maybe", "", None, 1):
        with pytest.raises(CalibrationError):
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
    with pytest.raises(ValueError):
        jeffreys_interval(k, n)


@given(st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_interval_contains_the_rate(counts: tuple[int, int]) -> None:
    k, n = counts
    low, high = jeffreys_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0
