"""Trust index: a Beta reputation model with forgetting (Jøsang & Ismail 2002).

Evidence about one person, as experienced by another, is a stream of positive and negative items,
each with a weight. Only confirmed evidence has weight: a report nobody else has confirmed is a
claim, counted apart (``Claims``) and never in the index. Old evidence fades exponentially, and
negative evidence fades six times more slowly than positive; part of a deception never fades.
The index is the expected value of Beta(r + 1, s + 1); the 80% credible interval comes from its
quantiles. Below ``MIN_EVIDENCE`` the estimate says so (``enough_evidence``) and the wording
helpers show no number to compare felt trust with.

Pure Python on purpose: no Django, no numpy, no scipy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

__all__ = [
    "DEFAULT_PARAMS",
    "HIGH_QUANTILE",
    "LOW_QUANTILE",
    "MIN_EVIDENCE",
    "PRIOR_WEIGHT",
    "BreachKind",
    "Claims",
    "Evidence",
    "EvidenceKind",
    "OccurrenceOutcome",
    "TrajectoryPoint",
    "TrustEstimate",
    "TrustParams",
    "TrustState",
    "beta_quantile",
    "breach_evidence",
    "describe_estimate",
    "disclosure_evidence",
    "evidence_of",
    "felt_vs_evidence",
    "moment_evidence",
    "occurrence_evidence",
    "regularized_incomplete_beta",
    "tally_claims",
    "trajectory",
]

_SECONDS_PER_DAY = 86_400.0

# The prior is Beta(1, 1): uniform, "no idea yet". Jøsang & Ismail (2002) use this prior, which
# gives the expected value (r + 1) / (r + s + 2) and the subjective-logic uncertainty
# u = 2 / (r + s + 2) (DESIGN.md, research references).
PRIOR_WEIGHT = 2.0

# An 80% credible interval: Mend's own choice, because it is wide enough to be honest and narrow
# enough to move visibly as evidence accumulates. Quantiles of the posterior Beta at 0.10 and 0.90.
LOW_QUANTILE = 0.10
HIGH_QUANTILE = 0.90

# "Not enough evidence yet" below this much evidence (r + s after fading, in units of one
# confirmed moment). Mend's own choice, because below 5 the prior's weight of 2 is more than 2/7
# of the posterior, and the 80% interval spans at least 30 points even when every item agrees
# (47 points for an even mix): the number would mostly repeat the prior, so Mend shows none.
MIN_EVIDENCE = 5.0


class BreachKind(StrEnum):
    """What a breach was, as far as the trust model cares.

    Schweitzer, Hershey & Bradlow (2006) found that trust harmed by deception did not fully
    recover, even after consistent trustworthy behaviour and an apology, while trust harmed by
    untrustworthy actions alone could be restored. Mend keeps that distinction and nothing finer.
    """

    DECEPTION = "deception"  # lying, hiding, a betrayal of honesty
    OTHER = "other"  # a hurtful act without deception


class _ClaimWeight:
    """The weight of a claim: zero, read-only and not a constructor argument (see TrustParams)."""

    def __get__(self, instance: object, owner: type | None = None) -> float:
        return 0.0

    def __set__(self, instance: object, value: object) -> None:
        raise AttributeError("A claim's weight is zero by design and cannot be changed.")


@dataclass(frozen=True, slots=True)
class TrustParams:
    """Evidence weights and forgetting. One instance per deployment is typical.

    Unconfirmed self-reports have no field: they weigh nothing, whatever the deployment (the
    read-only properties below keep the names callers map evidence kinds to).
    """

    # Positive evidence halves in weight every 30 days. Mend's own choice, because a month is long
    # enough that one bad day does not erase weeks of reliability and short enough that what
    # someone does now matters more than what they did last season. Jøsang & Ismail (2002)
    # introduce forgetting of old evidence but prescribe no rate.
    positive_half_life_days: float = 30.0
    # Negative evidence halves every 180 days: six times more slowly than positive. Mend's own
    # choice, because the article (and Schweitzer, Hershey & Bradlow 2006, qualitatively) says
    # trust is rebuilt only by consistent positive behaviour over time, not by time alone; with
    # equal rates, silence after a run of withdrawals drifted back towards "even" within months.
    negative_half_life_days: float = 180.0

    # The unit of evidence: the person who received the moment confirmed it happened (or logged
    # it themselves, which is the same thing).
    confirmed_positive_moment: float = 1.0
    # A withdrawal the receiver experienced counts the same as a kindness: one moment, one unit.
    confirmed_negative_moment: float = 1.0

    # A commitment occurrence the other person confirmed as kept: the same unit as a confirmed
    # moment, because it is exactly the "follow-through on commitments" the article asks for.
    kept_commitment_confirmed: float = 1.0
    # A missed occurrence weighs two moments. Mend's own choice, because a promise made
    # explicitly, with a date and a way to check it, and then broken says more than a small slip.
    # (Schweitzer et al. 2006 support the direction, that broken promises harm trust, not a number.)
    missed_commitment: float = 2.0

    # A proactive disclosure the other person acknowledged. Mend's own choice, because it shows
    # openness rather than reliability (the article's "proactive transparency"): real but softer
    # evidence, half a unit.
    disclosure_acknowledged: float = 0.5

    # A breach without deception, recorded or acknowledged by the person it hurt. Mend's own
    # choice, because a breach is the kind of event a space exists to repair, not a small slip:
    # ten units take the index from 0.97 after two months of daily confirmed kindness to about
    # 0.75, and, fading slowly, still weigh 5 after six months.
    breach: float = 10.0
    # A breach involving deception: thirty units, of which ten never fade. Mend's own choice,
    # because Schweitzer, Hershey & Bradlow (2006) found that trust harmed by deception did not
    # fully recover even after consistent trustworthy behaviour (they give no weight; the numbers
    # are Mend's). Thirty units after two months of daily kindness bring the index to about 0.5;
    # the lasting ten cap what one confirmed good moment a day can rebuild at about 0.8.
    deception_breach: float = 30.0
    deception_lasting: float = 10.0

    def __post_init__(self) -> None:
        for name in ("positive_half_life_days", "negative_half_life_days"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive (math.inf disables forgetting)")
        if self.negative_half_life_days < self.positive_half_life_days:
            raise ValueError("negative evidence must not fade faster than positive evidence")
        for name in _WEIGHT_FIELDS:
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite, non-negative weight")
        if self.deception_lasting > self.deception_breach:
            raise ValueError("deception_lasting is a part of deception_breach, not more than it")

    # --- claims: zero weight, by design ----------------------------------------------------------
    # A report that the other person has not confirmed is a claim, not evidence (issue 12): the
    # person being trusted must not be able to raise their own index. Read-only, so that no
    # deployment can give them weight again.

    self_reported_positive_moment = _ClaimWeight()
    # Zero too, for one rule a counsellor can check: only what the other person confirmed
    # counts. An owned slip is shown as a claim, and counts in full once confirmed.
    self_reported_negative_moment = _ClaimWeight()
    kept_commitment_reported = _ClaimWeight()
    # Reported kept, disputed by the other person: an open disagreement, evidence neither way.
    kept_commitment_disputed = _ClaimWeight()
    # Not yet acknowledged: the other person has not seen it, so it has not been experienced.
    disclosure_unacknowledged = _ClaimWeight()

    def decay_positive(self, age: timedelta) -> float:
        """The factor by which positive evidence of this age counts: 2^(-age / half-life)."""
        return _decay(age, self.positive_half_life_days)

    def decay_negative(self, age: timedelta) -> float:
        """The factor by which the fading part of negative evidence of this age counts."""
        return _decay(age, self.negative_half_life_days)


def _decay(age: timedelta, half_life_days: float) -> float:
    seconds = age.total_seconds()
    if seconds <= 0:
        return 1.0
    return math.exp2(-seconds / (half_life_days * _SECONDS_PER_DAY))


_WEIGHT_FIELDS = (
    "confirmed_positive_moment",
    "confirmed_negative_moment",
    "kept_commitment_confirmed",
    "missed_commitment",
    "disclosure_acknowledged",
    "breach",
    "deception_breach",
    "deception_lasting",
)

DEFAULT_PARAMS = TrustParams()


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One item of evidence about the trustee, as the truster experienced it.

    ``lasting`` is the part of a negative item's weight that never fades (a deception's floor).
    ``claim`` marks a report the truster has not confirmed: it carries no weight and is counted
    apart by ``tally_claims``.
    """

    at: datetime
    positive: bool
    weight: float = 1.0
    lasting: float = 0.0
    claim: bool = False

    def __post_init__(self) -> None:
        _require_aware(self.at, "Evidence.at")
        if not (math.isfinite(self.weight) and self.weight >= 0):
            raise ValueError("Evidence.weight must be a finite, non-negative number")
        if not (math.isfinite(self.lasting) and 0 <= self.lasting <= self.weight):
            raise ValueError("Evidence.lasting must be between 0 and the weight")
        if self.lasting and self.positive:
            raise ValueError("Only negative evidence can leave a lasting part")
        if self.claim and self.weight:
            raise ValueError("A claim (unconfirmed report) carries no weight")


