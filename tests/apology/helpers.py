"""Apologies for tests, made directly (the services are tested on their own)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mend.apology.models import Apology
from mend.spaces.visibility import Visibility

GENUINE = (
    "I am so sorry I hid the debt from you. I lied, and that was wrong. "
    "From now on I will show you every statement each month."
)
NON_APOLOGY = "I'm sorry if you felt hurt, but you overreacted. Can we just move on?"

# Words that would make the recipient's view a grade rather than a letter.
VERDICT_WORDS = (
    "verdict",
    "score",
    "genuine",
    "non_apology",
    "non-apology",
    "partial",
    "flag",
    "Worth another look",
    "The three parts",
    "hl--",
    "confidence",
)


def make_apology(
    space: Any,
    owner: Any,
    recipient: Any,
    *,
    text: str = GENUINE,
    status: str = Apology.Status.DRAFT,
    visibility: str | None = None,
    breach: Any = None,
) -> Apology:
    sent = status != Apology.Status.DRAFT
    return Apology.objects.create(  # type: ignore[no-any-return]
        space=space,
        owner=owner,
        recipient=recipient,
        text=text,
        status=status,
        breach=breach,
        visibility=visibility or (Visibility.SPACE if sent else Visibility.PRIVATE),
        sent_at=timezone.now() if sent else None,
    )
