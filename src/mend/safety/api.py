"""JSON API for safety: check-ins, heart-rate import, pauses, repair conversations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict, Field

from mend.accounts.models import User
from mend.audit.services import log_reads
from mend.core.exceptions import DomainError
from mend.core.schemas import (
    LongText,
    OwnedRecordOut,
    RecordId,
    ShortText,
    SpaceRecordOut,
    StorableDateTime,
    VisibilityValue,
    WholeNumber,
    error_responses,
)
from mend.domain import flooding
from mend.safety import selectors, services
from mend.safety.access import get_conversation_for_participant, offered_notes_for_review
from mend.safety.models import Conversation, Pause, SafetyCheckIn
from mend.spaces.access import get_record_for_owner, get_record_for_viewer, get_space_for_member
from mend.spaces.endpoints import member_creates, seen_by_member
from mend.spaces.models import Breach, Space

router = Router(tags=["safety"])


class SafetyCheckInIn(Schema):
    model_config = ConfigDict(extra="forbid")

    safety: WholeNumber
    answers: dict[str, WholeNumber]
    heart_rate: WholeNumber | None = None
    visibility: VisibilityValue = "private"
    # Accepted only so that a request naming someone else can be refused clearly.
    owner: RecordId | None = None


class SafetyCheckInOut(OwnedRecordOut):
    created_at: datetime
    safety: int
    answers: dict[str, int]
    heart_rate: int | None
    score: int
    flooded: bool
    reasons: list[str]
    visibility: str


class HeartRateImportOut(Schema):
    id: int
    file_format: str
    sample_count: int
    first_at: datetime
    last_at: datetime


class HeartRateProfileIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # A seated, awake resting rate (30-120); null to use 100 bpm.
    resting_bpm: WholeNumber | None = None
    # Local clock times ("23:00"); both or neither (neither: midnight to 6 is left out).
    sleep_start: time | None = None
    sleep_end: time | None = None


class HeartRateProfileOut(Schema):
    resting_bpm: int | None
    sleep_start: time | None
    sleep_end: time | None
    threshold_bpm: float  # a reading at or above this counts as flooded
    rule: Literal["absolute", "relative"]
    description: str  # what the threshold is and why, in words
    sleep_note: str  # which readings the episode list leaves out


class FloodingEpisodeOut(Schema):
    start: datetime
    end: datetime
    peak_bpm: int
    sample_count: int


class PauseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    minutes: WholeNumber | None = None
    return_at: StorableDateTime | None = None


class PauseOut(OwnedRecordOut):
    owner_name: str
    started_at: datetime
    planned_return: datetime
    resumed_at: datetime | None
    resume_allowed_at: datetime
    is_open: bool
    notice: str

    @staticmethod
    def resolve_resume_allowed_at(obj: Pause) -> datetime:
        return flooding.resume_at(obj.started_at)

    # The neutral words as the person reading them is shown them ("You" for their own pause).
    @staticmethod
    def resolve_notice(obj: Pause, context: dict[str, Any]) -> str:
        return selectors.pause_notice(obj, context["request"].user)


class ConversationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    partner: RecordId
    topic: ShortText
    breach: RecordId | None = None


class ConversationOut(SpaceRecordOut):
    id: int
    space: int
    topic: str
    breach: int | None = Field(validation_alias="breach_id")
    starter: int = Field(validation_alias="owner_id")
    partner: int | None = Field(validation_alias="partner_id")
    phase: str
    step: int
    speaker: int | None = Field(validation_alias="speaker_id")
    listener: int | None = Field(validation_alias="listener_id")
    your_role: str
    version: int
    pause_count: int
    outcome: str
    ended_by: str
    ended_at: datetime | None
    created_at: datetime

    # Speaker and listener are roles only while one speaks and the other sums up.
    @staticmethod
    def resolve_your_role(obj: Conversation, context: dict[str, Any]) -> str:
        if obj.phase in (Conversation.Phase.SPEAKING, Conversation.Phase.SUMMARISING):
            return "speaker" if obj.speaker_id == context["request"].user.pk else "listener"
        return "participant"


class ConversationGateOut(Schema):
    ready: bool  # I am settled and may say I am ready
    said_ready: bool  # I said I am ready for the next step
    messages: list[str]  # about me, or the other person's pause; never their check-ins
    next_step: int


class ConversationStepIn(Schema):
    step: WholeNumber | None = None


class ConversationTurnIn(Schema):
    step: WholeNumber
    text: LongText


class ConversationNoteOut(Schema):
    id: int
    step: int = Field(validation_alias="step_number")
    kind: str
    text: str
    writer: int = Field(validation_alias="owner_id")
    offered: bool
    accepted: bool
    visibility: str


class ConversationNotesOut(Schema):
    mine: list[ConversationNoteOut]
    offered_to_me: list[ConversationNoteOut]
    kept: list[ConversationNoteOut]


class ConversationEndIn(Schema):
    outcome: Literal["apology", "commitments", "counsellor", "none"]


class ConversationKeepIn(Schema):
    note_ids: list[RecordId]


# --- helpers ----------------------------------------------------------------------------


def _acted(
    request: HttpRequest,
    conv_id: int,
    service: Callable[..., Any],
    payload: Schema,
    status: int = 200,
) -> Status:
    """A participant's act in a conversation (a step, a turn, a pause, the end, the notes to
    keep): the body's fields are the service's keywords; who may act, and when, is the
    service's to say."""
    conv = get_conversation_for_participant(request.user, conv_id)
    return Status(status, service(conversation=conv, user=request.user, **payload.model_dump()))


