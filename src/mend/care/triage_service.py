"""Triage signals from the database: ``mend.domain.triage`` fed with what the viewer may see.

Every read goes through ``visible_to(viewer)`` and uses ``values_list``, so the number of
queries is fixed: one per source, whether for one space or for a whole caseload.

Sources: ledger moments, disclosures and their acknowledgements, felt-trust check-ins;
commitment reports and confirmations; apologies sent and answered; safety check-ins;
repair conversations and how they ended; breaches (topic, tags, title and description).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from mend.accounts.timezones import zone_of
from mend.apology.models import Apology
from mend.commitments.models import Commitment, Occurrence
from mend.domain import triage
from mend.domain.triage import Signal, TriageParams
from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
from mend.safety.models import Conversation, SafetyCheckIn
from mend.spaces.access import is_member
from mend.spaces.models import Breach, CounsellorAccess, Membership, Space

_ENDINGS: dict[str, triage.EndedBy] = {
    "completed": "completed",
    "paused": "paused",
    "abandoned": "abandoned",
}

__all__ = [
    "SIGNAL_KINDS",
    "EvidenceLink",
    "HelpLink",
    "SignalKind",
    "evidence_links",
    "help_links",
    "inputs_for_spaces",
    "signals_for_space",
    "signals_for_spaces",
]


@dataclass(frozen=True)
class SignalKind:
    """How the app treats one signal code: who may see it, and whether it links urgent help."""

    label: str
    # Per member: shown to that member, and to a counsellor only through check-ins the member
    # shared with them (``_for_viewer``; the inputs are read as the viewer).
    per_member: bool
    # The member's own safety resources (people to contact straight away) go with it.
    urgent_help: bool = False


# Every code ``triage.evaluate`` can give (a test keeps this list complete).
SIGNAL_KINDS: dict[str, SignalKind] = {
    "communication_stuck": SignalKind("Communication stuck", per_member=False),
    "severe_unsafety": SignalKind("Feeling very unsafe", per_member=True, urgent_help=True),
    "chronic_unsafety": SignalKind("Feeling unsafe for weeks", per_member=True),
    "chronic_flooding": SignalKind("Flooded for weeks", per_member=True),
    "repeating_pattern": SignalKind("Something keeps coming back", per_member=False),
    "many_breaches": SignalKind("Many breaches", per_member=False),
}


def _activity_lookback(params: TriageParams) -> Any:
    # The activity rules look back over their own windows only; reading more is wasted work
    # on a caseload of hundreds of spaces.
    return max(params.window, params.quiet_window)


def inputs_for_spaces(
    spaces: Sequence[Space], viewer: Any, now: datetime, params: TriageParams | None = None
) -> dict[int, triage.TriageInputs]:
    """The rules' inputs per space id, from records ``viewer`` may see. About ten queries."""
    p = params or TriageParams()
    ids = [s.pk for s in spaces]
    since = now - _activity_lookback(p)
    patterns_since = now - p.pattern_window
    members: dict[int, list[int]] = defaultdict(list)
    for space_id, user_id in (
        Membership.objects.active().filter(space_id__in=ids).values_list("space_id", "user_id")
    ):
        members[space_id].append(user_id)

    events: dict[int, list[triage.ActivityEvent]] = defaultdict(list)

    def add(space_id: int, at: datetime | None, member: int | None, kind: str, ref: Any) -> None:
        if at is not None and member is not None:
            events[space_id].append(
                triage.ActivityEvent(at=at, member_id=member, kind=kind, ref=ref)
            )

    for pk, sid, owner, at in (
        Moment.objects.visible_to(viewer)
        .filter(space_id__in=ids, occurred_at__gte=since)
        .values_list("pk", "space_id", "owner_id", "occurred_at")
    ):
        add(sid, at, owner, "moment", ("moment", pk))
    for pk, sid, owner, at, ack_by, ack_at in (
        Disclosure.objects.visible_to(viewer)
        .filter(space_id__in=ids, occurred_at__gte=since)
        .values_list(
            "pk", "space_id", "owner_id", "occurred_at", "acknowledged_by_id", "acknowledged_at"
        )
    ):
        add(sid, at, owner, "disclosure", ("disclosure", pk))
        add(sid, ack_at, ack_by, "acknowledgement", ("disclosure", pk))
    for pk, sid, owner, at in (
        FeltTrustCheckIn.objects.visible_to(viewer)
        .filter(space_id__in=ids, occurred_at__gte=since)
        .values_list("pk", "space_id", "owner_id", "occurred_at")
    ):
        add(sid, at, owner, "felt_trust", ("felt_checkin", pk))
    visible_commitments = Commitment.objects.visible_to(viewer).filter(space_id__in=ids)
    for _pk, cid, sid, owner, rep_at, resp_by, resp_at in Occurrence.objects.filter(
        commitment__in=visible_commitments.values("pk"), due_at__gte=since
    ).values_list(
        "pk",
        "commitment_id",
        "commitment__space_id",
        "commitment__owner_id",
        "reported_at",
        "responded_by_id",
        "responded_at",
    ):
        add(sid, rep_at, owner, "commitment_report", ("commitment", cid))
        add(sid, resp_at, resp_by, "commitment_response", ("commitment", cid))
    for pk, sid, owner, sent_at, recipient, resp_at in (
        Apology.objects.visible_to(viewer)
        .filter(space_id__in=ids, sent_at__gte=since)
        .values_list("pk", "space_id", "owner_id", "sent_at", "recipient_id", "responded_at")
    ):
        add(sid, sent_at, owner, "apology_sent", ("apology", pk))
        add(sid, resp_at, recipient, "apology_answer", ("apology", pk))

    checkins: dict[int, list[triage.SafetyCheckin]] = defaultdict(list)
    for pk, sid, owner, at, safety, flooded in (
        SafetyCheckIn.objects.visible_to(viewer)
        .filter(space_id__in=ids, created_at__gte=since)
        .values_list("pk", "space_id", "owner_id", "created_at", "safety", "flooded")
    ):
        checkins[sid].append(
            triage.SafetyCheckin(
                at=at, member_id=owner, safety=safety, flooded=flooded, ref=("checkin", pk)
            )
        )
        add(sid, at, owner, "safety_checkin", ("checkin", pk))

    conversations: dict[int, list[triage.RepairConversation]] = defaultdict(list)
    for pk, sid, owner, created, ended_at, ended_by, paused_at in (
        Conversation.objects.visible_to(viewer)
        .filter(space_id__in=ids)
        .exclude(ended_at__lt=since)
        .values_list(
            "pk", "space_id", "owner_id", "created_at", "ended_at", "ended_by", "paused_at"
        )
    ):
        ended, by = ended_at, _ENDINGS.get(ended_by or "")
        if ended is None and paused_at is not None:
            # A pause nobody came back from counts as ended by it (as in safety.selectors).
            ended, by = paused_at, "paused"
        conversations[sid].append(
            triage.RepairConversation(id=pk, started=created, ended=ended, ended_by=by)
        )
        add(sid, created, owner, "repair_conversation", ("repair_conversation", pk))

    breaches: dict[int, list[triage.Breach]] = defaultdict(list)
    # Whole records, not values_list: a breach's texts are sealed and open only on the model
    # (all of them with one key query), and the pattern matching happens here in Python.
    for b in (
        Breach.objects.visible_to(viewer)
        .filter(space_id__in=ids, created_at__gte=patterns_since)
        .only(
            "pk",
            "space_id",
            "owner_id",
            "created_at",
            "seal_uid",
            "title",
            "description",
            "topic",
            "tags",
        )
    ):
        breaches[b.space_id].append(
            triage.Breach(
                id=b.pk,
                at=b.created_at,
                topic=b.topic or None,
                tags=b.tag_list,
                text=f"{b.title}. {b.description}".strip(),
            )
        )
        if b.created_at >= since:
            add(b.space_id, b.created_at, b.owner_id, "breach", ("breach", b.pk))

    return {
        s.pk: triage.TriageInputs(
            member_ids=members.get(s.pk, []),
            events=sorted(events.get(s.pk, []), key=lambda e: e.at),
            conversations=conversations.get(s.pk, []),
            checkins=checkins.get(s.pk, []),
            breaches=breaches.get(s.pk, []),
            space_created=s.created_at,
        )
        for s in spaces
    }


