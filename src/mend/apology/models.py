from __future__ import annotations

import uuid

from django.db import models

from mend.accounts.fields import optional_person
from mend.spaces.visibility import OwnedRecord
from mend.vault.fields import SealedTextField


class Apology(OwnedRecord):
    """An apology written by ``owner`` to ``recipient`` about an optional breach.

    A draft is private to its writer whatever else is set; sending shares it with the space so
    the recipient can read it. The analyser's feedback is never stored: it is recomputed for the
    writer only, so it cannot leak to the recipient as a grade.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent, no answer yet"
        RECEIVED = "received", "Received, thank you"
        NEED_MORE = "need_more", "I need more"
        NOT_READY = "not_ready", "Not ready to talk yet"

    breach = models.ForeignKey(
        "spaces.Breach", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient = optional_person()
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = SealedTextField(max_length=5000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Written by the recipient, sealed with the writer's key like the rest of the record.
    response_note = SealedTextField(max_length=1000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta(OwnedRecord.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = "apology"
        verbose_name_plural = "apologies"
        indexes = [models.Index(fields=["space", "status"])]
        constraints = [
            # Drafts are private to their writer whatever else happens: the database refuses
            # a shared draft, so no code path can leak one.
            models.CheckConstraint(
                condition=~models.Q(status="draft") | models.Q(visibility="private"),
                name="apology_draft_is_private",
            )
        ]

    def __str__(self) -> str:
        # Audit-log summaries use str(record): never the sealed text.
        return f"apology of {self.created_at:%d %b %Y}"

    @property
    def excerpt(self) -> str:
        """The opening words, for lists shown to people who may read the text."""
        first = " ".join(self.text.split())
        return first[:60] + ("…" if len(first) > 60 else "")

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def has_response(self) -> bool:
        return self.status in RESPONSES


RESPONSES = (Apology.Status.RECEIVED, Apology.Status.NEED_MORE, Apology.Status.NOT_READY)