def _paused(service: Callable[..., Pause]) -> Callable[..., Pause]:
    """A pause asked for in a space or in a conversation: the body's ``minutes`` or
    ``return_at`` (``PauseIn``) become the planned return the service is given, with the same
    now."""

    def pause(*, minutes: int | None, return_at: datetime | None, **target: Any) -> Pause:
        now = timezone.now()
        return service(
            **target, planned_return=planned_return_from(minutes, return_at, now), now=now
        )

    return pause


def _started(
    *, space: Space, starter: Any, partner: int, topic: str, breach: int | None
) -> Conversation:
    # A breach the starter cannot see is refused as if there were none; who the partner may be
    # is the service's to say.
    partner_user = User.objects.filter(pk=partner).first()
    found = None
    if breach is not None:
        found = Breach.objects.visible_to(starter).filter(pk=breach).first()
        if found is None:
            raise DomainError(
                "Choose one of the breaches you can see here.", fields={"breach": "x"}
            )
    return services.start_conversation(
        space=space, starter=starter, partner=partner_user, topic=topic, breach=found
    )


def planned_return_from(minutes: int | None, return_at: datetime | None, now: datetime) -> datetime:
    if return_at is not None and minutes is not None:
        raise DomainError("Give either minutes or return_at, not both.", fields={"minutes": "x"})
    if return_at is not None:
        return return_at
    if minutes is None:
        raise DomainError(
            "Say when you will come back: minutes (20 to 1440) or return_at.",
            fields={"minutes": "required"},
        )
    return services.pause_return_from_minutes(minutes, now)


# --- check-ins --------------------------------------------------------------------------


@router.get(
    "/spaces/{space_id}/safety/checkins",
    response=list[SafetyCheckInOut],
    summary="My own check-ins",
)
def list_checkins(request: HttpRequest, space_id: int, limit: int = 100) -> Any:
    return seen_by_member(request, space_id, selectors.my_checkins, max(1, min(limit, 500)))


@router.post(
    "/spaces/{space_id}/safety/checkins",
    response={201: SafetyCheckInOut},
    summary="Check in (always for me)",
)
def create_checkin(request: HttpRequest, space_id: int, payload: SafetyCheckInIn) -> Any:
    return member_creates(request, space_id, _own_checkin, payload, by="me")


def _own_checkin(*, space: Space, me: Any, owner: int | None, **fields: Any) -> SafetyCheckIn:
    # The body's owner is accepted only so that naming someone else is refused clearly (after
    # the space's membership, as for any other check-in).
    if owner is not None and owner != me.pk:
        raise DomainError(
            "A check-in is always for yourself; you cannot check in for someone else.",
            code="not_yours",
            status=403,
            fields={"owner": "not_you"},
        )
    return services.record_checkin(space=space, owner=me, **fields)


