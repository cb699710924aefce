"""The trust chart's table rows are built in Python (ledger.charts.trust_rows) for the dashboard;
they must be exactly what the template drew before, in any time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.domain.trust import TrajectoryPoint
from mend.ledger.charts import trust_rows

TEMPLATE = Template(
    '{% for p in points %}<tr><td>{{ p.at|date:"j M Y" }}</td>{% if p.enough_evidence %}'
    "<td>{% widthratio p.index 1 100 %}%</td><td>{% widthratio p.low 1 100 %}–"
    "{% widthratio p.high 1 100 %}%</td>{% else %}"
    '<td colspan="2">not enough evidence yet</td>{% endif %}'
    "<td>{{ p.evidence|floatformat:1 }}</td></tr>{% endfor %}"
)

unit = st.floats(min_value=0.0, max_value=1.0)
points = st.lists(
    st.builds(
        TrajectoryPoint,
        at=st.datetimes(
            min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
        ),
        index=unit,
        low=unit,
        high=unit,
        evidence=st.floats(min_value=0.0, max_value=500.0),
        enough_evidence=st.booleans(),
    ),
    max_size=14,
)


@settings(max_examples=150, deadline=None)
@given(
    found=points,
    zone=st.sampled_from(["UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"]),
)
def test_rows_are_what_the_template_drew(found: list[TrajectoryPoint], zone: str) -> None:
    with timezone.override(zone):
        assert str(trust_rows(found)) == TEMPLATE.render(Context({"points": found}))


def test_halves_and_ends() -> None:
    at = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    found = [
        TrajectoryPoint(at + timedelta(weeks=i), v, v / 2, min(1.0, v * 1.5), v * 10, True)
        for i, v in enumerate([0.0, 0.005, 0.015, 0.125, 0.5, 0.625, 0.995, 1.0])
    ]
    found.append(TrajectoryPoint(at, 0.5, 0.2, 0.8, 4.95, False))
    with timezone.override("Europe/London"):
        assert str(trust_rows(found)) == TEMPLATE.render(Context({"points": found}))