class EvidenceKind(StrEnum):
    """Every kind of evidence an app can feed, by the names ``mend.ledger.evidence`` uses."""

    MOMENT_CONFIRMED = "moment_confirmed"
    MOMENT_SELF_REPORTED = "moment_self_reported"
    COMMITMENT_KEPT_CONFIRMED = "commitment_kept_confirmed"
    COMMITMENT_KEPT_SELF_REPORTED = "commitment_kept_self_reported"
    COMMITMENT_MISSED = "commitment_missed"
    COMMITMENT_DISPUTED = "commitment_disputed"
    DISCLOSURE_ACKNOWLEDGED = "disclosure_acknowledged"
    BREACH = "breach"
    BREACH_DECEPTION = "breach_deception"
    # Recorded by the person responsible, not yet acknowledged by the person it hurt: a claim.
    BREACH_REPORTED = "breach_reported"


class OccurrenceOutcome(StrEnum):
    """Where one occurrence of a commitment ended up, as far as the trust model cares."""

    KEPT_CONFIRMED = "kept_confirmed"
    KEPT_REPORTED = "kept_reported"
    KEPT_DISPUTED = "kept_disputed"
    MISSED = "missed"


def moment_evidence(
    at: datetime, sign: int, *, confirmed: bool, params: TrustParams = DEFAULT_PARAMS
) -> Evidence:
    """Evidence for a micro-moment of the given sign (+1 or -1); unconfirmed, a claim."""
    if sign not in (1, -1):
        raise ValueError("sign must be +1 or -1")
    positive = sign == 1
    if not confirmed:
        return Evidence(at, positive, 0.0, claim=True)
    weight = params.confirmed_positive_moment if positive else params.confirmed_negative_moment
    return Evidence(at, positive, weight)


