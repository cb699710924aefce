"""Explainable signals that professional help may be worth it.

The article this app is built on suggests professional help "when communication is stuck, one or
both parties feel chronically unsafe, or the conflict patterns are repeating despite best
efforts". Each rule here turns one of those into a signal with its reason in plain words and the
records it rests on. Signals invite, they never predict or blame.

All datetimes must be timezone-aware. A record counts as "in a window" when
``now - window <= time <= now``: the start is inclusive, records after ``now`` are ignored.
Rules about how someone felt count distinct calendar days, in the zone of ``now`` (pass ``now``
in the person's or the practice's local zone): three check-ins within an hour are one day, and
"chronic" needs days spanning at least a week. Every rule is monotone in the things it warns
about: another low check-in, paused or abandoned conversation, or breach never removes a signal.
The caller passes only records the viewer may see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from fractions import Fraction
from typing import Literal

from mend.domain import textsim
from mend.domain.recurrence import MONTH_NAMES

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
    "chronic_flooding",
    "chronic_unsafety",
    "communication_stuck",
    "evaluate",
    "many_breaches",
    "repeating_pattern",
    "severe_unsafety",
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

    None of these is a research constant: the article names the three situations ("communication
    is stuck, one or both parties feel chronically unsafe, or the conflict patterns are repeating
    despite best efforts") but gives no numbers, so every value here is Mend's own choice, made
    to be conservative (few false alarms) except where safety is at stake, and meant to be tuned
    per practice.
    """

    # Four weeks: long enough that one hard week does not look "chronic", short enough to be
    # about now rather than the whole history.
    window: timedelta = timedelta(days=28)
    # The last two weeks: a recent run of low days is not diluted by better weeks before it
    # (eleven days at 1/10 after seventeen at 8/10 is 39% of four weeks, 79% of two).
    recent_window: timedelta = timedelta(days=14)
    # On the 0-10 scale, 4 or less is clearly below the midpoint ("more unsafe than safe").
    low_safety_max: int = 4
    # "Most of the window": a clear majority of the days with a check-in, and enough distinct
    # days, spread over at least a week, to be more than one bad evening.
    chronic_min_share: Fraction = Fraction(3, 5)
    chronic_min_days: int = 3
    chronic_min_span: timedelta = timedelta(days=7)
    # Nearly every day low is a stronger reason to talk to someone.
    chronic_recommend_share: Fraction = Fraction(4, 5)
    # 0 or 1 out of 10 is "not safe at all": once is enough to offer help (a safety question is
    # not one to be conservative about), on two different days a recommendation.
    severe_safety_max: int = 1
    severe_window: timedelta = timedelta(days=14)
    severe_recommend_days: int = 2
    # Two weeks without both people taking part is longer than an ordinary busy spell.
    quiet_window: timedelta = timedelta(days=14)
    min_active_members: int = 2
    # Pauses are healthy (they stop flooding); only a run of conversations that keep ending in a
    # pause, or being abandoned, suggests being stuck. The count is of stuck conversations, not
    # of all ended ones, so finishing a conversation can never create the signal.
    stuck_min_conversations: int = 3
    stuck_min_share: Fraction = Fraction(2, 3)
    # Patterns are slower than moods: look back six months for the same thing recurring (a
    # topic every six or seven weeks comes back only twice in three months).
    pattern_window: timedelta = timedelta(days=180)
    pattern_min_occurrences: int = 3
    pattern_recommend_occurrences: int = 5
    # TF-IDF cosine at or above which two notes are "about the same thing"; tuned on paraphrases
    # such as "you were on your phone all dinner again" / "phone at dinner again" (cosine 1.0)
    # against unrelated notes (cosine 0).
    similarity_threshold: float = 0.5
    # Many breaches, whatever they are about: each is a serious event, and five in three months
    # is a lot to repair without help; eight, a recommendation.
    breach_window: timedelta = timedelta(days=90)
    many_breaches_min: int = 5
    many_breaches_recommend: int = 8


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


def _local(at: datetime, tz: tzinfo | None) -> datetime:
    return at.astimezone(tz) if tz is not None else at


def _day(at: datetime, tz: tzinfo | None) -> str:
    d = _local(at, tz)
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


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


