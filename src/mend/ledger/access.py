"""Access helpers for ledger records, in the manner of ``mend.spaces.access``."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from mend.ledger.models import Moment
from mend.spaces.access import get_record_for_viewer


def get_moment_for_viewer(user: Any, pk: int | str) -> Moment:
    return get_record_for_viewer(Moment, user, pk)


def moment_id_for_viewer(user: Any, pk: int | str) -> int:
    """The id of a moment ``user`` may see (404 otherwise), without logging a read: the
    services lock and re-check it themselves."""
    try:
        value = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not user.is_authenticated or not Moment.objects.visible_to(user).filter(pk=value).exists():
        raise Http404
    return value