def occurrence_evidence(
    at: datetime, outcome: OccurrenceOutcome | str, params: TrustParams = DEFAULT_PARAMS
) -> Evidence:
    """Evidence for one commitment occurrence: a reported keep is a claim, a disputed one is
    evidence neither way (weight 0, not a claim: it is shown as a dispute)."""
    outcome = OccurrenceOutcome(outcome)
    if outcome is OccurrenceOutcome.KEPT_CONFIRMED:
        return Evidence(at, True, params.kept_commitment_confirmed)
    if outcome is OccurrenceOutcome.KEPT_REPORTED:
        return Evidence(at, True, 0.0, claim=True)
    if outcome is OccurrenceOutcome.KEPT_DISPUTED:
        return Evidence(at, True, 0.0)
    return Evidence(at, False, params.missed_commitment)


def disclosure_evidence(
    at: datetime, *, acknowledged: bool, params: TrustParams = DEFAULT_PARAMS
) -> Evidence:
    """Evidence for a transparency disclosure: it counts once the other person acknowledged it."""
    if not acknowledged:
        return Evidence(at, True, 0.0, claim=True)
    return Evidence(at, True, params.disclosure_acknowledged)


def breach_evidence(
    at: datetime,
    kind: BreachKind | str,
    *,
    confirmed: bool,
    params: TrustParams = DEFAULT_PARAMS,
) -> Evidence:
    """Evidence for a breach, about the person responsible, for the person it hurt.

    ``confirmed`` means the hurt person recorded it or acknowledged it; a breach only the
    responsible person has recorded is a claim until then, like any other report.
    """
    kind = BreachKind(kind)
    if not confirmed:
        return Evidence(at, False, 0.0, claim=True)
    if kind is BreachKind.DECEPTION:
        return Evidence(at, False, params.deception_breach, lasting=params.deception_lasting)
    return Evidence(at, False, params.breach)


