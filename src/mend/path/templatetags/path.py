"""``{% first_steps space %}`` and ``{% path_summary space %}`` for a space's overview (a page of
the lower spaces app, which shows them without importing this app)."""

from __future__ import annotations

from typing import Any

from django import template

from mend.path import selectors

register = template.Library()


@register.inclusion_tag("path/first_steps.html", takes_context=True)
def first_steps(context: template.Context, space: Any) -> dict[str, Any]:
    steps = selectors.first_steps(context["request"].user, space)
    required = steps[:-1]  # naming what happened is optional
    return {"steps": steps, "space": space, "all_done": all(s.done for s in required)}


@register.inclusion_tag("path/summary.html", takes_context=True)
def path_summary(context: template.Context, space: Any) -> dict[str, Any]:
    stages = selectors.path_of(context["request"].user, space)
    return {"stages": stages, "space": space, "next": selectors.next_step(stages)}