def _for_viewer(
    signals: Iterable[Signal], viewer: Any, member_ids: set[int], sharing: set[int]
) -> list[Signal]:
    """A member sees their own per-member signals only. A counsellor sees what the shared
    records produced, except "communication stuck" when not every member shares with them:
    one-sided activity would then only mirror who shares, not how the couple talks."""
    if viewer.pk in member_ids:
        return [s for s in signals if s.member_id is None or s.member_id == viewer.pk]
    if not member_ids <= sharing:
        return [s for s in signals if s.code != "communication_stuck"]
    return list(signals)


def signals_for_spaces(
    spaces: Sequence[Space],
    viewer: Any,
    now: datetime | None = None,
    params: TriageParams | None = None,
) -> dict[int, list[Signal]]:
    """Signals per space id for many spaces at once, in a fixed number of queries.

    The chronic rules count calendar days in ``now``'s zone, so ``now`` is read in the viewer's
    own zone: a member's for their page, a counsellor's for their caseload.
    """
    now = timezone.localtime(now or timezone.now(), zone_of(viewer))
    spaces = list(spaces)
    if not spaces:
        return {}
    all_inputs = inputs_for_spaces(spaces, viewer, now, params)
    sharing: dict[int, set[int]] = defaultdict(set)
    for space_id, member_id in (
        CounsellorAccess.objects.in_force()
        .filter(space_id__in=list(all_inputs), counsellor_id=viewer.pk)
        .values_list("space_id", "member_id")
    ):
        sharing[space_id].add(member_id)
    return {
        sid: _for_viewer(
            triage.evaluate(inputs, now, params),
            viewer,
            {int(m) for m in inputs.member_ids},
            sharing[sid],
        )
        for sid, inputs in all_inputs.items()
    }


