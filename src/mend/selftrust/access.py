"""Access helpers for self-trust pages and endpoints."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from mend.spaces.access import get_space_for_counsellor, get_space_for_member, is_member
from mend.spaces.models import Space


def get_space_for_viewer(user: Any, space_id: int | str) -> Space:
    """The space, for an active member or a counsellor with some member's consent; else 404.

    What each one then sees is decided by ``visible_to``: a member sees their own records (and
    boundaries others shared with the space); a counsellor sees only what was shared with them.
    """
    if not user.is_authenticated:
        raise Http404
    try:
        space_pk = int(space_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if is_member(user, space_pk):
        return get_space_for_member(user, space_pk)
    return get_space_for_counsellor(user, space_pk)
