"""What other apps may react to in spaces (see ``mend.core.hooks``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mend.core.hooks import Hook
from mend.spaces.models import Space


@dataclass(frozen=True)
class MemberLeft:
    space: Space
    user: Any


@dataclass(frozen=True)
class VisibilityChanged:
    record: Any  # an OwnedRecord, already saved with its new visibility
    old: str
    new: str


# A member left: what they had shared stops counting for the others at once.
member_left: Hook[MemberLeft, None] = Hook("spaces.member_left")
# A record's owner changed who sees it: what it counts towards may have changed.
visibility_changed: Hook[VisibilityChanged, None] = Hook("spaces.visibility_changed")