def evidence_of(
    kind: EvidenceKind | str,
    at: datetime,
    *,
    positive: bool,
    params: TrustParams = DEFAULT_PARAMS,
) -> Evidence:
    """The Evidence for an app's evidence kind: the one place where kinds meet weights.

    ``positive`` is the moment's sign; for the other kinds it must agree with the kind (a
    missed commitment or a breach is negative), so a wiring mistake fails loudly.
    """
    kind = EvidenceKind(kind)
    if kind is EvidenceKind.MOMENT_CONFIRMED:
        return moment_evidence(at, 1 if positive else -1, confirmed=True, params=params)
    if kind is EvidenceKind.MOMENT_SELF_REPORTED:
        return moment_evidence(at, 1 if positive else -1, confirmed=False, params=params)
    expected = kind in _POSITIVE_KINDS
    if kind is not EvidenceKind.COMMITMENT_DISPUTED and positive != expected:
        raise ValueError(f"{kind.value} evidence is {'positive' if expected else 'negative'}")
    if kind is EvidenceKind.COMMITMENT_KEPT_CONFIRMED:
        return occurrence_evidence(at, OccurrenceOutcome.KEPT_CONFIRMED, params)
    if kind is EvidenceKind.COMMITMENT_KEPT_SELF_REPORTED:
        return occurrence_evidence(at, OccurrenceOutcome.KEPT_REPORTED, params)
    if kind is EvidenceKind.COMMITMENT_MISSED:
        return occurrence_evidence(at, OccurrenceOutcome.MISSED, params)
    if kind is EvidenceKind.COMMITMENT_DISPUTED:
        return occurrence_evidence(at, OccurrenceOutcome.KEPT_DISPUTED, params)
    if kind is EvidenceKind.DISCLOSURE_ACKNOWLEDGED:
        return disclosure_evidence(at, acknowledged=True, params=params)
    if kind is EvidenceKind.BREACH:
        return breach_evidence(at, BreachKind.OTHER, confirmed=True, params=params)
    if kind is EvidenceKind.BREACH_REPORTED:
        return breach_evidence(at, BreachKind.OTHER, confirmed=False, params=params)
    return breach_evidence(at, BreachKind.DECEPTION, confirmed=True, params=params)


_POSITIVE_KINDS = frozenset(
    {
        EvidenceKind.COMMITMENT_KEPT_CONFIRMED,
        EvidenceKind.COMMITMENT_KEPT_SELF_REPORTED,
        EvidenceKind.DISCLOSURE_ACKNOWLEDGED,
    }
)


@dataclass(frozen=True, slots=True)
class Claims:
    """Reports about the trustee that the truster has not confirmed: shown apart, never counted."""

    positive: int = 0
    negative: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.negative

    def describe(self) -> str | None:
        """A sentence for the truster's page, or None when nothing is waiting. It names no
        record (DESIGN.md, principle 7)."""
        if not self.total:
            return None
        parts = []
        if self.positive:
            parts.append(_reports(self.positive, "a good moment", "good moments"))
        if self.negative:
            parts.append(_reports(self.negative, "something that went wrong", None))
        verb = "is" if self.total == 1 else "are"
        return (
            f"Not counted yet: {' and '.join(parts)}, from the other person, {verb} waiting for "
            "your confirmation. A report counts as evidence only once you confirm it."
        )


def _reports(n: int, one: str, many: str | None) -> str:
    if n == 1:
        return f"1 report of {one}"
    return f"{n} reports of {many or one}"


def tally_claims(items: Iterable[Evidence]) -> Claims:
    """Count the claims among evidence items, by sign."""
    positive = negative = 0
    for item in items:
        if item.claim:
            if item.positive:
                positive += 1
            else:
                negative += 1
    return Claims(positive, negative)


