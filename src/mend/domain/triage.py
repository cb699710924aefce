"""Explainable signals that professional help may be worth it.

The article this app is built on suggests professional help "when communication is stuck, one or
both parties feel chronically unsafe, or the conflict patterns are repeating despite best
efforts". Each rule here turns one of those into a signal with its reason in plain words and the
records it rests on. Signals invite, they never predict or blame.

All datetimes must be timezone-aware. A record counts as "in a window" when
``now - window <= time <= now``: the start is inclusive, records after ``now`` are ignored.
The caller passes only records the viewer may see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from fractions import Fraction
from typing import Literal

from mend.domain import textsim

__all__ = [
    "ActivityEvent",
    "Breach",
    "MemberId",
    "Ref",
    "RepairConversation",
    "SafetyCheckin",
    "Severity",
    "Signal",
    "TriageInputs",
    "TriageParams",
    "chronic_unsafety",
    "communication_stuck",
    "evaluate",
    "repeating_pattern",
]

MemberId = int | str
#: A pointer to the evidence record, as (kind, id), e.g. ("checkin", 42).
Ref = tuple[str, int | str]
Severity = Literal["consider", "recommend"]
EndedBy = Literal["completed", "paused", "abandoned"]


@dataclass(frozen=True)
class ActivityEvent:
    """Something a member did in the space (a moment, a commitment report, a check-in...)."""

    at: datetime
    member_id: MemberId
    kind: str
    ref: Ref | None = None


@dataclass(frozen=True)
class RepairConversation:
    """A repair conversation; ``ended``/``ended_by`` are None while it is still going on."""

    id: int | str
    started: datetime
    ended: datetime | None = None
    ended_by: EndedBy | None = None


@dataclass(frozen=True)
class SafetyCheckin:
    """A safety check-in: how safe the member felt, 0 (not at all) to 10 (completely)."""

    at: datetime
    member_id: MemberId
    safety: int
    flooded: bool = False
    ref: Ref | None = None


@dataclass(frozen=True)
class Breach:
    """A breach or conflict someone recorded."""

    id: int | str
    at: datetime
    topic: str | None = None
    tags: Collection[str] = ()
    text: str = ""
    kind: str = "breach"  # used for its evidence ref: (kind, id)


@dataclass(frozen=True)
class TriageInputs:
    """Everything the rules look at for one space."""

    member_ids: Collection[MemberId]
    events: Sequence[ActivityEvent] = ()
    conversations: Sequence[RepairConversation] = ()
    checkins: Sequence[SafetyCheckin] = ()
    breaches: Sequence[Breach] = ()
    # When the space was created: a space younger than the quiet window is not "stuck".
    space_created: datetime | None = None


@dataclass(frozen=True)
class TriageParams:
    """Every window and threshold the rules use.

    None of these is a research constant: the article names the three situations but gives no
    numbers, so these are product defaults chosen to be conservative (few false alarms) and are
    meant to be tuned per practice.
    """

    # Four weeks: long enough that one hard week does not look "chronic", short enough to be
    # about now rather than the whole history.
    window: timedelta = timedelta(days=28)
    # On the 0-10 scale, 4 or less is clearly below the midpoint ("more unsafe than safe").
    low_safety_max: int = 4
    # "Most of the window": a clear majority of check-ins, and enough of them to mean something.
    chronic_min_share: Fraction = Fraction(3, 5)
    chronic_min_checkins: int = 3
    # Nearly every check-in low is a stronger reason to talk to someone.
    chronic_recommend_share: Fraction = Fraction(4, 5)
    # Two weeks without both people taking part is longer than an ordinary busy spell.
    quiet_window: timedelta = timedelta(days=14)
    min_active_members: int = 2
    # Pauses are healthy (they stop flooding); only a run of conversations that keep ending in
    # a pause suggests being stuck.
    pause_min_conversations: int = 3
    pause_min_share: Fraction = Fraction(2, 3)
    # Patterns are slower than moods: look back three months for the same thing recurring.
    pattern_window: timedelta = timedelta(days=90)
    pattern_min_occurrences: int = 3
    pattern_recommend_occurrences: int = 5
    # TF-IDF cosine at or above which two notes are "about the same thing"; tuned on paraphrases
    # such as "you were on your phone all dinner again" / "phone at dinner again" (cosine 1.0)
    # against unrelated notes (cosine 0).
    similarity_threshold: float = 0.5


@dataclass(frozen=True)
class Signal:
    """One reason professional help may be worth it, with its evidence."""

    code: str
    member_id: MemberId | None
    title: str
    reason: str
    evidence: list[Ref] = field(default_factory=list)
    severity: Severity = "consider"


# --- formatting -------------------------------------------------------------------------------

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _local(at: datetime, tz: tzinfo | None) -> datetime:
    return at.astimezone(tz) if tz is not None else at


def _day(at: datetime, tz: tzinfo | None) -> str:
    d = _local(at, tz)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _days(times: Iterable[datetime], tz: tzinfo | None) -> str:
    """ "1 March, 8 March and 15 March 2025" with repeated days folded."""
    seen: list[str] = []
    for at in sorted(times):
        label = _day(at, tz)
        if label not in seen:
            seen.append(label)
    if not seen:
        return ""
    # Drop the year on all but the last date when every date is in the same year.
    years = {s.rsplit(" ", 1)[1] for s in seen}
    if len(years) == 1 and len(seen) > 1:
        seen = [s.rsplit(" ", 1)[0] for s in seen[:-1]] + [seen[-1]]
    if len(seen) == 1:
        return seen[0]
    return ", ".join(seen[:-1]) + " and " + seen[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


_NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _number(n: int) -> str:
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def _tags(tags: Collection[str]) -> list[str]:
    # A bare string is a Collection[str] too; treat it as one tag, not as its letters.
    items = [tags] if isinstance(tags, str) else list(tags)
    return [" ".join(t.split()) for t in items if t.strip()]


def _in_window(at: datetime, now: datetime, window: timedelta) -> bool:
    return now - window <= at <= now


# --- rules ------------------------------------------------------------------------------------


def communication_stuck(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """Space-level: nobody-or-one-person activity lately, or conversations that keep pausing."""
    p = params or TriageParams()
    tz = now.tzinfo
    parts: list[str] = []
    evidence: list[Ref] = []
    hits = 0

    members = set(inputs.member_ids)
    old_enough = inputs.space_created is None or inputs.space_created <= now - p.quiet_window
    if len(members) >= p.min_active_members and old_enough:
        recent = [
            e
            for e in inputs.events
            if e.member_id in members and _in_window(e.at, now, p.quiet_window)
        ]
        active = {e.member_id for e in recent}
        if len(active) < p.min_active_members:
            hits += 1
            start = _day(now - p.quiet_window, tz)
            days = p.quiet_window.days
            if not active:
                parts.append(
                    f"Nothing has been recorded in this space in the last {days} days "
                    f"(since {start})."
                )
            else:
                parts.append(
                    f"In the last {days} days (since {start}), everything recorded in this "
                    f"space came from {_number(len(active))} of its {_number(len(members))} "
                    f"members, so there has been little back-and-forth."
                )
            # The last thing each member did, so a counsellor can see where things paused.
            last: dict[MemberId, ActivityEvent] = {}
            for e in inputs.events:
                if (
                    e.member_id in members
                    and e.at <= now
                    and e.ref is not None
                    and (e.member_id not in last or e.at > last[e.member_id].at)
                ):
                    last[e.member_id] = e
            evidence.extend(e.ref for e in last.values() if e.ref is not None)

    ended = [
        c
        for c in inputs.conversations
        if c.ended is not None and c.ended_by is not None and _in_window(c.ended, now, p.window)
    ]
    paused = [c for c in ended if c.ended_by == "paused"]
    if (
        len(ended) >= p.pause_min_conversations
        and Fraction(len(paused), len(ended)) >= p.pause_min_share
    ):
        hits += 1
        dates = _days((c.ended for c in paused if c.ended is not None), tz)
        parts.append(
            f"Of the {len(ended)} repair conversations that ended in the last {p.window.days} "
            f"days, {len(paused)} ended with a pause (on {dates}). Pausing when things get too "
            f"much is healthy; when conversations keep stopping at that point, it can help to "
            f"have someone alongside."
        )
        evidence.extend(("repair_conversation", c.id) for c in paused)

    if not hits:
        return []
    reason = (
        "Mend has noticed that communication may be stuck. "
        + " ".join(parts)
        + " A counsellor can offer a neutral, structured place to talk and help you both find "
        "a way back into the conversation."
    )
    return [
        Signal(
            code="communication_stuck",
            member_id=None,
            title="Communication may be stuck",
            reason=reason,
            evidence=evidence,
            severity="recommend" if hits > 1 else "consider",
        )
    ]


def chronic_unsafety(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """Per member: low safety in most of their recent check-ins.

    These signals rest on one member's own check-ins; show them to that member (and to a
    counsellor only if the member shared them), never to the other members.
    """
    p = params or TriageParams()
    tz = now.tzinfo
    by_member: dict[MemberId, list[SafetyCheckin]] = defaultdict(list)
    for c in inputs.checkins:
        if _in_window(c.at, now, p.window):
            by_member[c.member_id].append(c)

    signals: list[Signal] = []
    for member_id, checkins in by_member.items():
        total = len(checkins)
        low = sorted((c for c in checkins if c.safety <= p.low_safety_max), key=lambda c: c.at)
        if total < p.chronic_min_checkins or Fraction(len(low), total) < p.chronic_min_share:
            continue
        lowest = min(low, key=lambda c: (c.safety, c.at))
        share = f"all {total}" if len(low) == total else f"{len(low)} of the {total}"
        flooded = sum(1 for c in checkins if c.flooded)
        flooded_note = (
            f" {_plural(flooded, 'check-in')} also noted feeling flooded." if flooded else ""
        )
        reason = (
            f"Mend has noticed that {share} safety check-ins recorded between "
            f"{_day(now - p.window, tz)} and {_day(now, tz)} were at {p.low_safety_max} out of "
            f"10 or lower (the lowest was {lowest.safety}, on {_day(lowest.at, tz)})."
            f"{flooded_note} Feeling unsafe for weeks is hard to carry, and repair work is "
            f"hard while it lasts. A counsellor can help you work out what would help you "
            f"feel safer, at your own pace."
        )
        signals.append(
            Signal(
                code="chronic_unsafety",
                member_id=member_id,
                title="Feeling unsafe for a while",
                reason=reason,
                evidence=[c.ref for c in low if c.ref is not None],
                severity=(
                    "recommend"
                    if Fraction(len(low), total) >= p.chronic_recommend_share
                    else "consider"
                ),
            )
        )
    return sorted(signals, key=lambda s: str(s.member_id))


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _q(text: str) -> str:
    return f"\u201c{text}\u201d"


def _norm_label(label: str) -> str:
    return " ".join(label.casefold().split())


def repeating_pattern(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """Space-level: breaches on the same topic recurring, grouped by label, tag or wording.

    A group found one way is not reported again when another way found it (or a larger group
    containing it) already.
    """
    p = params or TriageParams()
    tz = now.tzinfo
    recent = sorted(
        (b for b in inputs.breaches if _in_window(b.at, now, p.pattern_window)),
        key=lambda b: (b.at, str(b.id)),
    )
    if len(recent) < p.pattern_min_occurrences:
        return []

    # (name for the title, how it is described in the reason, indices into ``recent``)
    candidates: list[tuple[str, str, list[int]]] = []

    by_topic: dict[str, list[int]] = defaultdict(list)
    topic_name: dict[str, str] = {}
    for i, b in enumerate(recent):
        if b.topic and b.topic.strip():
            key = _norm_label(b.topic)
            by_topic[key].append(i)
            topic_name.setdefault(key, " ".join(b.topic.split()))
    for key, idx in by_topic.items():
        candidates.append((topic_name[key], f"about {_q(topic_name[key])}", idx))

    by_tag: dict[str, list[int]] = defaultdict(list)
    tag_name: dict[str, str] = {}
    for i, b in enumerate(recent):
        for tag in _tags(b.tags):
            key = _norm_label(tag)
            if not by_tag[key] or by_tag[key][-1] != i:
                by_tag[key].append(i)
            tag_name.setdefault(key, tag)
    for key in sorted(by_tag):
        candidates.append((tag_name[key], f"tagged {_q(tag_name[key])}", by_tag[key]))

    texts = [b.text for b in recent]
    for group in textsim.group_similar(texts, p.similarity_threshold):
        words = textsim.top_shared_terms([texts[i] for i in group])
        if words:
            about = f"that share the words {_and([_q(w) for w in words])}"
            candidates.append((_and(words), about, group))

    reported: list[frozenset[int]] = []
    signals: list[Signal] = []
    for name, about, idx in candidates:
        members = frozenset(idx)
        if len(members) < p.pattern_min_occurrences:
            continue
        if any(members <= done for done in reported):
            continue
        reported.append(members)
        breaches = [recent[i] for i in sorted(idx)]
        n = len(breaches)
        reason = (
            f"Mend has noticed that {n} breaches or conflicts {about} were recorded in the last "
            f"{p.pattern_window.days} days: on {_days((b.at for b in breaches), tz)}. When the "
            f"same thing keeps coming back despite real effort, a counsellor can help you both "
            f"look at what sits underneath it."
        )
        signals.append(
            Signal(
                code="repeating_pattern",
                member_id=None,
                title=f"Something keeps coming back: {name}",
                reason=reason,
                evidence=[(b.kind, b.id) for b in breaches],
                severity="recommend" if n >= p.pattern_recommend_occurrences else "consider",
            )
        )
    return signals


def evaluate(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """All rules, in a stable order: stuck, unsafety (per member), repeating patterns."""
    p = params or TriageParams()
    return [
        *communication_stuck(inputs, now, p),
        *chronic_unsafety(inputs, now, p),
        *repeating_pattern(inputs, now, p),
    ]
