"""Self-trust records: journal (encrypted), boundaries, gut check-ins, self-ratings, measures.

Every record is private to its owner by default. Journal entries, gut check-ins, self-ratings
and questionnaire results can be shared with the owner's counsellor but never with the space;
a boundary may also be shared with the space if its owner chooses.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mend.core.ratings import rating_check
from mend.domain import calibration
from mend.spaces.visibility import OwnedRecord, Visibility
from mend.vault import personal, sealing
from mend.vault.fields import SealedJSONField, SealedTextField, forget_sealed_copies, open_records

# What a person may choose for records that must never reach the partner.
PERSONAL_VISIBILITIES = (Visibility.PRIVATE, Visibility.COUNSELLOR)

# Whose key seals a self-trust record's text (see ``PersonallySealed``).
HOLDER = "seal_holder"


class PersonallySealed(OwnedRecord):
    """A self-trust record: sealed with its owner's *personal* key while private, which the
    owner may lock with a passphrase; with their ordinary data key once shared, so that those
    it is shared with (a counsellor, the space for a boundary) can read it without the
    passphrase. Sharing or unsharing re-seals the record's texts under the other key.
    """

    class Meta(OwnedRecord.Meta):
        abstract = True

    @property
    def seal_holder(self) -> int | str:
        # The visibility the stored ciphertext was made for (as loaded), not the one being set.
        visibility = self.__dict__.get("_sealed_visibility") or self.visibility
        if visibility == Visibility.PRIVATE:
            return personal.holder_for(self.owner_id)
        return int(self.owner_id)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> Any:
        record = super().from_db(db, field_names, values, **kwargs)
        if "visibility" in record.__dict__:
            record._sealed_visibility = record.visibility
        return record

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        fields = kwargs.get("fields")
        if fields is None or "visibility" in fields:
            self._sealed_visibility = self.visibility

    def save(self, *args: Any, **kwargs: Any) -> None:
        loaded = self.__dict__.get("_sealed_visibility")
        moving = loaded is not None and loaded != self.visibility
        if moving:
            self.open_for_resealing()
            self._sealed_visibility = self.visibility
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], *self.sealed_columns()}
        super().save(*args, **kwargs)
        self._sealed_visibility = self.visibility
        if moving:
            self.after_resealing()

    # What re-sealing means for this kind of record (the journal overrides these).
    def sealed_columns(self) -> list[str]:
        return [f.name for f in self._meta.concrete_fields if isinstance(f, SealedTextField)]

    def open_for_resealing(self) -> None:
        open_records([self])
        forget_sealed_copies(self)

    def after_resealing(self) -> None:
        pass


class JournalEntry(PersonallySealed):
    """A journal entry: title and body encrypted together; only metadata is in the clear."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ciphertext = models.BinaryField()

    class Meta(OwnedRecord.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = "journal entry"
        verbose_name_plural = "journal entries"

    # Set by the selectors after decryption; never stored.
    title: str = ""
    body: str = ""

    def seal_text(self, *, title: str, body: str) -> None:
        plaintext = json.dumps({"title": title, "body": body}, ensure_ascii=False)
        self.ciphertext = sealing.seal_for(self.seal_holder, plaintext, ref=str(self.uid))
        self.title, self.body = title, body
        self._opened = True

    def sealed_columns(self) -> list[str]:
        return ["ciphertext"]

    def open_for_resealing(self) -> None:
        if not getattr(self, "_opened", False):
            decrypt_entries([self])
        title, body = self.title, self.body
        self._sealed_visibility = self.visibility
        self.seal_text(title=title, body=body)

    def __str__(self) -> str:
        # Audit-log summaries use str(record): it must never contain the decrypted title.
        return f"journal entry of {timezone.localtime(self.created_at):%d %b %Y}"

    def export_fields(self) -> dict[str, Any]:
        decrypt_entries([self])
        return {
            "id": self.pk,
            "space": f"space:{self.space_id}",
            "title": self.title,
            "body": self.body,
            "visibility": self.visibility,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


class Boundary(PersonallySealed):
    """A boundary and what its owner will do if it is crossed (all three texts sealed)."""

    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statement = SealedTextField(max_length=300, holder=HOLDER)
    why = SealedTextField(max_length=2000, blank=True, holder=HOLDER)
    if_crossed = SealedTextField(max_length=2000, blank=True, holder=HOLDER)

    class Meta(OwnedRecord.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = "boundary"
        verbose_name_plural = "boundaries"

    def open_for_resealing(self) -> None:
        # Its history follows it: opened now with the old key, sealed again after saving.
        self._moving_events = list(self.events.all())
        for event in self._moving_events:
            event.boundary = self
        open_records([self, *self._moving_events])
        for record in [self, *self._moving_events]:
            forget_sealed_copies(record)

    def after_resealing(self) -> None:
        for event in getattr(self, "_moving_events", []):
            event.save(update_fields=["note"])
        self._moving_events = []

    def __str__(self) -> str:
        # Audit-log summaries use str(record): never the sealed text.
        return f"boundary of {timezone.localtime(self.created_at):%d %b %Y}"

    def export_fields(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "space": f"space:{self.space_id}",
            "statement": self.statement,
            "why": self.why,
            "if_crossed": self.if_crossed,
            "visibility": self.visibility,
            "created_at": self.created_at,
            "events": [
                {
                    "kind": e.kind,
                    "occurred_on": e.occurred_on.isoformat(),
                    "note": e.note,
                    "created_at": e.created_at.isoformat(),
                }
                for e in self.events.order_by("occurred_on", "created_at", "id")
            ],
        }


class BoundaryEvent(models.Model):
    """A moment in a boundary's history. Visible exactly when its boundary is."""

    class Kind(models.TextChoices):
        HELD = "held", "It held"
        CROSSED = "crossed", "It was crossed"
        SAID_NO = "said_no", "I said no"

    boundary = models.ForeignKey(Boundary, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    occurred_on = models.DateField()
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Sealed with the boundary owner's key: only the owner writes a boundary's history.
    note = SealedTextField(max_length=500, blank=True, holder=f"boundary.{HOLDER}")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class GutCheck(PersonallySealed):
    """'What my gut tells me' now; later 'what actually happened'."""

    class Outcome(models.TextChoices):
        # The outcomes calibration scores (mend.domain.calibration), in the words people see.
        YES = calibration.Outcome.BORNE_OUT.value, "Yes, it was borne out"
        PARTLY = calibration.Outcome.PARTLY.value, "Partly"
        NO = calibration.Outcome.NOT_BORNE_OUT.value, "No, it was not"

    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statement = SealedTextField(max_length=300, holder=HOLDER)
    confidence = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    outcome_note = SealedTextField(max_length=1000, blank=True, holder=HOLDER)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta(OwnedRecord.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = "gut check-in"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    confidence__gte=calibration.MIN_CONFIDENCE,
                    confidence__lte=calibration.MAX_CONFIDENCE,
                ),
                name="gut_check_confidence_50_100",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", *(o.value for o in calibration.Outcome)]),
                name="gut_check_outcome_known",
            ),
        ]

    def __str__(self) -> str:
        return f"gut check-in of {timezone.localtime(self.created_at):%d %b %Y}"

    @property
    def is_resolved(self) -> bool:
        return bool(self.outcome)


class SelfRating(PersonallySealed):
    """A short, regular self-rating; one per person, space and day (a second one replaces it)."""

    rated_on = models.DateField()
    trust_judgement = models.PositiveSmallIntegerField(
        help_text="Today I trust my own judgement (0-10)."
    )
    said_no = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="I was able to say no when I needed to (0-10)."
    )
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = SealedTextField(max_length=500, blank=True, holder=HOLDER)

    class Meta(OwnedRecord.Meta):
        ordering = ["-rated_on", "-id"]
        verbose_name = "self-rating"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "space", "rated_on"], name="one_self_rating_per_day"
            ),
            rating_check("trust_judgement", 10, name="self_rating_trust_0_10"),
            rating_check("said_no", 10, name="self_rating_said_no_0_10", optional=True),
        ]

    def __str__(self) -> str:
        return f"self-rating of {self.rated_on:%d %b %Y}"


class QuestionnaireResult(PersonallySealed):
    """One completed questionnaire: the answers and the score, as published."""

    instrument_id = models.CharField(max_length=32)
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answers = SealedJSONField(holder=HOLDER)
    total = models.SmallIntegerField()
    min_total = models.SmallIntegerField()
    max_total = models.SmallIntegerField()
    subscales = models.JSONField(default=dict, blank=True)

    class Meta(OwnedRecord.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = "questionnaire result"

    def __str__(self) -> str:
        return f"{self.instrument_id} result of {timezone.localtime(self.created_at):%d %b %Y}"


def decrypt_entries(entries: Iterable[JournalEntry]) -> list[JournalEntry]:
    """Decrypt title and body in place; one query for all the owners' keys."""
    entries = list(entries)
    texts = sealing.open_many((e.seal_holder, e.ciphertext, str(e.uid)) for e in entries)
    for entry, text in zip(entries, texts, strict=True):
        fields = json.loads(text)
        entry.title, entry.body = fields["title"], fields["body"]
        entry._opened = True
    return entries
