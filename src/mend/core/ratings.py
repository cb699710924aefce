"""The database's guard on a rating people give on a scale from 0 up to a top mark."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def rating_check(
    field: str, top: int, *, name: str, optional: bool = False
) -> models.CheckConstraint:
    """A check that the rating in ``field`` is at most ``top`` (its column is unsigned, so never
    below 0); ``optional``: a rating the person may leave out."""
    at_most = Q(**{f"{field}__lte": top})
    condition = Q(**{f"{field}__isnull": True}) | at_most if optional else at_most
    return models.CheckConstraint(condition=condition, name=name)
