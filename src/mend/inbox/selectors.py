"""What waits for one person: everything the other people (or a counsellor) are waiting on them
to do, newest first, each with the one page where they can do it.

Each kind is read through the app that owns it and the one visibility rule, so an item appears
only to the person it waits for, and leaves as soon as it is answered or no longer applies.
The queries are one per kind, however many items or spaces there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from mend.apology.models import Apology
from mend.care.models import Homework, HomeworkResponse
from mend.commitments.models import Commitment, TermsProposal
from mend.commitments.selectors import occurrences_visible_to, waiting_for_answer
from mend.ledger.models import Disclosure, Moment
from mend.safety.models import Conversation, Pause
from mend.spaces.models import Breach, CounsellorAccess, JoinDecision, JoinRequest, Membership

KINDS = (
    "moment_to_confirm",
    "occurrence_to_confirm",
    "disclosure_to_acknowledge",
    "breach_to_acknowledge",
    "apology_to_answer",
    "commitment_proposal",
    "terms_to_answer",
    "homework",
    "conversation_waiting",
    "partner_pause",
    "join_request",
    "moment_disputed",
    "occurrence_disputed",
    "partner_back",
    "occurrence_unreported",
)

# How long the person who was disputed is told what they can do next.
DISPUTED_FOR = timedelta(days=7)
# How long "they are back" stays after a pause ends.
BACK_FOR = timedelta(hours=12)
# An occurrence nobody reported is asked about after this grace period, for two weeks.
UNREPORTED_GRACE = timedelta(hours=24)
UNREPORTED_FOR = timedelta(days=14)


@dataclass(frozen=True)
class InboxItem:
    kind: str
    space_id: int
    object_id: int
    since: datetime
    url: str
    who: str = ""  # the person it concerns (shown on pages; never in e-mail or push)
    until: datetime | None = None  # a pause: when they said they would be back
    mine: bool = False  # occurrence_unreported: the viewer made the commitment (reports it)


def _spaces(user: Any, space_id: int | None) -> QuerySet[Any]:
    mine = Membership.objects.active().filter(user_id=user.pk)
    if space_id is not None:
        mine = mine.filter(space_id=space_id)
    return mine.values("space_id")


def _moments_waiting(user: Any, spaces: Any) -> QuerySet[Moment]:
    return (
        Moment.objects.visible_to(user)
        .filter(space_id__in=spaces, receiver_id=user.pk)
        .filter(confirmed_at__isnull=True, disputed_at__isnull=True)
        .exclude(owner_id=user.pk)
    )


def _moments(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _moments_waiting(user, spaces).select_related("owner").order_by("-created_at")[:50]
    return [
        InboxItem(
            "moment_to_confirm",
            m.space_id,
            m.pk,
            m.created_at,
            reverse("ledger:dashboard", args=[m.space_id]) + "#waiting",
            str(m.owner),
        )
        for m in rows
    ]


def _occurrences_waiting(user: Any, spaces: Any) -> QuerySet[Any]:
    return waiting_for_answer(user).filter(commitment__space_id__in=spaces)


def _occurrences(user: Any, spaces: Any) -> list[InboxItem]:
    rows = (
        _occurrences_waiting(user, spaces)
        .select_related("commitment__owner")
        .order_by("-reported_at")[:50]
    )
    return [
        InboxItem(
            "occurrence_to_confirm",
            o.commitment.space_id,
            o.pk,
            o.reported_at or o.due_at,
            reverse("commitments:detail", args=[o.commitment_id]),
            str(o.commitment.owner),
        )
        for o in rows
    ]


def _disclosures_waiting(user: Any, spaces: Any) -> QuerySet[Disclosure]:
    return (
        Disclosure.objects.visible_to(user)
        .filter(space_id__in=spaces, acknowledged_at__isnull=True)
        .exclude(owner_id=user.pk)
    )


def _disclosures(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _disclosures_waiting(user, spaces).select_related("owner").order_by("-created_at")[:50]
    return [
        InboxItem(
            "disclosure_to_acknowledge",
            d.space_id,
            d.pk,
            d.created_at,
            reverse("ledger:disclosures", args=[d.space_id]),
            str(d.owner),
        )
        for d in rows
    ]


def _breaches_waiting(user: Any, spaces: Any) -> QuerySet[Breach]:
    # Written by the person responsible ("I am responsible" or "both"), naming this person as
    # the other: it counts in their trust index only once they say "this is what happened".
    return Breach.objects.visible_to(user).filter(
        space_id__in=spaces,
        other_person_id=user.pk,
        owner_role__in=[Breach.Role.RESPONSIBLE, Breach.Role.BOTH],
        acknowledged_at__isnull=True,
    )


def _breaches(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _breaches_waiting(user, spaces).select_related("owner").order_by("-created_at")[:50]
    return [
        InboxItem(
            "breach_to_acknowledge",
            b.space_id,
            b.pk,
            b.created_at,
            reverse("spaces:breach", args=[b.pk]),
            str(b.owner),
        )
        for b in rows
    ]


def _apologies_waiting(user: Any, spaces: Any) -> QuerySet[Apology]:
    return Apology.objects.visible_to(user).filter(
        space_id__in=spaces, recipient_id=user.pk, status=Apology.Status.SENT
    )


def _apologies(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _apologies_waiting(user, spaces).select_related("owner").order_by("-sent_at")[:50]
    return [
        InboxItem(
            "apology_to_answer",
            a.space_id,
            a.pk,
            a.sent_at or a.created_at,
            reverse("apology:detail", args=[a.pk]),
            str(a.owner),
        )
        for a in rows
    ]


def _proposals_waiting(user: Any, spaces: Any) -> QuerySet[Commitment]:
    """Commitments someone asked of this person (they own a proposal once made)."""
    return (
        Commitment.objects.visible_to(user)
        .filter(space_id__in=spaces, owner_id=user.pk, status=Commitment.Status.PROPOSED)
        .exclude(proposed_by_id=user.pk)
    )


def _proposals(user: Any, spaces: Any) -> list[InboxItem]:
    rows = (
        _proposals_waiting(user, spaces).select_related("proposed_by").order_by("-created_at")[:50]
    )
    return [
        InboxItem(
            "commitment_proposal",
            c.space_id,
            c.pk,
            c.created_at,
            reverse("commitments:detail", args=[c.pk]),
            str(c.proposed_by or ""),
        )
        for c in rows
    ]


def _terms_waiting(user: Any, spaces: Any) -> QuerySet[TermsProposal]:
    """New terms offered for a commitment made to this person."""
    visible = Commitment.objects.visible_to(user).filter(space_id__in=spaces, made_to_id=user.pk)
    return TermsProposal.objects.filter(
        commitment__in=visible.values("pk"), status=TermsProposal.Status.PENDING
    )


def _terms(user: Any, spaces: Any) -> list[InboxItem]:
    rows = (
        _terms_waiting(user, spaces)
        .select_related("commitment", "proposed_by")
        .order_by("-proposed_at")[:50]
    )
    return [
        InboxItem(
            "terms_to_answer",
            t.commitment.space_id,
            t.commitment_id,
            t.proposed_at,
            reverse("commitments:detail", args=[t.commitment_id]) + "#pending-terms",
            str(t.proposed_by or ""),
        )
        for t in rows
    ]


def _homework_waiting(user: Any, spaces: Any) -> QuerySet[Homework]:
    # Homework "for everyone" reaches only members who chose that counsellor.
    consented = CounsellorAccess.objects.in_force().filter(
        space_id=OuterRef("space_id"), member_id=user.pk, counsellor_id=OuterRef("counsellor_id")
    )
    answered = HomeworkResponse.objects.filter(homework_id=OuterRef("pk"), member_id=user.pk)
    return (
        Homework.objects.filter(space_id__in=spaces)
        .filter(Q(member_id=user.pk) | Q(member__isnull=True, counsellor__isnull=False))
        .filter(Exists(consented))
        .exclude(Exists(answered))
    )


def _homework(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _homework_waiting(user, spaces).order_by("-created_at")[:50]
    return [
        InboxItem(
            "homework",
            h.space_id,
            h.pk,
            h.created_at,
            reverse("care:member", args=[h.space_id]) + "#homework",
            h.counsellor_name,
        )
        for h in rows
    ]


def _conversations_waiting(user: Any, spaces: Any) -> QuerySet[Conversation]:
    """Conversations waiting on this person's own move: their check-in and "I am ready" at the
    gate, or their turn to speak, summarise, offer or agree. Never what the other person did."""
    me = user.pk
    phase = Conversation.Phase
    mine = Q(owner_id=me)
    theirs = Q(partner_id=me)
    waiting = (
        (Q(phase=phase.GATE) & mine & ~Q(owner_ready_for=F("step") + 1))
        | (Q(phase=phase.GATE) & theirs & ~Q(partner_ready_for=F("step") + 1))
        | (Q(phase=phase.SPEAKING) & Q(speaker_id=me))
        | (Q(phase=phase.SUMMARISING) & (mine | theirs) & ~Q(speaker_id=me))
        | (
            Q(phase=phase.OFFERING)
            & ((mine & Q(owner_offered=False)) | (theirs & Q(partner_offered=False)))
        )
        | (
            Q(phase=phase.AGREEING)
            & ((mine & Q(owner_agreed=False)) | (theirs & Q(partner_agreed=False)))
        )
    )
    return Conversation.objects.visible_to(user).filter(space_id__in=spaces).filter(waiting)


def _conversations(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _conversations_waiting(user, spaces).select_related("owner", "partner")
    return [
        InboxItem(
            "conversation_waiting",
            conv.space_id,
            conv.pk,
            conv.updated_at,
            reverse("safety:conversation", args=[conv.pk]),
            str(conv.partner if conv.owner_id == user.pk else conv.owner or ""),
        )
        for conv in rows.order_by("-updated_at")[:50]
    ]


def _pauses_open(user: Any, spaces: Any) -> QuerySet[Pause]:
    return (
        Pause.objects.visible_to(user)
        .filter(space_id__in=spaces, resumed_at__isnull=True)
        .exclude(owner_id=user.pk)
    )


def _pauses(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _pauses_open(user, spaces).select_related("owner").order_by("-started_at")[:20]
    return [
        InboxItem(
            "partner_pause",
            p.space_id,
            p.pk,
            p.started_at,
            reverse("safety:pause", args=[p.pk]),
            str(p.owner),
            until=p.planned_return,
        )
        for p in rows
    ]


def _joins_waiting(user: Any, spaces: Any) -> QuerySet[JoinRequest]:
    decided = JoinDecision.objects.filter(join_request_id=OuterRef("pk"), member_id=user.pk)
    return JoinRequest.objects.filter(
        space_id__in=spaces, status=JoinRequest.Status.PENDING
    ).exclude(Exists(decided))


def _joins(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _joins_waiting(user, spaces).select_related("user").order_by("-created_at")[:20]
    return [
        InboxItem(
            "join_request",
            r.space_id,
            r.pk,
            r.created_at,
            reverse("spaces:detail", args=[r.space_id]),
            str(r.user),
        )
        for r in rows
    ]


def _moments_disputed(user: Any, spaces: Any) -> QuerySet[Moment]:
    """Moments this person logged that the other said were not like that (last 7 days)."""
    return Moment.objects.visible_to(user).filter(
        space_id__in=spaces,
        owner_id=user.pk,
        disputed_at__gte=timezone.now() - DISPUTED_FOR,
    )


def _talk_url(space_id: int, topic: str) -> str:
    return reverse("safety:conversation_new", args=[space_id]) + "?" + urlencode({"topic": topic})


def _moment_disputes(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _moments_disputed(user, spaces).select_related("receiver").order_by("-disputed_at")
    return [
        InboxItem(
            "moment_disputed",
            m.space_id,
            m.pk,
            m.disputed_at or timezone.now(),
            _talk_url(m.space_id, "A moment we see differently"),
            str(m.receiver or ""),
        )
        for m in rows[:50]
    ]


def _occurrences_disputed(user: Any, spaces: Any) -> QuerySet[Any]:
    """Reports of this person's commitments the other disputed (last 7 days)."""
    return occurrences_visible_to(user).filter(
        commitment__space_id__in=spaces,
        commitment__owner_id=user.pk,
        response="disputed",
        responded_at__gte=timezone.now() - DISPUTED_FOR,
    )


