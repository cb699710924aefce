"""The relational bank account: micro-moment kinds, deposits and withdrawals, the
positive-to-negative ratio and the turning-toward rate, with research references to compare.

The references describe groups of couples in studies. Mend shows them beside a couple's own
numbers as context, never as a verdict or a prediction (DESIGN.md, principle 3).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "DEFAULT_WINDOW",
    "KINDS_BY_CODE",
    "MOMENT_KINDS",
    "POPULATION_NOTE",
    "RATIO_REFERENCE",
    "REFERENCES",
    "TURNING_TOWARD_DIVORCED",
    "TURNING_TOWARD_STAYED",
    "BidResponse",
    "LedgerPeriod",
    "MomentKind",
    "RatioPoint",
    "RatioSummary",
    "Reference",
    "SignedEvent",
    "TurningSummary",
    "UnknownKind",
    "bid_response_of",
    "explain_ratio",
    "explain_turning_toward",
    "felt_vs_evidence",
    "get_kind",
    "kinds_as_dicts",
    "ledger",
    "positive_negative_ratio",
    "ratio_series",
    "turning_toward",
]


class BidResponse(StrEnum):
    """Gottman's three responses to a bid for connection."""

    TOWARD = "toward"
    AWAY = "away"
    AGAINST = "against"


@dataclass(frozen=True, slots=True)
class MomentKind:
    code: str
    label: str
    description: str
    sign: int  # +1 a deposit, -1 a withdrawal
    bid_response: BidResponse | None = None

    @property
    def is_bid_response(self) -> bool:
        return self.bid_response is not None

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.code,
            "label": self.label,
            "description": self.description,
            "sign": self.sign,
            "bid_response": self.bid_response.value if self.bid_response else None,
        }


# The single source of truth for micro-moment kinds (the API lists these). The positive kinds are
# the article's "micro-moments"; turning toward / away / against are Gottman's bid responses.
MOMENT_KINDS: tuple[MomentKind, ...] = (
    MomentKind(
        "turned_toward",
        "Turned toward a bid",
        "Noticed a bid for attention or connection and responded to it.",
        +1,
        BidResponse.TOWARD,
    ),
    MomentKind(
        "small_kindness",
        "Small kindness",
        "A small, unprompted act of care.",
        +1,
    ),
    MomentKind(
        "kept_small_promise",
        "Kept a small promise",
        "Did a minor thing they said they would, like calling when they said they would.",
        +1,
    ),
    MomentKind(
        "listened_well",
        "Listened well",
        "Listened without interrupting, defending or fixing, especially in a hard moment.",
        +1,
    ),
    MomentKind(
        "showed_up_on_time",
        "Showed up on time",
        "Was there when they said they would be.",
        +1,
    ),
    MomentKind(
        "appreciation",
        "Appreciation",
        "Said thank you or named something they value in the other person.",
        +1,
    ),
    MomentKind(
        "turned_away",
        "Turned away from a bid",
        "Missed or ignored a bid for attention or connection.",
        -1,
        BidResponse.AWAY,
    ),
    MomentKind(
        "turned_against",
        "Turned against a bid",
        "Answered a bid for connection with irritation, criticism or contempt.",
        -1,
        BidResponse.AGAINST,
    ),
    MomentKind(
        "broke_small_promise",
        "Broke a small promise",
        "Did not do a minor thing they said they would.",
        -1,
    ),
)

KINDS_BY_CODE: Mapping[str, MomentKind] = MappingProxyType({k.code: k for k in MOMENT_KINDS})


class UnknownKind(ValueError):
    """Raised for a micro-moment kind that is not in MOMENT_KINDS."""


def get_kind(code: str) -> MomentKind:
    try:
        return KINDS_BY_CODE[code]
    except KeyError:
        known = ", ".join(KINDS_BY_CODE)
        raise UnknownKind(f"Unknown kind {code!r}. Known kinds: {known}.") from None


def kinds_as_dicts() -> list[dict[str, object]]:
    """The kinds in display order, ready for `GET /api/v1/kinds`."""
    return [kind.to_dict() for kind in MOMENT_KINDS]


