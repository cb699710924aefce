"""The progress report of a space over a date range, from what the viewer may see.

Members see their own report (their trust in each other member, and every record shared with
them); a counsellor sees what members shared with the counsellor, and those reads are logged.
"""

from __future__ import annotations

import math
import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from mend.audit.services import log_reads
from mend.care.sections import SECTIONS
from mend.care.triage_service import HelpLink, help_links, signals_for_space
from mend.commitments.models import Commitment, Occurrence
from mend.core.charts import Series, chart_summaries, svg_chart
from mend.core.exceptions import DomainError
from mend.domain.bank import format_ratio
from mend.domain.questionnaires import INSTRUMENTS
from mend.domain.triage import Signal
from mend.instruments import selectors as instrument_selectors
from mend.instruments.charts import Chart, result_charts
from mend.ledger import charts as ledger_charts
from mend.ledger.models import FeltTrustCheckIn, Moment
from mend.ledger.selectors import bank_summary, trust_trajectory
from mend.safety.models import SafetyCheckIn
from mend.selftrust.models import QuestionnaireResult
from mend.spaces.models import Membership, Space

__all__ = [
    "MAX_RANGE_DAYS",
    "PDF_VARIANT",
    "Report",
    "build_report",
    "parse_range",
    "render_pdf",
]

# "Over 2 years" is refused: the report reads every record of the range.
MAX_RANGE_DAYS = 731
# Mend did not exist before this; earlier dates are typos (and 0001-01-01 overflows).
EARLIEST = date(2000, 1, 1)
# Past four months the tables (and the lines drawn) go month by month: a year of weekly rows is
# hundreds of table rows, slow to lay out as a PDF and hard to read.
MONTHLY_AFTER_DAYS = 16 * 7
# More points than this and a line chart draws the line without a dot per point.
MAX_DOTS = 30


def parse_range(start: str | None, end: str | None, today: date | None = None) -> tuple[date, date]:
    """``start``/``end`` as YYYY-MM-DD; defaults to the last 12 weeks. DomainError (400) if bad."""
    today = today or timezone.localdate()
    latest = today + timedelta(days=366)

    def day(value: str | None, default: date) -> date:
        if not value:
            return default
        try:
            found = date.fromisoformat(value)
        except ValueError as exc:
            raise DomainError(
                "Dates must be written as YYYY-MM-DD, for example 2025-03-01.",
                code="invalid_date",
                status=400,
                fields={"start": start, "end": end},
            ) from exc
        if not EARLIEST <= found <= latest:
            raise DomainError(
                f"Choose dates between {EARLIEST:%-d %B %Y} and a year from now.",
                code="invalid_date",
                status=400,
                fields={"start": start, "end": end},
            )
        return found

    end_day = day(end, today)
    start_day = day(start, max(EARLIEST, end_day - timedelta(weeks=12)))
    if end_day < start_day:
        raise DomainError(
            "The end date is before the start date.", code="invalid_range", status=400
        )
    if (end_day - start_day).days > MAX_RANGE_DAYS:
        raise DomainError(
            "A report can cover at most two years; choose a shorter range.",
            code="range_too_long",
            status=400,
        )
    return start_day, end_day


@dataclass(frozen=True)
class TrustSection:
    trustee: str
    chart: SafeString
    # week, index %, low %, high %; None for a week without enough evidence (issue 12)
    rows: list[tuple[datetime, int | None, int | None, int | None]]


@dataclass(frozen=True)
class WeekValue:
    week: date
    value: float
    count: int


@dataclass
class InstrumentSection:
    """One person's results of one instrument, charted, with its citation and terms."""

    who: str
    short_name: str
    sources: list[tuple[str, str, str]]  # (version, citation, terms) of each version used
    charts: list[Chart]
    rows: list[tuple[date, str, str, str]]  # day, score, range, version


