"""Commitments: concrete, checkable behaviour one member promises another, and its occurrences.

A commitment is owned by the person who commits. Its versions keep the history of
renegotiations; its occurrences carry the committer's report and, separately, the other
person's response, so a dispute is never written over a report.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from mend.accounts.fields import named_person, optional_person, person
from mend.core.constraints import one_open
from mend.spaces.visibility import OwnedRecord, Visibility
from mend.vault.fields import SealedTextField

# A commitment's versions, occurrences and proposed terms are sealed with the committer's key:
# the words are theirs, and the other person reads them through the commitment.
_COMMITTER = "commitment.owner_id"


class Commitment(OwnedRecord):
    """What the owner will do, when, and how the other person will know."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed, waiting for an answer"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"
        DECLINED = "declined", "Declined"

    # A commitment is made to someone, so by default they can see it.
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.SPACE
    )
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    what = SealedTextField(max_length=200)
    how_known = SealedTextField(max_length=300, blank=True)
    # The rule stays plain: it is built from the form's choices, not typed, and the worker
    # expands every commitment's rule in bulk to find what falls due.
    rrule = models.CharField(max_length=500, blank=True, help_text="Empty for a one-off.")
    dtstart = models.DateTimeField(help_text="The first occurrence.")
    timezone = models.CharField(max_length=64, default="UTC")
    made_to = named_person()
    proposed_by = optional_person()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    status_changed_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)
    # Occurrences before this instant exist as rows; the rule is expanded lazily from here.
    materialised_until = models.DateTimeField(null=True, blank=True)

    class Meta(OwnedRecord.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["space", "status"]),
            models.Index(fields=["status", "materialised_until"]),
        ]

    def __str__(self) -> str:
        # Audit-log summaries use str(record): never the sealed words.
        return f"commitment of {self.created_at:%d %b %Y}"

    @property
    def is_one_off(self) -> bool:
        return not self.rrule

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE

    def export_fields(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "space": f"space:{self.space_id}",
            "visibility": self.visibility,
            "what": self.what,
            "how_known": self.how_known,
            "rrule": self.rrule,
            "dtstart": self.dtstart.isoformat(),
            "timezone": self.timezone,
            "made_to": f"user:{self.made_to_id}" if self.made_to_id else None,
            "status": self.status,
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "versions": [
                {
                    "number": v.number,
                    "what": v.what,
                    "how_known": v.how_known,
                    "rrule": v.rrule,
                    "dtstart": v.dtstart.isoformat(),
                    "reason": v.reason,
                    "changed_at": v.changed_at.isoformat(),
                }
                for v in self.versions.order_by("number")
            ],
            "occurrences": [
                {
                    "due_at": o.due_at.isoformat(),
                    "reported": o.reported_outcome or None,
                    "report_note": o.report_note,
                    "response": o.response or None,
                    "response_note": o.response_note,
                }
                for o in self.occurrences.order_by("due_at")
            ],
        }


# What a commitment promises: the words and the schedule that a version records and new terms offer.
TERM_FIELDS = ("what", "how_known", "rrule", "dtstart", "timezone")


def terms_of(record: Any) -> dict[str, Any]:
    """The terms a commitment, a version of it or an offer of new terms holds."""
    return {name: getattr(record, name) for name in TERM_FIELDS}


class WrittenTerms(models.Model):
    """A commitment's terms as written at one time, and why they changed: a version of the
    commitment, or new terms offered for it."""

    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    what = SealedTextField(max_length=200, holder=_COMMITTER)
    how_known = SealedTextField(max_length=300, blank=True, holder=_COMMITTER)
    rrule = models.CharField(max_length=500, blank=True)
    dtstart = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC")
    reason = SealedTextField(max_length=500, blank=True, holder=_COMMITTER)

    class Meta:
        abstract = True


class CommitmentVersion(WrittenTerms):
    """One version of a commitment's terms. Version 1 is how it began."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    changed_by = named_person()
    changed_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="one_version_number_per_commitment"
            )
        ]

    def __str__(self) -> str:
        return f"version {self.number} of commitment {self.commitment_id}"


class Occurrence(models.Model):
    """One time a commitment falls due: the committer's report and the other's response."""

    class Outcome(models.TextChoices):
        KEPT = "kept", "Kept"
        MISSED = "missed", "Missed"

    class Response(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        DISPUTED = "disputed", "Disputed"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="occurrences")
    due_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    reported_outcome = models.CharField(
        max_length=8, choices=Outcome.choices, blank=True, default=""
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report_note = SealedTextField(max_length=500, blank=True, holder=_COMMITTER)
    response = models.CharField(max_length=10, choices=Response.choices, blank=True, default="")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = optional_person()
    response_note = SealedTextField(max_length=500, blank=True, holder=_COMMITTER)
    # Reminders already sent, so a second run of `mend send-reminders` sends nothing.
    reminded_at = models.DateTimeField(null=True, blank=True)
    response_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "due_at"], name="one_occurrence_per_commitment_and_time"
            ),
            models.CheckConstraint(
                condition=Q(response="") | ~Q(reported_outcome=""),
                name="occurrence_response_needs_report",
            ),
        ]
        indexes = [models.Index(fields=["due_at"])]

    def __str__(self) -> str:
        return f"{self.commitment_id} at {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def state(self) -> str:
        """due, reported_kept, reported_missed, confirmed or disputed."""
        if self.response:
            return str(self.response)
        if self.reported_outcome:
            return f"reported_{self.reported_outcome}"
        return "due"

    @property
    def state_label(self) -> str:
        if self.response == self.Response.DISPUTED:
            return "Disputed"
        if self.response == self.Response.CONFIRMED:
            return "Confirmed kept" if self.reported_outcome == "kept" else "Confirmed missed"
        if self.reported_outcome:
            return "Reported kept" if self.reported_outcome == "kept" else "Reported missed"
        return "Not reported yet" if self.due_at <= now() else "Coming up"


class TermsProposal(WrittenTerms):
    """New terms the committer offers for a commitment made to someone: they take effect only
    when that person agrees, and the current terms stay in force until then."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Agreed"
        DECLINED = "declined", "Not agreed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="terms_proposals"
    )
    proposed_by = named_person()
    proposed_at = models.DateTimeField(default=now)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(status="pending"),
                name="one_pending_terms_per_commitment",
            )
        ]

    def __str__(self) -> str:
        return f"new terms for commitment {self.commitment_id}"


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only a SHA-256 digest of the secret is stored."""

    user = person(related_name="calendar_feeds")
    digest = models.CharField(max_length=64, unique=True)
    # Calendars are often synced to a cloud account or shared: events say only "a commitment"
    # unless the person chose to show each commitment's words.
    show_details = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            one_open("user", until="revoked_at", name="one_active_calendar_feed_per_user")
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
