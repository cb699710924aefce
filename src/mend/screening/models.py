"""The optional safety screen: always private to the person who took it.

Only the result is kept (the categories flagged, the questions declined), never shown to anyone
but its owner: a database constraint and the service both refuse any visibility but private.
Both are sealed with the owner's data key, and whether anything was flagged is not stored apart
from them, so a copy of the database does not say who answered what.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from mend.spaces.visibility import OwnedRecord, Visibility
from mend.vault.fields import SealedJSONField

__all__ = ["SafetyScreen"]


class SafetyScreen(OwnedRecord):
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    categories = SealedJSONField(blank=True)
    declined = SealedJSONField(blank=True)

    class Meta(OwnedRecord.Meta):
        verbose_name = "safety screen"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility=Visibility.PRIVATE), name="screening_safety_screen_private"
            )
        ]

    def __str__(self) -> str:
        return f"safety screen of {self.created_at:%Y-%m-%d}"

    @property
    def red_flag(self) -> bool:
        # A red flag is any category flagged (mend.domain.redflags.screen).
        return bool(self.categories)
