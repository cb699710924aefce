"""Server-rendered inline SVG charts (no JavaScript, no CDN).

The strict CSP forbids style attributes, so shapes carry SVG presentation attributes and classes
from ``ledger/ledger.css``. Every chart has a table alternative in its template.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mend.domain.bank import RATIO_REFERENCE, RatioPoint
from mend.domain.trust import TrajectoryPoint

# A small viewBox so that text stays legible when a phone scales the chart down.
WIDTH, HEIGHT = 420, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 10, 10, 26
RATIO_CAP = 10.0  # bars above this are drawn at the cap and labelled "10+"


def _x(when: datetime, start: datetime, end: datetime) -> float:
    span = (end - start).total_seconds() or 1.0
    frac = (when - start).total_seconds() / span
    return LEFT + max(0.0, min(1.0, frac)) * (WIDTH - LEFT - RIGHT)


def _y(value: float, top_value: float = 1.0) -> float:
    frac = max(0.0, min(1.0, value / top_value))
    return TOP + (1.0 - frac) * (HEIGHT - TOP - BOTTOM)


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _frame(title: str, desc: str, ident: str, body: list[str]) -> SafeString:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - numbers and escaped text only


def _grid(values: Sequence[tuple[float, str]], top_value: float) -> list[str]:
    parts = []
    for value, label in values:
        y = _fmt(_y(value, top_value))
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" '
            f'stroke="#d0d4d9" stroke-width="1"/>'
            f'<text class="chart-label" x="{LEFT - 6}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="13" fill="#4a5560">{escape(label)}</text>'
        )
    return parts


def _date_labels(dates: Sequence[datetime], start: datetime, end: datetime) -> list[str]:
    parts = []
    step = max(1, -(-len(dates) // 4))  # at most four labels
    shown = list(dates[::step])
    for i, when in enumerate(shown):
        x = _fmt(_x(when, start, end))
        anchor = "start" if i == 0 else ("end" if x == _fmt(WIDTH - RIGHT) else "middle")
        parts.append(
            f'<text class="chart-label" x="{x}" y="{HEIGHT - 6}" text-anchor="{anchor}" '
            f'font-size="13" fill="#4a5560">{escape(f"{when:%-d %b}")}</text>'
        )
    return parts


def trust_chart(
    points: Sequence[TrajectoryPoint],
    felt: Sequence[tuple[datetime, float]],
    *,
    ident: str,
    trustee_name: str,
) -> SafeString:
    """The index line, its 80% interval band and felt-trust points, on a 0-100% scale."""
    if not points:
        return mark_safe("")
    start, end = points[0].at, points[-1].at
    body = _grid([(0.0, "0%"), (0.5, "50%"), (1.0, "100%")], 1.0)
    upper = [f"{_fmt(_x(p.at, start, end))},{_fmt(_y(p.high))}" for p in points]
    lower = [f"{_fmt(_x(p.at, start, end))},{_fmt(_y(p.low))}" for p in reversed(points)]
    body.append(
        f'<polygon class="chart-band" points="{" ".join(upper + lower)}" '
        f'fill="#9cc3e6" fill-opacity="0.45" stroke="none"/>'
    )
    line = " ".join(f"{_fmt(_x(p.at, start, end))},{_fmt(_y(p.index))}" for p in points)
    body.append(
        f'<polyline class="chart-line" points="{line}" fill="none" stroke="#1f5f99" '
        f'stroke-width="2.5" stroke-linejoin="round"/>'
    )
    for when, value in felt:
        body.append(
            f'<circle class="chart-felt" cx="{_fmt(_x(when, start, end))}" cy="{_fmt(_y(value))}" '
            f'r="5" fill="#b3541e" stroke="#ffffff" stroke-width="1.5"/>'
        )
    body += _date_labels([p.at for p in points], start, end)
    last = points[-1]
    desc = (
        f"Trust index in {trustee_name} week by week: now {round(last.index * 100)}%, "
        f"80% interval {round(last.low * 100)}% to {round(last.high * 100)}%. "
        f"{len(felt)} felt-trust ratings shown as dots."
    )
    return _frame(f"Trust in {trustee_name} over time", desc, ident, body)


def ratio_chart(points: Sequence[RatioPoint], *, ident: str) -> SafeString:
    """Weekly positive-to-negative ratio as bars, with the 5:1 reference line."""
    if not points:
        return mark_safe("")
    start, end = points[0].start, points[-1].end
    body = _grid([(0.0, "0"), (5.0, "5:1"), (RATIO_CAP, "10+")], RATIO_CAP)
    slot = (WIDTH - LEFT - RIGHT) / len(points)
    for point in points:
        x = _x(point.start, start, end) + slot * 0.15
        if point.positive == 0 and point.negative == 0:
            continue
        if point.ratio is None:  # deposits only: drawn at the cap, in a lighter shade
            value, cls, fill = RATIO_CAP, "chart-bar chart-bar--open", "#8fc79a"
        else:
            value, cls, fill = min(point.ratio, RATIO_CAP), "chart-bar", "#2e7d4f"
            if point.ratio < 1:
                cls, fill = "chart-bar chart-bar--low", "#b3541e"
        y = _y(value, RATIO_CAP)
        height = _y(0.0, RATIO_CAP) - y
        body.append(
            f'<rect class="{cls}" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(slot * 0.7)}" '
            f'height="{_fmt(max(height, 1.0))}" fill="{fill}"/>'
        )
    ref_y = _fmt(_y(RATIO_REFERENCE.value, RATIO_CAP))
    body.append(
        f'<line class="chart-reference" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ref_y}" '
        f'y2="{ref_y}" stroke="#6b2d8f" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    body += _date_labels([p.start for p in points], start, end)
    logged = [p for p in points if p.positive or p.negative]
    desc = (
        f"Positive-to-negative ratio for each of {len(points)} weeks ({len(logged)} with moments), "
        "bars capped at 10 to 1, with a dashed line at the 5 to 1 research reference."
    )
    return _frame("Weekly positive-to-negative ratio", desc, ident, body)
