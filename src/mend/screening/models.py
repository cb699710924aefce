"""The optional safety screen: always private to the person who took it.

Only the result is kept (red flag, categories, questions declined), never shown to anyone but
its owner: a database constraint and the service both refuse any visibility but private.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from mend.spaces.visibility import OwnedRecord, Visibility

__all__ = ["SafetyScreen"]


class SafetyScreen(OwnedRecord):
    red_flag = models.BooleanField(default=False)
    categories = models.JSONField(default=list, blank=True)
    declined = models.JSONField(default=list, blank=True)

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
