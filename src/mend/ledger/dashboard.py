"""The numbers of one member's dashboard of a space, read through its stored checkpoint.

A dashboard view used to read the same rows again on every request, each through the
visibility rule: the recent weeks' moments for the bank account, each trust chart's evidence
from every source and the felt-trust ratings, the stored trust pairs, the moments and
disclosures waiting for the viewer. ``DashboardCheckpoint`` keeps what those reads found, as the
viewer may see it, from a day boundary at or before where the charts begin (``as_of``) onwards,
with the running balance before it. A view then reads one row and computes the rest as before:
every figure depends on the clock (the index fades, the windows move), so the clock's part is
still done on each view, from the same inputs, by the same functions
(``selectors.summarise_bank``, ``selectors.trajectory_from``, ``domain.trust.trajectory``); only
the reads are stored.

The row is current while the space's change counter (``Space.revision``) and the viewer's own
(``Membership.own_revision``) are what they were built at. Every write the space's members can
see (a shared moment, disclosure, check-in, commitment report or breach, a visibility change to
or from the space, a membership or consent change, an erased account, and any rebuild of the
stored trust pairs, ``mend rebuild_trust`` included) moves the space's; a write only its owner
can see (a private moment, rating or breach, and the self-trust records, which this page does not
show) moves only the owner's. So the viewer's own private records show at once, and another
member's private writing leaves the row (and the page kept in ``shown``) as it was: a view
worked out again, slower and with more queries, would tell the viewer that someone had just
written something they may not see. Otherwise the view reads the records and stores the row
again. It holds the viewer's stored trust pairs too, so a view reads neither them nor the
ratings again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.utils import timezone, translation

from mend.core.memo import Memo
from mend.domain import bank
from mend.domain.trust import Evidence, evidence_of
from mend.ledger import checkpoints, selectors
from mend.ledger.models import DashboardCheckpoint, Disclosure, FeltTrustCheckIn, Moment
from mend.ledger.recent import day_anchor
from mend.ledger.sources import all_evidence
from mend.ledger.trust_pairs import PARAMS
from mend.spaces.models import Membership, Space

WEEKS = 12
# A row is kept while its as_of is less than this before where the charts begin, so a space
# nobody changes is read again once a week, not every day, and the stored weeks stay few.
SLACK = timedelta(days=7)
# The rendered numbers and charts are reused for at most this long (``shown``).
SHOWN_FOR = timedelta(minutes=5)
# Rendered dashboards (a few tens of kB each) by what they show (``shown``).
_SHOWN = Memo(256)
# The layout of ``DashboardCheckpoint.data``: a row of another layout is read again, not decoded.
FORMAT = 1


def begins(now: datetime, weeks: int = WEEKS) -> datetime:
    """The earliest instant a dashboard at ``now`` reads: where the bank's weekly chart or the
    trust charts begin, whichever is earlier, at midnight UTC."""
    earliest = min(selectors.bank_start(now, weeks), now - timedelta(weeks=weeks))
    return day_anchor(earliest)


@dataclass(frozen=True)
class DashboardNumbers:
    pairs: list[selectors.TrustPair]
    summary: selectors.BankSummary
    trajectories: list[selectors.Trajectory]
    to_confirm: list[Moment]
    to_acknowledge: list[Disclosure]


@dataclass(frozen=True)
class Reads:
    """A checkpoint's content, decoded: what the viewer may see from ``as_of`` on."""

    as_of: datetime
    balance: float  # confirmed, undisputed moments before as_of, summed
    # (occurred_at, kind, confirmed_at) of every undisputed moment at or after as_of, in order
    moments: list[tuple[datetime, str, datetime | None]]
    evidence: dict[int, list[Evidence]]  # by trustee: the viewer's evidence, oldest first
    felt: dict[int, list[tuple[datetime, int]]]  # by trustee: the viewer's ratings, in order
    to_confirm: list[int]
    to_acknowledge: list[int]
    rows: list[selectors.PairRow]  # the viewer's stored trust pairs
    ratings: selectors.Ratings  # the viewer's latest felt trust and forgiveness, by pair

    def balance_before(self, start: datetime) -> float:
        """The running balance before ``start`` (at or after as_of)."""
        balance = self.balance
        for at, kind, confirmed_at in self.moments:
            if at >= start:
                break
            found = bank.KINDS_BY_CODE.get(kind)
            if found is not None and confirmed_at is not None:
                balance += found.sign
        return balance


def _row(row: selectors.PairRow) -> list[Any]:
    return [
        *row[:6],
        row.as_of.isoformat(),
        row.items,
        row.updated_at.isoformat(),
        *row[9:],
    ]


