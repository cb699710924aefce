"""Reads for the apology studio. Every read goes through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from mend.accounts.models import User
from mend.apology.models import Apology
from mend.spaces.models import Breach, CounsellorAccess, Space

BOXES = ("drafts", "sent", "received", "all")
LIST_LIMIT = 200


def apologies_visible_to(user: Any, space: Space, box: str = "all") -> QuerySet[Apology]:
    qs = Apology.objects.seen_in(user, space, "recipient", "breach")
    if box == "drafts":
        qs = qs.filter(owner_id=user.pk, status=Apology.Status.DRAFT)
    elif box == "sent":
        qs = qs.filter(owner_id=user.pk).exclude(status=Apology.Status.DRAFT)
    elif box == "received":
        qs = qs.filter(recipient_id=user.pk).exclude(status=Apology.Status.DRAFT)
    return qs


@dataclass
class StudioLists:
    drafts: list[Apology] = field(default_factory=list)
    sent: list[Apology] = field(default_factory=list)
    received: list[Apology] = field(default_factory=list)

    @property
    def all(self) -> list[Apology]:
        return [*self.drafts, *self.sent, *self.received]


def studio_lists(user: Any, space: Space) -> StudioLists:
    """My drafts, what I sent and what I received in ``space``: one query."""
    lists = StudioLists()
    for apology in apologies_visible_to(user, space)[:LIST_LIMIT]:
        if apology.owner_id == user.pk:
            (lists.drafts if apology.is_draft else lists.sent).append(apology)
        elif apology.recipient_id == user.pk and not apology.is_draft:
            lists.received.append(apology)
    return lists


def breaches_for_writer(user: Any, space: Space) -> QuerySet[Breach]:
    """Breaches the writer can see in the space, the ones they may attach an apology to."""
    return Breach.objects.visible_to(user).filter(space=space).order_by("-created_at", "-id")


def consented_counsellors(user: Any, space: Space) -> list[Any]:
    """Counsellors who can read what ``user`` shares with them here: consent in force."""
    ids = (
        CounsellorAccess.objects.in_force()
        .filter(space=space, member_id=user.pk)
        .values("counsellor_id")
    )
    return list(User.objects.filter(pk__in=ids).order_by("pk"))
