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

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from mend.apology.models import Apology
from mend.care.models import Homework, HomeworkResponse
from mend.care.selectors import homework_reaching
from mend.commitments.models import Commitment, TermsProposal
from mend.commitments.selectors import occurrences_visible_to, waiting_for_answer
from mend.ledger.models import Disclosure, Moment
from mend.safety.models import Conversation, Pause
from mend.spaces.models import Breach, JoinDecision, JoinRequest, Membership

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


def _visible(model: Any, user: Any, spaces: Any) -> QuerySet[Any]:
    """The records of ``model`` in these spaces that ``user`` may see (the one visibility rule)."""
    return model.objects.visible_to(user).filter(space_id__in=spaces)


def _others(model: Any, user: Any, spaces: Any, **filters: Any) -> QuerySet[Any]:
    """The visible records of ``model`` matching ``filters`` that other people own."""
    return _visible(model, user, spaces).filter(**filters).exclude(owner_id=user.pk)


def _item(
    kind: str, row: Any, space_id: int, *, since: datetime, url: str, who: Any = "", **more: Any
) -> InboxItem:
    """An item about ``row`` in space ``space_id``; ``more`` holds a pause's ``until`` and
    whether an unreported occurrence is the viewer's own."""
    return InboxItem(
        kind, space_id=space_id, object_id=row.pk, since=since, url=url, who=str(who or ""), **more
    )


def _moments_waiting(user: Any, spaces: Any) -> QuerySet[Moment]:
    return _others(
        Moment,
        user,
        spaces,
        receiver_id=user.pk,
        confirmed_at__isnull=True,
        disputed_at__isnull=True,
    )


def _moments(m: Any, user: Any) -> InboxItem:
    url = reverse("ledger:dashboard", args=[m.space_id]) + "#waiting"
    return _item("moment_to_confirm", m, m.space_id, since=m.created_at, url=url, who=m.owner)


def _occurrences_waiting(user: Any, spaces: Any) -> QuerySet[Any]:
    return waiting_for_answer(user, spaces=spaces)


def _occurrences(o: Any, user: Any) -> InboxItem:
    return _item(
        "occurrence_to_confirm",
        o,
        o.commitment.space_id,
        since=o.reported_at or o.due_at,
        url=reverse("commitments:detail", args=[o.commitment_id]),
        who=o.commitment.owner,
    )


def _disclosures_waiting(user: Any, spaces: Any) -> QuerySet[Disclosure]:
    return _others(Disclosure, user, spaces, acknowledged_at__isnull=True)


def _disclosures(d: Any, user: Any) -> InboxItem:
    url = reverse("ledger:disclosures", args=[d.space_id])
    return _item(
        "disclosure_to_acknowledge", d, d.space_id, since=d.created_at, url=url, who=d.owner
    )


def _breaches_waiting(user: Any, spaces: Any) -> QuerySet[Breach]:
    # Written by the person responsible ("I am responsible" or "both"), naming this person as
    # the other: it counts in their trust index only once they say "this is what happened".
    return _visible(Breach, user, spaces).filter(
        other_person_id=user.pk,
        owner_role__in=[Breach.Role.RESPONSIBLE, Breach.Role.BOTH],
        acknowledged_at__isnull=True,
    )


def _breaches(b: Any, user: Any) -> InboxItem:
    url = reverse("spaces:breach", args=[b.pk])
    return _item("breach_to_acknowledge", b, b.space_id, since=b.created_at, url=url, who=b.owner)


def _apologies_waiting(user: Any, spaces: Any) -> QuerySet[Apology]:
    return _visible(Apology, user, spaces).filter(recipient_id=user.pk, status=Apology.Status.SENT)


def _apologies(a: Any, user: Any) -> InboxItem:
    url = reverse("apology:detail", args=[a.pk])
    return _item(
        "apology_to_answer", a, a.space_id, since=a.sent_at or a.created_at, url=url, who=a.owner
    )


def _proposals_waiting(user: Any, spaces: Any) -> QuerySet[Commitment]:
    """Commitments someone asked of this person (they own a proposal once made)."""
    return (
        _visible(Commitment, user, spaces)
        .filter(owner_id=user.pk, status=Commitment.Status.PROPOSED)
        .exclude(proposed_by_id=user.pk)
    )


def _proposals(c: Any, user: Any) -> InboxItem:
    url = reverse("commitments:detail", args=[c.pk])
    return _item(
        "commitment_proposal", c, c.space_id, since=c.created_at, url=url, who=c.proposed_by
    )


def _terms_waiting(user: Any, spaces: Any) -> QuerySet[TermsProposal]:
    """New terms offered for a commitment made to this person."""
    visible = _visible(Commitment, user, spaces).filter(made_to_id=user.pk)
    return TermsProposal.objects.filter(
        commitment__in=visible.values("pk"), status=TermsProposal.Status.PENDING
    )


