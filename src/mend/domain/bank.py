"""The relational bank account: micro-moment kinds, deposits and withdrawals, the
positive-to-negative ratio and the turning-toward rate, with research references to compare.

Only confirmed moments count; unconfirmed ones are claims, counted apart. Every figure uses one
window definition, half-open ``[start, end)`` (``Window``). Ratios are exact fractions and are
printed exactly (``format_ratio``). A reference is set beside a couple's numbers only once there
are enough of them (``MIN_MOMENTS_FOR_REFERENCE``, ``MIN_BIDS_FOR_REFERENCE``).

The references describe groups of couples in studies. Mend shows them beside a couple's own
numbers as context, never as a verdict or a prediction (DESIGN.md, principle 3).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

__all__ = [
    "DEFAULT_WINDOW",
    "KINDS_BY_CODE",
    "MIN_BIDS_FOR_REFERENCE",
    "MIN_MOMENTS_FOR_REFERENCE",
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
    "Window",
    "bid_response_of",
    "explain_ratio",
    "explain_turning_toward",
    "format_ratio",
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
# Six positive kinds and three negative ones: the ratio counts what people log, and a longer menu
# on one side may be used more. HOW-THE-NUMBERS-WORK says so; adding kinds is an app migration.
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
# physiology, and health", Journal of Personality and Social Psychology 63(2), 221-233, and
# Gottman (1994), What Predicts Divorce? The Relationship Between Marital Processes and Marital
# Outcomes (Lawrence Erlbaum): couples who stayed together showed about five positive
# interactions for every negative one while discussing a conflict.
RATIO_REFERENCE = Reference(
    key="positive_negative_ratio",
    value=5.0,
    text=(
        "In research on stable couples, there were about 5 positive interactions for every "
        "negative one during conflict."
    ),
    citation=(
        "Gottman & Levenson (1992), Journal of Personality and Social Psychology 63(2), 221-233; "
        "Gottman (1994), What Predicts Divorce?"
    ),
)

# Gottman's newlywed study (couples observed in the apartment laboratory in their first year of
# marriage, followed up six years later), as reported by Gottman & Driver: couples still married
# had turned toward about 86% of bids, couples who had divorced about 33%. The study of bids is
# written up in Driver & Gottman (2004), Family Process 43(3), 301-314, and Gottman & Driver
# (2005), Journal of Divorce & Remarriage 43(3/4), 63-77.
_NEWLYWED_CITATION = (
    "Gottman's newlywed study, as reported by Gottman & Driver (see Driver & Gottman 2004, "
    "Family Process 43(3); Gottman & Driver 2005, Journal of Divorce & Remarriage 43(3/4))"
)
TURNING_TOWARD_STAYED = Reference(
    key="turning_toward_stayed",
    value=0.86,
    text=(
        "In Gottman's newlywed study, couples still married six years later had turned toward "
        "each other's bids about 86% of the time."
    ),
    citation=_NEWLYWED_CITATION,
)
# Kept for completeness and for a counsellor who asks, but not shown by default: a "couples who
# divorced" figure beside a couple's own rate reads as a prediction, which DESIGN.md forbids.
TURNING_TOWARD_DIVORCED = Reference(
    key="turning_toward_divorced",
    value=0.33,
    text=(
        "In the same study, couples who later divorced had turned toward each other's bids "
        "about 33% of the time."
    ),
    citation=_NEWLYWED_CITATION,
)

# What a page shows by default: no "divorced" comparison.
REFERENCES: tuple[Reference, ...] = (RATIO_REFERENCE, TURNING_TOWARD_STAYED)

# Four weeks. Mend's own choice, because it is long enough to hold a few dozen everyday moments
# and short enough to show change.
DEFAULT_WINDOW = timedelta(days=28)

# No comparison with a reference below this many confirmed moments (or bid responses) in the
# window. Mend's own choice, because with fewer than 20 one moment more or less moves the
# turning-toward rate by 5 points or more, and an 80% interval around a rate of 86% is more than
# 20 points wide: the comparison would be noise. The studies coded far more interactions per
# couple than that.
MIN_MOMENTS_FOR_REFERENCE = 20
MIN_BIDS_FOR_REFERENCE = 20


# --- Windows -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open time range [start, end): the one window definition of every bank figure.

    Weekly periods, the rolling series and the 28-day figure all use it, so a moment on an edge
    is counted in the same place everywhere (the later window).
    """

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"Window.{name} must be a timezone-aware datetime")
        if self.end < self.start:
            raise ValueError("a window cannot end before it starts")

    @classmethod
    def ending(cls, end: datetime, length: timedelta = DEFAULT_WINDOW) -> Window:
        """The window of the given length that ends (exclusive) at `end`."""
        return cls(end - length, end)

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end

    @property
    def days(self) -> int:
        return round((self.end - self.start) / timedelta(days=1))


