"""The counsellor's caseload: every space with a consent in force, with shared trends, triage
signals and what changed since the last visit, in a fixed number of queries.

Only records shared with the counsellor are counted (``visible_to(counsellor)``). The members'
trust index is not shown here: the ledger stores it per member, built from that member's private
entries too, so it is not the counsellor's to see. The space page computes one from shared
evidence instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from mend.audit.models import AuditEvent
from mend.care.models import CaseloadVisit
from mend.care.sections import SECTIONS
from mend.care.triage_service import signals_for_spaces
from mend.domain.bank import (
    DEFAULT_WINDOW,
    KINDS_BY_CODE,
    MIN_MOMENTS_FOR_REFERENCE,
    format_ratio,
)
from mend.instruments.models import InstrumentResult
from mend.ledger.models import Moment
from mend.safety.models import SafetyCheckIn
from mend.selftrust.models import QuestionnaireResult
from mend.spaces.models import CounsellorAccess, Space

# The bank account's own window for the ratio, half-open [now - 28 days, now), so both views
# agree (see mend.domain.bank).
RATIO_WINDOW = DEFAULT_WINDOW
# Safety check-ins: the last fortnight against the one before it.
SAFETY_HALF_WINDOW = timedelta(days=14)
# Safety of 4/10 or less counts as low, as in the triage rules (mend.domain.triage).
LOW_SAFETY = 4
QUESTIONNAIRE_LOOKBACK = timedelta(days=180)
# "What changed" looks back at most this far, so a space never visited (or not for months)
# does not make the caseload scan a year of history.
CHANGES_LOOKBACK = timedelta(days=30)


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
        return format_ratio(self.positive, self.negative)

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
    space: Space
    members: list[Any] = field(default_factory=list)  # members sharing with this counsellor
    last_visit: datetime | None = None
    new_records: int = 0  # shared records new or changed since the last visit (≤ 30 days)
    new_consents: int = 0
    ratio: RatioTrend | None = None
    safety: SafetyTrend | None = None
    questionnaires: list[QuestionnaireTrend] = field(default_factory=list)
    signals: list[Any] = field(default_factory=list)


def _new_records(
    counsellor: Any, space_ids: list[int], visits: dict[int, datetime], now: datetime
) -> dict[int, int]:
    """Shared records created or changed since the counsellor's last visit (at most
    ``CHANGES_LOOKBACK`` ago), per space: one query, a UNION ALL over every kind of record of
    (space, updated_at) pairs in the window, counted here against each space's last visit."""
    floor = now - CHANGES_LOOKBACK
    if visits and len(visits) == len(space_ids):
        floor = max(floor, min(visits.values()))
    parts = [
        model.objects.visible_to(counsellor)
        .filter(space_id__in=space_ids, updated_at__gt=floor)
        .values_list("space_id", "updated_at")
        .order_by()
        for model in (section.model for section in SECTIONS)
    ]
    if not parts:
        return {}
    counts: dict[int, int] = defaultdict(int)
    for space_id, updated_at in parts[0].union(*parts[1:], all=True):
        last = visits.get(space_id)
        if last is None or updated_at > last:
            counts[space_id] += 1
    return counts


