"""Safety: check-ins, heart-rate samples, pauses and repair conversations."""

from __future__ import annotations

import uuid

from django.db import models

from mend.accounts.fields import named_person
from mend.core.constraints import one_open
from mend.domain.flooding import SELF_CHECK_ITEMS
from mend.spaces.visibility import OwnedRecord, Visibility
from mend.vault.fields import SealedTextField

# A check-in at this safety or lower (0-10) means "I do not feel safe": the page says so plainly
# and no repair step starts, whatever the body self-check says. Mend's own choice: 3 is well
# below the midpoint, a clear "unsafe" rather than "uneasy" (the triage rule looks for a
# pattern of 4 or less over weeks; one check-in this low is enough to stop a conversation).
LOW_SAFETY_MAX = 3


class SafetyCheckIn(OwnedRecord):
    """How safe I feel (0-10), the four-item flooding self-check (0-3 each), optional bpm.

    Always for oneself and private by default; stored with its assessment so a later change of
    thresholds does not rewrite history. The one exception was issue 12: the old heart-rate
    baseline (a percentile of readings, sleep included) was wrong, not merely different, and
    triage reads ``flooded``, so a data migration recomputed past check-ins with a heart rate.
    """

    safety = models.PositiveSmallIntegerField()
    racing_heart = models.PositiveSmallIntegerField()
    flee_or_fight = models.PositiveSmallIntegerField()
    cant_think = models.PositiveSmallIntegerField()
    body_tense = models.PositiveSmallIntegerField()
    heart_rate = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.PositiveSmallIntegerField()
    # The seated, awake resting rate the person had given when they checked in (None: the
    # 100 bpm rule applied). Before issue 12 this held a percentile of imported readings; a
    # data migration emptied those.
    baseline = models.FloatField(null=True, blank=True)
    flooded = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True)

    class Meta(OwnedRecord.Meta):
        verbose_name = "check-in"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "space", "created_at"])]

    def __str__(self) -> str:
        return f"check-in of {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def low_safety(self) -> bool:
        return self.safety <= LOW_SAFETY_MAX

    @property
    def settled(self) -> bool:
        """Fit to go on: neither flooded nor feeling unsafe."""
        return not self.flooded and not self.low_safety

    @property
    def answers(self) -> dict[str, int]:
        """The self-check answers by item code, in the order the domain lists the items."""
        return {item.code: getattr(self, item.code) for item in SELF_CHECK_ITEMS}


class HeartRateImport(OwnedRecord):
    """One uploaded file; its samples are deleted with it."""

    filename = models.CharField(max_length=200, blank=True)
    file_format = models.CharField(max_length=8)
    sample_count = models.PositiveIntegerField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta(OwnedRecord.Meta):
        verbose_name = "heart-rate import"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"heart-rate import of {self.sample_count} readings"


class HeartRateSample(OwnedRecord):
    heart_import = models.ForeignKey(
        HeartRateImport, on_delete=models.CASCADE, related_name="samples"
    )
    recorded_at = models.DateTimeField()
    bpm = models.PositiveSmallIntegerField()

    class Meta(OwnedRecord.Meta):
        verbose_name = "heart-rate sample"
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["owner", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.bpm} bpm at {self.recorded_at:%Y-%m-%d %H:%M}"


class HeartRateProfile(OwnedRecord):
    """A person's own heart-rate settings: the seated, awake resting rate they gave (or none:
    then 100 bpm is the rule) and the hours they usually sleep (or none: midnight to 6).

    One per person, used in every space (like their imported readings); private to its owner.
    It lives in the space where it was first set only because every owned record has a space
    (that is what export, erasure and the one visibility rule read); deleting that space
    deletes it, and Mend falls back to 100 bpm, the safe default.
    """

    resting_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_start = models.TimeField(null=True, blank=True)
    sleep_end = models.TimeField(null=True, blank=True)

    class Meta(OwnedRecord.Meta):
        verbose_name = "heart-rate profile"
        constraints = [
            models.UniqueConstraint(fields=["owner"], name="one_heart_rate_profile_per_person")
        ]

    def __str__(self) -> str:
        return "heart-rate profile"


