"""Trust index: a Beta reputation model with forgetting (Jøsang & Ismail 2002).

Evidence about one person, as experienced by another, is a stream of positive and negative items,
each with a weight. Old evidence fades exponentially with a configurable half-life. The index is
the expected value of Beta(r + 1, s + 1); the 80% credible interval comes from its quantiles.

Pure Python on purpose: no Django, no numpy, no scipy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

__all__ = [
    "DEFAULT_PARAMS",
    "Evidence",
    "OccurrenceOutcome",
    "TrajectoryPoint",
    "TrustEstimate",
    "TrustParams",
    "TrustState",
    "beta_quantile",
    "disclosure_evidence",
    "moment_evidence",
    "occurrence_evidence",
    "regularized_incomplete_beta",
    "trajectory",
]

_SECONDS_PER_DAY = 86_400.0

# The prior is Beta(1, 1): uniform, "no idea yet". Jøsang & Ismail (2002) use this prior, which
# gives the expected value (r + 1) / (r + s + 2) and the subjective-logic uncertainty
# u = 2 / (r + s + 2) (DESIGN.md, research references).
PRIOR_WEIGHT = 2.0

# An 80% credible interval: wide enough to be honest, narrow enough to move visibly as evidence
# accumulates. Quantiles of the posterior Beta at 0.10 and 0.90.
LOW_QUANTILE = 0.10
HIGH_QUANTILE = 0.90


@dataclass(frozen=True, slots=True)
class TrustParams:
    """Evidence weights and the forgetting half-life. One instance per deployment is typical."""

    # A month: long enough that one bad day does not erase weeks of reliability, short enough
    # that a run of new, consistent behaviour visibly outweighs the breach within a season.
    # Trust repair is non-linear and recent behaviour matters most (Schweitzer, Hershey & Bradlow
    # 2006: consistent trustworthy actions restore trust after untrustworthy ones).
    half_life_days: float = 30.0

    # The unit of evidence: the person who received the moment confirmed it happened.
    confirmed_positive_moment: float = 1.0
    # A self-report nobody has confirmed yet is weaker evidence: the article's CBT framing asks
    # for *verifiable* behaviour, and self-reports of one's own good deeds are the least
    # verifiable. 0.4 keeps it visible without letting it outweigh what the other person saw.
    self_reported_positive_moment: float = 0.4
    # The receiver's own experience of a withdrawal is full-weight evidence.
    confirmed_negative_moment: float = 1.0
    # Owning a slip is a statement against one's own interest: it needs no confirmation to be
    # credible, and discounting it would reward hiding.
    self_reported_negative_moment: float = 1.0

    # A commitment occurrence the other person confirmed as kept: the same unit as a confirmed
    # moment, because it is exactly the "follow-through on commitments" the article asks for.
    kept_commitment_confirmed: float = 1.0
    # Reported kept, not (yet) confirmed: as weak as any other self-report.
    kept_commitment_reported: float = 0.4
    # Reported kept but disputed by the other person: an open disagreement, not evidence either
    # way. It is shown as a dispute in the ledger, and counts for nothing here.
    kept_commitment_disputed: float = 0.0
    # A broken commitment weighs twice a kept one: trust harmed by a violated promise is slower
    # to recover than it is to lose (Schweitzer, Hershey & Bradlow 2006).
    missed_commitment: float = 2.0

    # A proactive disclosure the other person acknowledged: real but softer evidence than a kept
    # commitment, since it shows openness rather than reliability (the article's "proactive
    # transparency and vulnerability").
    disclosure_acknowledged: float = 0.5
    # Not yet acknowledged: the other person has not seen it, so it has not been experienced.
    disclosure_unacknowledged: float = 0.0

    def __post_init__(self) -> None:
        if not self.half_life_days > 0:
            raise ValueError("half_life_days must be positive (math.inf disables forgetting)")
        for name in _WEIGHT_FIELDS:
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite, non-negative weight")

    def decay(self, age: timedelta) -> float:
        """The factor by which evidence of this age counts: 2^(-age / half-life)."""
        seconds = age.total_seconds()
        if seconds <= 0:
            return 1.0
        return math.exp2(-seconds / (self.half_life_days * _SECONDS_PER_DAY))


_WEIGHT_FIELDS = (
    "confirmed_positive_moment",
    "self_reported_positive_moment",
    "confirmed_negative_moment",
    "self_reported_negative_moment",
    "kept_commitment_confirmed",
    "kept_commitment_reported",
    "kept_commitment_disputed",
    "missed_commitment",
    "disclosure_acknowledged",
    "disclosure_unacknowledged",
)

DEFAULT_PARAMS = TrustParams()


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One item of evidence about the trustee, as the truster experienced it."""

    at: datetime
    positive: bool
    weight: float = 1.0

    def __post_init__(self) -> None:
        _require_aware(self.at, "Evidence.at")
        if not (math.isfinite(self.weight) and self.weight >= 0):
            raise ValueError("Evidence.weight must be a finite, non-negative number")


