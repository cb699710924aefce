"""The ledger's charts: the trust index over time and the weekly ratio (drawn by core.charts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.template.defaultfilters import floatformat
from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from mend.core.charts import Band, Bar, Bars, Reference, Series, svg_chart
from mend.domain.bank import RATIO_REFERENCE, RatioPoint
from mend.domain.trust import TrajectoryPoint

RATIO_CAP = 10.0  # bars above this are drawn at the cap and labelled "10+"
INDEX, BAND, FELT = "#1f5f99", "#9cc3e6", "#b3541e"
DEPOSITS, DEPOSITS_ONLY, MOSTLY_NEGATIVE, REFERENCE = "#2e7d4f", "#8fc79a", "#b3541e", "#6b2d8f"


def trust_chart(
    points: Sequence[TrajectoryPoint],
    felt: Sequence[tuple[datetime, float]],
    *,
    ident: str,
    trustee_name: str,
    start: datetime | None = None,
) -> SafeString:
    """The index line, its 80% interval band and felt-trust points, on a 0-100% scale.

    Only weeks with enough evidence are drawn: before that the index is mostly the prior
    (issue 12), and a line at 50% would read as a result."""
    if not points:
        return svg_chart(ident=ident, title="", desc="", y_min=0, y_max=1, y_ticks=[])
    last = points[-1]
    shown = [p for p in points if p.enough_evidence]
    missing = len(points) - len(shown)
    if last.enough_evidence:
        now = (
            f"now most likely around {round(last.index * 100)}%, 80% likely between "
            f"{round(last.low * 100)}% and {round(last.high * 100)}%"
        )
    else:
        now = "not enough evidence yet now"
    desc = (
        f"Trust index in {trustee_name} week by week: {now}. "
        + (
            f"{missing} of {len(points)} weeks had not enough evidence yet and are not drawn. "
            if missing
            else ""
        )
        + (
            f"{len(felt)} of your felt-trust ratings shown as dots, each a rating out of 10 "
            "drawn at ten times its value in percent (7 out of 10 at 70%)."
            if felt
            else "No felt-trust ratings of yours in this time."
        )
    )
    return svg_chart(
        ident=ident,
        title=f"Trust in {trustee_name} over time",
        desc=desc,
        y_min=0.0,
        y_max=1.0,
        y_ticks=[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")],
        band=Band("80% interval", [(p.at, p.low, p.high) for p in shown], BAND),
        series=[
            Series(
                "Trust index from evidence", [(p.at, p.index) for p in shown], INDEX, dots=False
            ),
            Series("Your felt trust (rating out of 10)", list(felt), FELT, kind="dots"),
        ],
        start=start if start is not None else points[0].at,
        end=last.at,
    )


def ratio_chart(
    points: Sequence[RatioPoint], *, ident: str, show_reference: bool = False
) -> SafeString:
    """Weekly positive-to-negative ratio of confirmed moments as bars; the 5:1 reference line
    only when the 28-day window holds enough moments to compare (``show_reference``)."""
    bars = []
    for point in points:
        if point.positive == 0 and point.negative == 0:
            continue
        if point.ratio is None:  # deposits only: drawn at the cap, in a lighter shade
            value, colour = RATIO_CAP, DEPOSITS_ONLY
        else:
            value = min(point.ratio, RATIO_CAP)
            colour = MOSTLY_NEGATIVE if point.ratio < 1 else DEPOSITS
        bars.append(Bar(point.start, point.end, value, colour))
    logged = [p for p in points if p.positive or p.negative]
    desc = (
        f"Positive-to-negative ratio of confirmed moments for each of {len(points)} weeks "
        f"({len(logged)} with moments), bars capped at 10 to 1"
        + (
            ", with a dashed line at the 5 to 1 research reference."
            if show_reference
            else "; too few moments yet to draw a research reference."
        )
    )
    return svg_chart(
        ident=ident,
        title="Weekly positive-to-negative ratio",
        desc=desc,
        y_min=0.0,
        y_max=RATIO_CAP,
        y_ticks=[(0.0, "0"), (5.0, "5:1"), (RATIO_CAP, "10+")],
        bars=Bars(
            "Positive to negative",
            bars,
            DEPOSITS,
            kinds=[
                (MOSTLY_NEGATIVE, "More negative than positive"),
                (DEPOSITS_ONLY, "Only positive (drawn at 10+)"),
            ],
        ),
        references=(
            [Reference("Reference, 5 to 1", RATIO_REFERENCE.value, REFERENCE)]
            if show_reference
            else []
        ),
        start=points[0].start if points else None,
        end=points[-1].end if points else None,
    )


def _percent(value: float) -> str:
    """``{% widthratio value 1 100 %}``: the same float steps, so the same digits."""
    return str(round((float(value) / 1.0) * 100))


def trust_rows(points: Sequence[TrajectoryPoint]) -> SafeString:
    """The rows of the table beside the trust chart (its alternative for screen readers): the
    week, the index and its 80% range in whole percent (or "not enough evidence yet") and the
    weight of evidence, formatted as the page's template formats them. Built here, with the
    chart, because a dashboard draws thirteen a chart and a template's tags cost more."""
    rows = []
    for p in points:
        # As the template's date filter: the time where the person is, formatted without the
        # filter's look-up of "j M Y" as the name of a format.
        week = escape(dateformat.format(localtime(p.at), "j M Y"))
        if p.enough_evidence:
            numbers = f"<td>{_percent(p.index)}%</td><td>{_percent(p.low)}–{_percent(p.high)}%</td>"
        else:
            numbers = '<td colspan="2">not enough evidence yet</td>'
        rows.append(f"<tr><td>{week}</td>{numbers}<td>{floatformat(p.evidence, 1)}</td></tr>")
    # Only dates and numbers go into the markup, each escaped or formatted as a number.
    return mark_safe("".join(rows))  # noqa: S308
