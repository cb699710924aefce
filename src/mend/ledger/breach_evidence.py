"""Breaches as evidence for the trust index (issue 12).

A breach tells the person it hurt something about the person responsible. It counts once the
hurt person has recorded it themselves or acknowledged what the responsible person recorded;
until then it is the responsible person's account, a claim of weight 0 shown apart. A breach
that involved lying or hiding something is a deception: it weighs three times as much and part
of it never fades (``mend.domain.trust.TrustParams``). The spaces app knows nothing of trust; it
announces recorded and acknowledged breaches through ``spaces.hooks.breach_changed``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

from django.db.models import Q

from mend.accounts.timezones import zone_of
from mend.ledger.evidence import EvidenceEvent
from mend.spaces.models import Breach

Role = Breach.Role


def _when(breach: Any) -> datetime:
    """The start of the day it happened in its writer's zone (never after it was written), or
    when it was written if no day was given."""
    if breach.occurred_on is None:
        return breach.created_at
    start = datetime.combine(breach.occurred_on, time.min, tzinfo=zone_of(breach.owner))
    return min(start, breach.created_at)


def breach_event(breach: Any, truster_id: int) -> EvidenceEvent | None:
    """The evidence ``breach`` gives ``truster_id`` (None: it did not hurt them)."""
    owner_id, other_id = breach.owner_id, breach.other_person_id
    if other_id is None or owner_id == other_id:
        return None
    if truster_id == owner_id and breach.owner_role in (Role.HURT, Role.BOTH):
        trustee_id, confirmed = other_id, True  # the hurt person recorded it
    elif truster_id == other_id and breach.owner_role in (Role.RESPONSIBLE, Role.BOTH):
        trustee_id, confirmed = owner_id, breach.acknowledged_at is not None
    else:
        return None
    if not confirmed:
        kind = "breach_reported"
    elif breach.involved_deception:
        kind = "breach_deception"
    else:
        kind = "breach"
    return EvidenceEvent(
        space_id=breach.space_id,
        truster_id=truster_id,
        trustee_id=trustee_id,
        at=_when(breach),
        kind=kind,
        positive=False,
        source=("breach", breach.pk),
    )


def hurt_people(breach: Any) -> list[int]:
    """Everyone a breach may be evidence for (each checked again against who may see it)."""
    ids = [breach.owner_id]
    if breach.other_person_id is not None:
        ids.append(breach.other_person_id)
    return [pk for pk in ids if breach_event(breach, pk) is not None]


def breach_evidence(
    space: Any, truster: Any, trustee: Any, *, since: datetime | None = None
) -> Iterator[EvidenceEvent]:
    """Breaches between ``truster`` and ``trustee`` that hurt ``truster`` and they may see."""
    if truster.pk == trustee.pk:
        return
    rows = (
        Breach.objects.visible_to(truster)
        .filter(space=space)
        .filter(Q(owner=truster, other_person=trustee) | Q(owner=trustee, other_person=truster))
        .select_related("owner")
        .only(
            "id",
            "space_id",
            "owner_id",
            "owner__time_zone",
            "other_person_id",
            "owner_role",
            "occurred_on",
            "created_at",
            "involved_deception",
            "acknowledged_at",
        )
        .order_by("created_at", "id")
    )
    for breach in rows:
        event = breach_event(breach, truster.pk)
        if (
            event is not None
            and event.trustee_id == trustee.pk
            and (since is None or event.at >= since)
        ):
            yield event
