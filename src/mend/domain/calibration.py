"""Intuition check-ins: stated confidence against what actually happened.

A reading is a short statement, optionally with a confidence from 50 to 100%, later resolved as
borne out (yes), partly, or not (no). Calibration compares, band by band, the confidence a person
stated with how often such readings were borne out, and gives the Brier score beside the 0.25
that saying "50%" every time would score. The summary reports evidence, never a verdict.

"Partly" is counted one way everywhere: it is shown, and left out of every scored figure (the
rate, its interval, the bands' observed rates and the Brier score). Mend's own choice, because a
half-true reading cannot be scored against a stated confidence without inventing how true it
was; counting it as a miss in one figure and as half in another gave two answers to one
question.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

MIN_CONFIDENCE = 50
MAX_CONFIDENCE = 100
# Below this many scored readings (yes or no) a rate says more about chance than about judgement.
# Mend's own choice; the Jeffreys interval below shows how wide the uncertainty still is.
MIN_RESOLVED_FOR_SUMMARY = 5
INTERVAL_LEVEL = 0.80
# The Brier score of saying "50%" every time, on readings resolved yes or no: (0.5 - 1)^2 and
# (0.5 - 0)^2 are both 0.25. A record above it has stated confidence further from what happened
# than a coin-flip guess would have been (Brier 1950, Monthly Weather Review 78(1)).
BRIER_ALWAYS_HALF = 0.25


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
    """Stated against observed for one confidence band; `count` is the scored (yes/no) readings,
    `partly` the ones shown apart."""

    label: str
    low: int
    high: int
    count: int
    borne_out: int
    partly: int
    mean_confidence: float  # over the scored readings (or the partly ones, if none is scored)

    @property
    def stated(self) -> float:
        """The confidence stated, on average, as a share (0.5-1)."""
        return self.mean_confidence / 100

    @property
    def observed(self) -> float | None:
        """How often the scored readings were borne out; None with none scored."""
        return self.borne_out / self.count if self.count else None

    @property
    def borne_out_rate(self) -> float | None:
        return self.observed

    def describe(self) -> str:
        said = f"When you said {self.low}-{self.high}% sure"
        if not self.count:
            return f"{said}, {self.partly} {_plural(self.partly, 'was', 'were')} partly borne out."
        text = (
            f"{said} ({_percent(self.stated)} on average), {self.borne_out} of {self.count} "
            f"{_plural(self.count, 'was', 'were')} borne out ({_percent(self.observed or 0.0)})."
        )
        if self.count < MIN_RESOLVED_FOR_SUMMARY:
            text += " Too few yet to read much into."
        return text


@dataclass(frozen=True)
class Calibration:
    resolved_count: int  # yes, partly and no
    borne_out_count: int
    partly_count: int
    not_borne_out_count: int
    enough: bool  # at least MIN_RESOLVED_FOR_SUMMARY scored (yes or no) readings
    borne_out_rate: float | None  # yes / (yes + no), once enough
    interval: tuple[float, float] | None
    brier_score: float | None  # over scored readings with a confidence, once enough
    by_confidence_band: list[BandSummary] = field(default_factory=list)
    summary: str = ""
    brier_count: int = 0  # how many readings the Brier score is over
    brier_reference: float = BRIER_ALWAYS_HALF

    @property
    def scored_count(self) -> int:
        return self.borne_out_count + self.not_borne_out_count


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
    """Counts, borne-out rate with an 80% interval, stated-versus-observed bands, the Brier score
    beside 0.25, and a plain summary. "Partly" is shown and never scored."""
    resolved: list[tuple[int | None, Outcome]] = []
    for record in records:
        if record.confidence is not None:
            validate_confidence(record.confidence)
        if record.outcome is not None:
            resolved.append((record.confidence, parse_outcome(record.outcome)))
    n = len(resolved)
    yes = sum(1 for _, o in resolved if o is Outcome.BORNE_OUT)
    partly = sum(1 for _, o in resolved if o is Outcome.PARTLY)
    no = n - yes - partly
    scored = yes + no
    enough = scored >= MIN_RESOLVED_FOR_SUMMARY
    rate = yes / scored if enough else None
    interval = jeffreys_interval(yes, scored, INTERVAL_LEVEL) if enough else None

    with_confidence = [(c, o) for c, o in resolved if c is not None and o is not Outcome.PARTLY]
    brier = None
    if len(with_confidence) >= MIN_RESOLVED_FOR_SUMMARY:
        brier = sum(
            (c / 100 - (1.0 if o is Outcome.BORNE_OUT else 0.0)) ** 2 for c, o in with_confidence
        ) / len(with_confidence)

    bands: list[BandSummary] = []
    for low, high in _BANDS:
        members = [(c, o) for c, o in resolved if c is not None and low <= c <= high]
        if not members:
            continue
        scored_members = [(c, o) for c, o in members if o is not Outcome.PARTLY]
        basis = scored_members or members
        bands.append(
            BandSummary(
                label=f"{low}-{high}%",
                low=low,
                high=high,
                count=len(scored_members),
                borne_out=sum(1 for _, o in scored_members if o is Outcome.BORNE_OUT),
                partly=len(members) - len(scored_members),
                mean_confidence=sum(c for c, _ in basis) / len(basis),
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
        summary=_summary(n, yes, no, partly, interval, brier),
        brier_count=len(with_confidence) if brier is not None else 0,
    )


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _summary(
    n: int,
    yes: int,
    no: int,
    partly: int,
    interval: tuple[float, float] | None,
    brier: float | None,
) -> str:
    if n == 0:
        return (
            "You have not checked any gut feelings against what happened yet. When you do, "
            "Mend will show how often they were borne out."
        )
    scored = yes + no
    partly_note = (
        f" {partly} {_plural(partly, 'was', 'were')} partly borne out; those are shown but not "
        "scored."
        if partly
        else ""
    )
    if interval is None:
        return (
            f"You have checked {n} gut {_plural(n, 'feeling', 'feelings')} so far. "
            f"That is not enough yet to say much: once {MIN_RESOLVED_FOR_SUMMARY} have turned "
            f"out clearly one way or the other, Mend will show how often they were borne out."
            f"{partly_note}"
        )
    low, high = interval
    text = (
        f"Of {scored} gut feelings you later checked that turned out one way or the other, {yes} "
        f"{_plural(yes, 'was', 'were')} borne out ({_percent(yes / scored)}, likely between "
        f"{_percent(low)} and {_percent(high)}).{partly_note}"
    )
    if brier is not None:
        if brier < BRIER_ALWAYS_HALF:
            compare = "closer to what happened than saying 50% every time would have been"
        elif brier > BRIER_ALWAYS_HALF:
            compare = "further from what happened than saying 50% every time would have been"
        else:
            compare = "as close to what happened as saying 50% every time would have been"
        text += (
            f" The confidence you stated scores {brier:.2f} on the Brier scale (0 is a perfect "
            f"match, and saying 50% every time scores {BRIER_ALWAYS_HALF:.2f}): {compare}."
        )
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
