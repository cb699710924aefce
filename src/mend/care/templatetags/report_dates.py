"""A progress report's dates, written twice: whole ("18 Sep 2026") and short ("18 Sep"), in one
``<time>``. Its stylesheets show one of them, the short one only in a phone's narrow columns,
where "18 / Sep / 2026" took three lines of a cell (the PDF always shows the whole one)."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from mend.care.report import Report

register = template.Library()


def _written(day: date, machine: str, whole: str, short: str) -> SafeString:
    return format_html(
        '<time datetime="{}"><span class="date-whole">{}</span>'
        '<span class="date-short">{}</span></time>',
        date_format(day, machine),
        date_format(day, whole),
        date_format(day, short),
    )


@register.simple_tag
def report_day(report: Report, day: date) -> SafeString:
    """A day of the report: a result's date, a check-in's."""
    return _written(day, "Y-m-d", "j M Y", report.short_day_format)


@register.simple_tag
def report_period(report: Report, day: date) -> SafeString:
    """The week (by its first day) or the month a row of the report sums up."""
    if report.monthly:
        return _written(day, "Y-m", "F Y", "M Y")
    return report_day(report, day)