def _date(at: datetime, tz: tzinfo | None) -> date:
    return _local(at, tz).date()


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
    stuck = [c for c in ended if c.ended_by in ("paused", "abandoned")]
    if (
        len(stuck) >= p.stuck_min_conversations
        and Fraction(len(stuck), len(ended)) >= p.stuck_min_share
    ):
        hits += 1
        paused = [c for c in stuck if c.ended_by == "paused"]
        abandoned = [c for c in stuck if c.ended_by == "abandoned"]
        how = []
        if paused:
            dates = _days((c.ended for c in paused if c.ended is not None), tz)
            how.append(f"{len(paused)} ended with a pause (on {dates})")
        if abandoned:
            dates = _days((c.ended for c in abandoned if c.ended is not None), tz)
            how.append(f"{len(abandoned)} stopped before any step was completed (on {dates})")
        parts.append(
            f"Of the {len(ended)} repair conversations that ended in the last {p.window.days} "
            f"days, {_and(how)}. Pausing when things get too much is healthy; when "
            f"conversations keep stopping at that point, it can help to have someone alongside."
        )
        evidence.extend(("repair_conversation", c.id) for c in stuck)

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


def _by_member(
    checkins: Iterable[SafetyCheckin], now: datetime, window: timedelta
) -> dict[MemberId, list[SafetyCheckin]]:
    by_member: dict[MemberId, list[SafetyCheckin]] = defaultdict(list)
    for c in checkins:
        if _in_window(c.at, now, window):
            by_member[c.member_id].append(c)
    return by_member


@dataclass(frozen=True)
class _DayCount:
    """Distinct days with a check-in, and those of them that were hard (by a predicate)."""

    days: int
    hard_days: list[date]
    hard: list[SafetyCheckin]

    def meets(self, p: TriageParams) -> bool:
        if len(self.hard_days) < p.chronic_min_days:
            return False
        span = self.hard_days[-1] - self.hard_days[0] + timedelta(days=1)
        return (
            span >= p.chronic_min_span
            and Fraction(len(self.hard_days), self.days) >= p.chronic_min_share
        )

    def share(self) -> Fraction:
        return Fraction(len(self.hard_days), self.days)


def _count_days(
    checkins: Sequence[SafetyCheckin], hard: Callable[[SafetyCheckin], bool], tz: tzinfo | None
) -> _DayCount:
    # A day is hard if any check-in that day was: one low moment is a low day, and a better
    # check-in later the same day does not undo it (monotone by construction).
    days = {_date(c.at, tz) for c in checkins}
    hard_checkins = sorted((c for c in checkins if hard(c)), key=lambda c: c.at)
    hard_days = sorted({_date(c.at, tz) for c in hard_checkins})
    return _DayCount(len(days), hard_days, hard_checkins)


