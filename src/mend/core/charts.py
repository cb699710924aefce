"""The one chart implementation: inline SVG drawn on the server (no JavaScript, no CDN).

Every chart has a title and a description for screen readers, dates on its x axis and a legend
inside the SVG, so that it reads the same on a page and in a PDF report. The strict CSP forbids
style attributes, so shapes carry SVG presentation attributes (which a PDF renderer understands
too) and classes a page's stylesheet may refine. Every page pairs a chart with a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A narrow viewBox, so that on a phone (~320 px wide) one unit is ~0.75 px and the 17-unit
# labels are ~13 px: legible without zooming. Wider screens scale the whole chart up.
WIDTH = 420
PLOT_HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 30
FONT = 17
LEGEND_ROW = 26
MAX_X_LABELS = 4
TEXT = "#3d464e"
GRID = "#d0d4d9"

When = date | datetime


@dataclass(frozen=True)
class Series:
    """A line (``line``), a dashed line (``dashed``) or unconnected points (``dots``)."""

    label: str
    points: Sequence[tuple[When, float]]
    colour: str
    kind: Literal["line", "dashed", "dots"] = "line"
    css: str = ""
    dots: bool = True  # draw a dot at each point of a line (off for long series)


@dataclass(frozen=True)
class Band:
    """A shaded range, such as an interval: (when, low, high) points."""

    label: str
    points: Sequence[tuple[When, float, float]]
    colour: str


@dataclass(frozen=True)
class Bar:
    start: When
    end: When
    value: float
    colour: str


@dataclass(frozen=True)
class Bars:
    label: str
    bars: Sequence[Bar]
    colour: str  # the legend's swatch


@dataclass(frozen=True)
class Reference:
    """A dashed horizontal line at a research reference or a cut-off."""

    label: str
    value: float
    colour: str


def _instant(when: When) -> datetime:
    if isinstance(when, datetime):
        return when
    return datetime.combine(when, time(12), tzinfo=UTC)


def _day(when: When) -> date:
    return when.date() if isinstance(when, datetime) else when


def x_tick_days(first: date, last: date, most: int = MAX_X_LABELS) -> list[date]:
    """Up to ``most`` evenly spaced days from ``first`` to ``last``, both ends included."""
    span = (last - first).days
    if span <= 0:
        return [first]
    count = min(most, span + 1)
    return sorted({first + timedelta(days=round(span * i / (count - 1))) for i in range(count)})


def _f(value: float) -> str:
    return f"{value:.1f}"


class _Frame:
    """Positions on the plot: x from time, y from value."""

    def __init__(self, start: datetime, end: datetime, y_min: float, y_max: float) -> None:
        self.start, self.end = start, end
        self.y_min, self.y_max = y_min, y_max
        self.right = WIDTH - RIGHT
        self.bottom = PLOT_HEIGHT - BOTTOM

    def x(self, when: When) -> float:
        span = (self.end - self.start).total_seconds()
        if span <= 0:
            return (LEFT + self.right) / 2
        frac = (_instant(when) - self.start).total_seconds() / span
        return LEFT + max(0.0, min(1.0, frac)) * (self.right - LEFT)

    def y(self, value: float) -> float:
        frac = (min(max(value, self.y_min), self.y_max) - self.y_min) / (self.y_max - self.y_min)
        return TOP + (1.0 - frac) * (self.bottom - TOP)


def _legend(items: list[tuple[str, str, str]]) -> tuple[list[str], int]:
    """Swatch and label per item, wrapped into rows; the parts and the height they take."""
    parts: list[str] = []
    x, row = float(LEFT), 0
    for kind, colour, label in items:
        width = 30 + len(label) * FONT * 0.52 + 18
        if x + width > WIDTH and x > LEFT:
            x, row = float(LEFT), row + 1
        y = PLOT_HEIGHT + 8 + row * LEGEND_ROW
        if kind == "band":
            parts.append(
                f'<rect x="{_f(x)}" y="{_f(y + 2)}" width="24" height="12" fill="{colour}" '
                f'fill-opacity="0.45"/>'
            )
        elif kind == "bar":
            parts.append(
                f'<rect x="{_f(x + 6)}" y="{_f(y)}" width="12" height="16" fill="{colour}"/>'
            )
        elif kind == "dots":
            parts.append(f'<circle cx="{_f(x + 12)}" cy="{_f(y + 8)}" r="5" fill="{colour}"/>')
        else:
            dash = ' stroke-dasharray="6 4"' if kind == "dashed" else ""
            parts.append(
                f'<line x1="{_f(x)}" x2="{_f(x + 24)}" y1="{_f(y + 8)}" y2="{_f(y + 8)}" '
                f'stroke="{colour}" stroke-width="3"{dash}/>'
            )
        parts.append(
            f'<text class="chart-legend" x="{_f(x + 30)}" y="{_f(y + 8)}" '
            f'dominant-baseline="middle" font-size="{FONT}" fill="{TEXT}">{escape(label)}</text>'
        )
        x += width
    return parts, (row + 1) * LEGEND_ROW + 8 if items else 0


def svg_chart(
    *,
    ident: str,
    title: str,
    desc: str,
    y_min: float,
    y_max: float,
    y_ticks: Sequence[tuple[float, str]],
    series: Sequence[Series] = (),
    band: Band | None = None,
    bars: Bars | None = None,
    references: Sequence[Reference] = (),
    start: When | None = None,
    end: When | None = None,
) -> SafeString:
    """One chart; empty when there is nothing to draw. ``start``/``end`` fix the x range (for
    example: the chart starts when the space was created); otherwise the data decide."""
    whens: list[When] = [w for s in series for w, _ in s.points]
    whens += [w for w, _, _ in (band.points if band else ())]
    for bar in bars.bars if bars else ():
        whens += [bar.start, bar.end]
    if not whens:
        return mark_safe("")
    first = _instant(start) if start is not None else min(map(_instant, whens))
    last = _instant(end) if end is not None else max(map(_instant, whens))
    frame = _Frame(first, last, y_min, y_max)
    body: list[str] = []
    for value, label in y_ticks:
        y = _f(frame.y(value))
        body.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{frame.right}" y1="{y}" y2="{y}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text class="chart-label" x="{LEFT - 6}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="{FONT}" fill="{TEXT}">{escape(label)}</text>'
        )
    legend: list[tuple[str, str, str]] = []
    if band is not None and band.points:
        upper = [f"{_f(frame.x(w))},{_f(frame.y(hi))}" for w, _lo, hi in band.points]
        lower = [f"{_f(frame.x(w))},{_f(frame.y(lo))}" for w, lo, _hi in reversed(band.points)]
        body.append(
            f'<polygon class="chart-band" points="{" ".join(upper + lower)}" '
            f'fill="{band.colour}" fill-opacity="0.45" stroke="none"/>'
        )
        legend.append(("band", band.colour, band.label))
    if bars is not None and bars.bars:
        for bar in bars.bars:
            x0, x1 = frame.x(bar.start), frame.x(bar.end)
            width = max((x1 - x0) * 0.7, 2.0)
            top = frame.y(bar.value)
            body.append(
                f'<rect class="chart-bar" x="{_f(x0 + (x1 - x0) * 0.15)}" y="{_f(top)}" '
                f'width="{_f(width)}" height="{_f(max(frame.bottom - top, 1.0))}" '
                f'fill="{bar.colour}"/>'
            )
        legend.append(("bar", bars.colour, bars.label))
    for ref in references:
        y = _f(frame.y(ref.value))
        body.append(
            f'<line class="chart-reference" x1="{LEFT}" x2="{frame.right}" y1="{y}" y2="{y}" '
            f'stroke="{ref.colour}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        legend.append(("dashed", ref.colour, ref.label))
    for s in series:
        if not s.points:
            continue
        coords = [
            (frame.x(w), frame.y(v), w, v)
            for w, v in sorted(s.points, key=lambda p: _instant(p[0]))
        ]
        css = f" {s.css}" if s.css else ""
        if s.kind != "dots" and len(coords) > 1:
            dash = ' stroke-dasharray="6 4"' if s.kind == "dashed" else ""
            line = " ".join(f"{_f(x)},{_f(y)}" for x, y, _w, _v in coords)
            body.append(
                f'<polyline class="chart-line{css}" points="{line}" fill="none" '
                f'stroke="{s.colour}" stroke-width="2.5" stroke-linejoin="round"{dash}/>'
            )
        if s.kind == "dots" or s.dots or len(coords) == 1:
            body += [
                f'<circle class="chart-dot{css}" cx="{_f(x)}" cy="{_f(y)}" r="5" '
                f'fill="{s.colour}" stroke="#ffffff" stroke-width="1.5"><title>'
                f"{escape(s.label)}, {_day(w):%-d %b %Y}: {v:g}</title></circle>"
                for x, y, w, v in coords
            ]
        legend.append(("dots" if s.kind == "dots" else s.kind, s.colour, s.label))
    body.append(
        f'<line class="chart-axis" x1="{LEFT}" x2="{frame.right}" y1="{frame.bottom}" '
        f'y2="{frame.bottom}" stroke="#8a8f93" stroke-width="1"/>'
    )
    days = x_tick_days(_day(first), _day(last))
    for i, day in enumerate(days):
        x = frame.x(day) if len(days) > 1 else (LEFT + frame.right) / 2
        # The first label hangs right of its point and the last left of its, so none is cut off.
        anchor = (
            "middle"
            if len(days) == 1
            else "start"
            if i == 0
            else "end"
            if i == len(days) - 1
            else "middle"
        )
        body.append(
            f'<text class="chart-label" x="{_f(x)}" y="{PLOT_HEIGHT - 8}" text-anchor="{anchor}" '
            f'font-size="{FONT}" fill="{TEXT}">{day:%-d %b}</text>'
        )
    legend_parts, legend_height = _legend(legend)
    height = PLOT_HEIGHT + legend_height
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    # Only numbers and escaped text go into the markup.
    return mark_safe(head + "".join(body + legend_parts) + "</svg>")  # noqa: S308