def _terms(t: Any, user: Any) -> InboxItem:
    # About the commitment whose terms are offered: its page is where they are answered.
    return _item(
        "terms_to_answer",
        t.commitment,
        t.commitment.space_id,
        since=t.proposed_at,
        url=reverse("commitments:detail", args=[t.commitment_id]) + "#pending-terms",
        who=t.proposed_by,
    )


def _homework_waiting(user: Any, spaces: Any) -> QuerySet[Homework]:
    # Only homework from a counsellor this person chose (care's one rule for homework).
    answered = HomeworkResponse.objects.filter(homework_id=OuterRef("pk"), member_id=user.pk)
    return homework_reaching(user).filter(space_id__in=spaces).exclude(Exists(answered))


def _homework(h: Any, user: Any) -> InboxItem:
    url = reverse("care:member", args=[h.space_id]) + "#homework"
    return _item("homework", h, h.space_id, since=h.created_at, url=url, who=h.counsellor_name)


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
    return _visible(Conversation, user, spaces).filter(waiting)


def _conversations(conv: Any, user: Any) -> InboxItem:
    other = conv.partner if conv.owner_id == user.pk else conv.owner
    url = reverse("safety:conversation", args=[conv.pk])
    return _item(
        "conversation_waiting", conv, conv.space_id, since=conv.updated_at, url=url, who=other
    )


def _pauses_open(user: Any, spaces: Any) -> QuerySet[Pause]:
    return _others(Pause, user, spaces, resumed_at__isnull=True)


def _pauses(p: Any, user: Any) -> InboxItem:
    url = reverse("safety:pause", args=[p.pk])
    return _item(
        "partner_pause",
        p,
        p.space_id,
        since=p.started_at,
        url=url,
        who=p.owner,
        until=p.planned_return,
    )


def _joins_waiting(user: Any, spaces: Any) -> QuerySet[JoinRequest]:
    decided = JoinDecision.objects.filter(join_request_id=OuterRef("pk"), member_id=user.pk)
    return JoinRequest.objects.filter(
        space_id__in=spaces, status=JoinRequest.Status.PENDING
    ).exclude(Exists(decided))


def _joins(r: Any, user: Any) -> InboxItem:
    url = reverse("spaces:detail", args=[r.space_id])
    return _item("join_request", r, r.space_id, since=r.created_at, url=url, who=r.user)


def _moments_disputed(user: Any, spaces: Any) -> QuerySet[Moment]:
    """Moments this person logged that the other said were not like that (last 7 days)."""
    return _visible(Moment, user, spaces).filter(
        owner_id=user.pk, disputed_at__gte=timezone.now() - DISPUTED_FOR
    )


def _talk_url(space_id: int, topic: str) -> str:
    return reverse("safety:conversation_new", args=[space_id]) + "?" + urlencode({"topic": topic})


def _moment_disputes(m: Any, user: Any) -> InboxItem:
    url = _talk_url(m.space_id, "A moment we see differently")
    since = m.disputed_at or timezone.now()
    return _item("moment_disputed", m, m.space_id, since=since, url=url, who=m.receiver)


def _occurrences_disputed(user: Any, spaces: Any) -> QuerySet[Any]:
    """Reports of this person's commitments the other disputed (last 7 days)."""
    return occurrences_visible_to(user, spaces=spaces).filter(
        commitment__owner_id=user.pk,
        response="disputed",
        responded_at__gte=timezone.now() - DISPUTED_FOR,
    )


def _occurrence_disputes(o: Any, user: Any) -> InboxItem:
    space_id = o.commitment.space_id
    return _item(
        "occurrence_disputed",
        o,
        space_id,
        since=o.responded_at or o.due_at,
        url=_talk_url(space_id, "A commitment we see differently"),
        who=o.responded_by,
    )


def _pauses_ended(user: Any, spaces: Any) -> QuerySet[Pause]:
    return _others(Pause, user, spaces, resumed_at__gte=timezone.now() - BACK_FOR)


def _backs(p: Any, user: Any) -> InboxItem:
    url = reverse("spaces:detail", args=[p.space_id])
    return _item(
        "partner_back", p, p.space_id, since=p.resumed_at or timezone.now(), url=url, who=p.owner
    )


def _occurrences_unreported(user: Any, spaces: Any) -> QuerySet[Any]:
    """Occurrences nobody reported, a day after they were due: asked of the person who made
    the commitment and of the person it was made to. Never turned into kept or missed."""
    now = timezone.now()
    return occurrences_visible_to(
        user,
        spaces=spaces,
        start=now - UNREPORTED_GRACE - UNREPORTED_FOR,
        end=now - UNREPORTED_GRACE,
    ).filter(
        Q(commitment__owner_id=user.pk) | Q(commitment__made_to_id=user.pk),
        commitment__status=Commitment.Status.ACTIVE,
        reported_outcome="",
    )


