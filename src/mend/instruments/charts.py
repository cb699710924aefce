"""Charts of one person's results of one instrument: the total and each subscale over time,
with each published cut-off drawn as a reference line (mend.core.charts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.safestring import SafeString

from mend.core.charts import Reference, Series, svg_chart
from mend.domain.instruments import Instrument, fmt
from mend.instruments.models import InstrumentResult

LINE = "#1f5f99"
CUTOFF = "#a1462c"


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    cutoffs: list[str]  # "13.5 (source)" lines shown under the chart


def _ticks(low: float, high: float) -> list[tuple[float, str]]:
    step = (high - low) / 4 if high > low else 1
    return [(low + step * i, fmt(round(low + step * i, 2))) for i in range(5)]


def result_charts(
    ident: str, instrument: Instrument, results: Sequence[InstrumentResult]
) -> list[Chart]:
    """One chart for the total and one per subscale; ``results`` are one person's."""
    if not results:
        return []
    scales: list[tuple[str, str, float, float, list[tuple[datetime, float]]]] = [
        (
            "total",
            f"{instrument.short_name} total",
            min(r.min_total for r in results),
            max(r.max_total for r in results),
            [(r.created_at, r.total) for r in results],
        )
    ]
    for sid, items in instrument.subscale_groups().items():
        low, high = instrument.subscale_bounds(sid)
        points = [(r.created_at, float(r.subscales[sid])) for r in results if sid in r.subscales]
        if items and points:
            scales.append((sid, instrument.subscale_name(sid), low, high, points))
    charts = []
    for sid, name, low, high, points in scales:
        cutoffs = [c for c in instrument.cutoffs if c.applies_to == sid]
        svg = svg_chart(
            ident=f"{ident}-{sid}",
            title=f"{name} over time",
            desc="Each score as a point; dashed lines are the published cut-offs. "
            "The same numbers are in the table.",
            y_min=low,
            y_max=high,
            y_ticks=_ticks(low, high),
            series=[Series("Score", points, LINE)],
            references=[Reference(f"Cut-off {fmt(c.value)}", c.value, CUTOFF) for c in cutoffs],
        )
        charts.append(
            Chart(
                title=name,
                svg=svg,
                cutoffs=[f"{fmt(c.value)}: {c.label} ({c.source})" for c in cutoffs],
            )
        )
    return charts