@dataclass(frozen=True, slots=True)
class TrustEstimate:
    """What the evidence says at one moment. All values are in [0, 1] except the weights.

    Below ``MIN_EVIDENCE`` (``enough_evidence`` False) the index is mostly the prior: show
    "not enough evidence yet", not the number, and compare no felt trust with it.
    """

    index: float  # expected value (r + 1) / (r + s + 2)
    low: float  # 10% quantile of Beta(r + 1, s + 1)
    high: float  # 90% quantile
    evidence: float  # effective weight of evidence r + s, after forgetting
    belief: float  # subjective logic: r / (r + s + 2)
    disbelief: float  # s / (r + s + 2)
    uncertainty: float  # 2 / (r + s + 2)
    positive: float  # r
    negative: float  # s, its lasting part included
    lasting: float = 0.0  # the part of s that never fades (deception)
    enough_evidence: bool = False  # evidence >= MIN_EVIDENCE

    def to_dict(self) -> dict[str, float | bool]:
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
            "lasting": self.lasting,
            "enough_evidence": self.enough_evidence,
            "min_evidence": MIN_EVIDENCE,
        }


def _estimate(r: float, s: float, lasting: float = 0.0) -> TrustEstimate:
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
        lasting=lasting,
        # A hair of tolerance: five moments decayed by a few seconds must not flicker.
        enough_evidence=r + s >= MIN_EVIDENCE - 1e-9,
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class TrustState:
    """Decayed evidence totals as of a moment: r positive, s negative (fading part), and the
    lasting negative part that never fades.

    Small and serialisable, so an app can keep one per (truster, trustee) pair and update it as
    evidence arrives instead of recomputing from all history on every request. Adding the same
    items in any order gives the same state, up to float rounding: each total fades on its own
    schedule, and the model stays linear.
    """

    r: float = 0.0
    s: float = 0.0
    as_of: datetime = _EPOCH
    lasting: float = 0.0

    def __post_init__(self) -> None:
        _require_aware(self.as_of, "TrustState.as_of")
        # Normalised to UTC so equality and storage never depend on the zone an item came in
        # with (PEP 495 makes times in a DST gap or fold unequal to every other zone).
        if self.as_of.tzinfo is not UTC:
            object.__setattr__(self, "as_of", self.as_of.astimezone(UTC))
        totals = (self.r, self.s, self.lasting)
        if not all(math.isfinite(x) and x >= 0 for x in totals):
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
        """Return the state with one more item of evidence (a claim changes nothing)."""
        return self._shift(item, 1.0, params)

    def add_many(
        self, items: Iterable[Evidence], params: TrustParams = DEFAULT_PARAMS
    ) -> TrustState:
        state = self
        for item in items:
            state = state.add(item, params)
        return state

    def remove(self, item: Evidence, params: TrustParams = DEFAULT_PARAMS) -> TrustState:
        """Take back an item added earlier (e.g. a report later disputed, or an entry made
        private). Because the model is linear, removing then adding a corrected item equals
        having added the corrected item in the first place. Totals are clamped at zero to absorb
        float rounding."""
        return self._shift(item, -1.0, params)

    def _shift(self, item: Evidence, direction: float, params: TrustParams) -> TrustState:
        r, s, lasting, as_of = self.r, self.s, self.lasting, self.as_of
        if item.at > as_of:
            r *= params.decay_positive(item.at - as_of)
            s *= params.decay_negative(item.at - as_of)
            as_of = item.at
        age = as_of - item.at
        if item.positive:
            r = max(0.0, r + direction * item.weight * params.decay_positive(age))
        else:
            fading = item.weight - item.lasting
            s = max(0.0, s + direction * fading * params.decay_negative(age))
            lasting = max(0.0, lasting + direction * item.lasting)
        return TrustState(r, s, as_of, lasting)

    def at(self, now: datetime, params: TrustParams = DEFAULT_PARAMS) -> TrustState:
        """The state decayed forward to `now`. A `now` before as_of is treated as as_of: the
        state cannot un-learn evidence it already holds (e.g. an item logged a minute ahead)."""
        _require_aware(now, "now")
        if now <= self.as_of:
            return self
        age = now - self.as_of
        return TrustState(
            self.r * params.decay_positive(age),
            self.s * params.decay_negative(age),
            now,
            self.lasting,
        )

    def rewound(self, to: datetime, params: TrustParams = DEFAULT_PARAMS) -> TrustState:
        """The state as it stood at `to`, for a state that holds no evidence newer than `to`.

        Forgetting is linear, so a state valued at as_of is the state at `to` decayed forward;
        this undoes that, total by total (positive and negative fade at different rates, so
        no single factor will do). Take back any newer items with ``remove`` first. A `to` at or
        after as_of is ``at(to)``.
        """
        _require_aware(to, "to")
        if to >= self.as_of:
            return self.at(to, params)
        age = self.as_of - to
        return TrustState(
            _undecay(self.r, params.decay_positive(age)),
            _undecay(self.s, params.decay_negative(age)),
            to,
            self.lasting,
        )

    def estimate(self, now: datetime, params: TrustParams = DEFAULT_PARAMS) -> TrustEstimate:
        state = self.at(now, params)
        return _estimate(state.r, state.s + state.lasting, state.lasting)

    def to_dict(self) -> dict[str, Any]:
        return {"r": self.r, "s": self.s, "lasting": self.lasting, "as_of": self.as_of.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrustState:
        as_of = datetime.fromisoformat(str(data["as_of"]))
        # States stored before deception had a lasting part have no "lasting" key.
        return cls(float(data["r"]), float(data["s"]), as_of, float(data.get("lasting", 0.0)))


def _undecay(total: float, factor: float) -> float:
    if total == 0.0:
        return 0.0
    if factor == 0.0:
        raise ArithmeticError("cannot rewind evidence that has faded below float precision")
    return total / factor


@dataclass(frozen=True, slots=True)
class TrajectoryPoint:
    at: datetime
    index: float
    low: float
    high: float
    evidence: float
    enough_evidence: bool = False


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
        points.append(
            TrajectoryPoint(when, est.index, est.low, est.high, est.evidence, est.enough_evidence)
        )
        when += step
    return points


# --- Words ---------------------------------------------------------------------------------------


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def describe_estimate(estimate: TrustEstimate) -> str:
    """The estimate in words: no number below MIN_EVIDENCE, and the interval said as what it
    is (an 80% interval), never as a floor."""
    if not estimate.enough_evidence:
        return (
            "Not enough evidence yet. Mend shows a number once confirmed evidence adds up to at "
            f"least {MIN_EVIDENCE:g} (about {MIN_EVIDENCE:g} confirmed moments; older evidence "
            f"counts for less). So far: {estimate.evidence:.1f}."
        )
    return (
        f"Most likely around {_percent(estimate.index)}; on this evidence it is 80% likely to be "
        f"between {_percent(estimate.low)} and {_percent(estimate.high)}."
    )


def felt_vs_evidence(felt: float | None, estimate: TrustEstimate) -> str | None:
    """A kind note when felt trust (0..1) is below the evidence's 80% interval; None otherwise,
    and always None while there is not enough evidence (the prior is not evidence). Felt trust
    never has to match the evidence: this explains, it does not ask."""
    if felt is None:
        return None
    if not 0.0 <= felt <= 1.0:
        raise ValueError("felt must be between 0 and 1")
    if not estimate.enough_evidence or felt >= estimate.low:
        return None
    return (
        f"Felt trust ({_percent(felt)}) is below the range the evidence so far suggests (80% "
        f"likely between {_percent(estimate.low)} and {_percent(estimate.high)}, most likely "
        f"around {_percent(estimate.index)}). That is normal: trust is usually felt later than "
        "it is earned, because the body needs many safe experiences before it believes them. "
        "There is no deadline for feeling it. Forgiveness is separate again: it is not the same "
        "as trust, and neither has to follow the numbers."
    )


# --- The Beta distribution, in pure Python -------------------------------------------------------

_CF_MAX_ITERATIONS = 10_000
_CF_EPSILON = 1e-15
_TINY = 1e-300


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


class _Factors:
    """The continued fraction's factors for one (a, b), which do not depend on x: worked out
    once, as far as an evaluation needs them, and shared by the evaluations at every x of a
    quantile's search. Each is the expression the loop used to evaluate, so the same float.
    Step m has two terms, its odd one and its even one: ``num`` and ``den`` hold them in turn."""

    __slots__ = ("a", "b", "den", "num")

    def __init__(self, a: float, b: float) -> None:
        self.a, self.b = a, b
        self.num: list[float] = []
        self.den: list[float] = []

    def extend(self, m: int) -> None:
        """Add the two terms of step ``m`` (the next one)."""
        a, b = self.a, self.b
        qab, qap, qam = a + b, a + 1.0, a - 1.0
        m2 = 2 * m
        self.num += (m * (b - m), -(a + m) * (qab + m))
        self.den += ((qam + m2) * (a + m2), (a + m2) * (qap + m2))


def _beta_continued_fraction(
    a: float, b: float, x: float, factors: _Factors | None = None
) -> float:
    """Continued fraction for the incomplete beta, by the modified Lentz method
    (Numerical Recipes, 3rd ed., section 6.4); ``factors`` of (a, b) when already at hand."""
    factors = _Factors(a, b) if factors is None else factors
    num, den = factors.num, factors.den
    known = len(num)
    c = 1.0
    d = 1.0 - (a + b) * x / (a + 1.0)
    if -_TINY < d < _TINY:
        d = _TINY
    d = 1.0 / d
    h = d
    # One Lentz update per term; whether it has converged is asked after a whole step, that is
    # after each even term only.
    for j in range(2 * _CF_MAX_ITERATIONS):
        if j == known:
            factors.extend(j // 2 + 1)
            known += 2
        aa = num[j] * x / den[j]
        d = 1.0 + aa * d
        if -_TINY < d < _TINY:
            d = _TINY
        c = 1.0 + aa / c
        if -_TINY < c < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if j & 1 and -_CF_EPSILON < delta - 1.0 < _CF_EPSILON:
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
    return _incomplete_beta(x, a, b, _log_beta(a, b), math.log(x), math.log1p(-x), None, None)


def _incomplete_beta(
    x: float,
    a: float,
    b: float,
    log_b: float,
    log_x: float,
    log_1mx: float,
    ab: _Factors | None,
    ba: _Factors | None,
) -> float:
    """I_x(a, b) for 0 < x < 1, from log B(a, b), log x, log(1 - x) and the continued
    fraction's factors of (a, b) and (b, a) when at hand."""
    log_front = a * log_x + b * log_1mx - log_b
    # The continued fraction converges fast only on this side of the mean; use the symmetry
    # I_x(a, b) = 1 - I_{1-x}(b, a) on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x, ab) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x, ba) / b


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


# A trust chart asks for the same quantiles on every view (its weekly points do not move), and
# each costs tens of microseconds of Python: a pure function of three floats, so remembered.
@lru_cache(maxsize=8192)
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
    # Every step evaluates I_x at another x of the same (a, b): one set of factors serves all.
    ab, ba = _Factors(a, b), _Factors(b, a)
    lo, hi = 0.0, 1.0
    x = min(max(_normal_guess(p, a, b), 1e-9), 1.0 - 1e-9)
    for _ in range(300):
        log_x, log_1mx = math.log(x), math.log1p(-x)
        f = _incomplete_beta(x, a, b, log_b, log_x, log_1mx, ab, ba) - p
        if f == 0.0:
            return x
        if f < 0.0:
            lo = x
        else:
            hi = x
        log_pdf = (a - 1.0) * log_x + (b - 1.0) * log_1mx - log_b
        candidate = math.nan
        if log_pdf < 700.0:
            pdf = math.exp(log_pdf)
            if pdf > 0.0:
                candidate = x - f / pdf
        if not lo < candidate < hi:  # also rejects nan
            candidate = 0.5 * (lo + hi)
        # Relative tolerances: quantiles of very skewed shapes can be tiny. A bracket whose
        # midpoint is one of its ends cannot shrink further (a p near the smallest float put
        # x at 0.0, and log(0) failed).
        if (
            abs(candidate - x) <= 1e-15 * candidate
            or hi - lo <= 1e-15 * hi
            or candidate in (lo, hi)
        ):
            return candidate
        x = candidate
    return x