class OccurrenceOutcome(StrEnum):
    """Where one occurrence of a commitment ended up, as far as the trust model cares."""

    KEPT_CONFIRMED = "kept_confirmed"
    KEPT_REPORTED = "kept_reported"
    KEPT_DISPUTED = "kept_disputed"
    MISSED = "missed"


def moment_evidence(
    at: datetime, sign: int, *, confirmed: bool, params: TrustParams = DEFAULT_PARAMS
) -> Evidence:
    """Evidence for a micro-moment of the given sign (+1 or -1)."""
    if sign == 1:
        weight = (
            params.confirmed_positive_moment if confirmed else params.self_reported_positive_moment
        )
        return Evidence(at, True, weight)
    if sign == -1:
        weight = (
            params.confirmed_negative_moment if confirmed else params.self_reported_negative_moment
        )
        return Evidence(at, False, weight)
    raise ValueError("sign must be +1 or -1")


def occurrence_evidence(
    at: datetime, outcome: OccurrenceOutcome | str, params: TrustParams = DEFAULT_PARAMS
) -> Evidence:
    """Evidence for one commitment occurrence (weight 0 for a disputed one)."""
    outcome = OccurrenceOutcome(outcome)
    if outcome is OccurrenceOutcome.KEPT_CONFIRMED:
        return Evidence(at, True, params.kept_commitment_confirmed)
    if outcome is OccurrenceOutcome.KEPT_REPORTED:
        return Evidence(at, True, params.kept_commitment_reported)
    if outcome is OccurrenceOutcome.KEPT_DISPUTED:
        return Evidence(at, True, params.kept_commitment_disputed)
    return Evidence(at, False, params.missed_commitment)


def disclosure_evidence(
    at: datetime, *, acknowledged: bool, params: TrustParams = DEFAULT_PARAMS
) -> Evidence:
    """Evidence for a transparency disclosure (counts only once acknowledged, by default)."""
    weight = params.disclosure_acknowledged if acknowledged else params.disclosure_unacknowledged
    return Evidence(at, True, weight)


@dataclass(frozen=True, slots=True)
class TrustEstimate:
    """What the evidence says at one moment. All values are in [0, 1] except the weights."""

    index: float  # expected value (r + 1) / (r + s + 2)
    low: float  # 10% quantile of Beta(r + 1, s + 1)
    high: float  # 90% quantile
    evidence: float  # effective weight of evidence r + s, after forgetting
    belief: float  # subjective logic: r / (r + s + 2)
    disbelief: float  # s / (r + s + 2)
    uncertainty: float  # 2 / (r + s + 2)
    positive: float  # r
    negative: float  # s

    def to_dict(self) -> dict[str, float]:
        return {
            "index": self.index,
            "low": self.low,
            "high": self.high,
            "evidence": self.evidence,
            "belief": self.belief,
            "disbelief": self.disbelief,
            "uncertainty": self.uncertainty,
            "positive": self.positive,
            "negative": self.negative,
        }