# --- Events and summaries ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedEvent:
    """A deposit (+1) or withdrawal (-1): a micro-moment, or any other signed ledger entry.

    ``confirmed`` is required: only a moment the receiver confirmed (or logged) counts; an
    unconfirmed one is a claim, counted apart.
    """

    at: datetime
    sign: int
    kind: str = ""
    weight: float = 1.0
    confirmed: bool = field(kw_only=True)

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("SignedEvent.at must be a timezone-aware datetime")
        if self.sign not in (1, -1):
            raise ValueError("SignedEvent.sign must be +1 or -1")
        if not (math.isfinite(self.weight) and self.weight >= 0):
            raise ValueError("SignedEvent.weight must be a finite, non-negative number")

    @classmethod
    def for_moment(
        cls, at: datetime, kind: str, weight: float = 1.0, *, confirmed: bool
    ) -> SignedEvent:
        return cls(at, get_kind(kind).sign, kind, weight, confirmed=confirmed)


def _fraction(positive: int, negative: int) -> Fraction | None:
    return Fraction(positive, negative) if negative else None


class _Window:
    """A summary of a window of time (``window_end`` exclusive)."""

    __slots__ = ()
    window_start: datetime
    window_end: datetime

    @property
    def window_days(self) -> int:
        return round((self.window_end - self.window_start) / timedelta(days=1))


class _Counts:
    """Counts of confirmed positive and negative moments, and their exact ratio."""

    __slots__ = ()
    positive: int
    negative: int

    @property
    def fraction(self) -> Fraction | None:
        return _fraction(self.positive, self.negative)

    @property
    def text(self) -> str:
        return format_ratio(self.positive, self.negative)


@dataclass(frozen=True, slots=True)
class LedgerPeriod:
    start: datetime
    end: datetime  # exclusive
    deposits: float  # total weight of confirmed positive events
    withdrawals: float  # total weight of confirmed negative events, as a positive number
    deposit_count: int
    withdrawal_count: int
    balance: float  # running balance at the end of the period, all confirmed history included
    unconfirmed: int = 0  # claims in the period, not counted above

    @property
    def net(self) -> float:
        return self.deposits - self.withdrawals

    @property
    def ratio(self) -> Fraction | None:
        return _fraction(self.deposit_count, self.withdrawal_count)

    @property
    def ratio_text(self) -> str:
        return format_ratio(self.deposit_count, self.withdrawal_count)


@dataclass(frozen=True, slots=True)
class RatioSummary(_Window, _Counts):
    window_start: datetime
    window_end: datetime  # exclusive
    positive: int  # confirmed only
    negative: int
    ratio: float | None  # positive / negative; None when there are no negatives
    unconfirmed_positive: int = 0
    unconfirmed_negative: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.negative

    @property
    def unconfirmed(self) -> int:
        return self.unconfirmed_positive + self.unconfirmed_negative

    @property
    def enough_for_reference(self) -> bool:
        return self.total >= MIN_MOMENTS_FOR_REFERENCE


@dataclass(frozen=True, slots=True)
class TurningSummary(_Window):
    window_start: datetime
    window_end: datetime  # exclusive
    toward: int
    away: int
    against: int
    rate: float | None  # toward / all bid responses; None when no bids were logged

    @property
    def bids(self) -> int:
        return self.toward + self.away + self.against

    @property
    def enough_for_reference(self) -> bool:
        return self.bids >= MIN_BIDS_FOR_REFERENCE


@dataclass(frozen=True, slots=True)
class RatioPoint(_Counts):
    start: datetime
    end: datetime  # exclusive
    positive: int
    negative: int
    ratio: float | None


def _ratio(positive: int, negative: int) -> float | None:
    return positive / negative if negative else None


def _sorted(events: Iterable[SignedEvent]) -> list[SignedEvent]:
    return sorted(events, key=lambda e: e.at)


