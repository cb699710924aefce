"""Reads for care. Members' records are read only through ``visible_to(counsellor)``.

Public selectors other modules may call:

- ``practice_helplines(space)``: the helplines of a practice serving the space, if any.
- ``counsellors_accepting(practice=None)``: counsellor profiles open to new clients.
- ``consents_in_space(space)``: the consents in force, for every member to see.
- ``space_view_for_counsellor(counsellor, space, limit=20)``: the shared records, by section.
- ``shared_trust_pairs(counsellor, space, now=None)``: trust per ordered pair from shared evidence.
- ``homework_reaching(user)``: the homework a member sees (only from a counsellor they chose).
- ``homework_for_member(user, space)``, ``homework_for_counsellor(counsellor, space)``.
- ``notes_for_counsellor(counsellor, space)``, ``notes_for_staff(practice)``.
- ``intake_inbox(practice, status=None)``, ``intake_counts(practice)``, ``intake_of(user)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mend.care import notes_crypto
from mend.care.models import (
    CounsellorProfile,
    Homework,
    HomeworkResponse,
    IntakeRequest,
    Practice,
    SessionNote,
)
from mend.care.sections import SECTIONS, Section
from mend.domain.redflags import Helplines
from mend.domain.trust import TrustState
from mend.ledger.breach_evidence import breach_event, hurt_people
from mend.ledger.evidence import disclosure_event, moment_event
from mend.ledger.models import Disclosure, Moment
from mend.ledger.selectors import TrustIndex
from mend.ledger.trust_pairs import PARAMS
from mend.selftrust.models import JournalEntry, decrypt_entries
from mend.spaces.hooks import JoinAttempt
from mend.spaces.models import Breach, CounsellorAccess, Membership, Space


def practice_helplines(space: Space) -> Helplines | None:
    """The helplines of the practice of a counsellor this space consents to now, if any (the
    oldest practice, when their counsellors are in several)."""
    counsellors = CounsellorAccess.objects.in_force().filter(space=space).values("counsellor_id")
    practice = (
        Practice.objects.filter(counsellors__user_id__in=counsellors)
        .order_by("created_at", "pk")
        .first()
    )
    return practice.helplines() if practice is not None else None


def practices_serving(space: Space) -> list[int]:
    """For questionnaires: the practices of counsellors a member of this space consents to now."""
    counsellors = CounsellorAccess.objects.in_force().filter(space=space).values("counsellor_id")
    return list(
        Practice.objects.filter(counsellors__user_id__in=counsellors)
        .values_list("pk", flat=True)
        .distinct()
    )


def practices_run_by(user: Any) -> list[tuple[int, str]]:
    """For the questionnaire admin: the practices this staff user runs (a superuser: all)."""
    if not getattr(user, "is_staff", False):
        return []
    practices = Practice.objects.all()
    if not user.is_superuser:
        practices = practices.filter(staff__user_id=user.pk)
    return list(practices.values_list("pk", "name").order_by("pk"))


def practice_name(practice_id: int) -> str | None:
    return Practice.objects.filter(pk=practice_id).values_list("name", flat=True).first()


def counsellor_join_refusal(attempt: JoinAttempt) -> str | None:
    """A counsellor never becomes a member: a member's consent is their only way in. That holds
    for a practice's counsellors and for anyone a member of this space chose as theirs."""
    is_counsellor = CounsellorProfile.objects.filter(user_id=attempt.user.pk).exists()
    chosen_here = (
        CounsellorAccess.objects.in_force()
        .filter(space_id=attempt.space.pk, counsellor_id=attempt.user.pk)
        .exists()
    )
    if is_counsellor or chosen_here:
        return (
            "Counsellors do not join spaces. Ask a member to choose you as their counsellor: "
            "you then see only what they share with you."
        )
    return None


def counsellors_accepting(practice: Practice | None = None) -> QuerySet[CounsellorProfile]:
    qs = CounsellorProfile.objects.filter(accepting_clients=True, user__is_active=True)
    if practice is not None:
        qs = qs.filter(practice=practice)
    return qs.select_related("user", "practice").order_by("practice__name", "user__display_name")


def consents_in_space(space: Space) -> list[CounsellorAccess]:
    return list(
        CounsellorAccess.objects.in_force()
        .filter(space=space)
        .select_related("member", "counsellor", "counsellor__counsellor_profile__practice")
        .order_by("counsellor_id", "granted_at", "id")
    )


def consenting_members(counsellor: Any, space: Space) -> list[Any]:
    """Active members whose consent for this counsellor is in force (ordered by name)."""
    ids = (
        CounsellorAccess.objects.in_force()
        .filter(space=space, counsellor=counsellor)
        .values("member_id")
    )
    return [
        m.user
        for m in Membership.objects.active()
        .filter(space=space, user_id__in=ids)
        .select_related("user")
        .order_by("user__display_name", "id")
    ]


@dataclass
class SectionItems:
    section: Section
    items: list[Any]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": self.section.key,
                "id": r.pk,
                "owner": r.owner,
                "title": self.section.title(r),
                "detail": self.section.detail(r),
                "visibility": r.visibility,
                "created_at": r.created_at,
            }
            for r in self.items
        ]


@dataclass
class CounsellorSpaceView:
    space: Space
    members: list[Any]  # those who share with this counsellor
    others: int  # members who do not (not named: that is their business)
    sections: list[SectionItems] = field(default_factory=list)

    @property
    def records(self) -> list[Any]:
        return [r for s in self.sections for r in s.items]

    @property
    def nothing_shared(self) -> bool:
        """No member has shared anything of this space with the counsellor (yet)."""
        return not any(s.items for s in self.sections)


