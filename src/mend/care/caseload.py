"""The counsellor's caseload: every space with a consent in force, with shared trends, triage
signals and what changed since the last visit, in a fixed number of queries.

``caseload_for`` builds the rows from the records (about twenty queries, whatever the number of
spaces, but its time grows with them: half a second for 200 spaces with a year of history).
``caseload_page`` is what the page and the API show: the same rows, stored per counsellor and
space (``CaseloadSnapshot``), sorted, filtered and cut into pages. A stored row is shown only
while it matches what it was built from: the changes its counsellor may see
(``COUNSELLOR_CHANGES``: the space's change counter, ``Space.revision``, moved by every write of
shared evidence, sharing, membership or consent, with ``Space.counsellor_revision``, moved by a
record shared only with a counsellor; a record only its owner can see moves neither, so it
never makes a row rebuilt, which would tell the counsellor that someone just wrote in private),
the members whose consent is in force, the counsellor's last visit; and only while it is
younger than ``MAX_AGE``, because its windows (28 days, 14 days) move with the clock.
Otherwise it is rebuilt, with ``caseload_for``'s queries for just those spaces, before the page
is shown. ``mend worker`` rebuilds rows whose counter moved or that are older than
``REFRESH_AGE`` (``refresh_due``), so a page seldom waits.
So a row is never behind a write, and its windows are at most ``MAX_AGE`` behind the clock.

Only records shared with the counsellor are counted (``visible_to(counsellor)``). The members'
trust index is not shown here: the ledger stores it per member, built from that member's private
entries too, so it is not the counsellor's to see. The space page computes one from shared
evidence instead.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connection, connections, router
from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mend.accounts.models import User
from mend.audit.models import AuditEvent
from mend.care.models import CaseloadSnapshot, CaseloadVisit
from mend.care.sections import SECTIONS
from mend.care.triage_service import SIGNAL_KINDS, signals_for_spaces
from mend.core.exceptions import DomainError
from mend.core.ids import random_id
from mend.core.memo import Memo
from mend.domain.bank import MIN_MOMENTS_FOR_REFERENCE, format_ratio
from mend.domain.triage import Signal
from mend.instruments.models import InstrumentResult
from mend.ledger.models import Moment
from mend.ledger.selectors import ratio_totals
from mend.safety.models import SafetyCheckIn
from mend.selftrust.models import QuestionnaireResult
from mend.spaces.models import CounsellorAccess

# Safety check-ins: the last fortnight against the one before it.
SAFETY_HALF_WINDOW = timedelta(days=14)
# Safety of 4/10 or less counts as low, as in the triage rules (mend.domain.triage).
LOW_SAFETY = 4
QUESTIONNAIRE_LOOKBACK = timedelta(days=180)
# "What changed" looks back at most this far, so a space never visited (or not for months)
# does not make the caseload scan a year of history.
CHANGES_LOOKBACK = timedelta(days=30)
# A stored row's windows are at most this far behind the clock (see the module's docstring).
MAX_AGE = timedelta(hours=1)
# ``mend worker`` rebuilds rows older than this, ahead of MAX_AGE, so pages rarely wait.
REFRESH_AGE = timedelta(minutes=45)
# "No recent activity": nothing shared with the counsellor for this long.
QUIET_AFTER = timedelta(days=14)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Sorts a counsellor can choose, and how each reads.
SORTS: dict[str, str] = {
    "name": "Name",
    "signals": "Signals first",
    "changed": "Most changed since my visit",
    "safety": "Lowest safety first",
    "activity": "Longest without activity first",
    "visit": "Longest since my visit first",
}
_SEVERITY = {"consider": 1, "recommend": 2}
# ``Space.counsellor_changes`` over a query with a ``space`` relation.
COUNSELLOR_CHANGES = F("space__revision") + F("space__counsellor_revision")


# Exact fractions are slow to print, and a caseload repeats the same few pairs of counts.
_ratio_text = lru_cache(maxsize=4096)(format_ratio)


@dataclass(frozen=True)
class RatioTrend:
    positive: int
    negative: int

    @property
    def ratio(self) -> float | None:
        return self.positive / self.negative if self.negative else None

    @property
    def text(self) -> str:
        """Printed exactly: "4.5 to 1", "1 to 3" (issue 12)."""
        return _ratio_text(self.positive, self.negative)

    @property
    def enough_for_reference(self) -> bool:
        return self.positive + self.negative >= MIN_MOMENTS_FOR_REFERENCE


@dataclass(frozen=True)
class SafetyTrend:
    recent: float | None  # average safety (0-10), last 14 days
    previous: float | None  # the 14 days before
    count: int
    low: int

    @property
    def direction(self) -> str:
        if self.recent is None or self.previous is None:
            return "unknown"
        if self.recent - self.previous >= 1:
            return "up"
        if self.previous - self.recent >= 1:
            return "down"
        return "steady"


@dataclass(frozen=True)
class QuestionnaireTrend:
    member: Any
    instrument_id: str
    # Whole numbers for summed scales; a mean-scored instrument gives fractions.
    latest: int | float
    previous: int | float | None
    min_total: int | float
    max_total: int | float
    at: datetime


@dataclass
class CaseloadRow:
    space: Any  # a SpaceRef: pk, name, revision, created_at
    members: list[Any] = field(default_factory=list)  # members sharing with this counsellor
    last_visit: datetime | None = None
    new_records: int = 0  # shared records new or changed since the last visit (≤ 30 days)
    new_consents: int = 0
    ratio: RatioTrend | None = None
    safety: SafetyTrend | None = None
    questionnaires: list[QuestionnaireTrend] = field(default_factory=list)
    signals: list[Any] = field(default_factory=list)
    # The newest shared record created or changed (looked for over QUIET_AFTER at least, up
    # to CHANGES_LOOKBACK), if any.
    last_activity: datetime | None = None
    built_at: datetime | None = None  # when the stored row was built
    # Whether the details above (trends, questionnaires, signals) are filled in: a row read from
    # its stored columns has them only once ``fill_details`` read its JSON.
    detailed: bool = False
    # What sorting and filtering read, from the stored row's columns: the details above (its
    # JSON) are read for the rows of the page only.
    signal_codes: tuple[str, ...] = ()
    signal_rank: int = 0  # 0 no signal, 1 consider, 2 recommend
    safety_recent: float | None = None

    @property
    def changed(self) -> int:
        """New or changed shared records, and new consents, since the last visit."""
        return self.new_records + (self.new_consents if self.last_visit else 0)

    def quiet(self, now: datetime) -> bool:
        return self.last_activity is None or self.last_activity < now - QUIET_AFTER

    @property
    def severity(self) -> int:
        return max((_SEVERITY.get(s.severity, 1) for s in self.signals), default=0)


def _changes(
    counsellor: Any, space_ids: list[int], visits: dict[int, datetime], now: datetime
) -> tuple[dict[int, int], dict[int, datetime]]:
    """Shared records created or changed since the counsellor's last visit (at most
    ``CHANGES_LOOKBACK`` ago), and the newest of them (within ``QUIET_AFTER`` at least), per
    space: one query, a UNION ALL over every kind of record of (space, updated_at) pairs in the
    window, counted here against each space's last visit."""
    floor = now - CHANGES_LOOKBACK
    if visits and len(visits) == len(space_ids):
        floor = max(floor, min(visits.values()))
    # Far enough back to tell a quiet space from an active one whatever the visits.
    floor = min(floor, now - QUIET_AFTER)
    parts = [
        model.objects.visible_to(counsellor)
        .filter(space_id__in=space_ids, updated_at__gt=floor)
        .values_list("space_id", "updated_at")
        .order_by()
        for model in (section.model for section in SECTIONS)
    ]
    counts: dict[int, int] = defaultdict(int)
    newest: dict[int, datetime] = {}
    for space_id, updated_at in parts[0].union(*parts[1:], all=True):
        last = visits.get(space_id)
        if (last is None or updated_at > last) and updated_at > now - CHANGES_LOOKBACK:
            counts[space_id] += 1
        if space_id not in newest or updated_at > newest[space_id]:
            newest[space_id] = updated_at
    return counts, newest