class _Counter:
    """Counts of confirmed positive and negative events in windows, by binary search."""

    def __init__(self, events: Iterable[SignedEvent]) -> None:
        ordered = _sorted(events)
        self.positive = [e.at for e in ordered if e.confirmed and e.sign > 0]
        self.negative = [e.at for e in ordered if e.confirmed and e.sign < 0]
        self.claimed_positive = [e.at for e in ordered if not e.confirmed and e.sign > 0]
        self.claimed_negative = [e.at for e in ordered if not e.confirmed and e.sign < 0]

    @staticmethod
    def _count(times: Sequence[datetime], window: Window) -> int:
        return max(0, bisect_left(times, window.end) - bisect_left(times, window.start))

    def counts(self, window: Window) -> tuple[int, int]:
        return self._count(self.positive, window), self._count(self.negative, window)

    def claims(self, window: Window) -> tuple[int, int]:
        return (
            self._count(self.claimed_positive, window),
            self._count(self.claimed_negative, window),
        )


def ledger(
    events: Iterable[SignedEvent],
    start: datetime,
    end: datetime,
    period: timedelta = timedelta(days=7),
) -> list[LedgerPeriod]:
    """Confirmed deposits and withdrawals per period [start + k*period, start + (k+1)*period) for
    every period that begins before `end`, with a running balance that includes earlier
    confirmed history. Claims are counted per period (``unconfirmed``), never in the balance."""
    if period <= timedelta(0):
        raise ValueError("period must be positive")
    ordered = _sorted(events)
    balance = 0.0
    i, n = 0, len(ordered)
    while i < n and ordered[i].at < start:
        if ordered[i].confirmed:
            balance += ordered[i].sign * ordered[i].weight
        i += 1
    periods: list[LedgerPeriod] = []
    period_start = start
    while period_start < end:
        window = Window(period_start, period_start + period)
        deposits = withdrawals = 0.0
        deposit_count = withdrawal_count = unconfirmed = 0
        while i < n and ordered[i].at < window.end:
            event = ordered[i]
            i += 1
            if not event.confirmed:
                unconfirmed += 1
            elif event.sign > 0:
                deposits += event.weight
                deposit_count += 1
            else:
                withdrawals += event.weight
                withdrawal_count += 1
        balance += deposits - withdrawals
        periods.append(
            LedgerPeriod(
                window.start,
                window.end,
                deposits,
                withdrawals,
                deposit_count,
                withdrawal_count,
                balance,
                unconfirmed,
            )
        )
        period_start = window.end
    return periods


def positive_negative_ratio(
    events: Iterable[SignedEvent], now: datetime, window: timedelta = DEFAULT_WINDOW
) -> RatioSummary:
    """Counts of confirmed positive and negative events in [now - window, now) and their ratio,
    with the claims in the same window counted apart.

    The ratio is of counts, not weights, like Gottman's coding of interactions, so it matches
    the "12 positive, 3 negative" the UI shows.
    """
    span = Window.ending(now, window)
    counter = _Counter(events)
    positive, negative = counter.counts(span)
    claimed_positive, claimed_negative = counter.claims(span)
    return RatioSummary(
        span.start,
        span.end,
        positive,
        negative,
        _ratio(positive, negative),
        claimed_positive,
        claimed_negative,
    )


def turning_toward(
    events: Iterable[SignedEvent], now: datetime, window: timedelta = DEFAULT_WINDOW
) -> TurningSummary:
    """The turning-toward rate toward / (toward + away + against) over [now - window, now),
    confirmed responses only."""
    span = Window.ending(now, window)
    tally = {response: 0 for response in BidResponse}
    for event in events:
        if event.confirmed and span.contains(event.at):
            response = bid_response_of(event.kind)
            if response is not None:
                tally[response] += 1
    toward, away, against = (
        tally[BidResponse.TOWARD],
        tally[BidResponse.AWAY],
        tally[BidResponse.AGAINST],
    )
    bids = toward + away + against
    return TurningSummary(
        span.start, span.end, toward, away, against, toward / bids if bids else None
    )


def ratio_series(
    events: Iterable[SignedEvent],
    start: datetime,
    end: datetime,
    step: timedelta = timedelta(days=7),
    window: timedelta | None = None,
) -> list[RatioPoint]:
    """The ratio per period [start + k*step, start + (k+1)*step) for every period beginning
    before `end` (a weekly chart by default). With `window`, each point instead covers the
    `window` before its period's end: a rolling ratio sampled every `step`, which at a period
    ending at `now` equals ``positive_negative_ratio(events, now, window)``."""
    if step <= timedelta(0):
        raise ValueError("step must be positive")
    counter = _Counter(events)
    points: list[RatioPoint] = []
    period_start = start
    while period_start < end:
        period_end = period_start + step
        span = (
            Window(period_start, period_end)
            if window is None
            else Window.ending(period_end, window)
        )
        positive, negative = counter.counts(span)
        points.append(
            RatioPoint(span.start, span.end, positive, negative, _ratio(positive, negative))
        )
        period_start = period_end
    return points


