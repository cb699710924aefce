"""Reads for the ledger: trust pairs, the bank account, trajectories and the timeline.

Every read of a record goes through ``visible_to``; the trust numbers come from the stored
``TrustPairState`` (never recomputed from all history on a request) and are shown only to the
truster, because they are built from what the truster may see, private entries included.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Self

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from mend.commitments.selectors import occurrences_visible_to
from mend.domain import bank, trust
from mend.domain.trust import Evidence, TrajectoryPoint, TrustState, trajectory
from mend.ledger import checkpoints
from mend.ledger.models import (
    BalanceCheckpoint,
    Disclosure,
    FeltTrustCheckIn,
    Moment,
    TrustPairState,
)
from mend.ledger.recent import day_anchor, memoized, recent_evidence
from mend.ledger.trust_pairs import PARAMS
from mend.spaces.models import Space
from mend.spaces.selectors import active_members

RATIO_WINDOW = bank.DEFAULT_WINDOW


@dataclass(frozen=True, kw_only=True)
class TrustIndex:
    """A's trust in B: the index, its interval and the evidence behind it.

    Below ``trust.MIN_EVIDENCE`` (``enough_evidence`` false) the index is mostly the prior: pages
    show ``description`` ("Not enough evidence yet…") and no number, and the API gives null.
    """

    truster: Any
    trustee: Any
    index: float
    low: float
    high: float
    evidence: float
    enough_evidence: bool = False
    description: str = ""

    @classmethod
    def estimated(
        cls, truster: Any, trustee: Any, estimate: trust.TrustEstimate, **more: Any
    ) -> Self:
        """The index of ``estimate``, with ``more`` of a subclass's fields."""
        return cls(
            truster=truster,
            trustee=trustee,
            index=estimate.index,
            low=estimate.low,
            high=estimate.high,
            evidence=estimate.evidence,
            enough_evidence=estimate.enough_evidence,
            description=trust.describe_estimate(estimate),
            **more,
        )

    def to_dict(self) -> dict[str, Any]:
        """For the API: the members' and the counsellor's view of a pair begin alike."""
        shown = self.enough_evidence
        return {
            "truster": self.truster.pk,
            "trustee": self.trustee.pk,
            # Null while there is not enough evidence, so no client can show the prior as a
            # result (issue 12).
            "index": self.index if shown else None,
            "low": self.low if shown else None,
            "high": self.high if shown else None,
            "evidence": self.evidence,
            "enough_evidence": shown,
            "min_evidence": trust.MIN_EVIDENCE,
            "description": self.description,
        }


@dataclass(frozen=True, kw_only=True)
class TrustPair(TrustIndex):
    """A's trust in B, as the API and the dashboard show it: the index, and what the truster
    felt and counted."""

    felt_trust: float | None  # the truster's own latest rating, 0..1
    forgiveness: float | None  # likewise, 0..1
    ratio: float | None  # confirmed positive/negative moments from trustee to truster, 28 days
    positive: int = 0
    negative: int = 0
    felt_note: str | None = None
    claims: trust.Claims = field(default_factory=trust.Claims)

    @property
    def ratio_text(self) -> str:
        """The 28-day ratio printed exactly ("4.5 to 1", "1 to 3")."""
        return bank.format_ratio(self.positive, self.negative)

    @property
    def claims_text(self) -> str | None:
        return self.claims.describe()

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "felt_trust": self.felt_trust,
            "felt_note": self.felt_note,
            "ratio": self.ratio,
            "ratio_text": self.ratio_text if self.positive + self.negative else None,
            "positive": self.positive,
            "negative": self.negative,
            "claims_positive": self.claims.positive,
            "claims_negative": self.claims.negative,
        }


# (felt trust, forgiveness) of a truster's latest check-in about a trustee, by (truster, trustee)
Ratings = dict[tuple[int, int], tuple[int | None, int | None]]


