"""The one chart implementation: inline SVG drawn on the server (no JavaScript, no CDN).

Every chart has a title and a description for screen readers, dates on its x axis and a legend
inside the SVG, so that it reads the same on a page and in a PDF report. The strict CSP forbids
style attributes, so shapes carry SVG presentation attributes (which a PDF renderer understands
too) and classes a page's stylesheet may refine. Every page pairs a chart with a table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A narrow viewBox, so that on a phone (~320 px wide) one unit is ~0.75 px and the 17-unit
# labels are ~13 px: legible without zooming. Wider screens scale the whole chart up.
WIDTH = 420
PLOT_HEIGHT = 240
# Below the plot: tick marks, a row of dates and a row of years.
# LEFT fits "100%" at FONT units (about 44 wide) beside the axis; at 48 its "1" fell off the edge.
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 12, 52
FONT = 17
LEGEND_ROW = 26
MAX_X_TICKS = 6
LABEL_GAP = 10  # the least room between two date labels
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
    """Bars in ``colour``, named ``label`` in the legend; a bar of another colour is named by
    ``kinds`` ((colour, label) pairs). Only the colours some bar has are in the legend."""

    label: str
    bars: Sequence[Bar]
    colour: str
    kinds: Sequence[tuple[str, str]] = ()


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


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of the width of ``text`` in a sans-serif face (DejaVu Sans in the
    PDF, the system's sans on a page): enough to keep labels apart without measuring."""
    em = 0.0
    for ch in text:
        if ch.isdigit():
            em += 0.64
        elif ch == " ":
            em += 0.32
        elif ch in "%–—":
            em += 0.95
        elif ch in ".,:;'()":
            em += 0.36
        elif ch.isupper():
            em += 0.72
        else:
            em += 0.6
    return em * size


# Tick intervals from finest to coarsest: ("day", n) every n days, ("week", n) every n-th
# Monday, ("month", n) the first of every n-th month (January, and every n-th after it).
STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("day", 2),
    ("week", 1),
    ("week", 2),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    ("month", 12),
)


