"""Practices, counsellors, homework, session notes, caseload visits and intake requests.

Consent itself is ``spaces.CounsellorAccess`` (one row per member and counsellor): the one
visibility rule reads it, so it stays beside the spaces.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mend.accounts.fields import named_person, optional_person, person
from mend.domain.redflags import Helplines
from mend.vault.fields import SealedTextField

# Shown until a practice sets its own; UK numbers because the default locale is en-GB.
# Staff see "configure me" in the admin while a practice still uses them.
DEFAULT_EMERGENCY = "999 (or 112)"
DEFAULT_DOMESTIC_ABUSE = "National Domestic Abuse Helpline: 0808 2000 247 (free, 24 hours)"
DEFAULT_CRISIS = "Samaritans: 116 123 (free, 24 hours)"
CONFIGURE_ME = "Configure me: check this is right for your country and service."


class Practice(models.Model):
    """A counselling practice: its counsellors, its intake inbox and its helpline settings."""

    name = models.CharField(max_length=120)
    contact_email = models.EmailField(help_text="Where new intake requests are announced.")
    emergency_number = models.CharField(
        max_length=120, default=DEFAULT_EMERGENCY, help_text=CONFIGURE_ME
    )
    domestic_abuse_helpline = models.CharField(
        max_length=200, default=DEFAULT_DOMESTIC_ABUSE, help_text=CONFIGURE_ME
    )
    crisis_line = models.CharField(max_length=200, default=DEFAULT_CRISIS, help_text=CONFIGURE_ME)
    staff_may_read_notes = models.BooleanField(
        default=False,
        help_text="Practice staff may read counsellors' session notes (members never can).",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def helplines(self) -> Helplines:
        return Helplines(
            emergency=self.emergency_number,
            domestic_abuse=self.domestic_abuse_helpline,
            crisis=self.crisis_line,
        )

    @property
    def helplines_need_configuring(self) -> bool:
        return (self.emergency_number, self.domestic_abuse_helpline, self.crisis_line) == (
            DEFAULT_EMERGENCY,
            DEFAULT_DOMESTIC_ABUSE,
            DEFAULT_CRISIS,
        )


class CounsellorProfile(models.Model):
    """Makes a user a counsellor of one practice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor_profile"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="counsellors")
    title = models.CharField(max_length=120, blank=True, help_text="E.g. Couples counsellor.")
    bio = models.TextField(max_length=2000, blank=True)
    accepting_clients = models.BooleanField(default=True)

    class Meta:
        ordering = ["practice", "user__display_name", "id"]

    def __str__(self) -> str:
        return f"{self.user} ({self.practice})"


class PracticeStaff(models.Model):
    """A Django staff user who runs a practice's inbox and settings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_staff"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="staff")

    class Meta:
        verbose_name_plural = "practice staff"

    def __str__(self) -> str:
        return f"{self.user} ({self.practice})"


class Homework(models.Model):
    """Something a counsellor suggests between sessions, to the whole space or one member."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", "A commitment"
        EXERCISE = "exercise", "An exercise"
        QUESTIONNAIRE = "questionnaire", "A questionnaire"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    counsellor = named_person()
    counsellor_name = models.CharField(max_length=80)
    # Empty: for every member of the space; else for this member only (and only they see it).
    member = person(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Sealed with the space's own key: the members and the counsellor read it, and it outlives
    # the counsellor's account (a counsellor's key goes with their account).
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = SealedTextField(max_length=120, holder="space_id", holder_scope="space")
    instructions = SealedTextField(
        max_length=2000, blank=True, holder="space_id", holder_scope="space"
    )
    due_on = models.DateField(null=True, blank=True)
    # For a questionnaire: which one (a version available to the space when it was assigned).
    instrument = models.ForeignKey(
        "instruments.InstrumentDefinition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["space", "-created_at"], name="care_homework_space")]

    def __str__(self) -> str:
        # Audit-log summaries use str(record): never the sealed title.
        return f"homework of {timezone.localtime(self.created_at):%d %b %Y}"


class HomeworkResponse(models.Model):
    """One member's answer to a homework suggestion; the counsellor sees it."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    homework = models.ForeignKey(Homework, on_delete=models.CASCADE, related_name="responses")
    member = person()
    answer = models.CharField(max_length=10, choices=Answer.choices)
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = SealedTextField(max_length=500, blank=True, holder="member_id")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # In the order they were given (ids are random, so they say nothing of it).
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["homework", "member"], name="care_one_answer_each")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.answer}"


class SessionNote(models.Model):
    """A counsellor's own note about a space. Members never read it; practice staff only if
    the practice's policy says so. The text is encrypted at rest with the counsellor's data key
    (the self-trust journal's envelope scheme)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    counsellor = person()
    practice = models.ForeignKey(
        Practice, on_delete=models.SET_NULL, null=True, related_name="session_notes"
    )
    session_on = models.DateField(null=True, blank=True)
    ciphertext = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["counsellor", "space"], name="care_note_owner_space")]

    def __str__(self) -> str:
        return f"Session note {self.pk}"


class CaseloadVisit(models.Model):
    """When a counsellor last opened a space: "what changed since your last visit"."""

    counsellor = person()
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    visited_at = models.DateTimeField(default=timezone.now)
    # The changes the counsellor may see in the space (``Space.counsellor_changes``) when they
    # looked: while that has not moved, nothing changed since the visit and the caseload need
    # not count anything.
    # -1: not known (a visit from before the counter), so changes are counted from the records.
    revision_seen = models.BigIntegerField(default=-1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["counsellor", "space"], name="care_one_visit_row")
        ]

    def __str__(self) -> str:
        return f"visit of {self.space_id} by {self.counsellor_id}"


