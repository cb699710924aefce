"""Help for the person who answered or wrote: helplines and the private help notice.

Everything here is for that person and nobody else: nothing is stored, nobody is notified, and
nothing feeds a shared or counsellor view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from mend.domain import redflags
from mend.domain.redflags import Helplines, Hit
from mend.screening import hooks
from mend.spaces.models import Space

# Clearly generic: a deployment sets its own numbers in settings (or per practice).
DEFAULT_HELPLINES = Helplines(
    emergency="your local emergency number (112 / 999 / 911)",
    domestic_abuse="a domestic abuse helpline in your country",
    crisis="a crisis or suicide-prevention line in your country",
)


def helplines_for(space: Space | None = None) -> Helplines:
    """A practice's helplines if one serving the space set them, else the deployment's, else
    generic ones."""
    if space is not None:
        for found in hooks.practice_helplines.send(space):
            if found is not None:
                return found
    return Helplines(
        emergency=settings.MEND_HELPLINE_EMERGENCY or DEFAULT_HELPLINES.emergency,
        domestic_abuse=settings.MEND_HELPLINE_DOMESTIC_ABUSE or DEFAULT_HELPLINES.domestic_abuse,
        crisis=settings.MEND_HELPLINE_CRISIS or DEFAULT_HELPLINES.crisis,
    )


@dataclass(frozen=True)
class Help:
    """What the person sees: whether anything was flagged, the categories and the message."""

    red_flag: bool
    categories: list[str]
    message: str
    helplines: Helplines

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.message.split("\n\n") if p]

    def to_dict(self) -> dict[str, Any]:
        return {
            "red_flag": self.red_flag,
            "categories": self.categories,
            "message": self.message,
            "helplines": {
                "emergency": self.helplines.emergency,
                "domestic_abuse": self.helplines.domestic_abuse,
                "crisis": self.helplines.crisis,
            },
        }


def help_for(categories: list[str] | set[str], space: Space | None = None) -> Help:
    lines = helplines_for(space)
    cats = sorted(categories)
    return Help(
        red_flag=bool(cats),
        categories=cats,
        message=redflags.resources_message(cats, lines),
        helplines=lines,
    )


def check_free_text(user: Any, text: str) -> list[Hit]:
    """Red-flag phrases in what ``user`` just wrote. Nothing is stored; show hits to them only."""
    if not text or user is None or not getattr(user, "is_authenticated", False):
        return []
    return redflags.detect(text)


def free_text_help(user: Any, *texts: str, space: Space | None = None) -> Help | None:
    """Context helper: the private help notice for the writer, or None when nothing was found.

    Use in a view after a save: ``context["safety_help"] = free_text_help(request.user, text)``
    and ``{% include "screening/_help_notice.html" with help=safety_help %}``.
    """
    categories: set[str] = set()
    for text in texts:
        categories.update(hit.category for hit in check_free_text(user, text))
    if not categories:
        return None
    return help_for(categories, space)
