"""Red-flag screening as a service: the optional screen and free-text checks.

Everything here is for the person who answered or wrote, and nobody else: results are stored
private (or not at all), nobody is notified, and nothing feeds a shared or counsellor view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from mend.care.models_screening import SafetyScreen
from mend.core.exceptions import DomainError
from mend.domain import redflags
from mend.domain.redflags import Helplines, Hit
from mend.spaces.models import Space
from mend.spaces.visibility import Visibility

__all__ = [
    "DEFAULT_HELPLINES",
    "Help",
    "check_free_text",
    "free_text_help",
    "help_for",
    "helplines_for",
    "latest_screen",
    "record_screen",
]

# Clearly generic: a deployment sets its own numbers in settings (or per practice).
DEFAULT_HELPLINES = Helplines(
    emergency="your local emergency number (112 / 999 / 911)",
    domestic_abuse="a domestic abuse helpline in your country",
    crisis="a crisis or suicide-prevention line in your country",
)

ANSWER_LABELS = {"yes": "Yes", "no": "No", "prefer_not_to_say": "Prefer not to say"}


def _practice_helplines(space: Space | None) -> Helplines | None:
    """The helplines of the practice of a counsellor this space has consented to, if any."""
    if space is None:
        return None
    from mend.care.models import Practice

    practice = (
        Practice.objects.filter(
            counsellors__user__counsellor_access__space=space,
            counsellors__user__counsellor_access__withdrawn_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    return practice.helplines() if practice is not None else None


def helplines_for(space: Space | None = None) -> Helplines:
    """The practice's helplines if it set them, else the deployment's, else generic ones."""
    practice = _practice_helplines(space)
    if practice is not None:
        return practice
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


@transaction.atomic
def record_screen(*, user: Any, space: Space, answers: Mapping[str, str]) -> SafetyScreen:
    """Score and store a screen, private to ``user``. Bad answers: DomainError, nothing saved."""
    cleaned = {k: v for k, v in answers.items() if v}
    try:
        result = redflags.screen(cleaned)  # type: ignore[arg-type]
    except ValueError as exc:
        raise DomainError(
            "Some answers were not understood. Choose yes, no or prefer not to say.",
            code="invalid",
            status=400,
        ) from exc
    return SafetyScreen.objects.create(
        space=space,
        owner=user,
        visibility=Visibility.PRIVATE,
        red_flag=result.red_flag,
        categories=sorted(result.categories),
        declined=sorted(result.declined),
    )


def latest_screen(user: Any, space: Space) -> SafetyScreen | None:
    return SafetyScreen.objects.owned_by(user).filter(space=space).first()


def check_free_text(user: Any, text: str) -> list[Hit]:
    """Red-flag phrases in what ``user`` just wrote. Nothing is stored; show hits to them only."""
    if not text or user is None or not getattr(user, "is_authenticated", False):
        return []
    return redflags.detect(text)


def free_text_help(user: Any, *texts: str, space: Space | None = None) -> Help | None:
    """Context helper: the private help notice for the writer, or None when nothing was found.

    Use in a view after a save: ``context["safety_help"] = free_text_help(request.user, text)``
    and ``{% include "care/screening/_help_notice.html" with help=safety_help %}``.
    """
    categories: set[str] = set()
    for text in texts:
        categories.update(hit.category for hit in check_free_text(user, text))
    if not categories:
        return None
    return help_for(categories, space)
