"""Reads for spaces. Record reads go through ``visible_to``; these are about membership."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from mend.spaces.models import Breach, Invitation, JoinDecision, JoinRequest, Membership, Space


def spaces_for_member(user: Any) -> QuerySet[Space]:
    """The user's spaces, each with ``member_count``: everyone in it now, not only the user."""
    members = (
        Membership.objects.active()
        .filter(space_id=OuterRef("pk"))
        .order_by()
        .values("space_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    mine = Membership.objects.active().filter(user_id=user.pk).values("space_id")
    return (
        Space.objects.filter(pk__in=mine)
        .annotate(member_count=Subquery(members))
        .order_by("name", "id")
    )


def active_members(space: Space) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(space=space)
        .select_related("user")
        .order_by("joined_at", "id")
    ]


def open_invitations(space: Space) -> list[Invitation]:
    return [i for i in Invitation.objects.filter(space=space).order_by("-created_at")[:20]]


def breaches_visible_to(user: Any, space: Space) -> QuerySet[Breach]:
    return Breach.objects.seen_in(user, space, "other_person")


def pending_joins(space: Space) -> list[JoinRequest]:
    """Requests to join that wait for members, each with ``agreed`` and ``waiting`` people."""
    requests = list(
        JoinRequest.objects.filter(space=space, status=JoinRequest.Status.PENDING)
        .select_related("user")
        .prefetch_related(
            Prefetch("decisions", queryset=JoinDecision.objects.select_related("member"))
        )
        .order_by("created_at", "id")
    )
    members = active_members(space)
    for request in requests:
        agreed = {d.member_id for d in request.decisions.all() if d.agreed}
        request.agreed = [m for m in members if m.pk in agreed]  # type: ignore[attr-defined]
        request.waiting = [m for m in members if m.pk not in agreed]  # type: ignore[attr-defined]
    return requests


def my_pending_joins(user: Any) -> list[JoinRequest]:
    return list(
        JoinRequest.objects.filter(user_id=user.pk, status=JoinRequest.Status.PENDING)
        .select_related("space")
        .order_by("-created_at")
    )
