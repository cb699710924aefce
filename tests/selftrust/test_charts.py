"""Chart geometry: readable on a phone, with dates along the x axis."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from django.utils import timezone

from mend.selftrust import charts
from mend.selftrust.models import SelfRating
from tests.base import MendTestCase

PHONE_CHART_PX = 318  # the chart's rendered width in a 390 px wide phone layout


def _tick_font_units() -> float:
    from pathlib import Path

    import mend.selftrust

    css = (Path(mend.selftrust.__file__).parent / "static/selftrust/selftrust.css").read_text()
    match = re.search(r"^\.st-chart \.tick \{[^}]*font-size: (\d+)px", css, re.M)
    assert match, "no base tick font size"
    return float(match.group(1))


def test_tick_text_is_at_least_12px_on_a_phone() -> None:
    self_px = _tick_font_units() * PHONE_CHART_PX / charts.WIDTH
    assert self_px >= 12, self_px


def test_x_tick_days_are_spread_and_include_both_ends() -> None:
    first = date(2026, 1, 1)
    days = charts.x_tick_days(first, first + timedelta(days=90))
    assert days[0] == first and days[-1] == first + timedelta(days=90)
    assert len(days) == charts.MAX_X_LABELS
    gaps = {(b - a).days for a, b in itertools.pairwise(days)}
    assert gaps == {30}
    # Two days apart: only as many labels as there are days.
    assert charts.x_tick_days(first, first + timedelta(days=1)) == [first, first + timedelta(1)]
    assert charts.x_tick_days(first, first) == [first]


def test_chart_labels_each_tick_with_its_date_and_anchors_keep_them_inside() -> None:
    first = date(2026, 3, 2)
    chart = charts.line_chart(
        [("a", "series-trust", [(first, 3), (first + timedelta(days=60), 7)])],
        y_min=0,
        y_max=10,
        y_step=2,
    )
    assert chart is not None
    labels = [label for _x, label, _a in chart.x_ticks]
    assert labels[0] == "2 Mar" and labels[-1] == "1 May"
    assert len(labels) == 4
    assert [a for _x, _l, a in chart.x_ticks] == ["start", "middle", "middle", "end"]
    xs = [x for x, _l, _a in chart.x_ticks]
    assert xs == sorted(xs) and xs[0] == chart.plot_left and xs[-1] == chart.plot_right


class RatingsPage(MendTestCase):
    def test_ratings_page_draws_date_labels_and_keeps_the_table(self) -> None:
        today = timezone.localdate()
        for n in range(5):
            SelfRating.objects.create(
                space=self.space,
                owner=self.alice,
                rated_on=today - timedelta(days=10 * n),
                trust_judgement=n + 3,
            )
        html = self.login(self.alice).get(f"/spaces/{self.space.pk}/self-trust/ratings/")
        body = html.content.decode()
        self.assertIn(f'viewBox="0 0 {charts.WIDTH} {charts.HEIGHT}"', body)
        self.assertEqual(body.count('class="tick tick--x"'), 4)
        self.assertIn(f"{today.day} {today:%b}", body)
        self.assertIn("<caption", body)  # the table alternative is still there
