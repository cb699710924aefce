"""``{% private_help text … space=space %}``: red-flag help for the person who wrote the text.

Apps below screening (spaces) show help this way, without importing it; a page includes the tag
only in a response to the writer.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from mend.screening.help import free_text_help

register = template.Library()


@register.inclusion_tag("screening/_help_notice.html", takes_context=True)
def private_help(context: template.Context, *texts: str, space: Any = None) -> dict[str, Any]:
    return {"help": free_text_help(context["request"].user, *texts, space=space)}


# A run of digits, spaces, dashes and dots, optionally after "+", at least three digits long:
# "999", "0808 2000 247", "+44 808 2000 247". Years and dates are unlikely in a helpline line.
_PHONE = re.compile(r"(?<![\w/])\+?\d[\d \-.]{1,18}\d(?![\w/])")


@register.filter(is_safe=True)
def tel_links(text: str) -> str:
    """Helpline text with each phone number as a tap-to-call ``tel:`` link (someone in distress
    on a phone should not have to copy a number). The rest of the text is escaped."""
    out: list[str] = []
    last = 0
    text = str(text or "")
    for match in _PHONE.finditer(text):
        number = match.group(0).strip()
        digits = re.sub(r"[^\d+]", "", number)
        if len(digits.lstrip("+")) < 3:
            continue
        out.append(str(escape(text[last : match.start()])))
        out.append(f'<a class="tel" href="tel:{digits}">{escape(number)}</a>')
        last = match.end()
    out.append(str(escape(text[last:])))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped
