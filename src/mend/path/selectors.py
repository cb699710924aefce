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
SETBACKS_ARE_PART = "Setbacks are part of repair; what counts is what comes after."


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


def _lines(*facts: tuple[object, str]) -> list[str]:
    """The sentences whose fact holds (a non-zero count, a true flag), in order."""
    return [sentence for fact, sentence in facts if fact]


def path_of(user: Any, space: Space) -> list[Stage]:
    since = timezone.now() - RECENT
    sid = space.pk

    mine = SafetyCheckIn.objects.owned_by(user).filter(space=space)
    recent_checkins = mine.filter(created_at__gte=since).count()
    my_pauses = Pause.objects.owned_by(user).filter(space=space).count()
    flooded = mine.filter(created_at__gte=since, flooded=True).exists()
    safety = Stage(
        "safety",
        "Safety first",
        "Repair needs bodies that are calm enough: check in before hard talks, pause when flooded.",
        happened=_lines(
            (recent_checkins, f"You checked in {_plural(recent_checkins, 'time')} in four weeks."),
            (my_pauses, f"You have taken {_plural(my_pauses, 'pause')} when you needed one."),
        ),
        setbacks=_lines((flooded, "Some check-ins found you flooded. Noticing it is the skill.")),
        next_label="Check in now",
        next_url=reverse("safety:home", args=[sid]) + "#check-in",
    )

    apologies = Apology.objects.visible_to(user).filter(space=space).exclude(status="draft")
    sent = apologies.filter(owner_id=user.pk).count()
    received = apologies.filter(recipient_id=user.pk).count()
    breaches = Breach.objects.visible_to(user).filter(space=space).count()
    needed_more = apologies.filter(recipient_id=user.pk, status=Apology.Status.NEED_MORE).exists()
    accountability = Stage(
        "accountability",
        "Accountability and apology",
        "Naming what happened, and an apology with regret, responsibility and a commitment.",
        happened=_lines(
            (breaches, f"{_plural(breaches, 'account')} of what happened."),
            (sent, f"You sent {_plural(sent, 'apology', 'apologies')}."),
            (received, f"You received {_plural(received, 'apology', 'apologies')}."),
        ),
        setbacks=_lines((needed_more, "An apology needed more. Saying so is part of repair.")),
        next_label="Open the apology studio",
        next_url=reverse("apology:studio", args=[sid]),
    )

    disclosures = Disclosure.objects.visible_to(user).filter(space=space)
    made = disclosures.filter(owner_id=user.pk).count()
    acknowledged = disclosures.exclude(owner_id=user.pk).filter(acknowledged_by_id=user.pk).count()
    transparency = Stage(
        "transparency",
        "Transparency",
        "Offering what is changing, and how it feels, before being asked.",
        happened=_lines(
            (made, f"You made {_plural(made, 'disclosure')}."),
            (acknowledged, f"You acknowledged {_plural(acknowledged, 'disclosure')}."),
        ),
        next_label="Open disclosures",
        next_url=reverse("ledger:disclosures", args=[sid]),
    )

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
    hard = _lines(
        (withdrawals, _plural(withdrawals, "hard moment")),
        (missed, _plural(missed, "missed commitment")),
        (disputed, _plural(disputed, "disputed report")),
    )
    evidence = Stage(
        "evidence",
        "Consistent evidence over time",
        "Small, reliable moments and kept commitments, week after week. No fixed timeline.",
        happened=_lines(
            (deposits, f"{_plural(deposits, 'confirmed good moment')} in four weeks."),
            (kept, f"{_plural(kept, 'commitment')} kept and confirmed in four weeks."),
        ),
        setbacks=[f"{', '.join(hard)}. {SETBACKS_ARE_PART}"] if hard else [],
        next_label="Log a moment",
        next_url=reverse("ledger:dashboard", args=[sid]),
    )

    rated = (
        FeltTrustCheckIn.objects.owned_by(user)
        .filter(space=space, forgiveness__isnull=False)
        .count()
    )
    forgiveness = Stage(
        "forgiveness",
        "Forgiveness, kept apart from trust",
        "Forgiving is your own decision and can come before trust, or not at all. Only you "
        "see this.",
        happened=_lines((rated, f"You have noted where you are {_plural(rated, 'time')}.")),
        next_label="Note how you feel",
        next_url=reverse("ledger:checkin", args=[sid]),
    )

    counts = [
        (JournalEntry, "journal entry", "journal entries"),
        (Boundary, "boundary", "boundaries"),
        (GutCheck, "gut check", None),
        (SelfRating, "self-rating", None),
    ]
    kept_privately = [
        (model.objects.owned_by(user).filter(space=space).count(), one, many)
        for model, one, many in counts
    ]
    self_trust = Stage(
        "self_trust",
        "Self-trust",
        "Your own judgement, boundaries and ability to say no. Private to you.",
        happened=_lines(*((n, f"{_plural(n, one, many)}.") for n, one, many in kept_privately)),
        next_label="Open self-trust",
        next_url=reverse("selftrust:home", args=[sid]),
    )
    return [safety, accountability, transparency, evidence, forgiveness, self_trust]


def next_step(stages: list[Stage]) -> Stage | None:
    """The first stage not yet begun, in the article's order (safety first)."""
    return next((s for s in stages if s.state == "not yet"), None)