@router.get(
    "/safety/checkins/{checkin_id}", response=SafetyCheckInOut, summary="One check-in I may see"
)
def get_checkin(request: HttpRequest, checkin_id: int) -> Any:
    return get_record_for_viewer(SafetyCheckIn, request.user, checkin_id)


# --- heart rate -------------------------------------------------------------------------


@router.post(
    "/spaces/{space_id}/safety/heart-rate",
    response={201: HeartRateImportOut},
    summary="Import heart rate from a CSV (timestamp,bpm) or FIT file; all or nothing",
)
def import_heart_rate(request: HttpRequest, space_id: int, file: File[UploadedFile]) -> Any:
    space = get_space_for_member(request.user, space_id)
    limit = settings.MEND_MAX_UPLOAD_BYTES
    if file.size is not None and file.size > limit:
        raise DomainError(
            f"The file is {file.size:,} bytes; the limit is {limit:,} bytes. Nothing was imported.",
            code="too_large",
            status=413,
        )
    batch = services.import_heart_rate(
        space=space, owner=request.user, filename=file.name or "", data=file.read(limit + 1)
    )
    return Status(201, batch)


def _profile_out(user: Any) -> dict[str, Any]:
    heart = selectors.heart_rate_settings(user)
    profile, baseline = heart.profile, heart.baseline
    return {
        "resting_bpm": profile.resting_bpm if profile else None,
        "sleep_start": profile.sleep_start if profile else None,
        "sleep_end": profile.sleep_end if profile else None,
        "threshold_bpm": baseline.threshold,
        "rule": baseline.rule,
        "description": baseline.describe(),
        "sleep_note": heart.sleep_note,
    }


@router.get(
    "/spaces/{space_id}/safety/heart-rate/profile",
    response=HeartRateProfileOut,
    summary="My resting heart rate and sleep hours (the same in every space)",
)
def get_heart_rate_profile(request: HttpRequest, space_id: int) -> Any:
    get_space_for_member(request.user, space_id)
    return _profile_out(request.user)


@router.put(
    "/spaces/{space_id}/safety/heart-rate/profile",
    response=HeartRateProfileOut,
    summary="Set my resting heart rate (null: 100 bpm) and sleep hours",
)
def put_heart_rate_profile(request: HttpRequest, space_id: int, payload: HeartRateProfileIn) -> Any:
    space = get_space_for_member(request.user, space_id)
    services.set_heart_rate_profile(
        space=space,
        owner=request.user,
        resting_bpm=payload.resting_bpm,
        sleep_start=payload.sleep_start,
        sleep_end=payload.sleep_end,
    )
    return _profile_out(request.user)


@router.get(
    "/safety/heart-rate/episodes",
    response=list[FloodingEpisodeOut],
    summary="My flooding episodes (90 days)",
)
def list_episodes(request: HttpRequest) -> Any:
    return selectors.my_episodes(request.user)


# --- pauses -----------------------------------------------------------------------------


@router.get(
    "/spaces/{space_id}/safety/pauses",
    response=list[PauseOut],
    summary="Pause notices in the space",
)
def list_pauses(request: HttpRequest, space_id: int, limit: int = 50) -> Any:
    return seen_by_member(request, space_id, selectors.pauses_visible_to, max(1, min(limit, 200)))


@router.post(
    "/spaces/{space_id}/safety/pauses",
    response={201: PauseOut, **error_responses(409)},
    summary="Ask for a pause",
)
def create_pause(request: HttpRequest, space_id: int, payload: PauseIn) -> Any:
    return member_creates(request, space_id, _paused(services.request_pause), payload)


@router.get("/safety/pauses/{pause_id}", response=PauseOut, summary="One pause notice")
def get_pause(request: HttpRequest, pause_id: int) -> Any:
    return get_record_for_viewer(Pause, request.user, pause_id)


@router.post(
    "/safety/pauses/{pause_id}/resume",
    response={200: PauseOut, **error_responses(409)},
    summary="End my pause (409 before the server's 20 minutes are up)",
)
def resume_pause(request: HttpRequest, pause_id: int) -> Any:
    pause = get_record_for_owner(Pause, request.user, pause_id)
    return services.resume_pause(pause=pause, user=request.user)