def _ratios(counsellor: Any, space_ids: list[int], now: datetime) -> dict[int, RatioTrend]:
    """The bank account's own ratio (``ledger.selectors.ratio_totals``), so both views agree."""
    shared = Moment.objects.visible_to(counsellor).filter(space_id__in=space_ids)
    return {k: RatioTrend(*v) for k, v in ratio_totals(shared, "space_id", now).items()}


def _safety(counsellor: Any, space_ids: list[int], now: datetime) -> dict[int, SafetyTrend]:
    middle = now - SAFETY_HALF_WINDOW
    rows = (
        SafetyCheckIn.objects.visible_to(counsellor)
        .filter(space_id__in=space_ids, created_at__gt=now - 2 * SAFETY_HALF_WINDOW)
        .values("space_id")
        .annotate(
            recent=Avg("safety", filter=Q(created_at__gt=middle)),
            previous=Avg("safety", filter=Q(created_at__lte=middle)),
            count=Count("id"),
            low=Count("id", filter=Q(safety__lte=LOW_SAFETY)),
        )
        .order_by()
    )
    return {
        r["space_id"]: SafetyTrend(
            recent=float(r["recent"]) if r["recent"] is not None else None,
            previous=float(r["previous"]) if r["previous"] is not None else None,
            count=r["count"],
            low=r["low"],
        )
        for r in rows
    }


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# The two kinds of questionnaire result a member can share, and the field naming the
# questionnaire in each: self-trust's built-in scales, and the instruments (any version).
_QUESTIONNAIRE_RESULTS: tuple[tuple[type[QuestionnaireResult | InstrumentResult], str], ...] = (
    (QuestionnaireResult, "instrument_id"),
    (InstrumentResult, "definition__key"),
)