def _unrow(stored: list[Any]) -> selectors.PairRow:
    pk, truster, trustee, r, s, lasting, as_of, items, updated_at, positive, negative, rating = (
        stored
    )
    return selectors.PairRow(
        pk,
        truster,
        trustee,
        r,
        s,
        lasting,
        datetime.fromisoformat(as_of),
        items,
        datetime.fromisoformat(updated_at),
        positive,
        negative,
        rating,
    )


def _when(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _decode(as_of: datetime, data: dict[str, Any]) -> Reads:
    return Reads(
        as_of=as_of,
        balance=data["balance"],
        moments=[
            (datetime.fromisoformat(at), kind, _when(confirmed))
            for at, kind, confirmed in data["moments"]
        ],
        evidence={
            int(trustee): [
                evidence_of(kind, datetime.fromisoformat(at), positive=positive, params=PARAMS)
                for at, kind, positive in items
            ]
            for trustee, items in data["evidence"].items()
        },
        felt={
            int(trustee): [(datetime.fromisoformat(at), value) for at, value in ratings]
            for trustee, ratings in data["felt"].items()
        },
        to_confirm=data["to_confirm"],
        to_acknowledge=data["to_acknowledge"],
        rows=[_unrow(row) for row in data["pairs"]],
        ratings={
            (truster, about): (felt, forgiven) for truster, about, felt, forgiven in data["ratings"]
        },
    )


def _between(
    ratings: list[tuple[datetime, int]], start: datetime, *, end: datetime
) -> list[tuple[datetime, int]]:
    return [rating for rating in ratings if start <= rating[0] <= end]


def _build(space: Space, viewer: Any, others: list[Any], as_of: datetime) -> dict[str, Any]:
    """Read what the dashboard shows from ``as_of`` on, through the visibility rule."""
    moments = (
        Moment.objects.visible_to(viewer)
        .filter(space=space, disputed_at__isnull=True, occurred_at__gte=as_of)
        .order_by("occurred_at", "id")
        .values_list("occurred_at", "kind", "confirmed_at")
    )
    felt: dict[str, list[list[Any]]] = {str(other.pk): [] for other in others}
    for about_id, at, value in (
        # The viewer's own ratings: always theirs to see, whatever their visibility.
        FeltTrustCheckIn.objects.filter(
            space=space,
            owner=viewer,
            about_id__in=[other.pk for other in others],
            occurred_at__gte=as_of,
        )
        .order_by("occurred_at", "id")
        .values_list("about_id", "occurred_at", "felt_trust")
    ):
        felt[str(about_id)].append([at.isoformat(), value])
    return {
        "format": FORMAT,
        "pairs": [_row(row) for row in selectors.pair_rows(space, [viewer.pk])],
        "ratings": [
            [truster, about, felt, forgiven]
            for (truster, about), (felt, forgiven) in selectors.latest_ratings(
                space, [viewer.pk]
            ).items()
        ],
        "balance": selectors.balance_before_from_history(space, viewer, as_of),
        "moments": [
            [at.isoformat(), kind, None if confirmed is None else confirmed.isoformat()]
            for at, kind, confirmed in moments
        ],
        "evidence": {
            str(other.pk): [
                [event.at.isoformat(), event.kind, event.positive]
                for event in all_evidence(space, viewer, other, since=as_of)
            ]
            for other in others
        },
        "felt": felt,
        "to_confirm": [m.pk for m in selectors.moments_to_confirm(viewer, space)],
        "to_acknowledge": [d.pk for d in selectors.disclosures_to_acknowledge(viewer, space)],
    }


def reads(space: Space, viewer: Any, others: list[Any], now: datetime) -> Reads:
    """The checkpoint of ``viewer`` in ``space`` for a dashboard at ``now``: one query while it
    is current; else the records are read and the row stored again."""
    needed = begins(now)
    found = (
        DashboardCheckpoint.objects.current(space, viewer)
        .filter(as_of__lte=needed, as_of__gt=needed - SLACK)
        .values_list("as_of", "data")
        .first()
    )
    if found is not None:
        as_of, data = found
        if data.get("format") == FORMAT and all(str(o.pk) in data["evidence"] for o in others):
            return _decode(as_of, data)
    data = checkpoints.rebuild(
        DashboardCheckpoint,
        space=space,
        viewer=viewer,
        as_of=needed,
        field="data",
        build=lambda: _build(space, viewer, others, needed),
    )
    return _decode(needed, data)


def numbers(space: Space, viewer: Any, members: list[Any], now: datetime) -> DashboardNumbers:
    """Everything the dashboard shows of the space's numbers for ``viewer`` (a member) at
    ``now``: equal to what ``selectors`` compute from the records (``trust_pairs_for_viewer``,
    ``bank_summary``, ``trust_trajectory``, ``moments_to_confirm``,
    ``disclosures_to_acknowledge``), in one query while the checkpoint is current, one more for
    each list waiting for the viewer, and the ratio's rows once a day (``recent``)."""
    others = [m for m in members if m.pk != viewer.pk]
    found = reads(space, viewer, others, now)
    pairs = selectors.trust_pairs_for_viewer(space, viewer, now, members, found.rows, found.ratings)
    start = selectors.bank_start(now, WEEKS)
    summary = selectors.summarise_bank(
        space,
        now,
        start,
        found.balance_before(start),
        selectors.bank_events(m for m in found.moments if start <= m[0] <= now),
    )
    by_trustee = {row.trustee_id: row.state for row in found.rows}
    trajectories = []
    for other in others:
        since = now - timedelta(weeks=WEEKS)
        ratings = found.felt[other.pk]
        trajectories.append(
            selectors.trajectory_from(
                space,
                viewer,
                other,
                now,
                by_trustee.get(other.pk),
                [item for item in found.evidence[other.pk] if item.at >= since],
                partial(_between, ratings, end=now),
                WEEKS,
            )
        )
    to_confirm, to_acknowledge = waiting(space, found.to_confirm, found.to_acknowledge)
    return DashboardNumbers(pairs, summary, trajectories, to_confirm, to_acknowledge)


def waiting(
    space: Space, to_confirm: list[int], to_acknowledge: list[int]
) -> tuple[list[Moment], list[Disclosure]]:
    """The moments and disclosures waiting for the viewer, by id: a query for each list that
    is not empty."""
    moments = (
        list(
            Moment.objects.filter(space=space, pk__in=to_confirm)
            .select_related("owner", "actor", "receiver")
            .order_by("-occurred_at", "-id")
        )
        if to_confirm
        else []
    )
    disclosures = (
        list(
            Disclosure.objects.filter(space=space, pk__in=to_acknowledge)
            .select_related("owner", "acknowledged_by")
            .order_by("-occurred_at", "-id")
        )
        if to_acknowledge
        else []
    )
    return moments, disclosures


@dataclass(frozen=True)
class Shown:
    """The dashboard's numbers and charts as one viewer was shown them (``shown``)."""

    numbers: str  # the rendered "where things stand"
    charts: str  # the rendered trust trajectories and the ratio chart
    to_confirm: list[Moment]
    to_acknowledge: list[Disclosure]


def shown(
    space: Space,
    viewer: Any,
    members: list[Any],
    now: datetime,
    *,
    render: Callable[[DashboardNumbers], tuple[str, str]],
) -> Shown:
    """The dashboard's numbers and charts, rendered by ``render``, once per ``SHOWN_FOR`` per
    process while nothing in the space changes.

    Computing them from the stored checkpoint (the trust pairs, a Beta quantile for every
    week of every chart, the charts' markup) was most of a dashboard view. What they show
    depends on the space's records only through its change counter and the viewer's own
    (``Space.revision`` and ``Membership.own_revision``, read with the space in this request),
    on the members and their names, on the person's zone and language (dates), and on the
    clock. So they are kept per process, keyed by all of those but the clock, for the
    ``SHOWN_FOR`` window the clock falls in: never behind a write, and at most ``SHOWN_FOR``
    behind the clock (the index fading, the windows moving).

    ``space`` must be read after the request's last write (as the access helpers read it, first
    thing): its counters are the key, and one read before a write would name what came before."""
    own = getattr(space, "own_revision", None)
    if own is None:  # a space not read by ``get_space_for_member``
        own = (
            Membership.objects.active()
            .filter(space=space, user_id=viewer.pk)
            .values_list("own_revision", flat=True)
            .first()
        )
    key = (
        space.pk,
        space.created_at,  # a space id can come back in a new database; its creation cannot
        space.revision,
        own,
        viewer.pk,
        tuple((m.pk, str(m)) for m in members),
        timezone.get_current_timezone_name(),
        translation.get_language(),
        int(now.timestamp() // SHOWN_FOR.total_seconds()),
    )

    kept = _SHOWN.get(key)
    if kept is not None:
        numbers_html, charts_html, to_confirm, to_acknowledge = kept
        return Shown(numbers_html, charts_html, *waiting(space, to_confirm, to_acknowledge))
    found = numbers(space, viewer, members, now)
    # Rendered markup (SafeString), kept as it is; the waiting lists by id, read again each view.
    numbers_html, charts_html = render(found)
    _SHOWN.put(
        key,
        (
            numbers_html,
            charts_html,
            [m.pk for m in found.to_confirm],
            [d.pk for d in found.to_acknowledge],
        ),
    )
    return Shown(numbers_html, charts_html, found.to_confirm, found.to_acknowledge)
