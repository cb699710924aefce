"""Intuition check-ins: how often a person's own gut readings were later borne out.

A reading is a short statement, optionally with a confidence from 50 to 100%, later resolved as
borne out (yes), partly, or not (no). The summary reports evidence, never a verdict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

MIN_CONFIDENCE = 50
MAX_CONFIDENCE = 100
# Below this many resolved readings a rate says more about chance than about judgement.
MIN_RESOLVED_FOR_SUMMARY = 5
INTERVAL_LEVEL = 0.80
# Brier scoring treats "partly" as half borne out.
PARTLY_VALUE = 0.5


class Outcome(StrEnum):
    BORNE_OUT = "yes"
    PARTLY = "partly"
    NOT_BORNE_OUT = "no"


class CalibrationError(ValueError):
    """A confidence or outcome that is not allowed."""


@dataclass(frozen=True)
class GutReading:
    """One check-in; `outcome` stays None until the person records what actually happened."""

    statement: str
    confidence: int | None = None
    outcome: Outcome | None = None


@dataclass(frozen=True)
class BandSummary:
    label: str
    low: int
    high: int
    count: int
    borne_out: int
    partly: int
    mean_confidence: float

    @property
    def borne_out_rate(self) -> float:
        return self.borne_out / self.count


@dataclass(frozen=True)
class Calibration:
    resolved_count: int
    borne_out_count: int
    partly_count: int
    not_borne_out_count: int
    enough: bool
    borne_out_rate: float | None
    interval: tuple[float, float] | None
    brier_score: float | None
    by_confidence_band: list[BandSummary] = field(default_factory=list)
    summary: str = ""


_BANDS: tuple[tuple[int, int], ...] = ((50, 59), (60, 69), (70, 79), (80, 89), (90, 100))


def validate_confidence(confidence: object) -> int:
    if isinstance(confidence, bool) or not isinstance(confidence, int):
        raise CalibrationError(f"Confidence must be a whole percentage, got {confidence!r}.")
    if not MIN_CONFIDENCE <= confidence <= MAX_CONFIDENCE:
        raise CalibrationError(
            f"Confidence must be from {MIN_CONFIDENCE}% to {MAX_CONFIDENCE}%, got {confidence}%."
        )
    return confidence


def parse_outcome(value: object) -> Outcome:
    if isinstance(value, Outcome):
        return value
    message = f"What happened must be one of 'yes', 'partly' or 'no', got {value!r}."
    if not isinstance(value, str):
        raise CalibrationError(message)
    try:
        return Outcome(value)
    except ValueError:
        raise CalibrationError(message) from None


def calibration(records: Iterable[GutReading]) -> Calibration:
    """Counts, borne-out rate with an 80% interval, Brier score, bands and a plain summary."""
    resolved: list[GutReading] = []
    for record in records:
        if record.confidence is not None:
            validate_confidence(record.confidence)
        if record.outcome is not None:
            resolved.append(
                GutReading(record.statement, record.confidence, parse_outcome(record.outcome))
            )
    n = len(resolved)
    yes = sum(1 for r in resolved if r.outcome is Outcome.BORNE_OUT)
    partly = sum(1 for r in resolved if r.outcome is Outcome.PARTLY)
    no = n - yes - partly
    enough = n >= MIN_RESOLVED_FOR_SUMMARY
    rate = yes / n if enough else None
    interval = jeffreys_interval(yes, n, INTERVAL_LEVEL) if enough else None

    with_confidence = [r for r in resolved if r.confidence is not None]
    brier = None
    if with_confidence:
        brier = sum(
            ((r.confidence or 0) / 100 - _outcome_value(r.outcome)) ** 2 for r in with_confidence
        ) / len(with_confidence)

    bands: list[BandSummary] = []
    for low, high in _BANDS:
        members = [r for r in with_confidence if low <= (r.confidence or 0) <= high]
        if members:
            bands.append(
                BandSummary(
                    label=f"{low}-{high}%",
                    low=low,
                    high=high,
                    count=len(members),
                    borne_out=sum(1 for r in members if r.outcome is Outcome.BORNE_OUT),
                    partly=sum(1 for r in members if r.outcome is Outcome.PARTLY),
                    mean_confidence=sum(r.confidence or 0 for r in members) / len(members),
                )
            )

    return Calibration(
        resolved_count=n,
        borne_out_count=yes,
        partly_count=partly,
        not_borne_out_count=no,
        enough=enough,
        borne_out_rate=rate,
        interval=interval,
        brier_score=brier,
        by_confidence_band=bands,
        summary=_summary(n, yes, partly, interval),
    )


def _outcome_value(outcome: Outcome | None) -> float:
    if outcome is Outcome.BORNE_OUT:
        return 1.0
    if outcome is Outcome.PARTLY:
        return PARTLY_VALUE
    return 0.0


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _summary(n: int, yes: int, partly: int, interval: tuple[float, float] | None) -> str:
    if n == 0:
        return (
            "You have not checked any gut feelings against what happened yet. When you do, "
            "Mend will show how often they were borne out."
        )
    if interval is None:
        return (
            f"You have checked {n} gut {_plural(n, 'feeling', 'feelings')} so far. "
            f"That is not enough yet to say much: after {MIN_RESOLVED_FOR_SUMMARY}, Mend will "
            "show how often they were borne out."
        )
    low, high = interval
    text = (
        f"Of {n} gut feelings you later checked, {yes} {_plural(yes, 'was', 'were')} borne out "
        f"({_percent(yes / n)}, likely between {_percent(low)} and {_percent(high)})."
    )
    if partly:
        text += f" {partly} more {_plural(partly, 'was', 'were')} partly borne out."
    return text


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def jeffreys_interval(
    successes: int, trials: int, level: float = INTERVAL_LEVEL
) -> tuple[float, float]:
    """Equal-tailed interval from the Beta(k + 1/2, n - k + 1/2) posterior (Jeffreys prior).

    Brown, Cai & DasGupta (2001), Statistical Science 16(2), 101-133: the Jeffreys interval has
    good coverage for small n. By convention the bound is 0 (or 1) when k = 0 (or k = n).
    """
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError("need 0 <= successes <= trials and trials > 0")
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    tail = (1 - level) / 2
    a = successes + 0.5
    b = trials - successes + 0.5
    low = 0.0 if successes == 0 else beta_quantile(tail, a, b)
    high = 1.0 if successes == trials else beta_quantile(1 - tail, a, b)
    return low, high


def beta_quantile(p: float, a: float, b: float) -> float:
    """x with I_x(a, b) = p, by bisection on the regularized incomplete beta function."""
    if not 0 <= p <= 1:
        raise ValueError("p must be between 0 and 1")
    low, high = 0.0, 1.0
    for _ in range(100):
        mid = (low + high) / 2
        if regularized_incomplete_beta(mid, a, b) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def regularized_incomplete_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the Beta(a, b) CDF, via Lentz's continued fraction (Numerical Recipes 6.4)."""
    if a <= 0 or b <= 0:
        raise ValueError("a and b must be positive")
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    # The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
    if x < (a + 1) / (a + b + 2):
        return front * _beta_continued_fraction(x, a, b) / a
    return 1 - front * _beta_continued_fraction(1 - x, b, a) / b


def _beta_continued_fraction(x: float, a: float, b: float) -> float:
    tiny = 1e-300
    c = 1.0
    d = 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
        d = 1 + numerator * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + numerator / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
        d = 1 + numerator * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + numerator / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-14:
            break
    return h