def signals_for_space(
    space: Space, viewer: Any, now: datetime | None = None, params: TriageParams | None = None
) -> list[Signal]:
    """The signals ``viewer`` may see for one space."""
    return signals_for_spaces([space], viewer, now, params)[space.pk]


# --- evidence links ---------------------------------------------------------------------------

_EVIDENCE: dict[str, tuple[str, str, bool]] = {
    # kind: (label, url name, takes the record id; else the space id)
    "breach": ("Breach", "spaces:breach", True),
    "checkin": ("Safety check-in", "safety:checkin", True),
    "repair_conversation": ("Repair conversation", "safety:conversation", True),
    "commitment": ("Commitment", "commitments:detail", True),
    "apology": ("Apology", "apology:detail", True),
    "moment": ("Moment", "ledger:timeline", False),
    "disclosure": ("Disclosure", "ledger:disclosures", False),
    "felt_checkin": ("Felt-trust check-in", "ledger:timeline", False),
}


@dataclass(frozen=True)
class EvidenceLink:
    kind: str
    id: int | str
    label: str
    url: str


def evidence_links(signal: Signal, space: Space) -> list[EvidenceLink]:
    """Links to the records a signal rests on (they were visible to the viewer by construction)."""
    links = []
    for kind, pk in signal.evidence:
        label, name, by_record = _EVIDENCE.get(kind, (kind, "", False))
        url = reverse(name, args=[pk if by_record else space.pk]) if name else ""
        links.append(EvidenceLink(kind=kind, id=pk, label=f"{label} #{pk}", url=url))
    return links


@dataclass(frozen=True)
class HelpLink:
    label: str
    url: str


def help_links(signal: Signal, space: Space, viewer: Any) -> list[HelpLink]:
    """Help that goes with a signal. For feeling very unsafe, the member's own safety resources:
    people to contact straight away (on their safety page) and the private safety check. Only
    for that member: a counsellor cannot open those pages, and the member's help is theirs."""
    kind = SIGNAL_KINDS.get(signal.code)
    if kind is None or not kind.urgent_help or signal.member_id != getattr(viewer, "pk", None):
        return []
    return [
        HelpLink(
            "People to contact straight away",
            reverse("safety:home", args=[space.pk]) + "#people-to-contact",
        ),
        HelpLink("A private safety check", reverse("screening:safety_screen", args=[space.pk])),
    ]


def viewer_is_member(viewer: Any, space: Space) -> bool:
    return is_member(viewer, space.pk)
