"""Demo history for the ledger: about 90 days of Alex & Sam, with a setback around day 50.

Alex hid a debt; Sam was hurt (the breach Sam recorded, a deception, counts in Sam's trust in
Alex from the start). Alex's deposits grow slowly and unevenly; only what Sam confirmed counts,
and the last two days of Alex's own reports are still waiting for Sam. A stressful week around
day 50 brings withdrawals and a breach Alex records as the person responsible, which counts once
Sam acknowledges it the next day. The weeks after recover, slowly. Sam's felt trust lags the
evidence, and forgiveness moves on its own.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from mend.domain.bank import KINDS_BY_CODE
from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
from mend.ledger.trust_pairs import rebuild_space
from mend.spaces import services as space_services
from mend.spaces.models import Breach
from mend.spaces.visibility import Visibility

_POSITIVE = [
    "turned_toward",
    "small_kindness",
    "kept_small_promise",
    "listened_well",
    "showed_up_on_time",
    "appreciation",
]
_NEGATIVE = ["turned_away", "turned_against", "broke_small_promise"]

_DISCLOSURES = [
    ("unasked", "I opened the card statement with you instead of on my own. It was hard."),
    ("mechanism", "I set up a shared view of our account so you can look whenever you want."),
    ("feeling", "I notice I want to hide when I feel ashamed. I am trying to say it instead."),
    ("change", "I am seeing a debt counsellor on Thursdays. I put it in our calendar."),
    ("unasked", "I bought a jacket for 80 euros today. Telling you before you see it."),
    ("feeling", "This week I snapped at you twice. Work stress is no excuse; I am sorry."),
    ("mechanism", "I moved my pay into the joint account, and I keep a small one for gifts."),
    ("change", "I am paying off the card by 300 a month. Three payments made so far."),
    ("unasked", "My brother asked me for a loan. I said we would decide together."),
]

# (day, Sam's felt trust in Alex, Sam's forgiveness): felt trust lags, and dips after day 50.
_SAM_CHECKINS = [
    (3, 2, 3),
    (12, 2, 4),
    (22, 3, 4),
    (33, 4, 5),
    (44, 5, 5),
    (53, 3, 5),
    (63, 4, 6),
    (75, 5, 6),
    (86, 6, 7),
]
_ALEX_CHECKINS = [(10, 7, 8), (40, 7, 9), (70, 8, 9)]


def _positive_rate(day: int, days: int) -> float:
    """Chance that one of Alex's moments is a deposit: rising, with a setback near day 50."""
    progress = day / max(days, 1)
    rate = 0.55 + 0.35 * progress
    setback = round(days * 50 / 90)
    if setback - 2 <= day <= setback + 4:
        rate -= 0.45
    return max(0.1, min(0.95, rate))


def _at(start: datetime, day: int, rng: random.Random) -> datetime:
    return start + timedelta(days=day, hours=rng.randint(7, 21), minutes=rng.randint(0, 59))


def extend(*, space: Any, people: list[Any], start: datetime, days: int) -> None:
    """Add the ledger's demo history, then rebuild every trust pair of the space."""
    alex, sam = people[0], people[1]
    rng = random.Random(50)  # fixed: the demo is the same every time
    end = start + timedelta(days=days)
    moments: list[Moment] = []
    for day in range(1, days):
        # Alex -> Sam: one to three moments most days, more as repair takes hold.
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            at = _at(start, day, rng)
            if at >= end:
                continue
            good = rng.random() < _positive_rate(day, days)
            kind = rng.choice(_POSITIVE if good else _NEGATIVE)
            by_sam = rng.random() < 0.65
            recent = end - at < timedelta(days=2)
            # Alex's own reports: Sam answers most within a day; a few are disputed.
            disputed = not by_sam and not recent and rng.random() < 0.08
            confirmed = by_sam or (not recent and not disputed)
            moments.append(
                Moment(
                    space=space,
                    owner=sam if by_sam else alex,
                    visibility=Visibility.PRIVATE
                    if by_sam and rng.random() < 0.1
                    else Visibility.SPACE,
                    kind=kind,
                    actor=alex,
                    receiver=sam,
                    occurred_at=at,
                    created_at=at + timedelta(minutes=rng.randint(1, 90)),
                    confirmed_at=(at if by_sam else at + timedelta(hours=rng.randint(2, 30)))
                    if confirmed
                    else None,
                    disputed_at=at + timedelta(hours=6) if disputed else None,
                )
            )
        # Sam -> Alex: fewer at first (Sam is guarded), warmer later.
        if rng.random() < 0.25 + 0.45 * day / days:
            at = _at(start, day, rng)
            if at < end:
                good = rng.random() < 0.6 + 0.3 * day / days
                moments.append(
                    Moment(
                        space=space,
                        owner=alex,
                        visibility=Visibility.SPACE,
                        kind=rng.choice(_POSITIVE if good else _NEGATIVE),
                        actor=sam,
                        receiver=alex,
                        occurred_at=at,
                        created_at=at + timedelta(minutes=5),
                        confirmed_at=at,
                    )
                )
    assert all(m.kind in KINDS_BY_CODE for m in moments)
    Moment.objects.bulk_create(moments, batch_size=500)

    disclosures = []
    step = max(1, days // (len(_DISCLOSURES) + 1))
    for i, (kind, text) in enumerate(_DISCLOSURES):
        at = _at(start, step * (i + 1), rng)
        if at >= end:
            break
        acknowledged = i < len(_DISCLOSURES) - 1
        disclosures.append(
            Disclosure(
                space=space,
                owner=alex,
                visibility=Visibility.SPACE,
                kind=kind,
                text=text,
                occurred_at=at,
                created_at=at,
                acknowledged_by=sam if acknowledged else None,
                acknowledged_at=at + timedelta(hours=5) if acknowledged else None,
            )
        )
    Disclosure.objects.bulk_create(disclosures)

    checkins = []
    for owner, about, series in ((sam, alex, _SAM_CHECKINS), (alex, sam, _ALEX_CHECKINS)):
        for day, felt, forgiven in series:
            day = round(day * days / 90)
            at = _at(start, day, rng)
            if at >= end:
                continue
            checkins.append(
                FeltTrustCheckIn(
                    space=space,
                    owner=owner,
                    about=about,
                    felt_trust=felt,
                    forgiveness=forgiven,
                    occurred_at=at,
                    created_at=at,
                    visibility=Visibility.PRIVATE,
                )
            )
    FeltTrustCheckIn.objects.bulk_create(checkins)
    _setback_breach(space=space, alex=alex, sam=sam, start=start, days=days)
    rebuild_space(space=space)


def _setback_breach(*, space: Any, alex: Any, sam: Any, start: datetime, days: int) -> None:
    """The setback week's breach: Alex writes it as the person responsible, Sam acknowledges."""
    day = round(days * 50 / 90)
    written = start + timedelta(days=day, hours=22)
    breach = space_services.create_breach(
        space=space,
        owner=alex,
        title="I shouted at Sam about the bank letter",
        owner_role="responsible",
        other_person=sam,
        description="I was scared of the letter and took it out on Sam. No lying this time.",
        topic="money",
        occurred_on=written.date(),
        visibility=Visibility.SPACE,
    )
    Breach.objects.filter(pk=breach.pk).update(created_at=written, updated_at=written)
    breach.refresh_from_db()
    space_services.acknowledge_breach(breach=breach, user=sam, now=written + timedelta(hours=14))