def _occurrence_disputes(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _occurrences_disputed(user, spaces).order_by("-responded_at")[:50]
    return [
        InboxItem(
            "occurrence_disputed",
            o.commitment.space_id,
            o.pk,
            o.responded_at or o.due_at,
            _talk_url(o.commitment.space_id, "A commitment we see differently"),
            str(o.responded_by or ""),
        )
        for o in rows
    ]


def _pauses_ended(user: Any, spaces: Any) -> QuerySet[Pause]:
    return (
        Pause.objects.visible_to(user)
        .filter(space_id__in=spaces, resumed_at__gte=timezone.now() - BACK_FOR)
        .exclude(owner_id=user.pk)
    )


def _backs(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _pauses_ended(user, spaces).select_related("owner").order_by("-resumed_at")[:20]
    return [
        InboxItem(
            "partner_back",
            p.space_id,
            p.pk,
            p.resumed_at or timezone.now(),
            reverse("spaces:detail", args=[p.space_id]),
            str(p.owner),
        )
        for p in rows
    ]


def _occurrences_unreported(user: Any, spaces: Any) -> QuerySet[Any]:
    """Occurrences nobody reported, a day after they were due: asked of the person who made
    the commitment and of the person it was made to. Never turned into kept or missed."""
    now = timezone.now()
    return occurrences_visible_to(
        user, start=now - UNREPORTED_GRACE - UNREPORTED_FOR, end=now - UNREPORTED_GRACE
    ).filter(
        Q(commitment__owner_id=user.pk) | Q(commitment__made_to_id=user.pk),
        commitment__space_id__in=spaces,
        commitment__status=Commitment.Status.ACTIVE,
        reported_outcome="",
    )


def _unreported(user: Any, spaces: Any) -> list[InboxItem]:
    rows = _occurrences_unreported(user, spaces).order_by("-due_at")[:50]
    return [
        InboxItem(
            "occurrence_unreported",
            o.commitment.space_id,
            o.pk,
            o.due_at,
            reverse("commitments:detail", args=[o.commitment_id]),
            "" if o.commitment.owner_id == user.pk else str(o.commitment.owner),
            until=o.due_at,
            mine=o.commitment.owner_id == user.pk,
        )
        for o in rows
    ]


SOURCES: tuple[Callable[[Any, Any], list[InboxItem]], ...] = (
    _moments,
    _occurrences,
    _disclosures,
    _breaches,
    _apologies,
    _proposals,
    _terms,
    _homework,
    _conversations,
    _pauses,
    _joins,
    _moment_disputes,
    _occurrence_disputes,
    _backs,
    _unreported,
)


WAITING: tuple[Callable[[Any, Any], QuerySet[Any]], ...] = (
    _moments_waiting,
    _occurrences_waiting,
    _disclosures_waiting,
    _breaches_waiting,
    _apologies_waiting,
    _proposals_waiting,
    _terms_waiting,
    _homework_waiting,
    _conversations_waiting,
    _pauses_open,
    _joins_waiting,
    _moments_disputed,
    _occurrences_disputed,
    _pauses_ended,
    _occurrences_unreported,
)


def count_for(user: Any) -> int:
    """How many things wait for ``user`` in all their spaces: one query (for the navigation)."""
    if not user.is_authenticated:
        return 0
    spaces = _spaces(user, None)
    parts = [waiting(user, spaces).order_by().values_list("pk") for waiting in WAITING]
    return parts[0].union(*parts[1:], all=True).count()


def inbox_for(user: Any, *, space_id: int | None = None) -> list[InboxItem]:
    """Everything waiting for ``user`` (in one space, or in all of theirs), newest first."""
    if not user.is_authenticated:
        return []
    spaces = _spaces(user, space_id)
    items = [item for source in SOURCES for item in source(user, spaces)]
    return sorted(items, key=lambda i: i.since or timezone.now(), reverse=True)