@dataclass
class Report:
    space: Space
    viewer: Any
    role: str
    start: date
    end: date
    trust: list[TrustSection] = field(default_factory=list)
    ratio_chart: SafeString = field(default_factory=lambda: mark_safe(""))
    ratio_rows: list[tuple[date, int, int, str]] = field(default_factory=list)
    commitments: list[dict[str, Any]] = field(default_factory=list)
    safety_chart: SafeString = field(default_factory=lambda: mark_safe(""))
    safety_rows: list[tuple[str, date, float, int]] = field(default_factory=list)
    felt_rows: list[tuple[str, str, date, float, float | None]] = field(default_factory=list)
    questionnaires: list[tuple[str, str, date, int, int, int]] = field(default_factory=list)
    # (short name, citation, terms) of each self-trust questionnaire in the table above.
    questionnaire_sources: list[tuple[str, str, str]] = field(default_factory=list)
    instruments: list[InstrumentSection] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    # Each signal with the help that goes with it (feeling very unsafe: the member's own
    # safety resources, for that member only).
    signal_items: list[tuple[Signal, list[HelpLink]]] = field(default_factory=list)
    monthly: bool = False
    # A counsellor's report when no member has shared anything with them in this space (not
    # only in this range): the page says so, instead of empty tables and charts.
    nothing_shared: bool = False

    @property
    def period(self) -> str:
        """How the tables are grouped: "week" or "month"."""
        return "month" if self.monthly else "week"

    @property
    def short_day_format(self) -> str:
        """A day as a phone's narrow column shows it. A weekly report spans at most 16 weeks,
        and its heading names them, so "18 Sep" names one day; a monthly one may span years, so
        the year stays, in two digits ("18 Sep ’26")."""
        return "j M ’y" if self.monthly else "j M"

    @property
    def is_empty(self) -> bool:
        return not (
            self.trust
            or self.ratio_rows
            or self.commitments
            or self.safety_rows
            or self.felt_rows
            or self.questionnaires
            or self.instruments
        )


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _month(d: date) -> date:
    return d.replace(day=1)


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1)


def _last_per_month(points: list[Any], at: Any) -> list[Any]:
    """The last point of each month (points in time order); ``at(p)`` gives a point's date."""
    kept: dict[date, Any] = {}
    for p in points:
        kept[_month(at(p))] = p
    return list(kept.values())


def _names(space: Space) -> dict[int, str]:
    return {
        m.user_id: str(m.user)
        for m in Membership.objects.filter(space=space).select_related("user")
    }


PEOPLE_COLOURS = ("#1f5f99", "#b3541e", "#2e7d4f", "#6b2d8f")


def _line_chart(
    series: dict[str, list[WeekValue]], *, ident: str, title: str, unit: str = "week"
) -> SafeString:
    """Weekly (or monthly) means on a 0-10 scale, one line per person."""
    desc = "; ".join(
        f"{name}: {len(values)} {unit}s, latest {unit}ly average {values[-1].value:.1f} out of 10"
        for name, values in sorted(series.items())
        if values
    )
    return svg_chart(
        ident=ident,
        title=title,
        desc=desc,
        y_min=0,
        y_max=10,
        y_ticks=[(0, "0"), (5, "5"), (10, "10")],
        series=[
            Series(
                name,
                [(v.week, v.value) for v in values],
                PEOPLE_COLOURS[i % len(PEOPLE_COLOURS)],
                dots=len(values) <= MAX_DOTS,
            )
            for i, (name, values) in enumerate(sorted(series.items()))
        ],
    )


def _ratio_text(positive: int, negative: int) -> str:
    if not (positive or negative):
        return "—"
    # Exact (issue 12): 1 positive to 3 negative is "1 to 3", never "0.3:1".
    return "only positive" if not negative else format_ratio(positive, negative)


