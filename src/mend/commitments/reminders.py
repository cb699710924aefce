"""Which occurrences are due soon, for the reminder the committer gets beforehand.

Sending is the notify app's work (``mend worker``): it turns these into notifications whose
e-mail and push say only that something is waiting, never the commitment's title.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from mend.commitments.models import Commitment, Occurrence
from mend.spaces.models import Membership

REMIND_AHEAD = timedelta(hours=24)


def due_soon(now: datetime, *, ahead: timedelta = REMIND_AHEAD) -> QuerySet[Occurrence]:
    """Occurrences due in ``[now, now + ahead)`` of active commitments, not reported yet, whose
    committer is still a member of the space (materialise them first)."""
    member = Membership.objects.active().filter(
        space_id=OuterRef("commitment__space_id"), user_id=OuterRef("commitment__owner_id")
    )
    return Occurrence.objects.filter(
        due_at__gte=now,
        due_at__lt=now + ahead,
        reported_outcome="",
        commitment__status=Commitment.Status.ACTIVE,
    ).filter(Exists(member))