def _ratios(counsellor: Any, space_ids: list[int], now: datetime) -> dict[int, RatioTrend]:
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        Moment.objects.visible_to(counsellor)
        .filter(
            space_id__in=space_ids,
            occurred_at__gte=now - RATIO_WINDOW,
            occurred_at__lt=now,
            disputed_at__isnull=True,
            # Only confirmed moments count (issue 12): a report is a claim until then.
            confirmed_at__isnull=False,
        )
        .values_list("space_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for space_id, kind_code, n in rows:
        kind = KINDS_BY_CODE.get(kind_code)
        if kind is not None:
            totals[space_id][0 if kind.sign > 0 else 1] += n
    return {k: RatioTrend(v[0], v[1]) for k, v in totals.items()}


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


def _questionnaires(
    counsellor: Any, space_ids: list[int], now: datetime
) -> dict[int, list[QuestionnaireTrend]]:
    rows = (
        QuestionnaireResult.objects.visible_to(counsellor)
        .filter(space_id__in=space_ids, created_at__gt=now - QUESTIONNAIRE_LOOKBACK)
        .select_related("owner")
        .only(
            "id",
            "space_id",
            "owner__display_name",
            "owner__email",
            "instrument_id",
            "total",
            "min_total",
            "max_total",
            "created_at",
        )
        .order_by("space_id", "owner_id", "instrument_id", "-created_at", "-id")
    )
    latest: dict[tuple[int, int, str], list[Any]] = defaultdict(list)
    for r in rows:
        bucket = latest[(r.space_id, r.owner_id, r.instrument_id)]
        if len(bucket) < 2:
            bucket.append(r)
    found: dict[int, list[QuestionnaireTrend]] = defaultdict(list)
    for (space_id, _owner, instrument), pair in latest.items():
        found[space_id].append(
            QuestionnaireTrend(
                member=pair[0].owner,
                instrument_id=instrument,
                latest=pair[0].total,
                previous=pair[1].total if len(pair) > 1 else None,
                min_total=pair[0].min_total,
                max_total=pair[0].max_total,
                at=pair[0].created_at,
            )
        )
    return found


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _instrument_trends(
    counsellor: Any, space_ids: list[int], now: datetime
) -> dict[int, list[QuestionnaireTrend]]:
    """The latest two shared results per member and instrument (any version), one query."""
    rows = (
        InstrumentResult.objects.visible_to(counsellor)
        .filter(space_id__in=space_ids, created_at__gt=now - QUESTIONNAIRE_LOOKBACK)
        .select_related("owner", "definition")
        .only(
            "id",
            "space_id",
            "owner__display_name",
            "owner__email",
            "definition__key",
            "total",
            "min_total",
            "max_total",
            "created_at",
        )
        .order_by("space_id", "owner_id", "definition__key", "-created_at", "-id")
    )
    latest: dict[tuple[int, int, str], list[Any]] = defaultdict(list)
    for r in rows:
        bucket = latest[(r.space_id, r.owner_id, r.definition.key)]
        if len(bucket) < 2:
            bucket.append(r)
    found: dict[int, list[QuestionnaireTrend]] = defaultdict(list)
    for (space_id, _owner, key), pair in latest.items():
        found[space_id].append(
            QuestionnaireTrend(
                member=pair[0].owner,
                instrument_id=key,
                latest=_whole(pair[0].total),
                previous=_whole(pair[1].total) if len(pair) > 1 else None,
                min_total=_whole(pair[0].min_total),
                max_total=_whole(pair[0].max_total),
                at=pair[0].created_at,
            )
        )
    return found


def caseload_for(counsellor: Any, *, now: datetime | None = None) -> list[CaseloadRow]:
    """The counsellor's spaces (at least one consent in force), in a fixed number of queries."""
    now = now or timezone.now()
    consents = list(
        CounsellorAccess.objects.in_force()
        .filter(
            counsellor=counsellor,
            space__memberships__user_id=F("member_id"),
            space__memberships__left_at__isnull=True,
        )
        .select_related("space", "member")
        .order_by("space__name", "space_id", "member__display_name")
    )
    rows: dict[int, CaseloadRow] = {}
    for access in consents:
        row = rows.setdefault(access.space_id, CaseloadRow(space=access.space))
        row.members.append(access.member)
    if not rows:
        return []
    ids = list(rows)
    visits = dict(
        CaseloadVisit.objects.filter(counsellor=counsellor, space_id__in=ids).values_list(
            "space_id", "visited_at"
        )
    )
    for access in consents:
        row = rows[access.space_id]
        row.last_visit = visits.get(access.space_id)
        if row.last_visit is None or access.granted_at > row.last_visit:
            row.new_consents += 1
    for space_id, n in _new_records(counsellor, ids, visits, now).items():
        rows[space_id].new_records = n
    for space_id, ratio in _ratios(counsellor, ids, now).items():
        rows[space_id].ratio = ratio
    for space_id, trend in _safety(counsellor, ids, now).items():
        rows[space_id].safety = trend
    for space_id, trends in _questionnaires(counsellor, ids, now).items():
        rows[space_id].questionnaires = trends
    for space_id, trends in _instrument_trends(counsellor, ids, now).items():
        rows[space_id].questionnaires += trends
    signals = signals_for_spaces([r.space for r in rows.values()], viewer=counsellor, now=now)
    for space_id, found in signals.items():
        if space_id in rows:
            rows[space_id].signals = found
    return list(rows.values())


def log_caseload_reads(counsellor: Any, rows: Sequence[CaseloadRow]) -> None:
    """Each sharing member sees in their access log that the counsellor viewed a summary built
    from what they share (one row per member and space, one query)."""
    events = [
        AuditEvent(
            actor=counsellor,
            actor_name=str(counsellor)[:80],
            actor_role="counsellor",
            subject=member,
            space_id=row.space.pk,
            action=AuditEvent.Action.READ,
            object_kind="caseload summary",
            summary="a summary of what you share with your counsellor (caseload)",
        )
        for row in rows
        for member in row.members
    ]
    if events:
        AuditEvent.objects.bulk_create(events)
