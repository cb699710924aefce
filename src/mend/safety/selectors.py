"""Reads for safety. Every read of people's records goes through ``visible_to``.

Public selectors other apps may call (triage, the counsellor caseload):

- ``checkins_visible_to(viewer, space, since=None)``: check-ins the viewer may see.
- ``triage_checkins(viewer, space, since=None)``: the same, as ``mend.domain.triage.SafetyCheckin``.
- ``pauses_visible_to(viewer, space, since=None)``: pause notices (shared with the space).
- ``conversations_visible_to(viewer, space, since=None)``: repair conversations and how they ended.
- ``triage_conversations(viewer, space, since=None)``: the same, as ``triage.RepairConversation``.
- ``baseline_for(user)``: the person's one heart-rate baseline (``flooding.HeartRateBaseline``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mend.accounts.timezones import zone_of
from mend.domain import flooding, triage
from mend.safety.models import (
    LOW_SAFETY_MAX,
    Conversation,
    ConversationNote,
    HeartRateProfile,
    HeartRateSample,
    Pause,
    SafetyCheckIn,
)
from mend.safety.timefmt import clock
from mend.spaces.models import Space

# How recent a check-in must be for a repair step to start. Mend's own choice: long enough to
# check in and sit down together, short enough that it still describes the body now.
GATE_WINDOW = timedelta(minutes=30)
# How much imported history the episode list shows. It bounds the list only: the threshold is
# the one baseline (``baseline_for``), never computed from the readings.
EPISODE_LOOKBACK = timedelta(days=90)


# --- Check-ins --------------------------------------------------------------------------


def checkins_visible_to(
    viewer: Any, space: Space, since: datetime | None = None
) -> QuerySet[SafetyCheckIn]:
    qs = SafetyCheckIn.objects.visible_to(viewer).filter(space=space).select_related("owner")
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return qs.order_by("-created_at", "-id")


def my_checkins(user: Any, space: Space, since: datetime | None = None) -> QuerySet[SafetyCheckIn]:
    return checkins_visible_to(user, space, since).filter(owner_id=user.pk)


def triage_checkins(
    viewer: Any, space: Space, since: datetime | None = None
) -> list[triage.SafetyCheckin]:
    return [
        triage.SafetyCheckin(
            at=c.created_at,
            member_id=c.owner_id,
            safety=c.safety,
            flooded=c.flooded,
            ref=("checkin", c.pk),
        )
        for c in checkins_visible_to(viewer, space, since)
    ]


# --- Heart rate -------------------------------------------------------------------------


def _samples_of(user: Any) -> QuerySet[HeartRateSample]:
    # The person's own body, across all their spaces; read as the owner.
    return HeartRateSample.objects.visible_to(user).owned_by(user)


def heart_rate_profile(user: Any) -> HeartRateProfile | None:
    """The person's own resting rate and sleep hours (one record across their spaces)."""
    return HeartRateProfile.objects.visible_to(user).owned_by(user).first()


@dataclass(frozen=True)
class HeartRateSettings:
    """Everything the heart-rate rule needs for one person, read in one query."""

    profile: HeartRateProfile | None
    baseline: flooding.HeartRateBaseline
    sleep: flooding.SleepWindow
    sleep_note: str  # which readings the episode list leaves out, in words


