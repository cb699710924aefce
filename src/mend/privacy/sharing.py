"""What a person's sharing lets others see: counts by space and by audience, never by time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, Value

from mend.privacy.export import owned_models
from mend.spaces.models import CounsellorAccess, Space
from mend.spaces.visibility import Visibility, shared_with_counsellor, shared_with_space


@dataclass
class SpaceSharing:
    space: Space
    with_space: dict[str, int] = field(default_factory=dict)  # kind -> count
    with_counsellor: dict[str, int] = field(default_factory=dict)
    counsellors: list[Any] = field(default_factory=list)  # consent in force now


def sharing_of(user: Any) -> list[SpaceSharing]:
    """Per space: how many of the person's records each audience may see (one query for all
    kinds of record), and the counsellors their consent lets in."""
    parts = [
        model.objects.filter(owner_id=user.pk)
        .exclude(visibility=Visibility.PRIVATE)
        .order_by()
        .values("space_id", "visibility")
        .annotate(
            n=Count("id"),
            kind=Value(str(model._meta.verbose_name_plural), output_field=CharField()),
        )
        .values_list("space_id", "visibility", "n", "kind")
        for model in owned_models()
    ]
    rows = list(parts[0].union(*parts[1:], all=True)) if parts else []
    by_space: dict[int, SpaceSharing] = {}
    spaces = Space.objects.in_bulk({space_id for space_id, *_ in rows})
    for space_id, visibility, n, kind in rows:
        sharing = by_space.setdefault(space_id, SpaceSharing(space=spaces[space_id]))
        if shared_with_space(visibility):
            sharing.with_space[kind] = sharing.with_space.get(kind, 0) + n
        if shared_with_counsellor(visibility):
            sharing.with_counsellor[kind] = sharing.with_counsellor.get(kind, 0) + n
    counsellors: dict[int, list[Any]] = defaultdict(list)
    for access in (
        CounsellorAccess.objects.in_force().filter(member_id=user.pk).select_related("counsellor")
    ):
        counsellors[access.space_id].append(access.counsellor)
    for space_id, people in counsellors.items():
        if space_id in by_space:
            by_space[space_id].counsellors = people
    return sorted(by_space.values(), key=lambda s: (s.space.name, s.space.pk))
