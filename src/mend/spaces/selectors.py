"""Reads for spaces. Record reads go through ``visible_to``; these are about membership."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from mend.spaces.models import Breach, Invitation, Membership, Space


def spaces_for_member(user: Any) -> QuerySet[Space]:
    return (
        Space.objects.filter(memberships__user=user, memberships__left_at__isnull=True)
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__left_at__isnull=True), distinct=True
            )
        )
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
    return (
        Breach.objects.visible_to(user)
        .filter(space=space)
        .select_related("owner", "other_person")
        .order_by("-created_at", "-id")
    )