def bid_response_of(kind: str) -> BidResponse | None:
    """The bid response a kind records: from a moment kind code, or a bare category
    ("toward", "away", "against"); None for anything else (a kept commitment, say)."""
    moment = KINDS_BY_CODE.get(kind)
    if moment is not None:
        return moment.bid_response
    try:
        return BidResponse(kind)
    except ValueError:
        return None


# --- Research references -------------------------------------------------------------------------

POPULATION_NOTE = (
    "These figures come from research on groups of couples. They are a reference point, "
    "not a prediction for any particular couple."
)


@dataclass(frozen=True, slots=True)
class Reference:
    key: str
    value: float
    text: str  # a sentence the UI can show as is
    citation: str
    note: str = POPULATION_NOTE

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "value": self.value,
            "text": self.text,
            "citation": self.citation,
            "note": self.note,
        }


# Gottman & Levenson (1992), "Marital processes predictive of later dissolution: behavior,
# physiology, and health", Journal of Personality and Social Psychology 63(2), 221-233: stable
# couples showed about five positive interactions for every negative one during conflict.
RATIO_REFERENCE = Reference(
    key="positive_negative_ratio",
    value=5.0,
    text=(
        "In research on stable couples, there were about 5 positive interactions for every "
        "negative one during conflict."
    ),
    citation=("Gottman & Levenson (1992), Journal of Personality and Social Psychology 63(2)"),
)

# Gottman's newlywed study (Gottman & Driver; reported in Driver & Gottman 2004 and The
# Relationship Cure): couples still married six years later had turned toward about 86% of bids,
# couples who had divorced about 33%.
TURNING_TOWARD_STAYED = Reference(
    key="turning_toward_stayed",
    value=0.86,
    text=(
        "In Gottman's newlywed study, couples still married six years later had turned toward "
        "each other's bids about 86% of the time."
    ),
    citation="Gottman's newlywed study, as reported by Gottman & Driver",
)
TURNING_TOWARD_DIVORCED = Reference(
    key="turning_toward_divorced",
    value=0.33,
    text=(
        "In the same study, couples who later divorced had turned toward each other's bids "
        "about 33% of the time."
    ),
    citation="Gottman's newlywed study, as reported by Gottman & Driver",
)

REFERENCES: tuple[Reference, ...] = (
    RATIO_REFERENCE,
    TURNING_TOWARD_STAYED,
    TURNING_TOWARD_DIVORCED,
)

# Four weeks: long enough to hold a few dozen everyday moments, short enough to show change.
DEFAULT_WINDOW = timedelta(days=28)


# --- Events and summaries ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedEvent:
    """A deposit (+1) or withdrawal (-1): a micro-moment, or any other signed ledger entry."""

    at: datetime
    sign: int
    kind: str = ""
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("SignedEvent.at must be a timezone-aware datetime")
        if self.sign not in (1, -1):
            raise ValueError("SignedEvent.sign must be +1 or -1")
        if not (math.isfinite(self.weight) and self.weight >= 0):
            raise ValueError("SignedEvent.weight must be a finite, non-negative number")

    @classmethod
    def for_moment(cls, at: datetime, kind: str, weight: float = 1.0) -> SignedEvent:
        return cls(at, get_kind(kind).sign, kind, weight)


@dataclass(frozen=True, slots=True)
class LedgerPeriod:
    start: datetime
    end: datetime  # exclusive
    deposits: float  # total weight of positive events
    withdrawals: float  # total weight of negative events, as a positive number
    deposit_count: int
    withdrawal_count: int
    balance: float  # running balance at the end of the period, all history included

    @property
    def net(self) -> float:
        return self.deposits - self.withdrawals


@dataclass(frozen=True, slots=True)
class RatioSummary:
    window_start: datetime
    window_end: datetime
    positive: int
    negative: int
    ratio: float | None  # positive / negative; None when there are no negatives

    @property
    def total(self) -> int:
        return self.positive + self.negative

    @property
    def window_days(self) -> int:
        return round((self.window_end - self.window_start) / timedelta(days=1))