def _sleep_note(profile: HeartRateProfile | None, sleep: flooding.SleepWindow) -> str:
    minutes = int(flooding.DEFAULT_PARAMS.min_sustained.total_seconds() // 60)
    lasts = f"an episode lasts at least {minutes} minute{'s' if minutes != 1 else ''}"
    if profile is None or profile.sleep_start is None or profile.sleep_end is None:
        return (
            "Readings while you are likely asleep (midnight to 6 in the morning, unless you give "
            f"your own hours) are left out, and {lasts}."
        )
    if sleep.start == sleep.end:
        return f"You said you sleep at no fixed time, so no readings are left out; {lasts}."
    return (
        f"Readings while you are asleep ({sleep.start:%H:%M} to {sleep.end:%H:%M}, the hours "
        f"you gave) are left out, and {lasts}."
    )


def heart_rate_settings(user: Any) -> HeartRateSettings:
    profile = heart_rate_profile(user)
    resting = profile.resting_bpm if profile is not None else None
    if profile is None or profile.sleep_start is None or profile.sleep_end is None:
        sleep = flooding.DEFAULT_SLEEP
    else:
        sleep = flooding.SleepWindow(profile.sleep_start, profile.sleep_end)
    return HeartRateSettings(
        profile=profile,
        baseline=flooding.heart_rate_baseline(resting or None),
        sleep=sleep,
        sleep_note=_sleep_note(profile, sleep),
    )


def baseline_for(user: Any) -> flooding.HeartRateBaseline:
    """The one heart-rate baseline, for a check-in and the episode list alike: 100 bpm, or 10%
    above the seated, awake resting rate the person gave."""
    return heart_rate_settings(user).baseline


def my_episodes(
    user: Any, now: datetime | None = None, settings: HeartRateSettings | None = None
) -> list[flooding.Episode]:
    """Episodes in the person's imported readings, by the same baseline as their check-ins,
    leaving out their sleep hours in their own zone."""
    now = now or timezone.now()
    rows = list(
        _samples_of(user)
        .filter(recorded_at__gte=now - EPISODE_LOOKBACK)
        .values_list("recorded_at", "bpm")
    )
    if not rows:
        return []
    hr = settings or heart_rate_settings(user)
    return flooding.episodes(rows, hr.baseline, tz=zone_of(user), sleep=hr.sleep)


# --- Pauses -----------------------------------------------------------------------------


def pauses_visible_to(viewer: Any, space: Space, since: datetime | None = None) -> QuerySet[Pause]:
    qs = Pause.objects.visible_to(viewer).filter(space=space).select_related("owner")
    if since is not None:
        qs = qs.filter(started_at__gte=since)
    return qs.order_by("-started_at", "-id")


def open_pause(user: Any, space: Space | int) -> Pause | None:
    space_id = space if isinstance(space, int) else space.pk
    return (
        Pause.objects.visible_to(user)
        .owned_by(user)
        .filter(space_id=space_id, resumed_at__isnull=True)
        .first()
    )


def pause_notice(pause: Pause, viewer: Any, now: datetime | None = None) -> str:
    """The neutral words the others see: who, and when they expect to be back. Nothing else."""
    name = "You" if pause.owner_id == viewer.pk else str(pause.owner)
    verb = "have" if name == "You" else "has"
    until = clock(pause.planned_return, viewer, now=now)
    if pause.resumed_at is not None:
        return f"{name} took a pause and came back at {clock(pause.resumed_at, viewer, now=now)}."
    return f"{name} {verb} asked for a pause until {until}."


# --- Conversations ----------------------------------------------------------------------


def conversations_visible_to(
    viewer: Any, space: Space, since: datetime | None = None
) -> QuerySet[Conversation]:
    qs = (
        Conversation.objects.visible_to(viewer)
        .filter(space=space)
        .select_related("owner", "partner", "speaker")
    )
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return qs.order_by("-created_at", "-id")


def my_conversations(user: Any, space: Space) -> QuerySet[Conversation]:
    return conversations_visible_to(user, space).filter(Q(owner=user) | Q(partner=user))


def open_conversations(space: Space) -> QuerySet[Conversation]:
    # Used by services to enforce one topic at a time; no content leaves this function.
    return Conversation.objects.filter(space=space).exclude(phase=Conversation.Phase.ENDED)


def live_conversations_of(user: Any, space: Space) -> QuerySet[Conversation]:
    return (
        Conversation.objects.filter(space=space)
        .filter(Q(owner=user) | Q(partner=user))
        .filter(
            phase__in=(
                Conversation.Phase.GATE,
                Conversation.Phase.SPEAKING,
                Conversation.Phase.SUMMARISING,
            )
        )
    )


def triage_conversations(
    viewer: Any, space: Space, since: datetime | None = None
) -> list[triage.RepairConversation]:
    result = []
    for conv in conversations_visible_to(viewer, space, since):
        ended: datetime | None = conv.ended_at
        ended_by: Any = conv.ended_by or None
        if ended is None and conv.paused_at is not None:
            # Sitting in a pause that nobody has come back from counts as ended by it.
            ended, ended_by = conv.paused_at, "paused"
        result.append(
            triage.RepairConversation(
                id=conv.pk, started=conv.created_at, ended=ended, ended_by=ended_by
            )
        )
    return result


@dataclass(frozen=True)
class Gate:
    """What one participant learns before a step: their own state, and the other person's only
    through what that person chose to share (a pause). Never whether the other has checked
    in, said they are ready, or how they feel, so that a private check-in cannot be read off
    this answer by watching it change."""

    ready: bool  # I may say I am ready: settled, and the other is neither gone nor pausing
    me_settled: bool  # my own check-in is fresh and settled, and I am not on a pause
    me_said_ready: bool  # I said I am ready for the next step
    messages: list[str] = field(default_factory=list)  # about me, or the other's pause


def _person_state(user: Any, space_id: int, now: datetime) -> tuple[str, Pause | None]:
    """'ready', 'paused' or 'check_in', read as that person (their own records)."""
    pause = open_pause(user, space_id)
    if pause is not None:
        return "paused", pause
    latest = (
        SafetyCheckIn.objects.visible_to(user)
        .owned_by(user)
        .filter(space_id=space_id)
        .order_by("-created_at", "-id")
        .values("created_at", "flooded", "safety")
        .first()
    )
    if (
        latest is None
        or latest["created_at"] < now - GATE_WINDOW
        or latest["flooded"]
        # Feeling unsafe blocks a step as surely as a flooded body.
        or latest["safety"] <= LOW_SAFETY_MAX
    ):
        return "check_in", None
    last_pause = (
        Pause.objects.visible_to(user)
        .owned_by(user)
        .filter(space_id=space_id)
        .order_by("-started_at")
        .values_list("resumed_at", flat=True)
        .first()
    )
    if last_pause is not None and latest["created_at"] < last_pause:
        return "check_in", None  # resuming asks for a fresh check-in
    return "ready", None


def is_settled(user: Any, space_id: int, now: datetime) -> bool:
    return _person_state(user, space_id, now)[0] == "ready"


def said_ready(conv: Conversation, user: Any) -> bool:
    ready_for = conv.owner_ready_for if user.pk == conv.owner_id else conv.partner_ready_for
    return ready_for == conv.step + 1


def gate_for(conv: Conversation, *, viewer: Any, now: datetime | None = None) -> Gate:
    """The viewer's side of the gate before the next step (see ``Gate``)."""
    now = now or timezone.now()
    messages: list[str] = []
    state, pause = _person_state(viewer, conv.space_id, now)
    if state == "paused" and pause is not None:
        messages.append(f"you are on a pause until {clock(pause.planned_return, viewer, now=now)}")
    elif state == "check_in":
        messages.append("you need a fresh check-in showing you are settled")
    other = conv.partner if viewer.pk == conv.owner_id else conv.owner
    other_pause = None
    if other is None:
        messages.append("the other person has left")
    else:
        # A pause is shared on purpose (a neutral notice to the space); nothing else is.
        other_pause = open_pause(other, conv.space_id)
        if other_pause is not None:
            until = clock(other_pause.planned_return, viewer, now=now)
            messages.append(f"{other} has asked for a pause until {until}")
    me_settled = state == "ready"
    return Gate(
        ready=me_settled and other is not None and other_pause is None,
        me_settled=me_settled,
        me_said_ready=said_ready(conv, viewer),
        messages=messages,
    )


def my_notes(user: Any, conv: Conversation) -> QuerySet[ConversationNote]:
    return ConversationNote.objects.visible_to(user).owned_by(user).filter(conversation=conv)


def kept_notes(viewer: Any, conv: Conversation) -> QuerySet[ConversationNote]:
    return (
        ConversationNote.objects.visible_to(viewer)
        .filter(conversation=conv, offered=True, accepted=True)
        .select_related("owner")
    )