def _questionnaires(
    model: type[QuestionnaireResult | InstrumentResult],
    key: str,
    counsellor: Any,
    space_ids: list[int],
    now: datetime,
) -> dict[int, list[QuestionnaireTrend]]:
    """The latest two shared results per member and questionnaire (``key``, a field or a path
    through a relation), one query."""
    relation, through, _ = key.partition("__")
    rows = (
        model.objects.visible_to(counsellor)
        .filter(space_id__in=space_ids, created_at__gt=now - QUESTIONNAIRE_LOOKBACK)
        .select_related("owner", *([relation] if through else []))
        .only(
            "id",
            "space_id",
            "owner__display_name",
            "owner__email",
            key,
            "total",
            "min_total",
            "max_total",
            "created_at",
        )
        .order_by("space_id", "owner_id", key, "-created_at", "-id")
    )
    key_of = attrgetter(key.replace("__", "."))
    latest: dict[tuple[int, int, str], list[Any]] = defaultdict(list)
    for r in rows:
        bucket = latest[(r.space_id, r.owner_id, key_of(r))]
        if len(bucket) < 2:
            bucket.append(r)
    found: dict[int, list[QuestionnaireTrend]] = defaultdict(list)
    for (space_id, _owner, questionnaire), pair in latest.items():
        found[space_id].append(
            QuestionnaireTrend(
                member=pair[0].owner,
                instrument_id=questionnaire,
                # Summed scales are whole numbers; a mean-scored instrument's may be fractions.
                latest=_whole(pair[0].total),
                previous=_whole(pair[1].total) if len(pair) > 1 else None,
                min_total=_whole(pair[0].min_total),
                max_total=_whole(pair[0].max_total),
                at=pair[0].created_at,
            )
        )
    return found


class SpaceRef(NamedTuple):
    """What a caseload row needs of its space (read as values, not as model instances; a
    tuple, because a page makes hundreds and a frozen dataclass is slower to make)."""

    pk: int
    name: str
    revision: int  # the changes the counsellor may see (``COUNSELLOR_CHANGES``)
    # Read only for rows built from the records (the triage rules need the space's age); a
    # stored row shown as it is needs no date.
    created_at: datetime | None = None

    def __str__(self) -> str:
        return self.name


class PersonRef(NamedTuple):
    """A sharing member as the caseload shows them (``User.__str__``'s rule)."""

    pk: int
    display_name: str
    email: str

    def __str__(self) -> str:
        return self.display_name or self.email


@dataclass(frozen=True)
class Consent:
    space_id: int
    member_id: int
    granted_at: datetime


def _consents(
    counsellor: Any, *, dated: bool = True, spaces: Iterable[int] | None = None
) -> tuple[list[Consent], dict[int, CaseloadRow]]:
    """Consents in force from current members, and one bare row per space (members only):
    one query, read as values (a caseload of hundreds builds no model instances).

    ``dated=False`` leaves out the dates (no consents returned, spaces without ``created_at``):
    what a page of stored rows needs, read on every view. ``spaces`` narrows it to some."""
    consents: list[Consent] = []
    rows: dict[int, CaseloadRow] = {}
    for space_id, name, revision, member_id, display, email, *dates in _who_shares(
        counsellor, dated=dated, spaces=spaces
    ):
        row = rows.get(space_id)
        if row is None:
            ref = SpaceRef(space_id, name, revision, dates[0] if dates else None)
            row = rows[space_id] = CaseloadRow(space=ref)
        row.members.append(PersonRef(member_id, display, email))
        if dates:
            consents.append(Consent(space_id, member_id, dates[1]))
    return consents, rows