class CaseloadSnapshot(models.Model):
    """One caseload row as built for one counsellor: the triage signals, trends and changes
    since the last visit, from what the space's consenting members share with that counsellor.

    Per counsellor and space, not per space: two counsellors of one space may each have consent
    from different members, and each row is built with ``visible_to(counsellor)`` exactly as
    the live page was. A row is used only while it still matches what it was built from — the
    changes its counsellor may see in the space, the set of members whose consent is in force,
    the counsellor's last visit — and is at most ``caseload.MAX_AGE`` old; otherwise it is
    rebuilt before it is shown (``mend worker`` rebuilds them ahead of time, see
    ``caseload.refresh_due``).

    It holds counts, averages, scores and signal texts (the signals' reasons never quote a
    record's free text), never a record's text.
    """

    counsellor = person()
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    revision = models.BigIntegerField()  # ``Space.counsellor_changes`` when built
    sharing = models.CharField(max_length=500)  # member ids with consent in force, "3,7"
    visit_at = models.DateTimeField(null=True)
    built_at = models.DateTimeField(db_index=True)
    new_records = models.IntegerField(default=0)
    new_consents = models.IntegerField(default=0)  # consents granted since visit_at
    signal_codes = models.CharField(max_length=300, blank=True)  # ",code,code,"
    signal_count = models.SmallIntegerField(default=0)
    severity = models.SmallIntegerField(default=0)  # 0 none, 1 consider, 2 urgent
    safety_recent = models.FloatField(null=True)
    last_activity = models.DateTimeField(null=True)  # the newest shared activity seen
    data = models.JSONField(default=dict)  # ratio, safety, questionnaires, signals

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["counsellor", "space"], name="care_one_snapshot")
        ]

    def __str__(self) -> str:
        return f"caseload row of {self.space_id} for {self.counsellor_id}"


class IntakeRequest(models.Model):
    """A "get in touch" request to a practice, from a member or a signed-out visitor."""

    class Contact(models.TextChoices):
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone"

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Routine: in the next few weeks"
        SOON = "soon", "Soon: in the next few days"
        URGENT = "urgent", "Urgent"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        CLOSED = "closed", "Closed"

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="intake")
    requester = optional_person(related_name="intake_requests")
    # Lets a signed-out visitor see the status with a link; only the digest is kept.
    status_digest = models.CharField(max_length=64, unique=True)
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Sealed with the practice's key: its counsellors and staff read it; the sender may have no
    # account (and so no key of their own).
    name = SealedTextField(max_length=80, blank=True, holder="practice_id", holder_scope="practice")
    contact_method = models.CharField(max_length=8, choices=Contact.choices)
    contact_detail = SealedTextField(max_length=254, holder="practice_id", holder_scope="practice")
    help_with = SealedTextField(max_length=2000, holder="practice_id", holder_scope="practice")
    urgency = models.CharField(max_length=8, choices=Urgency.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["practice", "status", "-created_at"], name="care_intake_inbox")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "contacted", "closed"]), name="care_intake_status"
            )
        ]

    def __str__(self) -> str:
        return f"Intake {self.pk} ({self.get_urgency_display()})"