def _instrument_sections(results: list[Any], names: dict[int, str]) -> list[InstrumentSection]:
    """Results (oldest first) grouped by person and instrument, each charted per subscale with
    the newest version's cut-offs, and every version's citation and terms beside them."""
    groups: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for r in results:
        groups[(r.owner_id, r.definition.key)].append(r)
    sections = []
    for (owner_id, key), found in groups.items():
        newest = found[-1].definition.instrument
        versions = {r.definition_id: r.definition for r in found}.values()
        sections.append(
            InstrumentSection(
                who=names.get(owner_id, "Someone"),
                short_name=newest.short_name,
                sources=[(d.version, d.instrument.citation, d.instrument.terms) for d in versions],
                charts=result_charts(f"report-{owner_id}-{key}", newest, found),
                rows=[
                    (
                        timezone.localtime(r.created_at).date(),
                        r.total_text,
                        f"{r.min_total:g}–{r.max_total:g}",
                        r.definition.version,
                    )
                    for r in found
                ],
            )
        )
    return sections


def build_report(space: Space, viewer: Any, role: str, start: date, end: date) -> Report:
    """Everything in the report, read through ``visible_to(viewer)``.

    ``role`` is "member" or "counsellor"; a counsellor's reads of members' records are logged.
    """
    lo, hi = _bounds(start, end)
    now = min(hi, timezone.now()) if hi > timezone.now() else hi
    weeks = max(1, math.ceil((hi - lo).days / 7))
    names = _names(space)
    monthly = (end - start).days > MONTHLY_AFTER_DAYS
    report = Report(space=space, viewer=viewer, role=role, start=start, end=end, monthly=monthly)
    logged: list[Any] = []

    # Trust trajectory: a member's own trust in each other member (the trust index is built from
    # the viewer's own evidence; a counsellor gets the felt-trust ratings shared with them).
    if role == "member":
        for other_id, other_name in names.items():
            if other_id == viewer.pk:
                continue
            other = next(
                m.user
                for m in Membership.objects.filter(space=space, user_id=other_id).select_related(
                    "user"
                )[:1]
            )
            # The trajectory starts from the stored state (TrustPairState) and replays only
            # the range's evidence; a long range keeps the last week of each month.
            traj = trust_trajectory(space, viewer, other, now=now, weeks=weeks)
            shown = (
                _last_per_month(traj.points, lambda p: timezone.localtime(p.at).date())
                if monthly
                else traj.points
            )
            chart = ledger_charts.trust_chart(
                shown, traj.felt, ident=f"trust-{other_id}", trustee_name=other_name
            )
            rows: list[tuple[datetime, int | None, int | None, int | None]] = [
                (p.at, round(p.index * 100), round(p.low * 100), round(p.high * 100))
                if p.enough_evidence
                else (p.at, None, None, None)
                for p in shown
            ]
            report.trust.append(TrustSection(trustee=other_name, chart=chart, rows=rows))

    felt = list(
        FeltTrustCheckIn.objects.visible_to(viewer)
        .filter(space=space, occurred_at__gte=lo, occurred_at__lt=hi)
        .only("pk", "owner_id", "space_id", "about_id", "occurred_at", "felt_trust", "forgiveness")
        .order_by("occurred_at")
    )
    if monthly:
        by_month: dict[tuple[int, int, date], tuple[list[int], list[int]]] = {}
        for c in felt:
            key = (c.owner_id, c.about_id or 0, _month(timezone.localtime(c.occurred_at).date()))
            trust_values, forgiveness_values = by_month.setdefault(key, ([], []))
            trust_values.append(c.felt_trust)
            if c.forgiveness is not None:
                forgiveness_values.append(c.forgiveness)
        report.felt_rows = [
            (
                names.get(owner, "Someone"),
                names.get(about, "someone"),
                month,
                _mean(trust_values),
                _mean(forgiveness_values) if forgiveness_values else None,
            )
            for (owner, about, month), (trust_values, forgiveness_values) in sorted(
                by_month.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])
            )
        ]
    else:
        report.felt_rows = [
            (
                names.get(c.owner_id, "Someone"),
                names.get(c.about_id or 0, "someone"),
                timezone.localtime(c.occurred_at).date(),
                c.felt_trust,
                c.forgiveness,
            )
            for c in felt
        ]
    logged += felt

    bank = bank_summary(space, viewer, now=now, weeks=weeks)
    points = [p for p in bank.ratio_points if p.end > lo]
    if not any(p.positive or p.negative for p in points):
        # Weeks of "0 and 0" and an empty chart say nothing: no moment, no section.
        points = []
    report.ratio_chart = (
        ledger_charts.ratio_chart(
            points, ident="ratio", show_reference=bank.ratio.enough_for_reference
        )
        if points
        else mark_safe("")
    )
    if monthly:
        months: dict[date, list[int]] = {}
        for p in points:
            total = months.setdefault(_month(timezone.localtime(p.start).date()), [0, 0])
            total[0] += p.positive
            total[1] += p.negative
        report.ratio_rows = [
            (month, pos, neg, _ratio_text(pos, neg)) for month, (pos, neg) in months.items()
        ]
    else:
        report.ratio_rows = [
            (
                timezone.localtime(p.start).date(),
                p.positive,
                p.negative,
                _ratio_text(p.positive, p.negative),
            )
            for p in points
        ]
    if role == "counsellor":
        logged += list(
            Moment.objects.visible_to(viewer)
            .filter(space=space, occurred_at__gte=lo, occurred_at__lt=hi)
            .only("pk", "owner_id", "space_id", "kind", "occurred_at")
        )

    visible_commitments = Commitment.objects.visible_to(viewer).filter(space=space)
    counts: dict[int, dict[str, Any]] = {}
    occurrences = list(
        Occurrence.objects.filter(
            commitment__in=visible_commitments.values("pk"), due_at__gte=lo, due_at__lt=hi
        ).values_list("commitment_id", "commitment__owner_id", "reported_outcome", "response")
    )
    # The words are sealed: read them from the commitments themselves, opened together.
    reported = list(
        visible_commitments.filter(pk__in={o[0] for o in occurrences}).only(
            "pk", "owner_id", "space_id", "created_at", "seal_uid", "what"
        )
    )
    words = {c.pk: c.what for c in reported}
    for cid, owner, outcome, response in occurrences:
        row = counts.setdefault(
            cid,
            {
                "id": cid,
                "what": words.get(cid, ""),
                "owner": names.get(owner, "Someone"),
                "kept": 0,
                "missed": 0,
                "unreported": 0,
                "confirmed": 0,
                "disputed": 0,
            },
        )
        row[outcome or "unreported"] += 1
        if response:
            row[response] += 1
    report.commitments = sorted(counts.values(), key=lambda r: (r["owner"], r["what"]))
    if role == "counsellor" and counts:
        logged += reported

    checkins = list(
        SafetyCheckIn.objects.visible_to(viewer)
        .filter(space=space, created_at__gte=lo, created_at__lt=hi)
        .only("pk", "owner_id", "space_id", "created_at", "safety")
        .order_by("created_at")
    )
    period = _month if monthly else (lambda d: d - timedelta(days=d.weekday()))
    weekly: dict[tuple[str, date], list[int]] = defaultdict(list)
    for checkin in checkins:
        day = timezone.localtime(checkin.created_at).date()
        weekly[(names.get(checkin.owner_id, "Someone"), period(day))].append(checkin.safety)
    series: dict[str, list[WeekValue]] = defaultdict(list)
    for (who, week), values in sorted(weekly.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        series[who].append(WeekValue(week, sum(values) / len(values), len(values)))
        report.safety_rows.append((who, week, round(sum(values) / len(values), 1), len(values)))
    report.safety_chart = _line_chart(
        dict(series),
        ident="safety",
        title=f"How safe people felt, {report.period} by {report.period} (0-10)",
        unit=report.period,
    )
    logged += checkins

    results = list(
        QuestionnaireResult.objects.visible_to(viewer)
        .filter(space=space, created_at__gte=lo, created_at__lt=hi)
        .only(
            "pk",
            "owner_id",
            "space_id",
            "created_at",
            "instrument_id",
            "total",
            "min_total",
            "max_total",
        )
        .order_by("created_at")
    )
    report.questionnaires = [
        (
            names.get(r.owner_id, "Someone"),
            r.instrument_id.upper(),
            timezone.localtime(r.created_at).date(),
            r.total,
            r.min_total,
            r.max_total,
        )
        for r in results
    ]
    logged += results
    used = {r.instrument_id for r in results}
    report.questionnaire_sources = [
        (i.short_name, i.citation, i.terms) for i in INSTRUMENTS.values() if i.id in used
    ]

    instrument_results = instrument_selectors.results_for_report(viewer, space, lo, hi)
    report.instruments = _instrument_sections(instrument_results, names)
    logged += instrument_results

    report.signals = signals_for_space(space, viewer, now=now)
    report.signal_items = [(s, help_links(s, space, viewer)) for s in report.signals]
    if role == "counsellor":
        log_reads(actor=viewer, records=logged, role="counsellor")
        if report.is_empty and not report.signals:
            report.nothing_shared = not shared_with(viewer, space)
    return report


def shared_with(counsellor: Any, space: Space) -> bool:
    """Whether any member has shared any record of this space with the counsellor (ever, not
    only in a report's range), in one query. Asked only when a report came out empty."""
    anything = reduce(
        operator.or_,
        (
            Q(Exists(section.model.objects.visible_to(counsellor).filter(space_id=OuterRef("pk"))))  # type: ignore[attr-defined]
            for section in SECTIONS
        ),
    )
    return Space.objects.filter(pk=space.pk).filter(anything).exists()


# --- PDF ----------------------------------------------------------------------------------------


def _report_css() -> str:
    """The report's own stylesheet, read from the app's static files and inlined."""
    found = finders.find("care/report.css")
    if not found or isinstance(found, list):
        return ""
    with open(found, encoding="utf-8") as fh:
        return fh.read()


# PDF/UA-1 (ISO 14289-1): a tagged PDF (structure tree, headings, tables with header cells, the
# charts as figures with alternative text), its language and title, and the PDF/UA
# identification in its XMP metadata, so that a screen reader can read the report.
PDF_VARIANT = "pdf/ua-1"


def _describe_charts(html: str) -> Callable[[Any, Any], None]:
    """A WeasyPrint finisher that gives each chart figure its whole summary as alternative
    text: WeasyPrint takes only the SVG's title, the description is what says what it shows."""
    import pydyf  # WeasyPrint's PDF writer, there whenever WeasyPrint is

    summaries: dict[str, list[str]] = defaultdict(list)
    for title, desc in chart_summaries(html):
        summaries[title].append(f"{title}. {desc}" if desc else title)

    def finish(_document: Any, pdf: Any) -> None:
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Dictionary) or obj.get("S") != "/Figure":
                continue
            alt = obj.get("Alt")
            found = summaries.get(alt.string) if isinstance(alt, pydyf.String) else None
            if found:
                obj["Alt"] = pydyf.String(found.pop(0))

    return finish


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """The report page as a tagged PDF/UA-1 document. Nothing is fetched: the CSS is inlined
    and the charts are inline SVG, and the fetcher refuses every URL (no network, no local
    files). ``base_url`` (the site's address) only makes the report's links absolute, so that
    they still lead somewhere from a downloaded file."""
    import weasyprint  # imported here: pango is only needed when a PDF is asked for

    class _NoFetch(weasyprint.URLFetcher):  # type: ignore[misc, name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"The PDF renderer does not fetch {url!r}.")

    stylesheets = [weasyprint.CSS(string=_report_css())]
    return weasyprint.HTML(  # type: ignore[no-any-return]
        string=html, base_url=base_url, url_fetcher=_NoFetch()
    ).write_pdf(
        stylesheets=stylesheets,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        finisher=_describe_charts(html),
    )
