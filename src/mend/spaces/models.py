from __future__ import annotations

import uuid
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mend.accounts.fields import named_person, optional_person, person
from mend.core.constraints import one_open
from mend.spaces.visibility import OwnedRecord
from mend.vault.fields import SealedTextField


class Space(models.Model):
    """A relationship space: a couple, a family, a team."""

    class Kind(models.TextChoices):
        COUPLE = "couple", "Couple"
        FAMILY = "family", "Family"
        TEAM = "team", "Work team"
        OTHER = "other", "Other"

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COUPLE)
    created_by = named_person()
    created_at = models.DateTimeField(default=timezone.now)
    # Counts every change the space's members can see of what a caseload or a dashboard is
    # built from (shared evidence, sharing, membership, consent): ``spaces.services.
    # bump_revision`` adds one in the writer's transaction, so a stored summary built at
    # revision N is current while this is still N. A record nobody else in the space can see
    # moves ``Membership.own_revision`` (and, shared with a counsellor, ``counsellor_revision``)
    # instead: a member's kept page must not be worked out again (slower, more queries)
    # because someone else wrote in private, or its timing would say they had.
    revision = models.BigIntegerField(default=0, editable=False)
    # Counts changes to records only their owner and a counsellor can see ("Me and our
    # counsellor"): a counsellor's stored rows read it with ``revision``; no member's page does.
    counsellor_revision = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def counsellor_changes(self) -> int:
        """What a counsellor's stored rows of the space are current against: every change
        they may see (``revision``, then ``counsellor_revision``; both only grow, so their sum
        never comes back to an earlier value). ``caseload.COUNSELLOR_CHANGES`` in a query."""
        return self.revision + self.counsellor_revision


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> Self:
        """Memberships in force: the person has not left."""
        return self.filter(left_at__isnull=True)


class Membership(models.Model):
    """A person's membership of a space. Leaving sets ``left_at`` and takes effect at once."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = person(related_name="memberships")
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    # Counts changes to this member's records that no other member can see (``Space.revision``
    # counts the rest): the member's own kept pages are current while both hold.
    own_revision = models.BigIntegerField(default=0, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            one_open(
                "space", "user", until="left_at", name="one_active_membership_per_user_and_space"
            )
        ]
        indexes = [models.Index(fields=["user", "left_at"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.space}"


class Invitation(models.Model):
    """A single-use, expiring link to join a space. Only a digest of the secret is kept."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    created_by = person()
    digest = models.CharField(max_length=64, unique=True)
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = SealedTextField(max_length=120, blank=True, holder="created_by_id")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = optional_person()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.space}"

    @property
    def status(self) -> str:
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class JoinRequest(models.Model):
    """Someone who used an invitation and waits until every current member has agreed.

    The invitation is its creator's agreement; the others decide on the space's page. Any
    member may refuse. Nobody is a member (nor sees anything of the space) before all agree.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the members"
        JOINED = "joined", "Joined"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="join_requests")
    user = person(related_name="join_requests")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "user"],
                condition=Q(status="pending"),
                name="one_pending_join_per_user_and_space",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.space}"


class JoinDecision(models.Model):
    """One current member's answer to a join request."""

    join_request = models.ForeignKey(
        JoinRequest, on_delete=models.CASCADE, related_name="decisions"
    )
    member = person()
    agreed = models.BooleanField()
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["join_request", "member"], name="one_decision_per_member_and_join"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {'agreed' if self.agreed else 'refused'}"


class CounsellorAccessQuerySet(models.QuerySet["CounsellorAccess"]):
    def in_force(self) -> Self:
        """Consents not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class CounsellorAccess(models.Model):
    """One member's consent for a counsellor to see what that member shares with them.

    Consent is per member: a counsellor sees a member's records marked for the counsellor
    only while that member's consent is in force. Withdrawing sets ``withdrawn_at``.
    """

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="counsellor_access")
    member = person(related_name="counsellor_grants")
    counsellor = person(related_name="counsellor_access")
    granted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = CounsellorAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            one_open(
                "space",
                "member",
                "counsellor",
                until="withdrawn_at",
                name="one_active_consent_per_member_and_counsellor",
            )
        ]
        indexes = [models.Index(fields=["counsellor", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.member} → {self.counsellor} in {self.space}"


class Breach(OwnedRecord):
    """What happened: the event whose repair a space is working on."""

    class Role(models.TextChoices):
        HURT = "hurt", "I was hurt"
        RESPONSIBLE = "responsible", "I am responsible"
        BOTH = "both", "Both: it was mutual"

    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = SealedTextField(max_length=120)
    description = SealedTextField(blank=True, max_length=5000)
    owner_role = models.CharField(max_length=16, choices=Role.choices)
    other_person = optional_person(help_text="The other person involved, if any.")
    topic = SealedTextField(max_length=60, blank=True)
    tags = SealedTextField(max_length=200, blank=True, help_text="Comma-separated.")
    occurred_on = models.DateField(null=True, blank=True)
    # Asked as "Did it involve lying or hiding something?": a deception weighs three times a
    # breach in the hurt person's trust index, and part of it never fades (mend.domain.trust).
    involved_deception = models.BooleanField(default=False)
    # A breach only the responsible person recorded is their account until the person it hurt
    # says "this is what happened": only then does it count in that person's trust index.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = optional_person()

    class Meta(OwnedRecord.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Audit-log summaries use str(record): never the sealed title.
        return f"breach of {self.created_at:%d %b %Y}"

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def awaits_acknowledgement_by(self) -> int | None:
        """The id of the hurt person whose word this breach still waits for, if any: the other
        person, when the owner says they were (also) responsible and it is not acknowledged."""
        if self.other_person_id is None or self.acknowledged_at is not None:
            return None
        if self.owner_role in (self.Role.RESPONSIBLE, self.Role.BOTH):
            return self.other_person_id
        return None