@dataclass(frozen=True, slots=True)
class TurningSummary:
    window_start: datetime
    window_end: datetime
    toward: int
    away: int
    against: int
    rate: float | None  # toward / all bid responses; None when no bids were logged

    @property
    def bids(self) -> int:
        return self.toward + self.away + self.against

    @property
    def window_days(self) -> int:
        return round((self.window_end - self.window_start) / timedelta(days=1))


@dataclass(frozen=True, slots=True)
class RatioPoint:
    start: datetime
    end: datetime
    positive: int
    negative: int
    ratio: float | None


def _ratio(positive: int, negative: int) -> float | None:
    return positive / negative if negative else None


def _sorted(events: Iterable[SignedEvent]) -> list[SignedEvent]:
    return sorted(events, key=lambda e: e.at)


class _Counter:
    """Counts of positive and negative events in half-open time ranges, by binary search."""

    def __init__(self, events: Iterable[SignedEvent]) -> None:
        ordered = _sorted(events)
        self.positive = [e.at for e in ordered if e.sign > 0]
        self.negative = [e.at for e in ordered if e.sign < 0]

    @staticmethod
    def _count(times: Sequence[datetime], start: datetime, end: datetime, closed: bool) -> int:
        if closed:  # (start, end]
            return max(0, bisect_right(times, end) - bisect_right(times, start))
        # [start, end)
        return max(0, bisect_left(times, end) - bisect_left(times, start))

    def counts(self, start: datetime, end: datetime, *, closed_end: bool) -> tuple[int, int]:
        return (
            self._count(self.positive, start, end, closed_end),
            self._count(self.negative, start, end, closed_end),
        )


def ledger(
    events: Iterable[SignedEvent],
    start: datetime,
    end: datetime,
    period: timedelta = timedelta(days=7),
) -> list[LedgerPeriod]:
    """Deposits and withdrawals per period [start + k*period, start + (k+1)*period) for every
    period that begins before `end`, with a running balance that includes earlier history."""
    if period <= timedelta(0):
        raise ValueError("period must be positive")
    ordered = _sorted(events)
    balance = 0.0
    i, n = 0, len(ordered)
    while i < n and ordered[i].at < start:
        balance += ordered[i].sign * ordered[i].weight
        i += 1
    periods: list[LedgerPeriod] = []
    period_start = start
    while period_start < end:
        period_end = period_start + period
        deposits = withdrawals = 0.0
        deposit_count = withdrawal_count = 0
        while i < n and ordered[i].at < period_end:
            event = ordered[i]
            if event.sign > 0:
                deposits += event.weight
                deposit_count += 1
            else:
                withdrawals += event.weight
                withdrawal_count += 1
            i += 1
        balance += deposits - withdrawals
        periods.append(
            LedgerPeriod(
                period_start,
                period_end,
                deposits,
                withdrawals,
                deposit_count,
                withdrawal_count,
                balance,
            )
        )
        period_start = period_end
    return periods


def positive_negative_ratio(
    events: Iterable[SignedEvent], now: datetime, window: timedelta = DEFAULT_WINDOW
) -> RatioSummary:
    """Counts of positive and negative events in (now - window, now] and their ratio.

    The ratio is of counts, not weights, like Gottman's coding of interactions, so it matches
    the "12 positive, 3 negative" the UI shows.
    """
    window_start = now - window
    positive, negative = _Counter(events).counts(window_start, now, closed_end=True)
    return RatioSummary(window_start, now, positive, negative, _ratio(positive, negative))


def turning_toward(
    events: Iterable[SignedEvent], now: datetime, window: timedelta = DEFAULT_WINDOW
) -> TurningSummary:
    """The turning-toward rate toward / (toward + away + against) over (now - window, now]."""
    window_start = now - window
    tally = {response: 0 for response in BidResponse}
    for event in events:
        if window_start < event.at <= now:
            response = bid_response_of(event.kind)
            if response is not None:
                tally[response] += 1
    toward, away, against = (
        tally[BidResponse.TOWARD],
        tally[BidResponse.AWAY],
        tally[BidResponse.AGAINST],
    )
    bids = toward + away + against
    return TurningSummary(window_start, now, toward, away, against, toward / bids if bids else None)