def _who_shares(counsellor: Any, *, dated: bool, spaces: Iterable[int] | None = None) -> Any:
    """Who shares with the counsellor (``_consents``), as a query of values."""
    found = CounsellorAccess.objects.in_force().filter(
        counsellor=counsellor,
        space__memberships__user_id=F("member_id"),
        space__memberships__left_at__isnull=True,
    )
    if spaces is not None:
        found = found.filter(space_id__in=list(spaces))
    columns = [
        "space_id",
        "space__name",
        "changes",
        "member_id",
        "member__display_name",
        "member__email",
    ]
    if dated:
        columns += ["space__created_at", "granted_at"]
    return (
        found.annotate(changes=COUNSELLOR_CHANGES)
        .order_by("space__name", "space_id", "member__display_name")
        .values_list(*columns)
    )


def _set_visits(consents: list[Consent], rows: dict[int, CaseloadRow], visits: Any) -> None:
    for access in consents:
        row = rows[access.space_id]
        row.last_visit = visits.get(access.space_id)
        if row.last_visit is None or access.granted_at > row.last_visit:
            row.new_consents += 1


def caseload_for(counsellor: Any, *, now: datetime | None = None) -> list[CaseloadRow]:
    """The counsellor's spaces (at least one consent in force), in a fixed number of queries,
    built from the records (``caseload_page`` shows stored rows)."""
    now = now or timezone.now()
    consents, rows = _consents(counsellor)
    if not rows:
        return []
    visits = dict(
        CaseloadVisit.objects.filter(counsellor=counsellor, space_id__in=list(rows)).values_list(
            "space_id", "visited_at"
        )
    )
    _set_visits(consents, rows, visits)
    _fill(counsellor, rows, visits, now)
    return list(rows.values())


def _fill(
    counsellor: Any, rows: dict[int, CaseloadRow], visits: dict[int, datetime], now: datetime
) -> None:
    """Trends, signals and changes for these rows, from the records (about twenty queries)."""
    ids = list(rows)
    counts, newest = _changes(counsellor, ids, visits, now)
    for space_id, n in counts.items():
        rows[space_id].new_records = n
    for space_id, last in newest.items():
        rows[space_id].last_activity = last
    for space_id, ratio in _ratios(counsellor, ids, now).items():
        rows[space_id].ratio = ratio
    for space_id, trend in _safety(counsellor, ids, now).items():
        rows[space_id].safety = trend
    for model, key in _QUESTIONNAIRE_RESULTS:
        for space_id, trends in _questionnaires(model, key, counsellor, ids, now).items():
            rows[space_id].questionnaires += trends
    signals = signals_for_spaces([r.space for r in rows.values()], viewer=counsellor, now=now)
    for space_id, found in signals.items():
        if space_id in rows:
            rows[space_id].signals = found


# --- Stored rows: sorted, filtered, in pages ------------------------------------------------


@dataclass(frozen=True)
class CaseloadQuery:
    sort: str = "name"
    signal: str = ""  # "": every row; "any": rows with a signal; else one signal's code
    changed: bool = False  # only rows with something new or changed since the last visit
    quiet: bool = False  # only rows with no shared activity for QUIET_AFTER
    page: int = 1
    per_page: int = PAGE_SIZE

    def params(self, **changes: Any) -> dict[str, str]:
        """The query string of this query with ``changes`` (defaults left out)."""
        values = {**self.__dict__, **changes}
        out = {}
        for key, default in CaseloadQuery().__dict__.items():
            value = values[key]
            if value != default:
                out[key] = "1" if value is True else str(value)
        return out


def _flag(params: Mapping[str, Any], key: str) -> bool:
    value = str(params.get(key) or "").lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise DomainError(f"{key} is 1 or 0, not {value!r}.", fields={key: "invalid"})


def _number(params: Mapping[str, Any], key: str, default: int, top: int) -> int:
    raw = params.get(key)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw))
    except ValueError:
        value = 0
    if not 1 <= value <= top:
        raise DomainError(f"{key} is a whole number from 1 to {top}.", fields={key: "invalid"})
    return value


def parse_query(params: Mapping[str, Any]) -> CaseloadQuery:
    """A caseload query from a page's or the API's parameters; a bad value is a 400."""
    sort = str(params.get("sort") or "name")
    if sort not in SORTS:
        known = ", ".join(SORTS)
        raise DomainError(f"Unknown sort {sort!r}; one of {known}.", fields={"sort": "unknown"})
    signal = str(params.get("signal") or "")
    if signal not in ("", "any", *SIGNAL_KINDS):
        raise DomainError(f"Unknown signal {signal!r}.", fields={"signal": "unknown"})
    return CaseloadQuery(
        sort=sort,
        signal=signal,
        changed=_flag(params, "changed"),
        quiet=_flag(params, "quiet"),
        page=_number(params, "page", 1, 1_000_000),
        per_page=_number(params, "per_page", PAGE_SIZE, MAX_PAGE_SIZE),
    )