def latest_ratings(space: Space, truster_ids: list[int]) -> Ratings:
    """(felt trust, forgiveness) of each truster's latest check-in about each member: one query
    that returns one row per pair, however many check-ins there are."""
    newest_first = Window(
        RowNumber(),
        partition_by=[F("owner_id"), F("about_id")],
        order_by=[F("occurred_at").desc(), F("id").desc()],
    )
    rows = (
        # The truster's own check-ins: always theirs to see, whatever their visibility.
        FeltTrustCheckIn.objects.filter(space=space, owner_id__in=truster_ids, about__isnull=False)
        .annotate(rank=newest_first)
        .filter(rank=1)
        .values_list("owner_id", "about_id", "felt_trust", "forgiveness")
    )
    return {(owner, about): (felt, forgiven) for owner, about, felt, forgiven in rows}


def counted(moments: QuerySet[Moment]) -> QuerySet[Moment]:
    """Of ``moments``, those the bank and the ratio count: confirmed (a report is a claim until
    then, issue 12) and not disputed."""
    return moments.filter(disputed_at__isnull=True, confirmed_at__isnull=False)


def _tally(signed: Iterable[tuple[Any, int, int]]) -> dict[Any, tuple[int, int]]:
    """(positive, negative) per key, from (key, sign, count) rows."""
    totals: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for key, sign, n in signed:
        totals[key][0 if sign > 0 else 1] += n
    return {k: (v[0], v[1]) for k, v in totals.items()}


