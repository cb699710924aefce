"""What other apps may take part in for accounts (see ``mend.core.hooks``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.http import HttpRequest

from mend.core.hooks import Hook


@dataclass(frozen=True)
class SignedOutEverywhere:
    """``user`` signed out everywhere at ``now``: what a receiver ends (a calendar feed link)
    is stamped with the same moment as the API tokens revoked with it."""

    user: Any
    now: datetime


@dataclass(frozen=True)
class WayIn:
    """One active way into an account that lives in another app (a calendar feed link)."""

    kind: str  # what it is, for a person: "Calendar feed link"
    description: str
    created_at: datetime
    end_url: str  # a POST to this ends it (the owner's own form)


# Everything that lets someone in without a password ends: calendar feed links, for one.
signed_out_everywhere: Hook[SignedOutEverywhere, None] = Hook("accounts.signed_out_everywhere")
# Each app lists the active ways into this account it keeps.
ways_in: Hook[Any, list[WayIn]] = Hook("accounts.ways_in")


class WayInReactions(Protocol):
    """An app's module that keeps a way into accounts (a calendar feed link, push)."""

    def signed_out_everywhere(self, event: SignedOutEverywhere) -> None: ...

    def ways_in(self, user: Any) -> list[WayIn]: ...


def keeps_ways_in(reactions: WayInReactions) -> None:
    """Connect an app that keeps a way in to both hooks at once: a way in that is listed must
    also end when its person signs out everywhere, and one that ends must be listed, or a
    person cannot see it to end it."""
    signed_out_everywhere.connect(reactions.signed_out_everywhere)
    ways_in.connect(reactions.ways_in)


# Sign-up is by invitation: a receiver answers whether this visitor holds an invitation that
# lets them create an account (a space invitation they opened, for one).
signup_invitation: Hook[HttpRequest, bool] = Hook("accounts.signup_invitation")
