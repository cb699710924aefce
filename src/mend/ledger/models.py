"""Ledger records (micro-moments, disclosures, felt-trust check-ins) and the stored trust state.

Moments, disclosures and check-ins are owned records: who may read them is decided by
``mend.spaces.visibility`` alone. ``TrustPairState`` is derived data: the decayed evidence totals
of one ordered pair, built only from records the truster may see, and shown only to the truster
(and to an operator on the command line).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from mend.accounts.fields import named_person, optional_person, person
from mend.core.ratings import rating_check
from mend.domain.bank import MOMENT_KINDS, get_kind
from mend.domain.trust import TrustState
from mend.spaces.models import Membership
from mend.spaces.visibility import OwnedRecord
from mend.vault.fields import SealedTextField

MOMENT_KIND_CHOICES = [(k.code, k.label) for k in MOMENT_KINDS]


class Moment(OwnedRecord):
    """A micro-moment: someone did something (good or not) that someone else received.

    ``owner`` is whoever logged it. Logged by the receiver, it is confirmed at once; logged by
    anyone else it stays a self-report until the receiver confirms it.
    """

    kind = models.CharField(max_length=32, choices=MOMENT_KIND_CHOICES)
    actor = named_person()
    receiver = named_person()
    occurred_at = models.DateTimeField()
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = SealedTextField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The receiver said it did not happen (or not like that): shown as a dispute, counted as
    # evidence neither way.
    disputed_at = models.DateTimeField(null=True, blank=True)
    # Why the receiver said it did not happen like that (optional; shown to the two of them).
    dispute_note = SealedTextField(max_length=200, blank=True)

    class Meta(OwnedRecord.Meta):
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["space", "occurred_at"], name="ledger_moment_space_at"),
            models.Index(fields=["space", "receiver", "occurred_at"], name="ledger_moment_recv_at"),
            models.Index(fields=["space", "actor", "receiver"], name="ledger_moment_pair"),
            # What waits for its receiver to confirm: read by every page's "what needs you"
            # count, and few beside a receiver's years of confirmed moments.
            models.Index(
                fields=["receiver", "space"],
                name="ledger_moment_to_confirm",
                condition=Q(confirmed_at__isnull=True, disputed_at__isnull=True),
            ),
            # The same count's disputes of the last week: few beside the confirmed ones.
            models.Index(
                fields=["owner", "disputed_at"],
                name="ledger_moment_disputed",
                condition=Q(disputed_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(actor=models.F("receiver")), name="ledger_moment_actor_not_receiver"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} ({self.occurred_at:%Y-%m-%d})"

    @property
    def sign(self) -> int:
        return get_kind(self.kind).sign

    @property
    def kind_label(self) -> str:
        return get_kind(self.kind).label

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def disputed(self) -> bool:
        return self.disputed_at is not None

    @property
    def status(self) -> str:
        if self.disputed_at is not None:
            return "disputed"
        return "confirmed" if self.confirmed_at is not None else "self_reported"


class Disclosure(OwnedRecord):
    """A proactive disclosure by the person responsible, acknowledged by someone else."""

    class Kind(models.TextChoices):
        CHANGE = "change", "A change I am making"
        FEELING = "feeling", "What I am feeling"
        MECHANISM = "mechanism", "A mechanism I have put in place"
        UNASKED = "unasked", "Information offered before being asked"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = SealedTextField(max_length=2000)
    occurred_at = models.DateTimeField()
    acknowledged_by = optional_person()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta(OwnedRecord.Meta):
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["space", "occurred_at"], name="ledger_disc_space_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d})"


class FeltTrustCheckIn(OwnedRecord):
    """How much the owner feels they trust, and have forgiven, another member (0-10 each).

    Kept apart from the evidence index on purpose: forgiveness is not trust, and felt trust
    usually lags the evidence.
    """

    about = named_person()
    felt_trust = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    forgiveness = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    seal_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = SealedTextField(max_length=200, blank=True)
    occurred_at = models.DateTimeField()

    class Meta(OwnedRecord.Meta):
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["space", "owner", "about", "occurred_at"], name="ledger_checkin_pair"
            )
        ]
        constraints = [
            rating_check("felt_trust", 10, name="ledger_checkin_felt_trust_max"),
            rating_check("forgiveness", 10, name="ledger_checkin_forgiveness_max", optional=True),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.felt_trust}/10 ({self.occurred_at:%Y-%m-%d})"


class TrustPairState(models.Model):
    """The stored, incrementally updated trust state of one ordered pair (truster, trustee)."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    truster = person()
    trustee = person()
    r = models.FloatField(default=0.0)
    s = models.FloatField(default=0.0)
    # The part of s that never fades (a deception's floor): kept apart because it does not decay.
    lasting = models.FloatField(default=0.0)
    as_of = models.DateTimeField()
    items = models.PositiveIntegerField(default=0)
    # Reports about the trustee the truster has not confirmed (claims, weight 0), by sign: kept
    # here, beside the state they do not change, so the truster's page shows them apart without
    # another query. Counted by the same record/retract/replace/rebuild that keep the state.
    claims_positive = models.PositiveIntegerField(default=0)
    claims_negative = models.PositiveIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["space", "truster", "trustee"], name="ledger_one_state_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"trust {self.truster_id}→{self.trustee_id} in {self.space_id}"

    @property
    def state(self) -> TrustState:
        return TrustState(self.r, self.s, self.as_of, self.lasting)

    def set_state(self, state: TrustState) -> None:
        self.r, self.s, self.as_of, self.lasting = state.r, state.s, state.as_of, state.lasting

    @staticmethod
    def epoch() -> datetime:
        return TrustState.empty().as_of