def ratio_series(
    events: Iterable[SignedEvent],
    start: datetime,
    end: datetime,
    step: timedelta = timedelta(days=7),
    window: timedelta | None = None,
) -> list[RatioPoint]:
    """The ratio per period [start + k*step, start + (k+1)*step) for every period beginning
    before `end` (a weekly chart by default). With `window`, each point instead covers the
    `window` before its period's end: a rolling ratio sampled every `step`."""
    if step <= timedelta(0):
        raise ValueError("step must be positive")
    counter = _Counter(events)
    points: list[RatioPoint] = []
    period_start = start
    while period_start < end:
        period_end = period_start + step
        span_start = period_start if window is None else period_end - window
        positive, negative = counter.counts(span_start, period_end, closed_end=False)
        points.append(
            RatioPoint(span_start, period_end, positive, negative, _ratio(positive, negative))
        )
        period_start = period_end
    return points


# --- Plain-language explanations -----------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _format_ratio(ratio: float) -> str:
    if ratio >= 1:
        text = f"{ratio:.1f}".removesuffix(".0")
        return f"about {text} to 1"
    inverse = f"{1 / ratio:.1f}".removesuffix(".0")
    return f"about 1 to {inverse}"


def explain_ratio(summary: RatioSummary) -> str:
    """The ratio in words, beside the reference, with the population caveat."""
    days = summary.window_days
    if summary.total == 0:
        return f"No moments were logged in the last {days} days yet."
    counts = (
        f"In the last {days} days: {summary.positive} positive and "
        f"{summary.negative} negative {'moment' if summary.total == 1 else 'moments'}."
    )
    if summary.ratio is None:
        return (
            f"{counts} With no negative moments there is no ratio yet to set beside the "
            f"research reference of about 5 to 1."
        )
    reference = RATIO_REFERENCE.value
    if summary.ratio >= reference:
        where = "at or above"
    elif summary.ratio >= reference * 0.8:
        where = "close to"
    else:
        where = "below"
    return (
        f"{counts} That is {_format_ratio(summary.ratio)}, {where} the reference of about "
        f"5 to 1 that Gottman & Levenson (1992) observed in stable couples during conflict. "
        f"Everyday moments are a looser comparison than conflict discussions. {POPULATION_NOTE}"
    )


def explain_turning_toward(summary: TurningSummary) -> str:
    """The turning-toward rate in words, beside the 86% / 33% references."""
    days = summary.window_days
    if summary.rate is None:
        return f"No responses to bids for connection were logged in the last {days} days yet."
    percent = round(summary.rate * 100)
    return (
        f"In the last {days} days, {summary.toward} of {_plural(summary.bids, 'bid')} for "
        f"connection were turned toward ({percent}%). For reference, in Gottman's newlywed "
        f"study couples still married six years later turned toward about 86% of bids, and "
        f"couples who divorced about 33% (as reported by Gottman & Driver). {POPULATION_NOTE}"
    )


def felt_vs_evidence(felt: float | None, index: float, low: float) -> str | None:
    """A kind note when felt trust (0..1) is below the low end of the evidence interval;
    None otherwise. Felt trust never has to match the evidence: this explains, it does not ask."""
    if felt is None:
        return None
    for name, value in (("felt", felt), ("index", index), ("low", low)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1")
    if felt >= low:
        return None
    return (
        f"Felt trust ({round(felt * 100)}%) is below what the evidence so far suggests "
        f"(at least about {round(low * 100)}%, most likely around {round(index * 100)}%). "
        "That is normal: trust is usually felt later than it is earned, because the body "
        "needs many safe experiences before it believes them. There is no deadline for "
        "feeling it. Forgiveness is separate again: it is not the same as trust, and neither "
        "has to follow the numbers."
    )
