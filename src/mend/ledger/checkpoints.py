"""Stored checkpoints: a viewer's numbers in a space, kept with the change counters they were
built at (the space's, ``Space.revision``, and the viewer's own, ``models.own_revision``), so a
read can tell whether they are still current."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from mend.ledger.models import ViewerCheckpoint, own_revision
from mend.spaces.models import Space

_Checkpoint = TypeVar("_Checkpoint", bound=ViewerCheckpoint)
_Value = TypeVar("_Value")


def rebuild(
    model: type[_Checkpoint],
    *,
    space: Space,
    viewer: Any,
    as_of: datetime,
    field: str,
    build: Callable[[], _Value],
) -> _Value:
    """``build()``, stored in ``field`` of ``viewer``'s one checkpoint of ``model`` in ``space``.

    The counters are read before building, in one query: a write landing in between makes the
    label older than the data, never newer, so the next read builds again."""
    revision, own = (
        Space.objects.filter(pk=space.pk)
        .annotate(own=own_revision(viewer.pk, space=""))
        .values_list("revision", "own")
        .get()
    )
    value = build()
    model.objects.bulk_create(
        [
            model(
                space=space,
                viewer_id=viewer.pk,
                as_of=as_of,
                revision=revision,
                own_revision=own,
                **{field: value},
            )
        ],
        update_conflicts=True,
        unique_fields=["space", "viewer"],
        update_fields=["as_of", "revision", "own_revision", field],
    )
    return value