def space_view_for_counsellor(
    counsellor: Any, space: Space, limit: int = 20
) -> CounsellorSpaceView:
    """The latest ``limit`` records of each kind the counsellor may see (nothing private)."""
    members = consenting_members(counsellor, space)
    total = Membership.objects.active().filter(space=space).count()
    view = CounsellorSpaceView(space=space, members=members, others=max(0, total - len(members)))
    for section in SECTIONS:
        model = section.model
        items = list(
            model.objects.visible_to(counsellor)
            .filter(space=space)
            .select_related("owner", *section.related)
            .order_by(*section.ordering)[:limit]
        )
        if section.model is JournalEntry:
            decrypt_entries(items)  # type: ignore[arg-type]
        view.sections.append(SectionItems(section=section, items=items))
    return view


def shared_trust_pairs(
    counsellor: Any, space: Space, now: datetime | None = None
) -> tuple[list[TrustIndex], list[Any]]:
    """Trust per ordered pair, computed only from moments, disclosures and breaches shared with
    the counsellor (not the members' stored index, which includes their private entries).

    Returns the pairs and the records they were built from (for the access log).
    """
    now = now or timezone.now()
    records: list[Any] = [
        *Moment.objects.visible_to(counsellor).filter(space=space, disputed_at__isnull=True),
        *Disclosure.objects.visible_to(counsellor).filter(space=space),
    ]
    breaches = list(
        Breach.objects.visible_to(counsellor).filter(space=space).select_related("owner")
    )
    events = [
        e
        for r in records
        if (e := (moment_event(r) if isinstance(r, Moment) else disclosure_event(r))) is not None
        and e.at <= now
    ]
    breach_events = [
        (b, e)
        for b in breaches
        for truster_id in hurt_people(b)
        if (e := breach_event(b, truster_id)) is not None and e.at <= now
    ]
    events += [e for _, e in breach_events]
    records += list({b.pk: b for b, _ in breach_events}.values())
    events.sort(key=lambda e: e.at)
    by_pair: dict[tuple[int, int], list[Any]] = {}
    for event in events:
        by_pair.setdefault((event.truster_id, event.trustee_id), []).append(event)
    members = {
        m.user_id: m.user for m in Membership.objects.filter(space=space).select_related("user")
    }
    pairs = []
    for (truster_id, trustee_id), items in sorted(by_pair.items()):
        if truster_id not in members or trustee_id not in members:
            continue
        state = TrustState.empty(items[0].at).add_many(
            [e.as_evidence(PARAMS) for e in items], PARAMS
        )
        estimate = state.estimate(now, PARAMS)
        pairs.append(TrustIndex.estimated(members[truster_id], members[trustee_id], estimate))
    return pairs, records


def homework_reaching(user: Any) -> QuerySet[Homework]:
    """The one rule for which homework reaches a member: suggested for them or for everyone,
    in a space they are an active member of, by a counsellor their own consent is in force for
    there. A member who never chose that counsellor (or withdrew) never sees it: homework "for
    everyone" would otherwise ask them to act for someone they did not choose, and tell them
    that another member works with a counsellor, which is that member's to say."""
    consented = CounsellorAccess.objects.in_force().filter(
        space_id=OuterRef("space_id"), member_id=user.pk, counsellor_id=OuterRef("counsellor_id")
    )
    return (
        Homework.objects.filter(
            space_id__in=Membership.objects.active().filter(user_id=user.pk).values("space_id")
        )
        .filter(Q(member_id=user.pk) | Q(member__isnull=True))
        .filter(Exists(consented))
    )


def homework_for_member(user: Any, space: Space) -> list[Homework]:
    """Homework that reaches the user in this space, each with ``my_response``."""
    items: list[Homework] = list(
        homework_reaching(user)
        .filter(space=space)
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=HomeworkResponse.objects.filter(member=user).select_related("member"),
                to_attr="mine",
            )
        )
        .order_by("-created_at", "-id")[:100]
    )
    for h in items:
        h.my_response = h.mine[0] if h.mine else None  # type: ignore[attr-defined]
    return items


def homework_for_counsellor(counsellor: Any, space: Space) -> list[Homework]:
    return list(
        Homework.objects.filter(space=space, counsellor=counsellor)
        .select_related("member")
        .prefetch_related(
            Prefetch("responses", queryset=HomeworkResponse.objects.select_related("member"))
        )
        .order_by("-created_at", "-id")[:100]
    )


def notes_for_counsellor(counsellor: Any, space: Space) -> list[SessionNote]:
    return notes_crypto.open_notes(
        list(
            SessionNote.objects.filter(counsellor=counsellor, space=space)
            .select_related("counsellor")
            .order_by("-created_at", "-id")[:200]
        )
    )


def notes_for_staff(practice: Practice) -> list[SessionNote]:
    """Notes of the practice's counsellors, only when the practice's policy allows it."""
    if not practice.staff_may_read_notes:
        return []
    return notes_crypto.open_notes(
        list(
            SessionNote.objects.filter(practice=practice)
            .select_related("counsellor", "space")
            .order_by("-created_at", "-id")[:200]
        )
    )


def intake_inbox(practice: Practice, status: str | None = None) -> QuerySet[IntakeRequest]:
    qs = IntakeRequest.objects.filter(practice=practice)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def intake_counts(practice: Practice) -> dict[str, int]:
    """How many of the practice's requests are in each status (one query)."""
    return dict(
        IntakeRequest.objects.filter(practice=practice)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def intake_of(user: Any) -> QuerySet[IntakeRequest]:
    return (
        IntakeRequest.objects.filter(requester=user)
        .select_related("practice")
        .order_by("-created_at", "-id")
    )


def practices_for_intake() -> list[Practice]:
    return list(Practice.objects.order_by("name", "id"))
