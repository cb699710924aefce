"""Writes for safety: check-ins, heart-rate import, pauses and repair conversations.

Every state change of a conversation locks its row (select_for_update) and checks who may act
and in which phase; anything out of turn is a DomainError with status 409.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mend.core.exceptions import DomainError
from mend.core.ids import random_id
from mend.domain import flooding
from mend.domain.heart_rate import HeartRateImportError, detect_format, parse_heart_rate_file
from mend.safety import selectors
from mend.safety.models import (
    Conversation,
    ConversationNote,
    HeartRateImport,
    HeartRateProfile,
    HeartRateSample,
    Pause,
    SafetyCheckIn,
    Step,
)
from mend.safety.timefmt import clock
from mend.spaces.models import Breach, Membership, Space
from mend.spaces.services import bump_revision, record_changed
from mend.spaces.visibility import Visibility, check_visibility

Phase = Conversation.Phase


# --- Check-ins --------------------------------------------------------------------------


@transaction.atomic
def record_checkin(
    *,
    space: Space,
    owner: Any,
    safety: object,
    answers: Mapping[str, object],
    heart_rate: object = None,
    visibility: str = Visibility.PRIVATE,
    now: datetime | None = None,
) -> SafetyCheckIn:
    """Assess and store one check-in for ``owner`` (always oneself)."""
    try:
        rating = flooding.validate_safety_rating(safety)
    except flooding.SafetyRatingError as exc:
        raise DomainError(str(exc), fields={"safety": str(exc)}) from exc
    check_visibility(visibility)
    # The one baseline (100 bpm, or 10% above the resting rate the person gave); read only
    # when there is a heart rate to compare.
    baseline = selectors.baseline_for(owner) if heart_rate is not None else None
    try:
        result = flooding.assess(dict(answers), heart_rate, baseline)  # type: ignore[arg-type]
    except flooding.SelfCheckError as exc:
        raise DomainError(str(exc), fields={"answers": str(exc)}) from exc
    except flooding.ImplausibleHeartRateError as exc:
        raise DomainError(str(exc), fields={"heart_rate": str(exc)}) from exc
    checkin = SafetyCheckIn.objects.create(
        space=space,
        owner=owner,
        visibility=visibility,
        created_at=now or timezone.now(),
        safety=rating,
        heart_rate=heart_rate,  # type: ignore[misc]  # validated by assess() above
        score=result.score or 0,
        # The resting rate given, or None for the 100 bpm rule (see SafetyCheckIn.baseline).
        baseline=baseline.resting_bpm if baseline is not None else None,
        flooded=result.flooded,
        reasons=list(result.reasons),
        **{code: int(answers[code]) for code in _item_codes()},  # type: ignore[call-overload]
    )
    record_changed(record=checkin)
    return checkin


@transaction.atomic
def set_heart_rate_profile(
    *,
    space: Space,
    owner: Any,
    resting_bpm: object = None,
    sleep_start: time | None = None,
    sleep_end: time | None = None,
) -> HeartRateProfile:
    """Store the person's own resting rate and sleep hours (one record, used in every space).

    ``resting_bpm`` None means "use 100 bpm". Sleep hours are given both or neither (neither:
    midnight to 6); equal start and end means no fixed sleep hours.
    """
    fields: dict[str, str] = {}
    resting: int | None = None
    if resting_bpm is not None and resting_bpm != "":
        try:
            resting = flooding.validate_resting_bpm(resting_bpm)
        except flooding.ImplausibleHeartRateError:
            # One message for every refusal, naming the resting range (the domain's first
            # check names the wider range of any heart rate, which would mislead here).
            fields["resting_bpm"] = (
                f"A resting heart rate of {resting_bpm} bpm is not plausible for sitting "
                f"quietly; give a whole number from {flooding.MIN_RESTING_BPM} to "
                f"{flooding.MAX_RESTING_BPM}, or leave it empty to use 100 bpm."
            )
    if (sleep_start is None) != (sleep_end is None):
        fields["sleep_end" if sleep_end is None else "sleep_start"] = (
            "Give both the time you usually fall asleep and the time you wake, or neither "
            "(then Mend leaves out midnight to 6 in the morning)."
        )
    for name, value in (("sleep_start", sleep_start), ("sleep_end", sleep_end)):
        if value is not None and not isinstance(value, time):
            fields[name] = "Give a time of day, such as 23:00."
        elif value is not None and value.tzinfo is not None:
            fields[name] = "Give a local clock time, without a time zone."
    if fields:
        raise DomainError(next(iter(fields.values())), fields=fields)
    profile = HeartRateProfile.objects.select_for_update().filter(
        owner=owner
    ).first() or HeartRateProfile(space=space, owner=owner, visibility=Visibility.PRIVATE)
    profile.resting_bpm = resting
    profile.sleep_start, profile.sleep_end = sleep_start, sleep_end
    profile.save()
    return profile


def _item_codes() -> list[str]:
    return [item.code for item in flooding.SELF_CHECK_ITEMS]


# --- Heart-rate import ------------------------------------------------------------------


@transaction.atomic
def import_heart_rate(*, space: Space, owner: Any, filename: str, data: bytes) -> HeartRateImport:
    """All or nothing: either every reading of the file is stored, or none is."""
    try:
        samples = parse_heart_rate_file(
            filename, data, max_csv_bytes=settings.MEND_MAX_UPLOAD_BYTES
        )
        file_format = detect_format(filename, data)
    except HeartRateImportError as exc:
        raise DomainError(str(exc), code="bad_file", fields={"file": str(exc)}) from exc
    batch = HeartRateImport.objects.create(
        space=space,
        owner=owner,
        filename=filename[:200],
        file_format=file_format,
        sample_count=len(samples),
        first_at=samples[0].at,
        last_at=samples[-1].at,
    )
    _insert_samples(batch, samples)
    return batch


def _insert_samples(batch: HeartRateImport, samples: list[Any]) -> None:
    """Plain executemany: a watch's day is ~100,000 readings, and building a model instance
    for each one (bulk_create) took a worker ~25 s where this takes well under one."""
    # The id is drawn here as the model would (mend.core.ids): left to the database it would
    # count, and the gap between two of a person's imports would tell everyone else's readings.
    columns = ["id", "space_id", "owner_id", "visibility", "shared_at", "created_at"]
    columns += ["updated_at", "heart_import_id", "recorded_at", "bpm"]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Identifiers come from this code, never from input; every value is a bound parameter.
    sql = f"INSERT INTO {quote(HeartRateSample._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(timezone.now())
    head = (batch.space_id, batch.owner_id, Visibility.PRIVATE, now, now, now, batch.pk)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(random_id(), *head, adapt(s.at), s.bpm) for s in samples])


# --- Pauses -----------------------------------------------------------------------------


def pause_return_from_minutes(minutes: object, now: datetime) -> datetime:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise DomainError("Say in whole minutes how long the pause is.", fields={"minutes": "int"})
    # Beyond a week the return time is not a pause, and a huge number overflows the clock;
    # the pause rules (20 minutes to a day) give the exact message for the rest.
    if not 0 < minutes <= 7 * 24 * 60:
        raise DomainError(
            "A pause lasts from 20 minutes to a day. Say how many minutes you need.",
            fields={"minutes": "out_of_range"},
        )
    return now + timedelta(minutes=minutes)


@transaction.atomic
def request_pause(
    *,
    space: Space,
    owner: Any,
    planned_return: datetime,
    conversation: Conversation | None = None,
    now: datetime | None = None,
) -> Pause:
    """Start a pause; its neutral notice is shared with the space. Pauses any live conversation."""
    now = now or timezone.now()
    try:
        flooding.validate_pause(now, planned_return, now)
    except flooding.PauseError as exc:
        raise DomainError(str(exc), fields={"planned_return": str(exc)}) from exc
    # Lock the person's open pauses so two quick taps cannot open two.
    existing = (
        Pause.objects.select_for_update()
        .filter(space=space, owner=owner, resumed_at__isnull=True)
        .first()
    )
    if existing is not None:
        raise DomainError(
            f"You are already on a pause until {clock(existing.planned_return, owner, now=now)}.",
            code="already_paused",
            status=409,
        )
    # Pausing pauses every live conversation of this person in the space.
    others = selectors.live_conversations_of(owner, space).select_for_update()
    if conversation is not None:
        others = others.exclude(pk=conversation.pk)
    live = [*([conversation] if conversation is not None else []), *others]
    pause = Pause.objects.create(
        space=space,
        owner=owner,
        visibility=Visibility.SPACE,
        created_at=now,
        started_at=now,
        planned_return=planned_return,
        conversation=conversation,
    )
    for conv in live:
        _pause_conversation(conv, now)
    bump_revision(space_ids=[space.pk])
    return pause


def _pause_conversation(conv: Conversation, now: datetime) -> None:
    if conv.phase in (Phase.SPEAKING, Phase.SUMMARISING):
        Step.objects.filter(conversation=conv, number=conv.step, result=Step.Result.OPEN).update(
            result=Step.Result.PAUSED, ended_at=now
        )
        conv.phase = Phase.GATE
    if conv.phase == Phase.GATE:
        conv.paused_at = now
        conv.pause_count += 1
        conv.version += 1
        conv.save(update_fields=["phase", "paused_at", "pause_count", "version", "updated_at"])


@transaction.atomic
def resume_pause(*, pause: Pause, user: Any, now: datetime | None = None) -> Pause:
    """End a pause, but only once the server's clock says the minimum time has passed."""
    now = now or timezone.now()
    locked = Pause.objects.select_for_update().get(pk=pause.pk)
    if locked.owner_id != user.pk:
        raise DomainError("Only the person who asked for the pause can end it.", status=403)
    if locked.resumed_at is not None:
        raise DomainError("This pause has already ended.", code="already_resumed", status=409)
    if not flooding.can_resume(locked.started_at, now):
        left = flooding.remaining(locked.started_at, now)
        minutes = max(1, -(-int(left.total_seconds()) // 60))
        raise DomainError(
            f"The pause has {minutes} more minute{'s' if minutes != 1 else ''} to go: the body "
            f"needs at least 20 minutes to settle. You can come back at "
            f"{clock(flooding.resume_at(locked.started_at), user, now=now)}.",
            code="pause_not_over",
            status=409,
        )
    locked.resumed_at = now
    locked.save(update_fields=["resumed_at", "updated_at"])
    bump_revision(space_ids=[locked.space_id])
    return locked


# --- Repair conversations ---------------------------------------------------------------


def _lock(conversation: Conversation, user: Any, *phases: str, doing: str = "") -> Conversation:
    """The conversation, locked, once it is sure ``user`` is one of its two people and, if
    ``phases`` are given, that it is in one of them."""
    conv = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if not conv.is_participant(user):
        raise DomainError("Only the two people in this conversation can do that.", status=403)
    if phases:
        _require_phase(conv, *phases, doing=doing)
    return conv


def _require_phase(conv: Conversation, *phases: str, doing: str) -> None:
    if conv.phase not in phases:
        raise DomainError(
            f"You cannot {doing} now: the conversation is at “{conv.get_phase_display()}”. "
            "Reload the page to see where it is.",
            code="wrong_phase",
            status=409,
        )


def _require_step(conv: Conversation, step: int | None) -> None:
    if step is not None and step != conv.step:
        raise DomainError(
            f"This is step {conv.step}, not step {step}. Reload the page to see where it is.",
            code="wrong_step",
            status=409,
        )


def _bump(conv: Conversation, *fields: str) -> None:
    conv.version += 1
    conv.save(update_fields=[*fields, "version", "updated_at"])
    bump_revision(space_ids=[conv.space_id])


@transaction.atomic
def start_conversation(
    *,
    space: Space,
    starter: Any,
    partner: Any,
    topic: str,
    breach: Breach | None = None,
    now: datetime | None = None,
) -> Conversation:
    if partner is None or partner.pk == starter.pk:
        raise DomainError("Choose the other person in this space.", fields={"partner": "invalid"})
    if not Membership.objects.active().filter(space=space, user=partner).exists():
        raise DomainError(
            "The other person must be a member of this space.", fields={"partner": "not_member"}
        )
    if breach is not None and (
        breach.space_id != space.pk
        or not Breach.objects.visible_to(starter).filter(pk=breach.pk).exists()
    ):
        raise DomainError("Choose one of the breaches you can see here.", fields={"breach": "x"})
    pair = {starter.pk, partner.pk}
    for conv in selectors.open_conversations(space).select_for_update():
        if {conv.owner_id, conv.partner_id} == pair:
            raise DomainError(
                "You already have a repair conversation going with this person: finish or end "
                "it first, so you keep to one topic at a time.",
                code="conversation_open",
                status=409,
            )
    conv = Conversation.objects.create(
        space=space,
        owner=starter,
        partner=partner,
        topic=topic,
        breach=breach,
        visibility=Visibility.SPACE,
        created_at=now or timezone.now(),
        speaker=starter,
    )
    bump_revision(space_ids=[space.pk])
    return conv


@transaction.atomic
def begin_step(
    *, conversation: Conversation, user: Any, step: int | None = None, now: datetime | None = None
) -> Conversation:
    """Say "I am ready for the next step"; it begins when both said so and both are settled.

    The answer never tells one person whether the other said they are ready or how their last
    check-in went: a step that does not begin looks the same whatever the reason.
    """
    now = now or timezone.now()
    conv = _lock(conversation, user, Phase.GATE, doing="start a step")
    if step is not None and step != conv.step + 1:
        raise DomainError(
            f"The next step is step {conv.step + 1}. Reload the page to see where it is.",
            code="wrong_step",
            status=409,
        )
    gate = selectors.gate_for(conv, viewer=user, now=now)
    if not gate.ready:
        raise DomainError(
            "Not yet: " + "; ".join(gate.messages) + ".", code="not_settled", status=409
        )
    if user.pk == conv.owner_id:
        conv.owner_ready_for = conv.step + 1
    else:
        conv.partner_ready_for = conv.step + 1
    other = conv.partner if user.pk == conv.owner_id else conv.owner
    both = selectors.said_ready(conv, conv.owner) and selectors.said_ready(conv, conv.partner)
    if not (both and other is not None and selectors.is_settled(other, conv.space_id, now)):
        # Not bumped, and its change time kept: the other person's view must not change
        # because of this (their "what needs you" says since when the conversation waits).
        conv.save(update_fields=["owner_ready_for", "partner_ready_for"])
        return conv
    conv.step += 1
    conv.phase = Phase.SPEAKING
    conv.paused_at = None
    if conv.speaker_id is None:
        conv.speaker_id = conv.owner_id
    Step.objects.create(
        conversation=conv, number=conv.step, speaker_id=conv.speaker_id, started_at=now
    )
    _bump(conv, "step", "phase", "paused_at", "speaker", "owner_ready_for", "partner_ready_for")
    return conv


def _note(conv: Conversation, user: Any, kind: str, text: str, now: datetime) -> ConversationNote:
    return ConversationNote.objects.create(
        space_id=conv.space_id,
        owner=user,
        visibility=Visibility.PRIVATE,
        created_at=now,
        conversation=conv,
        step_number=conv.step,
        kind=kind,
        text=text,
    )


def _turn_of(
    conversation: Conversation, user: Any, step: int | None, phase: str, *, doing: str
) -> Conversation:
    """The conversation, locked, in ``phase`` and at ``step``, for one of its two people."""
    conv = _lock(conversation, user, phase, doing=doing)
    _require_step(conv, step)
    return conv


def _not_your_turn(message: str) -> DomainError:
    return DomainError(message, code="not_your_turn", status=409)


@transaction.atomic
def submit_turn(
    *,
    conversation: Conversation,
    user: Any,
    text: str,
    step: int | None = None,
    now: datetime | None = None,
) -> ConversationNote:
    """The speaker has said their piece; their note stays private to them."""
    now = now or timezone.now()
    conv = _turn_of(conversation, user, step, Phase.SPEAKING, doing="take a speaking turn")
    if conv.speaker_id != user.pk:
        raise _not_your_turn(
            "It is the other person's turn to speak; yours comes when you summarise what you heard."
        )
    note = _note(conv, user, ConversationNote.Kind.SPEAK, text, now)
    conv.phase = Phase.SUMMARISING
    _bump(conv, "phase")
    return note


@transaction.atomic
def submit_summary(
    *,
    conversation: Conversation,
    user: Any,
    text: str,
    step: int | None = None,
    now: datetime | None = None,
) -> ConversationNote:
    """The listener summarises what they heard before replying; then roles swap."""
    now = now or timezone.now()
    conv = _turn_of(conversation, user, step, Phase.SUMMARISING, doing="summarise")
    if conv.listener_id != user.pk:
        raise _not_your_turn("The listener summarises what they heard, not the speaker.")
    note = _note(conv, user, ConversationNote.Kind.SUMMARY, text, now)
    Step.objects.filter(conversation=conv, number=conv.step).update(
        result=Step.Result.COMPLETED, ended_at=now
    )
    conv.phase = Phase.GATE
    conv.speaker_id = conv.listener_id
    _bump(conv, "phase", "speaker")
    return note


@transaction.atomic
def pause_conversation(
    *,
    conversation: Conversation,
    user: Any,
    planned_return: datetime,
    now: datetime | None = None,
) -> Pause:
    """Either person may pause at any time; the step ends and the pause is recorded."""
    conv = _lock(
        conversation, user, Phase.GATE, Phase.SPEAKING, Phase.SUMMARISING, doing="pause it"
    )
    space = Space.objects.get(pk=conv.space_id)
    return request_pause(
        space=space, owner=user, planned_return=planned_return, conversation=conv, now=now
    )


@transaction.atomic
def end_conversation(
    *, conversation: Conversation, user: Any, outcome: str, now: datetime | None = None
) -> Conversation:
    now = now or timezone.now()
    conv = _lock(conversation, user)
    if outcome not in Conversation.Outcome.values:
        raise DomainError(f"Unknown outcome {outcome!r}.", fields={"outcome": "unknown"})
    if conv.phase in (Phase.SPEAKING, Phase.SUMMARISING):
        raise DomainError(
            "Finish this step, or pause it, before ending the conversation.",
            code="wrong_phase",
            status=409,
        )
    _require_phase(conv, Phase.GATE, doing="end it")
    completed = conv.steps.filter(result=Step.Result.COMPLETED).exists()
    if conv.paused_at is not None:
        conv.ended_by = Conversation.EndedBy.PAUSED
    elif completed:
        conv.ended_by = Conversation.EndedBy.COMPLETED
    else:
        conv.ended_by = Conversation.EndedBy.ABANDONED
    conv.outcome = outcome
    conv.ended_at = now
    conv.phase = Phase.OFFERING if conv.notes.exists() else Phase.ENDED
    _bump(conv, "ended_by", "outcome", "ended_at", "phase")
    return conv


def _ids(note_ids: Iterable[object]) -> set[int]:
    ids: set[int] = set()
    for value in note_ids:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DomainError("Note ids must be whole numbers.", fields={"note_ids": "int"})
        ids.add(value)
    return ids


@transaction.atomic
def keep_notes(
    *, conversation: Conversation, user: Any, note_ids: Iterable[object]
) -> Conversation:
    """Offering: choose which of my own notes I'd keep. Agreeing: accept the other's offers.

    Only notes offered by their writer AND accepted by the other person are shared with the
    space; everything else stays private to whoever wrote it.
    """
    conv = _lock(conversation, user, Phase.OFFERING, Phase.AGREEING, doing="choose notes to keep")
    ids = _ids(note_ids)
    is_owner = user.pk == conv.owner_id
    if conv.phase == Phase.OFFERING:
        if conv.owner_offered if is_owner else conv.partner_offered:
            raise DomainError(
                "You have already chosen your notes; waiting for the other person.",
                code="already_chosen",
                status=409,
            )
        mine = conv.notes.filter(owner=user)
        _require_subset(ids, set(mine.values_list("pk", flat=True)), "your own notes")
        mine.filter(pk__in=ids).update(offered=True)
        setattr(conv, "owner_offered" if is_owner else "partner_offered", True)
        fields = ["owner_offered", "partner_offered"]
        if conv.owner_offered and conv.partner_offered:
            anything = conv.notes.filter(offered=True).exists()
            conv.phase = Phase.AGREEING if anything else Phase.ENDED
            fields.append("phase")
        _bump(conv, *fields)
        return conv
    if conv.owner_agreed if is_owner else conv.partner_agreed:
        raise DomainError(
            "You have already agreed; waiting for the other person.",
            code="already_chosen",
            status=409,
        )
    theirs = conv.notes.filter(offered=True).exclude(owner=user)
    _require_subset(ids, set(theirs.values_list("pk", flat=True)), "the notes the other offered")
    theirs.filter(pk__in=ids).update(accepted=True)
    setattr(conv, "owner_agreed" if is_owner else "partner_agreed", True)
    fields = ["owner_agreed", "partner_agreed"]
    if conv.owner_agreed and conv.partner_agreed:
        conv.notes.filter(offered=True, accepted=True).update(
            visibility=Visibility.SPACE, updated_at=timezone.now()
        )
        conv.phase = Phase.ENDED
        fields.append("phase")
    _bump(conv, *fields)
    return conv


def _require_subset(ids: set[int], allowed: set[int], what: str) -> None:
    unknown = sorted(ids - allowed)
    if unknown:
        raise DomainError(
            f"You can only choose from {what} in this conversation (not note {unknown[0]}).",
            fields={"note_ids": "not_allowed"},
        )