@dataclass
class CaseloadPage:
    rows: list[CaseloadRow]
    query: CaseloadQuery
    count: int  # rows that pass the filters
    total: int  # the whole caseload
    rebuilt: int = 0  # rows rebuilt from the records for this page

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.count / self.query.per_page))

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages


def _sharing(members: Iterable[Any]) -> str:
    return ",".join(str(pk) for pk in sorted(m.pk for m in members))


def signal_out(s: Any) -> dict[str, Any]:
    """A triage signal as the caseload's row and the API answer it."""
    return {
        "code": s.code,
        "member_id": s.member_id,
        "title": s.title,
        "reason": s.reason,
        "severity": s.severity,
    }


def _snapshot(counsellor: Any, row: CaseloadRow, now: datetime) -> CaseloadSnapshot:
    safety = row.safety
    return CaseloadSnapshot(
        counsellor_id=counsellor.pk,
        space_id=row.space.pk,
        revision=row.space.revision,
        sharing=_sharing(row.members),
        visit_at=row.last_visit,
        built_at=now,
        new_records=row.new_records,
        new_consents=row.new_consents,
        signal_codes="".join(f",{s.code}" for s in row.signals) + ("," if row.signals else ""),
        signal_count=len(row.signals),
        severity=row.severity,
        safety_recent=safety.recent if safety else None,
        last_activity=row.last_activity,
        data={
            "ratio": [row.ratio.positive, row.ratio.negative] if row.ratio else None,
            "safety": (
                [safety.recent, safety.previous, safety.count, safety.low] if safety else None
            ),
            "questionnaires": [
                [
                    q.member.pk,
                    q.instrument_id,
                    q.latest,
                    q.previous,
                    q.min_total,
                    q.max_total,
                    q.at.isoformat(),
                ]
                for q in row.questionnaires
            ],
            "signals": [signal_out(s) for s in row.signals],
        },
    )


def _index(row: CaseloadRow) -> None:
    """The sort and filter keys of a row built from the records."""
    row.signal_codes = tuple(s.code for s in row.signals)
    row.signal_rank = row.severity
    row.safety_recent = row.safety.recent if row.safety else None


def _restore(row: CaseloadRow, data: dict[str, Any]) -> None:
    """Fill a row's details (trends, questionnaires, signals) from its stored JSON."""
    members = {m.pk: m for m in row.members}
    ratio = data.get("ratio")
    row.ratio = RatioTrend(*ratio) if ratio else None
    safety = data.get("safety")
    row.safety = SafetyTrend(*safety) if safety else None
    row.questionnaires = [
        QuestionnaireTrend(members[m], key, latest, previous, low, high, at)
        for m, key, latest, previous, low, high, when in data.get("questionnaires", [])
        if m in members and (at := parse_datetime(when)) is not None
    ]
    row.signals = [Signal(**s) for s in data.get("signals", [])]


_SNAPSHOT_FIELDS = [
    "revision",
    "sharing",
    "visit_at",
    "built_at",
    "new_records",
    "new_consents",
    "signal_codes",
    "signal_count",
    "severity",
    "safety_recent",
    "last_activity",
    "data",
]


def _rebuild(
    counsellor: Any, rows: dict[int, CaseloadRow], visits: dict[int, datetime], now: datetime
) -> None:
    """Build these rows from the records and store them (one upsert)."""
    _fill(counsellor, rows, visits, now)
    CaseloadSnapshot.objects.bulk_create(
        [_snapshot(counsellor, row, now) for row in rows.values()],
        update_conflicts=True,
        unique_fields=["counsellor", "space"],
        update_fields=_SNAPSHOT_FIELDS,
    )
    for row in rows.values():
        row.built_at = now
        row.detailed = True
        _index(row)


def _build(counsellor: Any, space_ids: Iterable[int], now: datetime) -> dict[int, CaseloadRow]:
    """Rows for these spaces built from the records and stored, as they are now (a space whose
    consents all ended since is left out): three queries, and ``_fill``'s."""
    consents, rows = _consents(counsellor, spaces=space_ids)
    if not rows:
        return {}
    visits = dict(
        CaseloadVisit.objects.filter(counsellor=counsellor, space_id__in=list(rows)).values_list(
            "space_id", "visited_at"
        )
    )
    _set_visits(consents, rows, visits)
    _rebuild(counsellor, rows, visits, now)
    return rows


