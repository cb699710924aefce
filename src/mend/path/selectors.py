"""Where the people of a space are on the path through repair, from their own evidence.

The article describes repair as stages that are revisited, not a line: safety; accountability
and apology; transparency; consistent evidence over time; forgiveness, kept apart from trust;
and self-trust. Each stage is told to one person from what that person may see (the one
visibility rule) and their own private records: never a score, never a verdict on the
relationship, and setbacks are named as part of the path. Nothing here says when or how often
another person used Mend: only what they shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from mend.apology.models import Apology
from mend.commitments.models import Commitment, Occurrence
from mend.domain.bank import KINDS_BY_CODE
from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
from mend.safety.models import Pause, SafetyCheckIn
from mend.selftrust.models import Boundary, GutCheck, JournalEntry, SelfRating
from mend.spaces.models import Breach, Invitation, Membership, Space

# "Recent" for the stages that are about keeping going: a month of everyday life.
RECENT = timedelta(days=28)


@dataclass(frozen=True)
class FirstStep:
    label: str
    done: bool
    url: str
    note: str = ""


def first_steps(user: Any, space: Space) -> list[FirstStep]:
    """A short checklist for a new space that ticks itself from what was actually done.

    Only facts the person may see: whether the space has its people, their own check-in and
    commitment and breach, and a moment either of them shared."""
    members = Membership.objects.active().filter(space=space).count()
    invited = Invitation.objects.filter(space=space, used_at__isnull=True, revoked_at__isnull=True)
    return [
        FirstStep(
            "Invite the other person",
            members >= 2,
            reverse("spaces:detail", args=[space.pk]) + "#members",
            "a link is waiting to be used" if members < 2 and invited.exists() else "",
        ),
        FirstStep(
            "Do your first check-in: how safe and settled you feel",
            SafetyCheckIn.objects.owned_by(user).filter(space=space).exists(),
            reverse("safety:home", args=[space.pk]) + "#check-in",
        ),
        FirstStep(
            "Log a first moment, however small",
            Moment.objects.visible_to(user).filter(space=space).exists(),
            reverse("ledger:dashboard", args=[space.pk]),
        ),
        FirstStep(
            "Make one small commitment the other person can see you keep",
            Commitment.objects.owned_by(user).filter(space=space).exists(),
            reverse("commitments:new", args=[space.pk]),
        ),
        FirstStep(
            "Name what happened, in your own words (optional; private unless you share it)",
            Breach.objects.owned_by(user).filter(space=space).exists(),
            reverse("spaces:breach_new", args=[space.pk]),
        ),
    ]


@dataclass
class Stage:
    key: str
    title: str
    about: str
    happened: list[str] = field(default_factory=list)
    setbacks: list[str] = field(default_factory=list)
    next_label: str = ""
    next_url: str = ""

    @property
    def state(self) -> str:
        """ "not yet", "begun" or "revisited" (a setback is part of the path, not a reset)."""
        if self.setbacks and self.happened:
            return "revisited"
        return "begun" if self.happened else "not yet"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def path_of(user: Any, space: Space) -> list[Stage]:
    now = timezone.now()
    since = now - RECENT
    sid = space.pk
    stages: list[Stage] = []

    mine = SafetyCheckIn.objects.owned_by(user).filter(space=space)
    recent_checkins = mine.filter(created_at__gte=since).count()
    my_pauses = Pause.objects.owned_by(user).filter(space=space).count()
    safety = Stage(
        "safety",
        "Safety first",
        "Repair needs bodies that are calm enough: check in before hard talks, pause when flooded.",
    )
    if recent_checkins:
        safety.happened.append(f"You checked in {_plural(recent_checkins, 'time')} in four weeks.")
    if my_pauses:
        safety.happened.append(f"You have taken {_plural(my_pauses, 'pause')} when you needed one.")
    if mine.filter(created_at__gte=since, flooded=True).exists():
        safety.setbacks.append("Some check-ins found you flooded. Noticing it is the skill.")
    safety.next_label, safety.next_url = (
        "Check in now",
        reverse("safety:home", args=[sid]) + "#check-in",
    )
    stages.append(safety)

    apologies = Apology.objects.visible_to(user).filter(space=space).exclude(status="draft")
    sent = apologies.filter(owner_id=user.pk).count()
    received = apologies.filter(recipient_id=user.pk).count()
    breaches = Breach.objects.visible_to(user).filter(space=space).count()
    accountability = Stage(
        "accountability",
        "Accountability and apology",
        "Naming what happened, and an apology with regret, responsibility and a commitment.",
    )
    if breaches:
        accountability.happened.append(f"{_plural(breaches, 'account')} of what happened.")
    if sent:
        accountability.happened.append(f"You sent {_plural(sent, 'apology', 'apologies')}.")
    if received:
        accountability.happened.append(f"You received {_plural(received, 'apology', 'apologies')}.")
    if apologies.filter(recipient_id=user.pk, status=Apology.Status.NEED_MORE).exists():
        accountability.setbacks.append("An apology needed more. Saying so is part of repair.")
    accountability.next_label, accountability.next_url = (
        "Open the apology studio",
        reverse("apology:studio", args=[sid]),
    )
    stages.append(accountability)

    disclosures = Disclosure.objects.visible_to(user).filter(space=space)
    made = disclosures.filter(owner_id=user.pk).count()
    acknowledged = disclosures.exclude(owner_id=user.pk).filter(acknowledged_by_id=user.pk).count()
    transparency = Stage(
        "transparency",
        "Transparency",
        "Offering what is changing, and how it feels, before being asked.",
    )
    if made:
        transparency.happened.append(f"You made {_plural(made, 'disclosure')}.")
    if acknowledged:
        transparency.happened.append(f"You acknowledged {_plural(acknowledged, 'disclosure')}.")
    transparency.next_label, transparency.next_url = (
        "Open disclosures",
        reverse("ledger:disclosures", args=[sid]),
    )
    stages.append(transparency)

    moments = Moment.objects.visible_to(user).filter(
        space=space, occurred_at__gte=since, confirmed_at__isnull=False
    )
    kinds = list(moments.values_list("kind", flat=True))
    deposits = sum(1 for k in kinds if k in KINDS_BY_CODE and KINDS_BY_CODE[k].sign > 0)
    withdrawals = len(kinds) - deposits
    occurrences = Occurrence.objects.filter(
        commitment__in=Commitment.objects.visible_to(user).filter(space=space).values("pk"),
        due_at__gte=since,
    )
    kept = occurrences.filter(reported_outcome="kept", response="confirmed").count()
    missed = occurrences.filter(reported_outcome="missed").count()
    disputed = occurrences.filter(response="disputed").count()
    evidence = Stage(
        "evidence",
        "Consistent evidence over time",
        "Small, reliable moments and kept commitments, week after week. No fixed timeline.",
    )
    if deposits:
        evidence.happened.append(f"{_plural(deposits, 'confirmed good moment')} in four weeks.")
    if kept:
        evidence.happened.append(f"{_plural(kept, 'commitment')} kept and confirmed in four weeks.")
    if withdrawals or missed or disputed:
        parts = []
        if withdrawals:
            parts.append(_plural(withdrawals, "hard moment"))
        if missed:
            parts.append(_plural(missed, "missed commitment"))
        if disputed:
            parts.append(_plural(disputed, "disputed report"))
        evidence.setbacks.append(
            f"{', '.join(parts)}. Setbacks are part of repair; what counts is what comes after."
        )
    evidence.next_label, evidence.next_url = (
        "Log a moment",
        reverse("ledger:dashboard", args=[sid]),
    )
    stages.append(evidence)

    forgiveness = Stage(
        "forgiveness",
        "Forgiveness, kept apart from trust",
        "Forgiving is your own decision and can come before trust, or not at all. Only you "
        "see this.",
    )
    rated = (
        FeltTrustCheckIn.objects.owned_by(user)
        .filter(space=space, forgiveness__isnull=False)
        .count()
    )
    if rated:
        forgiveness.happened.append(f"You have noted where you are {_plural(rated, 'time')}.")
    forgiveness.next_label, forgiveness.next_url = (
        "Note how you feel",
        reverse("ledger:checkin", args=[sid]),
    )
    stages.append(forgiveness)

    self_trust = Stage(
        "self_trust",
        "Self-trust",
        "Your own judgement, boundaries and ability to say no. Private to you.",
    )
    counts = [
        (
            JournalEntry.objects.owned_by(user).filter(space=space).count(),
            "journal entry",
            "journal entries",
        ),
        (Boundary.objects.owned_by(user).filter(space=space).count(), "boundary", "boundaries"),
        (GutCheck.objects.owned_by(user).filter(space=space).count(), "gut check", None),
        (SelfRating.objects.owned_by(user).filter(space=space).count(), "self-rating", None),
    ]
    for n, one, many in counts:
        if n:
            self_trust.happened.append(f"{_plural(n, one, many)}.")
    self_trust.next_label, self_trust.next_url = (
        "Open self-trust",
        reverse("selftrust:home", args=[sid]),
    )
    stages.append(self_trust)
    return stages


def next_step(stages: list[Stage]) -> Stage | None:
    """The first stage not yet begun, in the article's order (safety first)."""
    return next((s for s in stages if s.state == "not yet"), None)
