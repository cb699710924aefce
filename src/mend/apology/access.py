"""Access to apologies: the writer changes drafts and sends; only the recipient answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from mend.apology.models import Apology
from mend.spaces.access import get_record_for_owner, get_record_for_viewer


def get_apology_for_viewer(user: Any, pk: int | str) -> Apology:
    """An apology ``user`` may read (drafts: only the writer); otherwise 404."""
    return get_record_for_viewer(Apology, user, pk)


def get_apology_for_writer(user: Any, pk: int | str) -> Apology:
    """An apology ``user`` wrote. Visible but someone else's: 403; otherwise 404."""
    return get_record_for_owner(Apology, user, pk)


def get_apology_for_recipient(user: Any, pk: int | str) -> Apology:
    """A sent apology addressed to ``user``. Visible to others: 403; otherwise 404."""
    apology = get_record_for_viewer(Apology, user, pk)
    if apology.recipient_id != user.pk:
        raise PermissionDenied("Only the person it was written to can answer it.")
    return apology