# --- Plain-language explanations -----------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _one_decimal(value: Fraction) -> str | None:
    """The value with at most one decimal, if that is exact; None otherwise."""
    tenths = value * 10
    if tenths.denominator != 1:
        return None
    whole, rest = divmod(tenths.numerator, 10)
    return str(whole) if rest == 0 else f"{whole}.{rest}"


def format_ratio(positive: int, negative: int) -> str:
    """A ratio of counts, printed exactly: "4.5 to 1", "1 to 3", "5 to 1", "10 to 3".

    Never rounded: when neither side can be written as "x to 1" or "1 to x" with at most one
    exact decimal, the ratio is given in lowest terms. With a zero on one side the counts are
    printed as they are ("12 to 0"), since there is no ratio to reduce.
    """
    if positive < 0 or negative < 0:
        raise ValueError("counts cannot be negative")
    if positive == 0 or negative == 0:
        return f"{positive} to {negative}"
    value = Fraction(positive, negative)
    if value >= 1:
        exact = _one_decimal(value)
        if exact is not None:
            return f"{exact} to 1"
    else:
        exact = _one_decimal(1 / value)
        if exact is not None:
            return f"1 to {exact}"
    return f"{value.numerator} to {value.denominator}"


def explain_ratio(summary: RatioSummary) -> str:
    """The ratio in words; beside the reference only with enough moments, with the caveat."""
    days = summary.window_days
    waiting = ""
    if summary.unconfirmed:
        verb = "is" if summary.unconfirmed == 1 else "are"
        waiting = (
            f" {_plural(summary.unconfirmed, 'more moment')} {verb} waiting for confirmation "
            "and not counted."
        )
    if summary.total == 0:
        return f"No confirmed moments in the last {days} days yet.{waiting}"
    counts = (
        f"In the last {days} days: {summary.positive} positive and {summary.negative} negative "
        f"confirmed {'moment' if summary.total == 1 else 'moments'}.{waiting}"
    )
    if not summary.enough_for_reference:
        ratio = f" That is {summary.text}." if summary.negative else ""
        return (
            f"{counts}{ratio} Too few yet to set beside a research reference: Mend compares once "
            f"there are at least {MIN_MOMENTS_FOR_REFERENCE} confirmed moments in {days} days."
        )
    fraction = summary.fraction
    if fraction is None:
        return (
            f"{counts} With no negative moments there is no ratio to set beside the research "
            f"reference of about 5 to 1."
        )
    reference = Fraction(RATIO_REFERENCE.value).limit_denominator()
    if fraction >= reference:
        where = "at or above"
    elif fraction >= reference * Fraction(4, 5):
        where = "close to"
    else:
        where = "below"
    return (
        f"{counts} That is {summary.text}, {where} the reference of about 5 to 1 that Gottman & "
        f"Levenson (1992) observed in stable couples during conflict. Everyday moments are a "
        f"looser comparison than conflict discussions. {POPULATION_NOTE}"
    )


def explain_turning_toward(summary: TurningSummary, *, include_divorced: bool = False) -> str:
    """The turning-toward rate in words; beside the 86% reference only with enough bids. The
    33% "divorced" figure only when asked for (a counsellor's page, say)."""
    days = summary.window_days
    if summary.rate is None:
        return f"No confirmed responses to bids for connection in the last {days} days yet."
    percent = round(summary.rate * 100)
    text = (
        f"In the last {days} days, {summary.toward} of {_plural(summary.bids, 'bid')} for "
        f"connection were turned toward ({percent}%)."
    )
    if not summary.enough_for_reference:
        return (
            f"{text} Too few yet to set beside a research reference: Mend compares once there "
            f"are at least {MIN_BIDS_FOR_REFERENCE} responses to bids in {days} days."
        )
    text += (
        " For reference, in Gottman's newlywed study couples still married six years later "
        "turned toward about 86% of bids (as reported by Gottman & Driver)"
    )
    if include_divorced:
        text += ", and couples who divorced about 33%"
    return f"{text}. {POPULATION_NOTE}"
