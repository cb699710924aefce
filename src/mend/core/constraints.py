"""The database's guard on records that stay open until a moment is set."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def one_open(*fields: str, until: str, name: str) -> models.UniqueConstraint:
    """At most one row per ``fields`` that is still open: whose ``until`` moment (a member
    left, a consent was withdrawn, a pause ended, a feed was revoked) is not set yet. Closed
    rows stay, as history, as many as there were."""
    return models.UniqueConstraint(
        fields=list(fields), condition=Q(**{f"{until}__isnull": True}), name=name
    )
