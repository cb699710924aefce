"""The ledger's charts: the trust index over time and the weekly ratio (drawn by core.charts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils.safestring import SafeString

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
    """The index line, its 80% interval band and felt-trust points, on a 0-100% scale."""
    if not points:
        return svg_chart(ident=ident, title="", desc="", y_min=0, y_max=1, y_ticks=[])
    last = points[-1]
    desc = (
        f"Trust index in {trustee_name} week by week: now {round(last.index * 100)}%, "
        f"80% interval {round(last.low * 100)}% to {round(last.high * 100)}%. "
        f"{len(felt)} felt-trust ratings shown as dots."
    )
    return svg_chart(
        ident=ident,
        title=f"Trust in {trustee_name} over time",
        desc=desc,
        y_min=0.0,
        y_max=1.0,
        y_ticks=[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")],
        band=Band("80% interval", [(p.at, p.low, p.high) for p in points], BAND),
        series=[
            Series("Evidence index", [(p.at, p.index) for p in points], INDEX, dots=False),
            Series("Felt trust (rated)", list(felt), FELT, kind="dots"),
        ],
        start=start,
    )


def ratio_chart(points: Sequence[RatioPoint], *, ident: str) -> SafeString:
    """Weekly positive-to-negative ratio as bars, with the 5:1 reference line."""
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
        f"Positive-to-negative ratio for each of {len(points)} weeks ({len(logged)} with moments), "
        "bars capped at 10 to 1, with a dashed line at the 5 to 1 research reference."
    )
    return svg_chart(
        ident=ident,
        title="Weekly positive-to-negative ratio",
        desc=desc,
        y_min=0.0,
        y_max=RATIO_CAP,
        y_ticks=[(0.0, "0"), (5.0, "5:1"), (RATIO_CAP, "10+")],
        bars=Bars("Ratio in a week", bars, DEPOSITS),
        references=[Reference("Reference, 5 to 1", RATIO_REFERENCE.value, REFERENCE)],
        start=points[0].start if points else None,
        end=points[-1].end if points else None,
    )
