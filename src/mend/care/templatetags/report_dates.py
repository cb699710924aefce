"""A progress report's dates, written twice: whole ("18 Sep 2026") and short ("18 Sep"), in one
``<time>`` (mend.core's date_forms): the short one only in a phone's narrow columns, where
"18 / Sep / 2026" took three lines of a cell (the PDF always shows the whole one)."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.safestring import SafeString

from mend.care.report import Report
from mend.core.templatetags.date_forms import written_twice

register = template.Library()


@register.simple_tag
def report_day(report: Report, day: date) -> SafeString:
    """A day of the report: a result's date, a check-in's."""
    return written_twice(day, whole="j M Y", short=report.short_day_format)


@register.simple_tag
def report_period(report: Report, day: date) -> SafeString:
    """The week (by its first day) or the month a row of the report sums up."""
    if report.monthly:
        return written_twice(day, whole="F Y", short="M Y", machine="Y-m")
    return report_day(report, day)