def own_revision(viewer_id: int, *, space: str = "space") -> Coalesce:
    """The counter of changes only ``viewer_id`` (of everyone the space's counter is kept
    from) may see in the space ``space`` names, as an expression (``space=""``: over ``Space``
    itself): a member's ``Membership.own_revision``, or for anyone else (a counsellor) the
    space's ``counsellor_revision``."""
    prefix = f"{space}__" if space else ""
    own = Membership.objects.active().filter(
        space_id=OuterRef(f"{space}_id" if space else "pk"), user_id=viewer_id
    )
    return Coalesce(Subquery(own.values("own_revision")[:1]), F(f"{prefix}counsellor_revision"))


class CheckpointQuerySet(models.QuerySet[Any]):
    def current(self, space: Any, viewer: Any) -> Self:
        """The viewer's row for ``space`` while neither the space's change counter nor the
        viewer's own (``own_revision``) has moved since it was stored.

        The counters are compared in the database, not on ``space``: a request that wrote (and
        so moved one) before it reads the numbers holds a ``Space`` loaded before its write."""
        return self.filter(
            space=space,
            viewer_id=viewer.pk,
            revision=F("space__revision"),
            own_revision=own_revision(viewer.pk),
        )


class ViewerCheckpoint(models.Model):
    """What one viewer's page of a space read from the records, stored per space and viewer
    because each sees only what they may see (``ledger.checkpoints.rebuild`` stores it).

    Valid while the space's change counter is still ``revision`` and the viewer's own is still
    ``own_revision``. Every write others in the space can see of what the page reads (a shared
    moment logged, confirmed, disputed or undone, a visibility, membership or consent change,
    an account erased) moves the space's (``spaces.services.bump_revision``); a write only its
    owner can see (or only they and a counsellor) moves only the owner's, and a counsellor's
    (``spaces.services.record_changed``): another member's row stays current, so their next
    view is not slower after someone else wrote in private. Then the next view reads again and
    stores the result.
    """

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    viewer = person()
    as_of = models.DateTimeField()
    revision = models.BigIntegerField()
    # -1 on rows stored before this counter existed: never current, read again once.
    own_revision = models.BigIntegerField(default=-1)

    objects = CheckpointQuerySet.as_manager()

    class Meta:
        abstract = True


class BalanceCheckpoint(ViewerCheckpoint):
    """The bank account's running balance before its chart begins, as one viewer sees the
    space (the balance counts only the moments that viewer may see): the sum of every
    confirmed, undisputed moment before ``as_of``. Without it the dashboard sums the space's
    whole history on every view. Valid while the revision holds and the chart still starts at
    ``as_of``.
    """

    balance = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "viewer"], name="ledger_one_checkpoint")
        ]

    def __str__(self) -> str:
        return f"balance of {self.space_id} for {self.viewer_id} before {self.as_of:%Y-%m-%d}"


class DashboardCheckpoint(ViewerCheckpoint):
    """What one viewer's dashboard of a space reads from the records, stored so a view does not
    read (and filter by visibility) the same rows again: the moments of the recent weeks with
    the running balance before them, the evidence and felt-trust ratings behind each trust
    chart, and which moments and disclosures wait for the viewer (``mend.ledger.dashboard``).

    Numbers, times, kinds and record ids only: never a note or any other text. Valid while the
    revision holds, the viewer's stored trust pairs are still the ones in ``data`` and ``as_of``
    is at or before where the dashboard's charts begin (and less than a week before it); what
    depends on the clock (the decay of the index, the windows) is computed on each view.
    """

    data = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["space", "viewer"], name="ledger_one_dashboard_checkpoint"
            )
        ]

    def __str__(self) -> str:
        return f"dashboard of {self.space_id} for {self.viewer_id} from {self.as_of:%Y-%m-%d}"