def _unreported(o: Any, user: Any) -> InboxItem:
    mine = o.commitment.owner_id == user.pk
    return _item(
        "occurrence_unreported",
        o,
        o.commitment.space_id,
        since=o.due_at,
        url=reverse("commitments:detail", args=[o.commitment_id]),
        who="" if mine else o.commitment.owner,
        until=o.due_at,
        mine=mine,
    )


@dataclass(frozen=True)
class Source:
    """One kind of item: what waits (the queryset ``count_for`` also counts), newest first by
    ``order``, and how a row reads as an item."""

    waiting: Callable[[Any, Any], QuerySet[Any]]
    order: str
    item: Callable[[Any, Any], InboxItem]
    related: tuple[str, ...] = ()
    limit: int = 50

    def items(self, user: Any, spaces: Any) -> list[InboxItem]:
        rows = self.waiting(user, spaces)
        if self.related:
            rows = rows.select_related(*self.related)
        return [self.item(row, user) for row in rows.order_by(self.order)[: self.limit]]


SOURCES: tuple[Source, ...] = (
    Source(_moments_waiting, "-created_at", _moments, related=("owner",)),
    Source(_occurrences_waiting, "-reported_at", _occurrences, related=("commitment__owner",)),
    Source(_disclosures_waiting, "-created_at", _disclosures, related=("owner",)),
    Source(_breaches_waiting, "-created_at", _breaches, related=("owner",)),
    Source(_apologies_waiting, "-sent_at", _apologies, related=("owner",)),
    Source(_proposals_waiting, "-created_at", _proposals, related=("proposed_by",)),
    Source(_terms_waiting, "-proposed_at", _terms, related=("commitment", "proposed_by")),
    Source(_homework_waiting, "-created_at", _homework),
    Source(
        _conversations_waiting,
        "-updated_at",
        _conversations,
        related=("owner", "partner"),
    ),
    Source(_pauses_open, "-started_at", _pauses, related=("owner",), limit=20),
    Source(_joins_waiting, "-created_at", _joins, related=("user",), limit=20),
    Source(_moments_disputed, "-disputed_at", _moment_disputes, related=("receiver",)),
    Source(_occurrences_disputed, "-responded_at", _occurrence_disputes),
    Source(_pauses_ended, "-resumed_at", _backs, related=("owner",), limit=20),
    Source(_occurrences_unreported, "-due_at", _unreported),
)


# The navigation's count is one query, but building it (fifteen kinds, each through the
# visibility rule) cost tens of milliseconds of Python on every page, far more than running it.
# Its SQL depends only on the person and on the clock (the windows of disputes, returns and
# unreported occurrences), so it is built once a minute per person and process and run fresh
# each time: the data is always current, the windows' edges at most a minute behind.
# Its text is the same for everyone, only the values differ, so PostgreSQL can plan it once per
# connection: planning the fifteen-part union cost it three to four times what running it did
# (issue 16's benchmark, ``benchmarks/bench_care.py``).
_COUNT_SQL: dict[tuple[int, int], tuple[str, tuple[Any, ...]]] = {}
_COUNT_SQL_LIMIT = 10_000


def _count_sql(user: Any) -> tuple[str, tuple[Any, ...]]:
    key = (user.pk, int(timezone.now().timestamp() // 60))
    found = _COUNT_SQL.get(key)
    if found is None:
        spaces = _spaces(user, None)
        parts = [source.waiting(user, spaces).order_by().values_list("pk") for source in SOURCES]
        sql, params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
        # The inner SQL is the ORM's own, every value a parameter.
        found = (f"SELECT COUNT(*) FROM ({sql}) waiting", tuple(params))  # noqa: S608
        if len(_COUNT_SQL) >= _COUNT_SQL_LIMIT:
            _COUNT_SQL.clear()
        _COUNT_SQL[key] = found
    return found


def count_for(user: Any) -> int:
    """How many things wait for ``user`` in all their spaces: one query (for the navigation)."""
    if not user.is_authenticated:
        return 0
    sql, params = _count_sql(user)
    with getattr(connection, "prepared_cursor", connection.cursor)() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def inbox_for(user: Any, *, space_id: int | None = None) -> list[InboxItem]:
    """Everything waiting for ``user`` (in one space, or in all of theirs), newest first."""
    if not user.is_authenticated:
        return []
    spaces = _spaces(user, space_id)
    items = [item for source in SOURCES for item in source.items(user, spaces)]
    return sorted(items, key=lambda i: i.since or timezone.now(), reverse=True)
