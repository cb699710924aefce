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


def test_x_tick_days_are_spread_and_include_both_ends() -> None:
    first = date(2026, 1, 1)
    days = charts.x_tick_days(first, first + timedelta(days=90))
    assert days[0] == first and days[-1] == first + timedelta(days=90)
    assert len(days) == charts.MAX_X_LABELS
    assert {(b - a).days for a, b in itertools.pairwise(days)} == {30}
    assert charts.x_tick_days(first, first + timedelta(days=1)) == [first, first + timedelta(1)]
    assert charts.x_tick_days(first, first) == [first]


def test_dates_along_the_x_axis_anchored_inside_the_frame() -> None:
    svg = _chart()
    labels = re.findall(r'text-anchor="(\w+)" font-size="\d+" fill="[^"]+">(\d+ \w+)</text>', svg)
    assert [text for _a, text in labels] == ["2 Mar", "22 Mar", "11 Apr", "1 May"]
    assert [anchor for anchor, _t in labels] == ["start", "middle", "middle", "end"]


def test_every_series_band_and_reference_has_a_legend_entry() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    svg = _chart(
        series=[Series("Index", [(at, 0.5), (at + timedelta(days=7), 0.6)], "#111111")],
        band=Band("80% interval", [(at, 0.4, 0.6), (at + timedelta(days=7), 0.5, 0.7)], "#999"),
        references=[Reference("Reference, 5 to 1", 5, "#6b2d8f")],
    )
    legend = re.findall(r'class="chart-legend"[^>]*>([^<]+)</text>', svg)
    assert legend == ["80% interval", "Reference, 5 to 1", "Index"]


def test_the_x_range_can_start_before_the_first_point() -> None:
    svg = _chart(start=date(2026, 3, 1))
    assert ">1 Mar</text>" in svg


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
