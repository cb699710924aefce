"""The one chart module: legible on a phone, dates on the x axis, a legend, nothing unescaped."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from mend.core import charts
from mend.core.charts import Band, Reference, Series, svg_chart
from mend.selftrust.models import SelfRating
from tests.base import MendTestCase

PHONE_CHART_PX = 318  # the chart's rendered width in a 390 px wide phone layout


def _chart(**kwargs: object) -> str:
    first = date(2026, 3, 2)
    defaults: dict[str, object] = {
        "ident": "c",
        "title": "T",
        "desc": "D",
        "y_min": 0,
        "y_max": 10,
        "y_ticks": [(0, "0"), (10, "10")],
        "series": [Series("Mine", [(first, 3), (first + timedelta(days=60), 7)], "#123456")],
    }
    defaults.update(kwargs)
    return str(svg_chart(**defaults))  # type: ignore[arg-type]


def test_label_text_is_at_least_12px_on_a_phone() -> None:
    assert charts.FONT * PHONE_CHART_PX / charts.WIDTH >= 12


def test_ticks_fall_on_mondays_or_firsts_of_months_at_a_sensible_interval() -> None:
    first = date(2026, 3, 4)  # a Wednesday
    days, unit = charts.x_ticks(first, first + timedelta(days=20))
    assert unit == "week" and days == [date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)]
    days, unit = charts.x_ticks(first, first + timedelta(days=91))
    assert unit == "month" and days == [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    days, unit = charts.x_ticks(date(2025, 1, 10), date(2026, 12, 31))
    assert unit == "month" and days == [date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1)]
    assert charts.x_ticks(first, first + timedelta(days=3)) == (
        [first + timedelta(days=i) for i in range(4)],
        "day",
    )
    for span in (0, 1, 6, 13, 40, 200, 400, 731):
        days, _unit = charts.x_ticks(first, first + timedelta(days=span))
        assert len(days) <= charts.MAX_X_TICKS
        assert all(first <= d <= first + timedelta(days=span) for d in days)


def _x_labels(svg: str) -> list[tuple[str, str, str]]:
    """(y, anchor, text) of each date label, left to right."""
    return re.findall(
        r'class="chart-label" x="[\d.]+" y="(\d+)" text-anchor="(\w+)" '
        r'font-size="\d+" fill="[^"]+">([^<]+)</text>',
        svg,
    )


def test_the_first_and_last_dates_say_their_year_and_ticks_between_say_less() -> None:
    labels = _x_labels(_chart())  # 2 March to 1 May 2026: a tick every other Monday
    dates = [(a, t) for y, a, t in labels if y == str(charts.PLOT_HEIGHT - 26)]
    years = [(a, t) for y, a, t in labels if y == str(charts.PLOT_HEIGHT - 6)]
    assert dates[0] == ("start", "2 Mar") and dates[-1] == ("end", "1 May")
    assert years == [("start", "2026"), ("end", "2026")]
    between = [datetime.strptime(f"{t} 2026", "%d %b %Y") for _a, t in dates[1:-1]]
    assert between and all(d.weekday() == 0 for d in between)
    # 2, 16 and 30 March, 13 and 27 April, and the last day
    assert _chart().count('class="chart-tick"') == 6
    months = _chart(
        series=[Series("Mine", [(date(2026, 3, 2), 3), (date(2026, 6, 2), 7)], "#123456")]
    )
    assert [t for _y, _a, t in _x_labels(months)] == [
        "2 Mar",
        "2026",
        "Apr",
        "May",  # no "Jun": it would touch "2 Jun"
        "2 Jun",
        "2026",
    ]


def test_a_new_year_between_the_ends_is_named_and_labels_never_overlap() -> None:
    first = date(2025, 10, 20)
    svg = _chart(series=[Series("Mine", [(first, 3), (first + timedelta(days=120), 7)], "#1")])
    texts = [t for _y, _a, t in _x_labels(svg)]
    assert "Jan" in texts and texts.count("2026") == 2 and "2025" in texts
    for span in (0, 1, 5, 9, 16, 30, 45, 61, 95, 180, 370, 731):
        svg = _chart(series=[Series("Mine", [(first, 3), (first + timedelta(days=span), 7)], "#1")])
        spans = []
        for x, anchor, text in re.findall(
            rf'x="([\d.]+)" y="{charts.PLOT_HEIGHT - 26}" text-anchor="(\w+)"[^>]*>([^<]+)<', svg
        ):
            width = charts.text_width(text)
            left = float(x) - {"start": 0, "middle": width / 2, "end": width}[anchor]
            assert left >= 0 and left + width <= charts.WIDTH, (span, text)
            spans.append((left, left + width))
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), (span, spans)


def test_value_labels_have_room_left_of_the_plot() -> None:
    svg = _chart(y_ticks=[(0, "0%"), (10, "100%")])
    x = float(re.findall(r'x="([\d.]+)" y="[\d.]+" text-anchor="end" dominant', svg)[0])
    assert x - charts.text_width("100%") >= 0


def test_every_series_band_and_reference_has_a_legend_entry() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    svg = _chart(
        series=[Series("Index", [(at, 0.5), (at + timedelta(days=7), 0.6)], "#111111")],
        band=Band("80% interval", [(at, 0.4, 0.6), (at + timedelta(days=7), 0.5, 0.7)], "#999"),
        references=[Reference("Reference, 5 to 1", 5, "#6b2d8f")],
    )
    legend = re.findall(r'class="chart-legend"[^>]*>([^<]+)</text>', svg)
    assert legend == ["80% interval", "Reference, 5 to 1", "Index"]


def test_bars_of_each_colour_are_named_in_the_legend_only_when_drawn() -> None:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    week = timedelta(days=7)
    bars = charts.Bars(
        "Positive to negative",
        [charts.Bar(at, at + week, 3, "#111111"), charts.Bar(at + week, at + 2 * week, 0.5, "#b3")],
        "#111111",
        kinds=[("#b3", "More negative than positive"), ("#8f", "Only positive")],
    )
    svg = _chart(series=[], bars=bars)
    legend = re.findall(r'class="chart-legend"[^>]*>([^<]+)</text>', svg)
    assert legend == ["Positive to negative", "More negative than positive"]


def test_the_trust_chart_names_the_felt_trust_dots_and_its_summary_says_their_scale() -> None:
    from mend.domain.trust import TrajectoryPoint
    from mend.ledger.charts import trust_chart

    at = datetime(2026, 3, 2, tzinfo=UTC)
    points = [TrajectoryPoint(at + timedelta(weeks=i), 0.6, 0.4, 0.8, 12.0, True) for i in range(4)]
    svg = str(trust_chart(points, [(at + timedelta(days=9), 0.7)], ident="t", trustee_name="B"))
    legend = re.findall(r'class="chart-legend"[^>]*>([^<]+)</text>', svg)
    assert legend == [
        "80% interval",
        "Trust index from evidence",
        "Your felt trust (rating out of 10)",
    ]
    [(title, desc)] = charts.chart_summaries(svg)
    assert title == "Trust in B over time"
    assert "7 out of 10 at 70%" in desc


def test_the_x_range_can_start_before_the_first_point() -> None:
    svg = _chart(start=date(2026, 3, 1))
    assert ">1 Mar</text>" in svg


def test_chart_summaries_read_back_each_title_and_description_as_plain_text() -> None:
    markup = _chart(title="Trust & more", desc="Up <a bit>") + "<p>x</p>" + _chart(ident="d")
    assert charts.chart_summaries(markup) == [("Trust & more", "Up <a bit>"), ("T", "D")]


def test_text_is_escaped_and_an_empty_chart_draws_nothing() -> None:
    svg = _chart(title="<script>", series=[Series("a&b", [(date(2026, 1, 1), 1)], "#000")])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a&amp;b" in svg
    assert _chart(series=[]) == ""


class RatingsPage(MendTestCase):
    def test_ratings_page_draws_date_labels_a_legend_and_keeps_the_table(self) -> None:
        today = timezone.localdate()
        for n in range(5):
            SelfRating.objects.create(
                space=self.space,
                owner=self.alice,
                rated_on=today - timedelta(days=10 * n),
                trust_judgement=n + 3,
            )
        body = self.login(self.alice).get(f"/spaces/{self.space.pk}/self-trust/ratings/")
        html = body.content.decode()
        self.assertIn(f"{today.day} {today:%b}</text>", html)
        self.assertIn(">Trust my judgement</text>", html)
        self.assertIn("<caption", html)  # the table alternative is still there


def test_a_legend_swatch_looks_like_its_mark() -> None:
    first = date(2026, 3, 2)
    points = [(first, 3.0), (first + timedelta(days=9), 5.0)]
    for kind, dots, dashed, dot in (
        ("line", True, False, True),
        ("line", False, False, False),
        ("dashed", True, True, True),
        ("dots", True, False, True),
    ):
        series = Series("S", points, "#123456", kind=kind, dots=dots)  # type: ignore[arg-type]
        svg = _chart(series=[series])
        legend = svg[svg.rindex('class="chart-label"') :]  # the legend follows the axis labels
        assert ('<circle cx="' in legend) is dot, kind
        assert ('stroke-dasharray="6 4"' in legend) is dashed, kind