def _estimate(r: float, s: float) -> TrustEstimate:
    total = r + s + PRIOR_WEIGHT
    a, b = r + 1.0, s + 1.0
    index = a / total
    low = beta_quantile(LOW_QUANTILE, a, b)
    high = beta_quantile(HIGH_QUANTILE, a, b)
    # Guard the documented invariant low <= index <= high against last-bit rounding.
    low = min(low, index)
    high = max(high, index)
    return TrustEstimate(
        index=index,
        low=low,
        high=high,
        evidence=r + s,
        belief=r / total,
        disbelief=s / total,
        uncertainty=PRIOR_WEIGHT / total,
        positive=r,
        negative=s,
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class TrustState:
    """Decayed evidence totals as of a moment: r positive, s negative.

    Small and serialisable, so an app can keep one per (truster, trustee) pair and update it as
    evidence arrives instead of recomputing from all history on every request. Adding the same
    items in any order gives the same state, up to float rounding.
    """

    r: float = 0.0
    s: float = 0.0
    as_of: datetime = _EPOCH

    def __post_init__(self) -> None:
        _require_aware(self.as_of, "TrustState.as_of")
        # Normalised to UTC so equality and storage never depend on the zone an item came in
        # with (PEP 495 makes times in a DST gap or fold unequal to every other zone).
        if self.as_of.tzinfo is not UTC:
            object.__setattr__(self, "as_of", self.as_of.astimezone(UTC))
        if not (math.isfinite(self.r) and math.isfinite(self.s) and self.r >= 0 and self.s >= 0):
            raise ValueError("TrustState totals must be finite and non-negative")

    @classmethod
    def empty(cls, as_of: datetime = _EPOCH) -> TrustState:
        return cls(0.0, 0.0, as_of)

    @classmethod
    def from_items(
        cls,
        items: Iterable[Evidence],
        params: TrustParams = DEFAULT_PARAMS,
        as_of: datetime | None = None,
    ) -> TrustState:
        """Build a state from scratch; as_of defaults to the newest item's time."""
        state = cls.empty() if as_of is None else cls.empty(as_of)
        for item in items:
            state = state.add(item, params)
        return state

    def add(self, item: Evidence, params: TrustParams = DEFAULT_PARAMS) -> TrustState:
        """Return the state with one more item of evidence."""
        return self._shift(item, item.weight, params)

    def add_many(
        self, items: Iterable[Evidence], params: TrustParams = DEFAULT_PARAMS
    ) -> TrustState:
        state = self
        for item in items:
            state = state.add(item, params)
        return state

    def remove(self, item: Evidence, params: TrustParams = DEFAULT_PARAMS) -> TrustState:
        """Take back an item added earlier (e.g. a self-report later disputed, or an entry made
        private). Because the model is linear, removing then adding a corrected item equals
        having added the corrected item in the first place. Totals are clamped at zero to absorb
        float rounding."""
        return self._shift(item, -item.weight, params)

    def _shift(self, item: Evidence, weight: float, params: TrustParams) -> TrustState:
        if item.at <= self.as_of:
            contribution = weight * params.decay(self.as_of - item.at)
            r, s, as_of = self.r, self.s, self.as_of
        else:
            factor = params.decay(item.at - self.as_of)
            contribution = weight
            r, s, as_of = self.r * factor, self.s * factor, item.at
        if item.positive:
            r = max(0.0, r + contribution)
        else:
            s = max(0.0, s + contribution)
        return TrustState(r, s, as_of)

    def at(self, now: datetime, params: TrustParams = DEFAULT_PARAMS) -> TrustState:
        """The state decayed forward to `now`. A `now` before as_of is treated as as_of: the
        state cannot un-learn evidence it already holds (e.g. an item logged a minute ahead)."""
        _require_aware(now, "now")
        if now <= self.as_of:
            return self
        factor = params.decay(now - self.as_of)
        return TrustState(self.r * factor, self.s * factor, now)

    def estimate(self, now: datetime, params: TrustParams = DEFAULT_PARAMS) -> TrustEstimate:
        state = self.at(now, params)
        return _estimate(state.r, state.s)

    def to_dict(self) -> dict[str, Any]:
        return {"r": self.r, "s": self.s, "as_of": self.as_of.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrustState:
        as_of = datetime.fromisoformat(str(data["as_of"]))
        return cls(float(data["r"]), float(data["s"]), as_of)


@dataclass(frozen=True, slots=True)
class TrajectoryPoint:
    at: datetime
    index: float
    low: float
    high: float
    evidence: float


def trajectory(
    items: Sequence[Evidence],
    start: datetime,
    end: datetime,
    step: timedelta = timedelta(days=7),
    params: TrustParams = DEFAULT_PARAMS,
    initial: TrustState | None = None,
) -> list[TrajectoryPoint]:
    """The estimate at start, start + step, ... up to end, in O(n + points).

    Items before `start` still count (decayed). Pass `initial` to continue from a stored state;
    then pass only items newer than its as_of.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    if step <= timedelta(0):
        raise ValueError("step must be positive")
    if end < start:
        return []
    ordered: Sequence[Evidence] = items
    if any(items[i].at > items[i + 1].at for i in range(len(items) - 1)):
        ordered = sorted(items, key=lambda item: item.at)
    state = initial if initial is not None else TrustState.empty(start)
    points: list[TrajectoryPoint] = []
    i, n = 0, len(ordered)
    when = start
    while when <= end:
        while i < n and ordered[i].at <= when:
            state = state.add(ordered[i], params)
            i += 1
        est = state.estimate(when, params)
        points.append(TrajectoryPoint(when, est.index, est.low, est.high, est.evidence))
        when += step
    return points


# --- The Beta distribution, in pure Python -------------------------------------------------------

_CF_MAX_ITERATIONS = 10_000
_CF_EPSILON = 1e-15
_TINY = 1e-300


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta, by the modified Lentz method
    (Numerical Recipes, 3rd ed., section 6.4)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < _TINY:
        d = _TINY
    d = 1.0 / d
    h = d
    for m in range(1, _CF_MAX_ITERATIONS + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        if abs(d) < _TINY:
            d = _TINY
        c = 1.0 + aa / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        if abs(d) < _TINY:
            d = _TINY
        c = 1.0 + aa / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _CF_EPSILON:
            return h
    raise ArithmeticError(f"incomplete beta did not converge for a={a}, b={b}, x={x}")


def _check_shape(a: float, b: float) -> None:
    if not (a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b)):
        raise ValueError("Beta shape parameters must be finite and positive")


def regularized_incomplete_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b): the cumulative distribution function of Beta(a, b) at x."""
    _check_shape(a, b)
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b)
    # The continued fraction converges fast only on this side of the mean; use the symmetry
    # I_x(a, b) = 1 - I_{1-x}(b, a) on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b


def _normal_guess(p: float, a: float, b: float) -> float:
    """A starting point for Newton: the normal approximation to Beta(a, b), with the normal
    quantile from Abramowitz & Stegun 26.2.23 (error < 4.5e-4, plenty for a first guess)."""
    q = p if p < 0.5 else 1.0 - p
    t = math.sqrt(-2.0 * math.log(q))
    z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (
        1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t
    )
    if p < 0.5:
        z = -z
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1.0)))
    return mean + z * sd


def beta_quantile(p: float, a: float, b: float) -> float:
    """The p-quantile of Beta(a, b): Newton's method on I_x(a, b) = p, kept inside a shrinking
    bisection bracket so it cannot diverge."""
    _check_shape(a, b)
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if p == 0.0:
        return 0.0
    if p == 1.0:
        return 1.0
    log_b = _log_beta(a, b)
    lo, hi = 0.0, 1.0
    x = min(max(_normal_guess(p, a, b), 1e-9), 1.0 - 1e-9)
    for _ in range(300):
        f = regularized_incomplete_beta(x, a, b) - p
        if f == 0.0:
            return x
        if f < 0.0:
            lo = x
        else:
            hi = x
        log_pdf = (a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - log_b
        candidate = math.nan
        if log_pdf < 700.0:
            pdf = math.exp(log_pdf)
            if pdf > 0.0:
                candidate = x - f / pdf
        if not lo < candidate < hi:  # also rejects nan
            candidate = 0.5 * (lo + hi)
        # Relative tolerances: quantiles of very skewed shapes can be tiny.
        if abs(candidate - x) <= 1e-15 * candidate or hi - lo <= 1e-15 * hi:
            return candidate
        x = candidate
    return x
