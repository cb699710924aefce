"""Server-rendered line charts: geometry only; the template draws the SVG.

The page's CSP forbids style attributes, so the template uses classes and SVG presentation
attributes; every chart is paired with a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

# A narrow viewBox so that on a phone (~320 px wide) one unit is ~0.75 px: the 17-unit tick
# text (selftrust.css) is ~13 px there instead of the ~7.5 px a 640-wide viewBox gave.
WIDTH = 420
HEIGHT = 220
PAD_LEFT = 34
PAD_RIGHT = 10
PAD_TOP = 12
PAD_BOTTOM = 34
MAX_X_LABELS = 4


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    day: date
    value: float


@dataclass(frozen=True)
class Line:
    label: str
    css_class: str
    points: str
    dots: list[Dot]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[Line]
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str, str]] = field(default_factory=list)
    plot_left: int = PAD_LEFT
    plot_right: int = WIDTH - PAD_RIGHT
    plot_top: int = PAD_TOP
    plot_bottom: int = HEIGHT - PAD_BOTTOM


def line_chart(
    series: list[tuple[str, str, list[tuple[date, float]]]],
    *,
    y_min: float,
    y_max: float,
    y_step: float,
) -> Chart | None:
    """``series`` is [(label, css class, [(day, value)])]; None when there is nothing to draw."""
    days = [d for _label, _css, pts in series for d, _v in pts]
    if not days:
        return None
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x_of(day: date) -> float:
        if first == last:
            return PAD_LEFT + plot_w / 2
        return round(PAD_LEFT + plot_w * (day - first).days / span, 1)

    def y_of(value: float) -> float:
        clamped = min(max(value, y_min), y_max)
        return round(PAD_TOP + plot_h * (1 - (clamped - y_min) / (y_max - y_min)), 1)

    lines = []
    for label, css, pts in series:
        ordered = sorted(pts)
        dots = [Dot(x_of(d), y_of(v), d, v) for d, v in ordered]
        lines.append(Line(label, css, " ".join(f"{d.x},{d.y}" for d in dots), dots))
    y_ticks = []
    value = y_min
    while value <= y_max + 1e-9:
        y_ticks.append((y_of(value), f"{value:g}"))
        value += y_step
    return Chart(WIDTH, HEIGHT, lines, y_ticks, _x_ticks(first, last, x_of))


def x_tick_days(first: date, last: date, most: int = MAX_X_LABELS) -> list[date]:
    """Up to ``most`` evenly spaced days from ``first`` to ``last``, both ends included."""
    span = (last - first).days
    if span <= 0:
        return [first]
    count = min(most, span + 1)
    days = [first + timedelta(days=round(span * i / (count - 1))) for i in range(count)]
    return sorted(set(days))


def _label(day: date) -> str:
    return f"{day.day} {day:%b}"


def _x_ticks(
    first: date, last: date, x_of: Callable[[date], float]
) -> list[tuple[float, str, str]]:
    days = x_tick_days(first, last)
    if len(days) == 1:
        return [(x_of(first), _label(first), "middle")]
    ticks = []
    for i, day in enumerate(days):
        # The first label hangs right of its point and the last left of its, so none is cut off.
        anchor = "start" if i == 0 else "end" if i == len(days) - 1 else "middle"
        ticks.append((x_of(day), _label(day), anchor))
    return ticks
