"""Model fields that refer to people, for the apps above ``accounts``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def person(**options: Any) -> models.ForeignKey[Any, Any]:
    """A reference to the person a row belongs to (a member, a counsellor, whoever made it):
    the row goes when they delete their account. No reverse accessor on the user unless
    ``related_name`` is given."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, **{"related_name": "+", **options}
    )


def optional_person(**options: Any) -> models.ForeignKey[Any, Any]:
    """A reference to someone who may be absent: optional in forms, and set to null when they
    delete their account, so the record that names them (an acknowledgement, an invitation
    used, the other person of a breach) stays with the people it belongs to.

    No reverse accessor on the user unless ``related_name`` is given: a person's own records
    are reached through their owner, not through every row that happens to name them.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        **{"null": True, "blank": True, "related_name": "+", **options},
    )


def named_person(**options: Any) -> models.ForeignKey[Any, Any]:
    """A reference to someone a row names (who did it, to whom, who spoke, who made it): given
    when the row is written (required in forms), and set to null when they delete their
    account, so the row stays with the others it belongs to.

    No reverse accessor on the user unless ``related_name`` is given.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        **{"null": True, "related_name": "+", **options},
    )