# --- conversations ----------------------------------------------------------------------


@router.get(
    "/spaces/{space_id}/safety/conversations",
    response=list[ConversationOut],
    summary="Repair conversations I take part in",
)
def list_conversations(request: HttpRequest, space_id: int) -> Any:
    return seen_by_member(request, space_id, selectors.my_conversations)


@router.post(
    "/spaces/{space_id}/safety/conversations",
    response={201: ConversationOut, **error_responses(409)},
    summary="Start a repair conversation with another member",
)
def start_conversation(request: HttpRequest, space_id: int, payload: ConversationIn) -> Any:
    return member_creates(request, space_id, _started, payload, by="starter")


@router.get("/safety/conversations/{conv_id}", response=ConversationOut, summary="One conversation")
def get_conversation(request: HttpRequest, conv_id: int) -> Any:
    return get_conversation_for_participant(request.user, conv_id)


@router.get(
    "/safety/conversations/{conv_id}/gate",
    response=ConversationGateOut,
    summary="My side of the gate before the next step (never the other person's check-ins)",
)
def conversation_gate(request: HttpRequest, conv_id: int) -> Any:
    conv = get_conversation_for_participant(request.user, conv_id)
    gate = selectors.gate_for(conv, viewer=request.user)
    return {
        "ready": gate.ready,
        "said_ready": gate.me_said_ready,
        "messages": gate.messages,
        "next_step": conv.step + 1,
    }


@router.post(
    "/safety/conversations/{conv_id}/steps",
    response={200: ConversationOut, **error_responses(409)},
    summary="Say I am ready for the next step; it begins when both said so and both are settled",
)
def begin_step(request: HttpRequest, conv_id: int, payload: ConversationStepIn) -> Any:
    return _acted(request, conv_id, services.begin_step, payload)


@router.post(
    "/safety/conversations/{conv_id}/turn",
    response={201: ConversationNoteOut, **error_responses(409)},
    summary="The speaker's turn (a private note)",
)
def take_turn(request: HttpRequest, conv_id: int, payload: ConversationTurnIn) -> Any:
    return _acted(request, conv_id, services.submit_turn, payload, 201)


@router.post(
    "/safety/conversations/{conv_id}/summary",
    response={201: ConversationNoteOut, **error_responses(409)},
    summary="The listener's summary of what they heard (a private note)",
)
def summarise(request: HttpRequest, conv_id: int, payload: ConversationTurnIn) -> Any:
    return _acted(request, conv_id, services.submit_summary, payload, 201)


@router.post(
    "/safety/conversations/{conv_id}/pause",
    response={201: PauseOut, **error_responses(409)},
    summary="Pause the conversation",
)
def pause(request: HttpRequest, conv_id: int, payload: PauseIn) -> Any:
    return _acted(request, conv_id, _paused(services.pause_conversation), payload, 201)


@router.post(
    "/safety/conversations/{conv_id}/end",
    response={200: ConversationOut, **error_responses(409)},
    summary="End it",
)
def end(request: HttpRequest, conv_id: int, payload: ConversationEndIn) -> Any:
    return _acted(request, conv_id, services.end_conversation, payload)


@router.post(
    "/safety/conversations/{conv_id}/keep",
    response={200: ConversationOut, **error_responses(409)},
    summary="Offer my notes to keep, then accept the other's; only what both agree is shared",
)
def keep(request: HttpRequest, conv_id: int, payload: ConversationKeepIn) -> Any:
    return _acted(request, conv_id, services.keep_notes, payload)


@router.get(
    "/safety/conversations/{conv_id}/notes",
    response=ConversationNotesOut,
    summary="My notes, the other's offered notes (while agreeing), and what was kept",
)
def notes(request: HttpRequest, conv_id: int) -> Any:
    conv = get_conversation_for_participant(request.user, conv_id)
    kept = list(selectors.kept_notes(request.user, conv))
    log_reads(actor=request.user, records=kept)
    return {
        "mine": selectors.my_notes(request.user, conv),
        "offered_to_me": offered_notes_for_review(request.user, conv),
        "kept": kept,
    }
