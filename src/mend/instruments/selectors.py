"""Reads for instruments. Results are read only through the one visibility rule."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from mend.instruments import hooks
from mend.instruments.models import InstrumentDefinition, InstrumentResult
from mend.spaces.models import Space


def practices_serving(space: Space) -> set[int]:
    return {pk for answer in hooks.space_practices.send(space) for pk in answer}


def available_for_space(space: Space) -> list[InstrumentDefinition]:
    """The instruments a member of this space may fill in: the deployment's and those of the
    practices serving the space, each in its newest version only (older versions stay for the
    results scored with them)."""
    practices = practices_serving(space)
    rows = InstrumentDefinition.objects.filter(
        Q(practice_id__isnull=True) | Q(practice_id__in=practices)
    ).order_by("key", "practice_id", "-loaded_at", "-id")
    newest: dict[tuple[str, int | None], InstrumentDefinition] = {}
    for row in rows:
        newest.setdefault((row.key, row.practice_id), row)
    return sorted(newest.values(), key=lambda d: (d.name.lower(), d.practice_id or 0))


def definition_for_space(space: Space, definition_id: int | str) -> InstrumentDefinition:
    """An instrument this space may fill in now; otherwise 404."""
    for definition in available_for_space(space):
        if str(definition.pk) == str(definition_id):
            return definition
    raise Http404("No such questionnaire here.")


def results_visible_to(user: Any, space: Space) -> QuerySet[InstrumentResult]:
    return InstrumentResult.objects.seen_in(user, space, "definition")


def share_definitions(results: list[InstrumentResult]) -> list[InstrumentResult]:
    """Let results of one definition share one instance, so that its file is parsed once per
    list rather than once per row (``select_related`` gives each row its own copy)."""
    shared: dict[int, InstrumentDefinition] = {}
    for r in results:
        r.definition = shared.setdefault(r.definition_id, r.definition)
    return results


def results_for_report(viewer: Any, space: Space, start: Any, end: Any) -> list[InstrumentResult]:
    """Results ``viewer`` may see in a report period, oldest first."""
    return share_definitions(
        list(
            results_visible_to(viewer, space)
            .filter(created_at__gte=start, created_at__lt=end)
            .order_by("created_at", "id")
        )
    )