def chronic_unsafety(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """Per member: low safety on most of the days they checked in, over the last four weeks or
    the last two, on distinct days spanning at least a week.

    These signals rest on one member's own check-ins; show them to that member (and to a
    counsellor only if the member shared them), never to the other members.
    """
    p = params or TriageParams()
    tz = now.tzinfo
    signals: list[Signal] = []
    month = _by_member(inputs.checkins, now, p.window)
    for member_id, checkins in month.items():
        recent = [c for c in checkins if _in_window(c.at, now, p.recent_window)]
        found: tuple[timedelta, list[SafetyCheckin], _DayCount] | None = None
        for window, chosen in ((p.window, checkins), (p.recent_window, recent)):
            if not chosen:
                continue
            count = _count_days(chosen, lambda c: c.safety <= p.low_safety_max, tz)
            if count.meets(p):
                found = (window, chosen, count)
                break
        if found is None:
            continue
        window, chosen, count = found
        low = count.hard
        lowest = min(low, key=lambda c: (c.safety, c.at))
        low_days, days = len(count.hard_days), count.days
        share = f"all {days}" if low_days == days else f"{low_days} of the {days}"
        flooded_days = len({_date(c.at, tz) for c in chosen if c.flooded})
        flooded_note = (
            f" On {_plural(flooded_days, 'day')} feeling flooded was noted too."
            if flooded_days
            else ""
        )
        reason = (
            f"Mend has noticed that on {share} days with a safety check-in between "
            f"{_day(now - window, tz)} and {_day(now, tz)}, safety was rated "
            f"{p.low_safety_max} out of 10 or lower at least once (the lowest was "
            f"{lowest.safety}, on {_day(lowest.at, tz)}).{flooded_note} Feeling unsafe for "
            f"days on end is hard to carry, and repair work is hard while it lasts. A counsellor "
            f"can help you work out what would help you feel safer, at your own pace."
        )
        signals.append(
            Signal(
                code="chronic_unsafety",
                member_id=member_id,
                title="Feeling unsafe for a while",
                reason=reason,
                evidence=[c.ref for c in low if c.ref is not None],
                severity="recommend" if count.share() >= p.chronic_recommend_share else "consider",
            )
        )
    return sorted(signals, key=lambda s: str(s.member_id))


def severe_unsafety(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """Per member: a check-in at 0 or 1 out of 10 in the last two weeks (one is enough).

    Shown like chronic unsafety: to the member, and to a counsellor only if shared.
    """
    p = params or TriageParams()
    tz = now.tzinfo
    signals: list[Signal] = []
    for member_id, checkins in _by_member(inputs.checkins, now, p.severe_window).items():
        severe = sorted(
            (c for c in checkins if c.safety <= p.severe_safety_max), key=lambda c: c.at
        )
        if not severe:
            continue
        days = sorted({_date(c.at, tz) for c in severe})
        when = _days((c.at for c in severe), tz)
        reason = (
            f"Mend has noticed that in the last {p.severe_window.days} days safety was rated "
            f"{p.severe_safety_max} out of 10 or lower on {_plural(len(days), 'day')} ({when}). "
            f"Feeling that unsafe matters, whatever the reason. A counsellor can help work out "
            f"what would make things safer; for danger now, the safety page lists people to "
            f"contact straight away."
        )
        signals.append(
            Signal(
                code="severe_unsafety",
                member_id=member_id,
                title="Feeling very unsafe recently",
                reason=reason,
                evidence=[c.ref for c in severe if c.ref is not None],
                severity="recommend" if len(days) >= p.severe_recommend_days else "consider",
            )
        )
    return sorted(signals, key=lambda s: str(s.member_id))


def chronic_flooding(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """Per member: feeling flooded on most of the days they checked in over the last four
    weeks, on distinct days spanning at least a week (whatever the safety rating)."""
    p = params or TriageParams()
    tz = now.tzinfo
    signals: list[Signal] = []
    for member_id, checkins in _by_member(inputs.checkins, now, p.window).items():
        count = _count_days(checkins, lambda c: c.flooded, tz)
        if not count.meets(p):
            continue
        flooded_days, days = len(count.hard_days), count.days
        share = f"all {days}" if flooded_days == days else f"{flooded_days} of the {days}"
        reason = (
            f"Mend has noticed that on {share} days with a safety check-in between "
            f"{_day(now - p.window, tz)} and {_day(now, tz)}, feeling flooded was noted (heart "
            f"racing, hard to think). Being flooded this often wears the body down and makes "
            f"every conversation harder. A counsellor can help find what calms it, and what "
            f"keeps setting it off."
        )
        signals.append(
            Signal(
                code="chronic_flooding",
                member_id=member_id,
                title="Feeling flooded often",
                reason=reason,
                evidence=[c.ref for c in count.hard if c.ref is not None],
                severity="recommend" if count.share() >= p.chronic_recommend_share else "consider",
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


def many_breaches(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """Space-level: many breaches or conflicts recorded lately, whatever they were about."""
    p = params or TriageParams()
    tz = now.tzinfo
    recent = sorted(
        (b for b in inputs.breaches if _in_window(b.at, now, p.breach_window)),
        key=lambda b: (b.at, str(b.id)),
    )
    n = len(recent)
    if n < p.many_breaches_min:
        return []
    reason = (
        f"Mend has noticed that {n} breaches or conflicts were recorded in the last "
        f"{p.breach_window.days} days (between {_day(recent[0].at, tz)} and "
        f"{_day(recent[-1].at, tz)}), about different things or the same. That is a lot to "
        f"repair at once. A counsellor can help you both slow down and take them one at a time."
    )
    return [
        Signal(
            code="many_breaches",
            member_id=None,
            title="Many breaches lately",
            reason=reason,
            evidence=[(b.kind, b.id) for b in recent],
            severity="recommend" if n >= p.many_breaches_recommend else "consider",
        )
    ]


def evaluate(
    inputs: TriageInputs, now: datetime, params: TriageParams | None = None
) -> list[Signal]:
    """All rules, in a stable order: stuck; per member, severe and chronic unsafety and chronic
    flooding; repeating patterns; many breaches."""
    p = params or TriageParams()
    return [
        *communication_stuck(inputs, now, p),
        *severe_unsafety(inputs, now, p),
        *chronic_unsafety(inputs, now, p),
        *chronic_flooding(inputs, now, p),
        *repeating_pattern(inputs, now, p),
        *many_breaches(inputs, now, p),
    ]
