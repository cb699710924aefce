"""``{% what_needs_you space %}``: what waits for the viewer in one space, first on its page.

The space's overview belongs to a lower app (spaces); it shows this without importing it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from mend.inbox.selectors import inbox_for

register = template.Library()


@register.inclusion_tag("inbox/needs_you.html", takes_context=True)
def what_needs_you(context: template.Context, space: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "items": inbox_for(user, space_id=space.pk),
        "show_space": False,
        "now_day": timezone.localdate().strftime("%Y%m%d"),
    }
