"""Instruments held as data, and the results people score with them.

A definition is stored exactly as it was loaded and never changed afterwards: a new version
of an instrument is a new row, and each result points at the row it was scored with, so a
newer version never rewrites an old result.
"""

from __future__ import annotations

import uuid
from functools import cached_property
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mend.accounts.fields import optional_person
from mend.domain.instruments import Instrument, fmt, parse_definition
from mend.spaces.visibility import OwnedRecord
from mend.vault.fields import SealedJSONField


class InstrumentDefinition(models.Model):
    key = models.CharField(max_length=32)
    version = models.CharField(max_length=32)
    # None: offered in every space of this deployment. Else the id of a care practice (kept as
    # a plain id because practices live in a higher app); offered where that practice serves.
    practice_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=32)
    definition = models.JSONField()
    builtin = models.BooleanField(default=False)
    loaded_by = optional_person()
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "-loaded_at", "-id"]
        verbose_name = "questionnaire definition"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"],
                condition=Q(practice_id__isnull=True),
                name="instruments_one_deployment_version",
            ),
            models.UniqueConstraint(
                fields=["key", "version", "practice_id"],
                condition=Q(practice_id__isnull=False),
                name="instruments_one_practice_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.short_name} (version {self.version})"

    @cached_property
    def instrument(self) -> Instrument:
        return parse_definition(self.definition)

    @property
    def scope(self) -> str:
        return "deployment" if self.practice_id is None else f"practice:{self.practice_id}"


class InstrumentResult(OwnedRecord):
    """One completed instrument: the answers and the scores, by the definition's own rule."""

    definition = models.ForeignKey(
        InstrumentDefinition, on_delete=models.PROTECT, related_name="results"
    )
    # The answers are sealed; the scores stay plain, for charts and the progress report.
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answers = SealedJSONField()
    total = models.FloatField()
    min_total = models.FloatField()
    max_total = models.FloatField()
    subscales = models.JSONField(default=dict, blank=True)

    class Meta(OwnedRecord.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = "questionnaire result"
        indexes = [
            models.Index(fields=["space", "owner", "-created_at"], name="instruments_result_space")
        ]

    def __str__(self) -> str:
        # Audit-log summaries use str(record): the instrument and date, never a score.
        when = timezone.localtime(self.created_at)
        return f"{self.definition.short_name} result of {when:%d %b %Y}"

    @property
    def total_text(self) -> str:
        return fmt(self.total)

    def export_fields(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "space": f"space:{self.space_id}",
            "instrument": self.definition.key,
            "version": self.definition.version,
            "citation": self.definition.instrument.citation,
            "terms": self.definition.instrument.terms,
            "answers": self.answers,
            "total": self.total,
            "min_total": self.min_total,
            "max_total": self.max_total,
            "subscales": self.subscales,
            "visibility": self.visibility,
            "created_at": self.created_at,
        }