def _ticks_every(first: date, last: date, unit: str, n: int) -> list[date]:
    if unit == "day":
        return [first + timedelta(days=i) for i in range(0, (last - first).days + 1, n)]
    if unit == "week":
        monday = first + timedelta(days=-first.weekday() % 7)
        return [monday + timedelta(weeks=i) for i in range(0, (last - monday).days // 7 + 1, n)]
    found = []
    year, month = first.year, first.month
    if first.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while date(year, month, 1) <= last:
        if (month - 1) % n == 0:
            found.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def x_ticks(first: date, last: date, most: int = MAX_X_TICKS) -> tuple[list[date], str]:
    """Tick days at the finest sensible interval (days, Mondays, firsts of months) that gives
    at most ``most`` ticks between ``first`` and ``last``; and that interval's unit."""
    for unit, n in STEPS:
        days = _ticks_every(first, last, unit, n)
        if len(days) <= most:
            return days, unit
    return _ticks_every(first, last, "month", 12), "month"


def date_label(day: date, unit: str, *, end: bool = False) -> tuple[str, str]:
    """A tick's date and, on a second row, its year: the first and last ticks always say their
    year, a tick between them only at a new year (January); otherwise as little as it can."""
    if end:
        return f"{day:%-d %b}", f"{day:%Y}"
    if unit == "month":
        return f"{day:%b}", f"{day:%Y}" if day.month == 1 else ""
    return f"{day:%-d %b}", ""


def _f(value: float) -> str:
    return f"{value:.1f}"


class _Frame:
    """Positions on the plot: x from time, y from value."""

    def __init__(
        self, start: datetime, end: datetime, y_min: float, y_max: float, left: float = LEFT
    ) -> None:
        self.start, self.end = start, end
        self.y_min, self.y_max = y_min, y_max
        self.left = left
        self.right = WIDTH - RIGHT
        self.bottom = PLOT_HEIGHT - BOTTOM

    def x(self, when: When) -> float:
        span = (self.end - self.start).total_seconds()
        if span <= 0:
            return (self.left + self.right) / 2
        frac = (_instant(when) - self.start).total_seconds() / span
        return self.left + max(0.0, min(1.0, frac)) * (self.right - self.left)

    def y(self, value: float) -> float:
        frac = (min(max(value, self.y_min), self.y_max) - self.y_min) / (self.y_max - self.y_min)
        return TOP + (1.0 - frac) * (self.bottom - TOP)


def _legend(items: list[tuple[str, str, str]], left: float) -> tuple[list[str], int]:
    """Swatch and label per item, wrapped into rows; the parts and the height they take."""
    parts: list[str] = []
    x, row = left, 0
    for kind, colour, label in items:
        width = 30 + text_width(label) + 18
        if x + width > WIDTH and x > left:
            x, row = left, row + 1
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
            dash = ' stroke-dasharray="6 4"' if kind.startswith("dashed") else ""
            parts.append(
                f'<line x1="{_f(x)}" x2="{_f(x + 24)}" y1="{_f(y + 8)}" y2="{_f(y + 8)}" '
                f'stroke="{colour}" stroke-width="3"{dash}/>'
            )
            if kind.endswith("+dots"):
                parts.append(
                    f'<circle cx="{_f(x + 12)}" cy="{_f(y + 8)}" r="5" fill="{colour}" '
                    f'stroke="#ffffff" stroke-width="1.5"/>'
                )
        parts.append(
            f'<text class="chart-legend" x="{_f(x + 30)}" y="{_f(y + 8)}" '
            f'dominant-baseline="middle" font-size="{FONT}" fill="{TEXT}">{escape(label)}</text>'
        )
        x += width
    return parts, (row + 1) * LEGEND_ROW + 8 if items else 0


def _x_axis(frame: _Frame, first: date, last: date) -> list[str]:
    """Tick marks at sensible intervals; the first and last day labelled with their year, and
    each tick between them labelled where its label has room."""
    ticks, unit = x_ticks(first, last)
    bottom = frame.bottom
    middle = (frame.left + frame.right) / 2

    def at(day: date) -> float:
        if first == last:
            return middle
        return frame.left if day == first else frame.right if day == last else frame.x(day)

    parts = [
        f'<line class="chart-tick" x1="{_f(at(day))}" x2="{_f(at(day))}" '
        f'y1="{bottom}" y2="{bottom + 5}" stroke="#8a8f93" stroke-width="1"/>'
        for day in sorted({first, last, *ticks})
    ]
    # The first label hangs right of its tick and the last left of its, so none is cut off.
    labels = (
        [(middle, "middle", date_label(first, unit, end=True))]
        if first == last
        else [
            (frame.left, "start", date_label(first, unit, end=True)),
            (frame.right, "end", date_label(last, unit, end=True)),
        ]
    )
    taken = []
    for x, anchor, label in labels:
        width = max(map(text_width, label))
        lo = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        taken.append((lo, lo + width))
    for day in ticks if first != last else ():
        label = date_label(day, unit)
        x, half = frame.x(day), max(map(text_width, label)) / 2
        if all(x + half + LABEL_GAP <= a or x - half - LABEL_GAP >= b for a, b in taken):
            taken.append((x - half, x + half))
            labels.append((x, "middle", label))
    out = []
    for x, anchor, (when, year) in sorted(labels):
        for text, y in ((when, PLOT_HEIGHT - 26), (year, PLOT_HEIGHT - 6)):
            if text:
                out.append(
                    f'<text class="chart-label" x="{_f(x)}" y="{y}" text-anchor="{anchor}" '
                    f'font-size="{FONT}" fill="{TEXT}">{escape(text)}</text>'
                )
    return parts + out


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
    # Room for the widest value label left of the plot ("100%" must not be cut off).
    left = max([float(LEFT)] + [text_width(label) + 12 for _v, label in y_ticks])
    frame = _Frame(first, last, y_min, y_max, left)
    body: list[str] = []
    for value, label in y_ticks:
        y = _f(frame.y(value))
        body.append(
            f'<line class="chart-grid" x1="{_f(left)}" x2="{frame.right}" y1="{y}" y2="{y}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text class="chart-label" x="{_f(left - 6)}" y="{y}" text-anchor="end" '
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
        used = {bar.colour for bar in bars.bars}
        legend += [
            ("bar", colour, label)
            for colour, label in [(bars.colour, bars.label), *bars.kinds]
            if colour in used
        ]
    for ref in references:
        y = _f(frame.y(ref.value))
        body.append(
            f'<line class="chart-reference" x1="{_f(left)}" x2="{frame.right}" y1="{y}" '
            f'y2="{y}" stroke="{ref.colour}" stroke-width="2" stroke-dasharray="6 4"/>'
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
        drawn_line = s.kind != "dots" and len(coords) > 1
        if drawn_line:
            dash = ' stroke-dasharray="6 4"' if s.kind == "dashed" else ""
            line = " ".join(f"{_f(x)},{_f(y)}" for x, y, _w, _v in coords)
            body.append(
                f'<polyline class="chart-line{css}" points="{line}" fill="none" '
                f'stroke="{s.colour}" stroke-width="2.5" stroke-linejoin="round"{dash}/>'
            )
        drawn_dots = s.kind == "dots" or s.dots or len(coords) == 1
        if drawn_dots:
            body += [
                f'<circle class="chart-dot{css}" cx="{_f(x)}" cy="{_f(y)}" r="5" '
                f'fill="{s.colour}" stroke="#ffffff" stroke-width="1.5"><title>'
                f"{escape(s.label)}, {_day(w):%-d %b %Y}: {v:g}</title></circle>"
                for x, y, w, v in coords
            ]
        # The swatch looks like the mark: a line, a line with dots, or a dot alone.
        swatch = f"{s.kind}+dots" if drawn_line and drawn_dots else s.kind if drawn_line else "dots"
        legend.append((swatch, s.colour, s.label))
    body.append(
        f'<line class="chart-axis" x1="{_f(left)}" x2="{frame.right}" y1="{frame.bottom}" '
        f'y2="{frame.bottom}" stroke="#8a8f93" stroke-width="1"/>'
    )
    body += _x_axis(frame, _day(first), _day(last))
    legend_parts, legend_height = _legend(legend, left)
    height = PLOT_HEIGHT + legend_height
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    # Only numbers and escaped text go into the markup.
    return mark_safe(head + "".join(body + legend_parts) + "</svg>")  # noqa: S308


_SUMMARY = re.compile(
    r'<svg class="chart"[^>]*><title id="[^"]*">(.*?)</title><desc id="[^"]*">(.*?)</desc>',
    re.S,
)


def chart_summaries(markup: str) -> list[tuple[str, str]]:
    """(title, description) of each chart in ``markup``, in order, as plain text: for a
    renderer that takes only part of them as a chart's alternative text (WeasyPrint's PDF)."""
    return [(html.unescape(t), html.unescape(d)) for t, d in _SUMMARY.findall(markup)]
