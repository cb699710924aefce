"""Moments logged through the ledger's service, as the tests of other apps need them; and
moments written straight to the table, for histories longer than a test may log one by one."""

from __future__ import annotations

from typing import Any

from mend.ledger import services
from mend.ledger.models import Moment
from mend.spaces.visibility import Visibility


def received(
    space: Any, receiver: Any, actor: Any, kind: str = "small_kindness", **options: Any
) -> Moment:
    """``receiver`` notes what ``actor`` did for them: it counts at once."""
    return _log(space, receiver, actor, receiver, kind, options)


def self_report(
    space: Any, actor: Any, receiver: Any, kind: str = "turned_toward", **options: Any
) -> Moment:
    """``actor`` notes what they did for ``receiver``: it waits for the receiver to confirm it."""
    return _log(space, actor, actor, receiver, kind, options)


def _log(space: Any, logger: Any, actor: Any, receiver: Any, kind: str, options: Any) -> Moment:
    return services.log_moment(
        space=space, logger=logger, kind=kind, actor_id=actor.pk, receiver_id=receiver.pk, **options
    )


def moment_row(
    space: Any, owner: Any, actor: Any, receiver: Any, kind: str, at: Any, confirmed: bool = True
) -> Moment:
    """A moment ``actor`` did for ``receiver`` at ``at``, noted by ``owner`` and shared with the
    space, unsaved (for ``bulk_create``): confirmed at ``at`` unless ``confirmed`` is false."""
    who = {"owner": owner, "actor": actor, "receiver": receiver}
    when = {"occurred_at": at, "confirmed_at": at if confirmed else None}
    return Moment(space=space, visibility=Visibility.SPACE, kind=kind, **who, **when)