class Conversation(OwnedRecord):
    """A guided repair conversation between its starter (owner) and one other member.

    The state machine lives in ``services``: gate -> speaking -> summarising -> gate (roles
    swap) ...; a pause returns it to the gate; ending goes through offering -> agreeing, where
    each person offers their own notes and accepts the other's, then ended.
    """

    class Phase(models.TextChoices):
        GATE = "gate", "Waiting for both to check in"
        SPEAKING = "speaking", "Speaker's turn"
        SUMMARISING = "summarising", "Listener summarises"
        OFFERING = "offering", "Choosing notes to keep"
        AGREEING = "agreeing", "Agreeing on notes to keep"
        ENDED = "ended", "Ended"

    class Outcome(models.TextChoices):
        APOLOGY = "apology", "An apology"
        COMMITMENTS = "commitments", "Commitments"
        COUNSELLOR = "counsellor", "Talk with a counsellor"
        NONE = "none", "No agreement this time"

    class EndedBy(models.TextChoices):
        # The names the triage rules use (mend.domain.triage.EndedBy).
        COMPLETED = "completed", "Completed"
        PAUSED = "paused", "Ended during a pause"
        ABANDONED = "abandoned", "Ended before any step was completed"

    partner = named_person()
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = SealedTextField(max_length=120)
    breach = models.ForeignKey(
        "spaces.Breach", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.GATE)
    step = models.PositiveIntegerField(default=0)
    speaker = named_person()
    # Bumped on every transition: the polling view answers 204 when nothing changed.
    version = models.PositiveIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_count = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    ended_by = models.CharField(max_length=16, choices=EndedBy.choices, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The step each person said they are ready for. A step begins only when both said so and
    # both are settled; the other person never sees this (see ``selectors.gate_for``).
    owner_ready_for = models.PositiveIntegerField(default=0)
    partner_ready_for = models.PositiveIntegerField(default=0)
    owner_offered = models.BooleanField(default=False)
    partner_offered = models.BooleanField(default=False)
    owner_agreed = models.BooleanField(default=False)
    partner_agreed = models.BooleanField(default=False)

    class Meta(OwnedRecord.Meta):
        verbose_name = "repair conversation"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Audit-log summaries use str(record): never the sealed topic.
        return f"repair conversation of {self.created_at:%d %b %Y}"

    def is_participant(self, user: object) -> bool:
        pk = getattr(user, "pk", None)
        return pk is not None and pk in (self.owner_id, self.partner_id)

    def other_id(self, user: object) -> int | None:
        pk = getattr(user, "pk", None)
        return self.partner_id if pk == self.owner_id else self.owner_id

    @property
    def listener_id(self) -> int | None:
        return self.partner_id if self.speaker_id == self.owner_id else self.owner_id

    @property
    def is_over(self) -> bool:
        return self.phase == self.Phase.ENDED


class Step(models.Model):
    """One speak-then-summarise exchange; records whether it completed or was paused."""

    class Result(models.TextChoices):
        OPEN = "open", "In progress"
        COMPLETED = "completed", "Completed"
        PAUSED = "paused", "Paused"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveIntegerField()
    speaker = named_person()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=16, choices=Result.choices, default=Result.OPEN)

    class Meta:
        ordering = ["conversation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "number"], name="one_step_per_number")
        ]

    def __str__(self) -> str:
        return f"step {self.number}"


class ConversationNote(OwnedRecord):
    """What one person wrote at their turn. Private to its writer unless both agree to keep it."""

    class Kind(models.TextChoices):
        SPEAK = "speak", "What I said"
        SUMMARY = "summary", "What I heard"

    # SET_NULL: if the other person deletes their account, my notes stay mine.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, related_name="notes"
    )
    step_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = SealedTextField(max_length=5000)
    offered = models.BooleanField(default=False)
    accepted = models.BooleanField(default=False)

    class Meta(OwnedRecord.Meta):
        verbose_name = "conversation note"
        ordering = ["step_number", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (step {self.step_number})"


class Pause(OwnedRecord):
    """A pause someone asked for. Its notice (who, since when, back when) is shared with the
    space; nothing about why, and never the check-in behind it."""

    started_at = models.DateTimeField()
    planned_return = models.DateTimeField()
    resumed_at = models.DateTimeField(null=True, blank=True)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="pauses"
    )

    class Meta(OwnedRecord.Meta):
        verbose_name = "pause"
        ordering = ["-started_at", "-id"]
        constraints = [
            one_open(
                "owner", "space", until="resumed_at", name="one_open_pause_per_person_and_space"
            )
        ]

    def __str__(self) -> str:
        return f"pause from {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.resumed_at is None


PAUSE_DEFAULT_VISIBILITY = Visibility.SPACE