def ratio_totals(moments: QuerySet[Moment], by: str, now: datetime) -> dict[Any, tuple[int, int]]:
    """(positive, negative) counted moments of ``moments`` in the ratio window
    [now - 28 days, now), the same half-open window as the bank (``bank.Window``), per value of
    the column ``by``: one query, counted in the database."""
    rows = (
        counted(moments)
        .filter(occurred_at__gte=now - RATIO_WINDOW, occurred_at__lt=now)
        .values_list(by, "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _tally(
        (key, bank.KINDS_BY_CODE[kind].sign, n)
        for key, kind, n in rows
        if kind in bank.KINDS_BY_CODE
    )


def _ratio_counts(
    space: Space, truster: Any, now: datetime, version: tuple[Any, ...] | None = None
) -> dict[int, tuple[int, int]]:
    """(positive, negative) confirmed moments each member did for ``truster`` in the ratio
    window (``ratio_totals``).

    These moments are exactly the moment evidence of the truster's pairs, so with ``version``
    (the truster's stored pair states) the rows since the window's first midnight are read once
    per version and counted here; without it, counted in the database.
    """

    def received() -> Any:
        # Built only when it runs: building it (the visibility rule) cost more than a memoized
        # dashboard's whole count.
        return Moment.objects.visible_to(truster).filter(
            space=space, receiver=truster, actor__isnull=False
        )

    if version is None:
        return ratio_totals(received(), "actor_id", now)
    since = now - RATIO_WINDOW

    def fetch() -> tuple[tuple[int, datetime, int], ...]:
        rows = (
            counted(received())
            .filter(occurred_at__gte=day_anchor(since))
            .values_list("actor_id", "occurred_at", "kind")
        )
        return tuple(
            (actor_id, at, bank.KINDS_BY_CODE[kind].sign)
            for actor_id, at, kind in rows
            if kind in bank.KINDS_BY_CODE
        )

    key = ("ratio-confirmed", space.pk, truster.pk, day_anchor(since), version)
    return _tally(
        (actor_id, sign, 1) for actor_id, at, sign in memoized(key, fetch) if since <= at < now
    )


class PairRow(NamedTuple):
    """One stored trust pair (``TrustPairState``) as the pages read it, with the truster's
    latest felt-trust and forgiveness rating about the trustee (``rating``: felt * 100 +
    forgiveness, 99 for none; None without a check-in)."""

    pk: int
    truster_id: int
    trustee_id: int
    r: float
    s: float
    lasting: float
    as_of: datetime
    items: int
    updated_at: datetime
    claims_positive: int
    claims_negative: int
    rating: int | None

    @property
    def version(self) -> tuple[Any, ...]:
        """What changes whenever the pair's evidence does (``recent``)."""
        return (self.pk, self.updated_at, self.items, self.r, self.s, self.lasting)

    @property
    def state(self) -> TrustState:
        return TrustState(self.r, self.s, self.as_of, self.lasting)


def pair_rows(space: Space, truster_ids: list[int]) -> list[PairRow]:
    """Every stored pair of these trusters in the space, members or not (together they version
    the ratio's rows), with the latest rating riding along as one scalar subquery: one query."""
    latest = Subquery(
        FeltTrustCheckIn.objects.filter(
            space_id=OuterRef("space_id"),
            owner_id=OuterRef("truster_id"),
            about_id=OuterRef("trustee_id"),
        )
        .order_by("-occurred_at", "-id")
        .values(code=F("felt_trust") * 100 + Coalesce(F("forgiveness"), 99))[:1]
    )
    return [
        PairRow(*row)
        for row in TrustPairState.objects.filter(space=space, truster_id__in=truster_ids)
        .annotate(rating=latest)
        .values_list(*PairRow._fields)
        .order_by("pk")
    ]


def _pairs(
    space: Space,
    trusters: list[Any],
    now: datetime,
    members: list[Any] | None = None,
    rows: list[PairRow] | None = None,
    ratings: Ratings | None = None,
) -> list[TrustPair]:
    """Stored state, latest felt trust and the ratio window for each pair: three queries for one
    truster (members, states with their latest check-in, one grouped count) whatever the
    history, and one more while a pair has no stored state yet. Pass ``members``, ``rows``
    (``pair_rows`` of these trusters) and ``ratings`` (``latest_ratings``) when already read."""
    given = ratings
    members = active_members(space) if members is None else members
    by_id = {m.pk: m for m in members}
    truster_ids = [t.pk for t in trusters if t.pk in by_id]
    stored: dict[tuple[int, int], TrustState] = {}
    claims: dict[tuple[int, int], trust.Claims] = {}
    ratings = {} if given is None else given
    versions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in pair_rows(space, truster_ids) if rows is None else rows:
        truster_id, trustee_id, code = row.truster_id, row.trustee_id, row.rating
        versions[truster_id].append(
            (row.pk, trustee_id, row.updated_at, row.items, row.r, row.s, row.lasting)
        )
        if trustee_id not in by_id:
            continue
        stored[(truster_id, trustee_id)] = row.state
        claims[(truster_id, trustee_id)] = trust.Claims(row.claims_positive, row.claims_negative)
        if code is not None and given is None:
            ratings[(truster_id, trustee_id)] = (
                code // 100,
                None if code % 100 == 99 else code % 100,
            )
    if given is None and any((t, b) not in stored for t in truster_ids for b in by_id if t != b):
        # A pair without any evidence yet may still have a felt-trust rating.
        for key, rating in latest_ratings(space, truster_ids).items():
            ratings.setdefault(key, rating)
    pairs: list[TrustPair] = []
    for truster_id in truster_ids:
        truster = by_id[truster_id]
        counts = _ratio_counts(space, truster, now, tuple(versions[truster_id]) or None)
        for trustee in members:
            if trustee.pk == truster_id:
                continue
            state = stored.get((truster_id, trustee.pk)) or TrustState.empty(now)
            felt_raw, forgiven_raw = ratings.get((truster_id, trustee.pk), (None, None))
            estimate = state.estimate(now, PARAMS)
            felt = felt_raw / 10 if felt_raw is not None else None
            positive, negative = counts.get(trustee.pk, (0, 0))
            pairs.append(
                TrustPair.estimated(
                    truster,
                    trustee,
                    estimate,
                    felt_trust=felt,
                    forgiveness=forgiven_raw / 10 if forgiven_raw is not None else None,
                    ratio=positive / negative if negative else None,
                    positive=positive,
                    negative=negative,
                    felt_note=trust.felt_vs_evidence(felt, estimate),
                    claims=claims.get((truster_id, trustee.pk), trust.Claims()),
                )
            )
    return pairs


def trust_pairs_for_viewer(
    space: Space,
    viewer: Any,
    now: datetime | None = None,
    members: list[Any] | None = None,
    rows: list[PairRow] | None = None,
    ratings: Ratings | None = None,
) -> list[TrustPair]:
    """The viewer's own trust in each other active member (the only pairs a member may see:
    each is built from what its truster may see, private entries included). Pass ``members``
    (the space's active members), ``rows`` (``pair_rows`` of the viewer) and ``ratings``
    (``latest_ratings`` of the viewer) when already read."""
    return _pairs(space, [viewer], now or timezone.now(), members, rows, ratings)


def trust_pairs_for_operator(space: Space, now: datetime | None = None) -> list[TrustPair]:
    """Every ordered pair of active members: for the command line, run by an operator."""
    return _pairs(space, active_members(space), now or timezone.now())


# --- The relational bank account -----------------------------------------------------------------


@dataclass(frozen=True)
class BankSummary:
    start: datetime
    now: datetime
    periods: list[bank.LedgerPeriod]
    ratio: bank.RatioSummary
    turning: bank.TurningSummary
    ratio_points: list[bank.RatioPoint]
    ratio_text: str
    turning_text: str
    references: tuple[bank.Reference, ...] = bank.REFERENCES
    population_note: str = bank.POPULATION_NOTE
    balance_before: float = 0.0

    @property
    def balance(self) -> float:
        return self.periods[-1].balance if self.periods else self.balance_before

    @property
    def min_for_reference(self) -> int:
        return bank.MIN_MOMENTS_FOR_REFERENCE

    def to_dict(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "balance": self.balance,
            "weeks": [
                {
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "deposits": p.deposits,
                    "withdrawals": p.withdrawals,
                    "balance": p.balance,
                    "positive": p.deposit_count,
                    "negative": p.withdrawal_count,
                    "ratio": (p.deposit_count / p.withdrawal_count) if p.withdrawal_count else None,
                    "text": p.ratio_text,
                    "unconfirmed": p.unconfirmed,
                }
                for p in self.periods
            ],
            "ratio": {
                "window_days": self.ratio.window_days,
                "positive": self.ratio.positive,
                "negative": self.ratio.negative,
                "ratio": self.ratio.ratio,  # the float, for charts
                "text": self.ratio.text,  # the exact ratio: "4.5 to 1", "1 to 3"
                "explanation": self.ratio_text,
                "unconfirmed": self.ratio.unconfirmed,
                "enough_for_reference": self.ratio.enough_for_reference,
                "min_for_reference": bank.MIN_MOMENTS_FOR_REFERENCE,
            },
            "turning_toward": {
                "window_days": self.turning.window_days,
                "toward": self.turning.toward,
                "away": self.turning.away,
                "against": self.turning.against,
                "rate": self.turning.rate,
                "text": self.turning_text,
                "enough_for_reference": self.turning.enough_for_reference,
                "min_for_reference": bank.MIN_BIDS_FOR_REFERENCE,
            },
            "references": [r.to_dict() for r in self.references],
            "note": self.population_note,
        }


def _week_start(when: datetime) -> datetime:
    local = timezone.localtime(when)
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def balance_before_from_history(space: Space, viewer: Any, start: datetime) -> float:
    """The running balance before ``start``: every confirmed, undisputed moment of the space
    that ``viewer`` may see, summed from the beginning (the checkpoint's source of truth)."""
    balance = 0.0
    for row in (
        counted(Moment.objects.visible_to(viewer))
        .filter(space=space, occurred_at__lt=start)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        kind = bank.KINDS_BY_CODE.get(row["kind"])
        if kind is not None:
            balance += kind.sign * row["n"]
    return balance


def _balance_before(space: Space, viewer: Any, start: datetime) -> float:
    """``balance_before_from_history`` through the stored checkpoint: one small read while the
    space's change counter has not moved and the chart starts where it did; else the sum,
    stored for the next view (three more queries)."""
    found = (
        BalanceCheckpoint.objects.current(space, viewer)
        .filter(as_of=start)
        .values_list("balance", flat=True)
        .first()
    )
    if found is not None:
        return found
    return checkpoints.rebuild(
        BalanceCheckpoint,
        space=space,
        viewer=viewer,
        as_of=start,
        field="balance",
        build=lambda: balance_before_from_history(space, viewer, start),
    )


def bank_start(now: datetime, weeks: int = 12) -> datetime:
    """Where the bank account's weekly chart begins: the Monday ``weeks - 1`` weeks before this
    one (before the space's own start is taken into account)."""
    return _week_start(now) - timedelta(weeks=weeks - 1)


def bank_events(
    rows: Iterable[tuple[datetime, str, datetime | None]],
) -> list[bank.SignedEvent]:
    """The bank's events from (occurred_at, kind, confirmed_at) rows in time order."""
    return [
        bank.SignedEvent.for_moment(at, kind, confirmed=confirmed_at is not None)
        for at, kind, confirmed_at in rows
        if kind in bank.KINDS_BY_CODE
    ]


def bank_summary(
    space: Space, viewer: Any, now: datetime | None = None, weeks: int = 12
) -> BankSummary:
    """Deposits and withdrawals by week (every confirmed moment in the space the viewer may see),
    the running balance, the 28-day ratio and the turning-toward rate; unconfirmed moments are
    claims, counted apart and never in a figure. Two queries while the balance checkpoint
    holds (``BalanceCheckpoint``); three more when it is rebuilt."""
    now = now or timezone.now()
    start = bank_start(now, weeks)
    visible = Moment.objects.visible_to(viewer).filter(space=space, disputed_at__isnull=True)
    balance_before = _balance_before(space, viewer, start)
    events = bank_events(
        visible.filter(occurred_at__gte=start, occurred_at__lte=now)
        .order_by("occurred_at")
        .values_list("occurred_at", "kind", "confirmed_at")
    )
    return summarise_bank(space, now, start, balance_before, events)


def summarise_bank(
    space: Space,
    now: datetime,
    start: datetime,
    balance_before: float,
    events: list[bank.SignedEvent],
) -> BankSummary:
    """The bank account from ``start`` (``bank_start``) to ``now``: ``events`` are the viewer's
    events in [start, now] in time order, ``balance_before`` the balance before ``start``."""
    # The weeks start when the space did (or at its earliest moment, if one was dated before
    # it): on day one there is one week to show, not eleven empty ones before anyone was here.
    first = min([space.created_at, *(e.at for e in events[:1])])
    start = min(max(start, _week_start(first)), _week_start(now))
    periods = [
        dataclasses.replace(p, balance=p.balance + balance_before)
        for p in bank.ledger(events, start, now)
    ]
    ratio = bank.positive_negative_ratio(events, now)
    turning = bank.turning_toward(events, now)
    return BankSummary(
        start=start,
        now=now,
        periods=periods,
        ratio=ratio,
        turning=turning,
        ratio_points=bank.ratio_series(events, start, now),
        ratio_text=bank.explain_ratio(ratio),
        turning_text=bank.explain_turning_toward(turning),
        balance_before=balance_before,
    )


# --- Trust trajectory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Trajectory:
    truster: Any
    trustee: Any
    points: list[TrajectoryPoint]
    felt: list[tuple[datetime, float]] = field(default_factory=list)


def trust_trajectory(
    space: Space, viewer: Any, trustee: Any, now: datetime | None = None, weeks: int = 12
) -> Trajectory:
    """The viewer's trust in ``trustee`` week by week, with the viewer's felt-trust ratings.

    Starts from the stored state and takes back the window's evidence to find where the
    window began, so only the window's records are read, never all history; and those are
    read again only when the pair's stored state has changed (``recent``).
    """
    now = now or timezone.now()
    row = TrustPairState.objects.filter(space=space, truster=viewer, trustee=trustee).first()
    version = (
        None if row is None else (row.pk, row.updated_at, row.items, row.r, row.s, row.lasting)
    )
    items = recent_evidence(space, viewer, trustee, now - timedelta(weeks=weeks), version)

    def felt(start: datetime) -> list[tuple[datetime, int]]:
        return list(
            FeltTrustCheckIn.objects.filter(
                space=space,
                owner=viewer,
                about=trustee,
                occurred_at__gte=start,
                occurred_at__lte=now,
            )
            .order_by("occurred_at")
            .values_list("occurred_at", "felt_trust")
        )

    return trajectory_from(
        space, viewer, trustee, now, None if row is None else row.state, items, felt, weeks
    )


def trajectory_from(
    space: Space,
    viewer: Any,
    trustee: Any,
    now: datetime,
    stored: TrustState | None,
    items: list[Evidence],
    felt: Callable[[datetime], list[tuple[datetime, int]]],
    weeks: int = 12,
) -> Trajectory:
    """The trajectory from the pair's stored state (None without one), its evidence at or
    after ``now - weeks`` (oldest first) and ``felt(start)``, the viewer's felt-trust ratings
    of the trustee in [start, now] (0-10, in time order)."""
    # From when the space began (or its earliest evidence in the window), not before it: whole
    # weeks back from now, so the last point is always now.
    first = min([space.created_at, *(item.at for item in items[:1])])
    shown = min(weeks, max(1, math.ceil((now - first) / timedelta(weeks=1))))
    start = now - timedelta(weeks=shown)
    if stored is None:
        initial = TrustState.empty(start)
    else:
        state = stored
        for item in items:
            state = state.remove(item, PARAMS)
        # Forgetting is linear: the rest of the evidence, valued at as_of, is the state at the
        # window's start decayed forward; positive and negative fade at their own rates.
        initial = state.rewound(start, PARAMS)
    points = trajectory(items, start, now, timedelta(weeks=1), PARAMS, initial=initial)
    return Trajectory(
        truster=viewer,
        trustee=trustee,
        points=points,
        felt=[(at, value / 10) for at, value in felt(start)],
    )


# --- Lists and the timeline ----------------------------------------------------------------------


def moments_visible_to(viewer: Any, space: Space) -> Any:
    return Moment.objects.seen_in(viewer, space, "actor", "receiver", newest="occurred_at")


def moments_to_confirm(viewer: Any, space: Space, limit: int = 5) -> list[Moment]:
    return list(
        moments_visible_to(viewer, space).filter(
            receiver=viewer, confirmed_at__isnull=True, disputed_at__isnull=True
        )[:limit]
    )


def disclosures_visible_to(viewer: Any, space: Space) -> Any:
    return Disclosure.objects.seen_in(viewer, space, "acknowledged_by", newest="occurred_at")


def disclosures_to_acknowledge(viewer: Any, space: Space, limit: int = 10) -> list[Disclosure]:
    """Others' disclosures the viewer may see that nobody has acknowledged yet, newest first."""
    return list(
        disclosures_visible_to(viewer, space)
        .filter(acknowledged_at__isnull=True)
        .exclude(owner=viewer)[:limit]
    )


def checkins_visible_to(viewer: Any, space: Space) -> Any:
    return FeltTrustCheckIn.objects.seen_in(viewer, space, "about", newest="occurred_at")


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # moment, disclosure, checkin, occurrence
    record: Any

    @property
    def sort_key(self) -> tuple[datetime, str, int]:
        return (self.at, self.kind, self.record.pk)


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _occurrences(viewer: Any, space: Space, limit: int) -> list[TimelineEntry]:
    rows = occurrences_visible_to(viewer, space=space, reported_only=True).order_by(
        "-due_at", "-id"
    )[:limit]
    return [TimelineEntry(o.due_at, "occurrence", o) for o in rows]


TIMELINE_PAGE_SIZE = 25
TIMELINE_MAX_PAGE = 200


def timeline(
    viewer: Any, space: Space, page: int = 1, per_page: int = TIMELINE_PAGE_SIZE
) -> TimelinePage:
    """Everything in the space the viewer may see, newest first, merged across record kinds.

    One query per kind whatever the number of rows: each kind gives its newest
    ``page * per_page + 1`` rows, enough to fill the requested page of the merge.
    """
    page = max(1, min(page, TIMELINE_MAX_PAGE))
    need = page * per_page + 1
    entries = [
        TimelineEntry(m.occurred_at, "moment", m) for m in moments_visible_to(viewer, space)[:need]
    ]
    entries += [
        TimelineEntry(d.occurred_at, "disclosure", d)
        for d in disclosures_visible_to(viewer, space)[:need]
    ]
    entries += [
        TimelineEntry(c.occurred_at, "checkin", c)
        for c in checkins_visible_to(viewer, space)[:need]
    ]
    entries += _occurrences(viewer, space, need)
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    offset = (page - 1) * per_page
    return TimelinePage(
        entries=entries[offset : offset + per_page],
        page=page,
        has_next=len(entries) > offset + per_page,
    )


def member_choices(space: Space) -> list[Any]:
    return active_members(space)


__all__ = [
    "BankSummary",
    "PairRow",
    "TimelineEntry",
    "TimelinePage",
    "Trajectory",
    "TrustPair",
    "bank_events",
    "bank_start",
    "bank_summary",
    "checkins_visible_to",
    "disclosures_to_acknowledge",
    "disclosures_visible_to",
    "latest_ratings",
    "moments_to_confirm",
    "moments_visible_to",
    "pair_rows",
    "summarise_bank",
    "timeline",
    "trajectory_from",
    "trust_pairs_for_operator",
    "trust_pairs_for_viewer",
    "trust_trajectory",
]
