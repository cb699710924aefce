"""A date written twice, whole ("18 Sep 2026") and short ("18 Sep"), in one ``<time>``. The
stylesheets show the short one only in a table's cells on a phone (mend.css), where the whole
one took two or three lines of a narrow column or pushed its table past the screen's edge; a
wider screen, and the PDF report, show the whole one."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def _local(when: date) -> date:
    """A datetime in the person's time zone, as the ``date`` filter writes it (a tag's
    arguments are not converted for it); a day as it is."""
    if isinstance(when, datetime) and timezone.is_aware(when):
        return timezone.localtime(when)
    return when


def written_twice(when: date, *, whole: str, short: str, machine: str = "Y-m-d") -> SafeString:
    """``when`` in the date formats ``whole`` and ``short``."""
    when = _local(when)
    return format_html(
        '<time datetime="{}"><span class="date-whole">{}</span>'
        '<span class="date-short">{}</span></time>',
        date_format(when, machine),
        date_format(when, whole),
        date_format(when, short),
    )


@register.simple_tag
def date_whole_and_short(
    when: date | None, whole: str, short: str, short_other_year: str = "", machine: str = "Y-m-d"
) -> SafeString | str:
    """``{% date_whole_and_short c.occurred_at "j M Y" "j M" "j M ’y" %}``: the short form
    ``short`` names no year, so a date of another year than this one takes
    ``short_other_year`` ("20 Nov ’25"); nothing for no date."""
    if when is None:
        return ""
    local = _local(when)
    day = local.date() if isinstance(local, datetime) else local
    if short_other_year and day.year != timezone.localdate().year:
        short = short_other_year
    return written_twice(when, whole=whole, short=short, machine=machine)
