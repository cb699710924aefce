"""The one visibility rule for every user-owned record.

A record has an owner, lives in a space and carries a visibility. Who may read it:

- the owner, always;
- members of the space, when the visibility includes the space, the owner is still a member
  (leaving a space withdraws one's records from it at once) and the reader was a member when
  the record was shared (someone who joins later sees it only if its owner shares it again);
- a counsellor, when the visibility includes the counsellor and the owner's consent for
  that counsellor in that space is in force.

Every read of user data goes through ``OwnedQuerySet.visible_to``. Nothing else decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mend.accounts.fields import person
from mend.core.exceptions import DomainError

if TYPE_CHECKING:
    from mend.accounts.models import User


class Visibility(models.TextChoices):
    PRIVATE = "private", "Only me"
    COUNSELLOR = "counsellor", "Me and our counsellor"
    SPACE = "space", "Everyone in this space"
    SPACE_AND_COUNSELLOR = "space_counsellor", "Everyone in this space and our counsellor"


def check_visibility(visibility: str) -> str:
    """``visibility``, once it is sure it is one of the four: what a person chose from a form or
    an API body, before a record is written with it."""
    if visibility not in Visibility.values:
        raise DomainError(f"Unknown visibility {visibility!r}.", fields={"visibility": "unknown"})
    return visibility


SPACE_LEVELS = (Visibility.SPACE, Visibility.SPACE_AND_COUNSELLOR)
COUNSELLOR_LEVELS = (Visibility.COUNSELLOR, Visibility.SPACE_AND_COUNSELLOR)


def shared_with_space(visibility: str) -> bool:
    return visibility in SPACE_LEVELS


def shared_with_counsellor(visibility: str) -> bool:
    return visibility in COUNSELLOR_LEVELS


def visibility_q(user: Any, *, owner: str = "owner", space: str = "space") -> Q:
    """The rule as a Q object over a model with ``owner`` and ``space`` fields."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    membership = apps.get_model("spaces", "Membership")
    access = apps.get_model("spaces", "CounsellorAccess")
    # A member sees what was shared with the space while they were in it.
    member_when_shared = Exists(
        membership.objects.active().filter(
            space_id=OuterRef(f"{space}_id"), user_id=user.pk, joined_at__lte=OuterRef("shared_at")
        )
    )
    owner_still_member = Exists(
        membership.objects.active().filter(
            space_id=OuterRef(f"{space}_id"), user_id=OuterRef(f"{owner}_id")
        )
    )
    counsellor_consent = Exists(
        access.objects.in_force().filter(
            space_id=OuterRef(f"{space}_id"), member_id=OuterRef(f"{owner}_id"), counsellor=user
        )
    )
    return (
        Q(**{f"{owner}_id": user.pk})
        | (Q(visibility__in=SPACE_LEVELS) & Q(member_when_shared) & Q(owner_still_member))
        | (Q(visibility__in=COUNSELLOR_LEVELS) & Q(counsellor_consent))
    )


class OwnedQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: User | Any) -> Self:
        return self.filter(visibility_q(user))

    def owned_by(self, user: User | Any) -> Self:
        return self.filter(owner_id=user.pk)

    def seen_in(
        self, user: User | Any, space: Any, *related: str, newest: str = "created_at"
    ) -> Self:
        """What ``user`` may see in ``space``, newest first, with the owner (and ``related``)."""
        return (
            self.visible_to(user)
            .filter(space=space)
            .select_related("owner", *related)
            .order_by(f"-{newest}", "-id")
        )


class OwnedRecord(models.Model):
    """Base of every user-owned record: owner, space, visibility and timestamps."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    owner = person()
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    # When the record was last shared with the space: members who joined later do not see it
    # unless its owner shares it again (``spaces.services.set_visibility``).
    shared_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_shared_with_space(self) -> bool:
        return shared_with_space(self.visibility)

    @property
    def is_shared_with_counsellor(self) -> bool:
        return shared_with_counsellor(self.visibility)