def _matches(row: CaseloadRow, query: CaseloadQuery, now: datetime) -> bool:
    if query.signal == "any" and not row.signal_codes:
        return False
    if query.signal not in ("", "any") and query.signal not in row.signal_codes:
        return False
    if query.changed and not row.changed:
        return False
    return not (query.quiet and not row.quiet(now))


def _sort_key(sort: str, now: datetime) -> Any:
    far = now - timedelta(days=36500)

    def name(r: CaseloadRow) -> tuple[str, int]:
        return (r.space.name.casefold(), r.space.pk)

    keys: dict[str, Any] = {
        "name": name,
        "signals": lambda r: (-r.signal_rank, -len(r.signal_codes), name(r)),
        "changed": lambda r: (-r.changed, name(r)),
        "safety": lambda r: (
            r.safety_recent is None,
            r.safety_recent if r.safety_recent is not None else 0.0,
            name(r),
        ),
        "activity": lambda r: (r.last_activity or far, name(r)),
        "visit": lambda r: (r.last_visit or far, name(r)),
    }
    return keys[sort]


_STORED_COLUMNS = (
    "space_id",
    "revision",
    "sharing",
    "built_at",
    "same_visit",
    "seen_at",
    "seen_revision",
    "new_records",
    "new_consents",
    "last_activity",
    "signal_codes",
    "severity",
    "safety_recent",
)
_SHARING_COLUMNS = 6  # _who_shares(dated=False)


def _stored(counsellor: Any) -> Any:
    """The stored rows' columns (what sorting and filtering read; the details of the page's rows
    after), each with the counsellor's visit of the space, and whether the row was built against
    that visit, computed by the database rather than read as dates."""
    visit = CaseloadVisit.objects.filter(
        counsellor_id=OuterRef("counsellor_id"), space_id=OuterRef("space_id")
    )
    return (
        CaseloadSnapshot.objects.filter(counsellor=counsellor)
        .annotate(
            seen_at=Subquery(visit.values("visited_at")[:1]),
            seen_revision=Subquery(visit.values("revision_seen")[:1]),
        )
        .annotate(
            # Built against the visit that is the last one now (or, both, against none).
            same_visit=Case(
                When(
                    Q(visit_at__isnull=True, seen_at__isnull=True) | Q(visit_at=F("seen_at")),
                    then=Value(True),
                ),
                default=Value(False),
            ),
        )
        .order_by("space_id")
        .values_list(*_STORED_COLUMNS)
    )


def _current(counsellor: Any, now: datetime) -> tuple[dict[int, CaseloadRow], list[int]]:
    """Every row of the caseload, current: stored rows as they are, the others rebuilt from the
    records and stored (their ids returned too)."""
    # Who shares with the counsellor, read on every view: a withdrawn consent or a member who
    # left takes the row (or the member's part of it) away at once.
    _none, rows = _consents(counsellor, dated=False)
    if not rows:
        return {}, []
    stored: dict[int, tuple[Any, ...]] = {found[0]: found[1:] for found in _stored(counsellor)}
    stale: list[int] = []
    for space_id, row in rows.items():
        snap = stored.get(space_id)
        if snap is None:
            stale.append(space_id)
            continue
        revision, sharing, built_at, same_visit, seen_at, seen_revision, *shown = snap
        # Nothing at all happened in the space since the visit (the counter has not moved):
        # no changes to count (a consent granted after it would have moved the counter), so a
        # visit since the row was built does not make it old.
        untouched = seen_at is not None and seen_revision == row.space.revision
        if (
            revision != row.space.revision
            or sharing != _sharing(row.members)
            or built_at <= now - MAX_AGE
            or not (same_visit or untouched)
        ):
            stale.append(space_id)
            continue
        new_records, new_consents, row.last_activity, codes, rank, safety = shown
        row.last_visit, row.built_at = seen_at, built_at
        row.new_records, row.new_consents = (0, 0) if untouched else (new_records, new_consents)
        row.signal_codes = tuple(c for c in codes.split(",") if c)
        row.signal_rank, row.safety_recent = rank, safety
    if stale:
        rebuilt = _build(counsellor, stale, now)
        for space_id in stale:
            if space_id in rebuilt:
                rows[space_id] = rebuilt[space_id]
            else:  # its consents ended between the two reads
                del rows[space_id]
    return rows, stale


@dataclass(frozen=True)
class _Kept:
    rows: dict[int, CaseloadRow]
    fresh_until: datetime  # the oldest row's built_at + MAX_AGE


# A counsellor's current rows, by what they were read from (``_fingerprint``).
_PAGES = Memo(64)


