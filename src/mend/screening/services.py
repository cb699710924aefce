"""Writes of the safety screen: always private to the person who took it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from mend.core.exceptions import DomainError
from mend.domain import redflags
from mend.screening.models import SafetyScreen
from mend.spaces.models import Space
from mend.spaces.visibility import Visibility

# Every question may be answered, declined, or left out.
ANSWER_LABELS = {"yes": "Yes", "no": "No", "prefer_not_to_say": "Prefer not to say"}


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
        categories=sorted(result.categories),
        declined=sorted(result.declined),
    )
