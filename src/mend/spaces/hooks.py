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


@dataclass(frozen=True)
class BreachChanged:
    breach: Any  # a Breach, already saved
    acknowledged: bool  # False: just recorded; True: the person it hurt just acknowledged it


@dataclass(frozen=True)
class JoinAttempt:
    space: Space
    user: Any


# Someone asks to join: a receiver answers with the reason they may not (or None). The care
# app refuses counsellors, whose only way into a space is a member's consent.
join_refusal: Hook[JoinAttempt, str | None] = Hook("spaces.join_refusal")
# A member left: what they had shared stops counting for the others at once.
member_left: Hook[MemberLeft, None] = Hook("spaces.member_left")
# A record's owner changed who sees it: what it counts towards may have changed.
visibility_changed: Hook[VisibilityChanged, None] = Hook("spaces.visibility_changed")
# A breach was recorded, or acknowledged by the person it hurt: it is evidence for their trust.
breach_changed: Hook[BreachChanged, None] = Hook("spaces.breach_changed")
