"""``{% private_help text … space=space %}``: red-flag help for the person who wrote the text.

Apps below screening (spaces) show help this way, without importing it; a page includes the tag
only in a response to the writer.
"""

from __future__ import annotations

from typing import Any

from django import template

from mend.screening.help import free_text_help

register = template.Library()


@register.inclusion_tag("screening/_help_notice.html", takes_context=True)
def private_help(context: template.Context, *texts: str, space: Any = None) -> dict[str, Any]:
    return {"help": free_text_help(context["request"].user, *texts, space=space)}