def _fingerprint(counsellor: Any) -> str:
    """A digest of everything ``_current`` reads (who shares, with their names, and the stored
    rows' columns with the visits), worked out by the database in one query: while it is the
    same, so are the rows, until the oldest is ``MAX_AGE`` old. Reading and converting those
    hundreds of values was most of a caseload view; the digest is one short row."""
    sharing_sql, sharing_params = _who_shares(counsellor, dated=False).query.sql_with_params()
    stored_sql, stored_params = _stored(counsellor).query.sql_with_params()
    if connection.vendor == "postgresql":
        sql = (
            f"WITH a AS ({sharing_sql}), b AS ({stored_sql}) "  # noqa: S608  the ORM's own SQL
            "SELECT (SELECT md5(string_agg(a::text, ',' ORDER BY a::text)) FROM a), "
            "(SELECT md5(string_agg(b::text, ',' ORDER BY b::text)) FROM b)"
        )
    else:

        def rows_of(name: str, n: int) -> str:
            # As bytes: quote() of text stops at a NUL character.
            columns = "||'|'||".join(f"quote(CAST(c{i} AS BLOB))" for i in range(n))
            return f"(SELECT group_concat({columns}, ',') FROM {name})"  # noqa: S608

        def names(n: int) -> str:
            return ", ".join(f"c{i}" for i in range(n))

        sql = (
            f"WITH a({names(_SHARING_COLUMNS)}) AS ({sharing_sql}), "
            f"b({names(len(_STORED_COLUMNS))}) AS ({stored_sql}) "
            f"SELECT {rows_of('a', _SHARING_COLUMNS)}, {rows_of('b', len(_STORED_COLUMNS))}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*sharing_params, *stored_params])
        found = cursor.fetchone()
    text = repr(tuple(found or ()))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def caseload_page(
    counsellor: Any,
    query: CaseloadQuery | None = None,
    *,
    now: datetime | None = None,
    details: bool = True,
) -> CaseloadPage:
    """The caseload as the page and the API show it: stored rows (rebuilt first where they no
    longer match, see the module's docstring), filtered, sorted and cut to one page.

    Who shares and the stored rows' columns are read on every view (a withdrawn consent or a
    member who left takes the row, or the member's part of it, away at once), first as one
    digest (``_fingerprint``): while it is one this process has seen and the rows are younger
    than ``MAX_AGE``, the rows read then are the rows now, and that is the only query besides
    the page's details (left to the caller with ``details=False``, see ``fill_details``).
    Otherwise they are read (two queries more) and rebuilt where needed (about twenty).

    A stored row keeps what a page would otherwise work out per row from dates (the consents
    new since the visit; whether it was built against the current visit, asked of the
    database): reading hundreds of dates was most of the page."""
    query = query or CaseloadQuery()
    now = now or timezone.now()
    fingerprint = _fingerprint(counsellor)
    kept = _PAGES.get((counsellor.pk, fingerprint))
    stale: list[int] = []
    if kept is not None and now < kept.fresh_until:
        rows = kept.rows
    else:
        rows, stale = _current(counsellor, now)
        # Kept only if nothing changed while they were read (asked again): rows read after a
        # write must not stand under the digest of before it, which a rename back could bring
        # back.
        if rows and not stale and _fingerprint(counsellor) == fingerprint:
            oldest = min(row.built_at for row in rows.values() if row.built_at is not None)
            _PAGES.put((counsellor.pk, fingerprint), _Kept(rows, oldest + MAX_AGE))
    shown_rows = [r for r in rows.values() if _matches(r, query, now)]
    shown_rows.sort(key=_sort_key(query.sort, now))
    first = (query.page - 1) * query.per_page
    page = shown_rows[first : first + query.per_page]
    if details:
        fill_details(counsellor, page)
    return CaseloadPage(
        rows=page,
        query=query,
        count=len(shown_rows),
        total=len(rows),
        rebuilt=len(stale),
    )


def fill_details(counsellor: Any, rows: Sequence[CaseloadRow]) -> None:
    """Fill in the details of these rows from their stored JSON: one query, whatever the number
    of rows; none when every row has them (rows rebuilt for this page already do)."""
    wanted = {row.space.pk: row for row in rows if not row.detailed}
    if not wanted:
        return
    for space_id, built_at, data in CaseloadSnapshot.objects.filter(
        counsellor=counsellor, space_id__in=list(wanted)
    ).values_list("space_id", "built_at", "data"):
        row = wanted[space_id]
        # Only the stored row that was read: one rebuilt since may count a member whose
        # consent ended in between (the next view reads it, its digest having moved).
        if row.built_at is None or built_at == row.built_at:
            _restore(row, data or {})
            row.detailed = True


def refresh_due(*, now: datetime | None = None, limit: int = 2000) -> int:
    """For ``mend worker``: rebuild stored rows whose space changed or that are older than
    ``REFRESH_AGE`` (at most ``limit`` a run, oldest first), and drop rows whose consent
    ended. Returns the rows rebuilt."""
    now = now or timezone.now()
    ended = CaseloadSnapshot.objects.exclude(
        Exists(
            CounsellorAccess.objects.in_force().filter(
                counsellor_id=OuterRef("counsellor_id"), space_id=OuterRef("space_id")
            )
        )
    )
    ended.delete()
    due: dict[int, set[int]] = defaultdict(set)
    for counsellor_id, space_id in (
        CaseloadSnapshot.objects.filter(
            Q(built_at__lte=now - REFRESH_AGE) | ~Q(revision=COUNSELLOR_CHANGES)
        )
        .order_by("built_at")
        .values_list("counsellor_id", "space_id")[:limit]
    ):
        due[counsellor_id].add(space_id)
    if not due:
        return 0
    rebuilt = 0
    for counsellor in User.objects.filter(pk__in=list(due)):
        rebuilt += len(_build(counsellor, due[counsellor.pk], now))
    return rebuilt


# The session key under which a counsellor's browser remembers the last caseload read it logged.
_LOGGED_READS = "care.caseload_reads_logged"


def log_caseload_reads(
    counsellor: Any,
    rows: Sequence[CaseloadRow],
    *,
    session: MutableMapping[str, Any] | None = None,
) -> None:
    """Each sharing member sees in their access log that the counsellor viewed a summary built
    from what they share: one row per member and space, in one statement.

    With the counsellor's ``session``, the same reads (the same members of the same spaces) are
    logged once a minute of the clock: a counsellor who reloads or re-sorts the caseload
    writes no new rows that would tell a member nothing new, and a page of 200 spaces does not
    write 300 rows on every reload (a quarter of the page's time on issue 16's benchmark).
    Another page, or the same one a minute later, is logged again.

    Written as one INSERT rather than through model instances: a page of 200 spaces logs about
    300 reads, and building and preparing that many instances cost more than the rest of the
    page's rows. The columns are the ones ``AuditEvent`` declares (``object_id`` left empty)."""
    reads = [(member.pk, row.space.pk) for row in rows for member in row.members]
    if not reads:
        return
    if session is not None:
        minute = int(timezone.now().timestamp() // 60)
        digest = hashlib.blake2b(repr(sorted(reads)).encode(), digest_size=16).hexdigest()
        mark = f"{counsellor.pk}:{minute}:{digest}"
        if session.get(_LOGGED_READS) == mark:
            return
        session[_LOGGED_READS] = mark
    meta = AuditEvent._meta
    fields = {f.name: f for f in meta.concrete_fields}
    fixed = {
        "actor": counsellor.pk,
        "actor_name": str(counsellor)[:80],
        "actor_role": "counsellor",
        "action": AuditEvent.Action.READ.value,
        "object_kind": "caseload summary",
        "summary": "a summary of what you share with your counsellor (caseload)",
        "created_at": timezone.now(),
    }
    connection = connections[router.db_for_write(AuditEvent) or DEFAULT_DB_ALIAS]
    values = [fields[name].get_db_prep_save(value, connection) for name, value in fixed.items()]
    columns = ", ".join(
        connection.ops.quote_name(str(fields[name].column))
        for name in ["id", *fixed, "subject", "space"]
    )
    table = connection.ops.quote_name(meta.db_table)
    marks = ", ".join(["%s"] * len(fixed))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Three arrays, unnested into rows by the server. Each row's own id is drawn here as
            # the model would (mend.core.ids): left to the database, ids would count reads.
            id_list = "{" + ",".join(str(random_id()) for _read in reads) + "}"
            subjects = "{" + ",".join(str(subject) for subject, _space in reads) + "}"
            spaces = "{" + ",".join(str(space) for _subject, space in reads) + "}"
            cursor.execute(
                # Names from the model's metadata; every value a parameter.
                f"INSERT INTO {table} ({columns}) SELECT read.id, {marks}, read.subject, "  # noqa: S608
                "read.space FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) "
                "AS read(id, subject, space)",
                [*values, id_list, subjects, spaces],
            )
        else:
            cursor.executemany(
                # The row's own id first, drawn as above.
                f"INSERT INTO {table} ({columns}) VALUES (%s, {marks}, %s, %s)",  # noqa: S608
                [(random_id(), *values, subject, space) for subject, space in reads],
            )
