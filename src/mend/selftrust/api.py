"""Self-trust API. Journal text is decrypted only for people ``visible_to`` lets read it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from mend.accounts.auth import via_token
from mend.core.exceptions import DomainError
from mend.core.schemas import (
    OptionalLongText,
    OptionalShortText,
    OwnedRecordOut,
    ShortText,
    SpaceRecordOut,
    VisibilityIn,
    VisibilityValue,
    WholeNumber,
    checked_text,
    error_responses,
)
from mend.domain.questionnaires import INSTRUMENTS, NOT_INCLUDED
from mend.selftrust import lock, selectors, services
from mend.selftrust.models import (
    Boundary,
    GutCheck,
    JournalEntry,
    QuestionnaireResult,
    decrypt_entries,
)
from mend.spaces.access import (
    get_record_for_owner,
    get_record_for_viewer,
    get_space_for_member,
)
from mend.spaces.endpoints import member_creates, seen_by_reader
from mend.spaces.sharing import set_owned_visibility
from mend.vault import personal
from mend.vault.crypto import VaultKeyError, VaultLocked

router = Router(tags=["self-trust"])


JournalBody = Annotated[
    str, checked_text(services.JOURNAL_BODY_MAX, required=False, multiline=True)
]
Statement = Annotated[str, checked_text(300)]


@contextmanager
def _journal_key() -> Iterator[None]:
    """Journal text sealed with a key that cannot be had answers 503."""
    try:
        yield
    except VaultLocked:
        raise  # 423: the person's own passphrase (mend.api.main)
    except VaultKeyError as exc:
        raise DomainError(str(exc), code="journal_locked", status=503) from exc


def _decrypt(entries: list[JournalEntry]) -> list[JournalEntry]:
    with _journal_key():
        return decrypt_entries(entries)


class JournalEntryIn(Schema):
    title: ShortText
    body: JournalBody = ""
    visibility: VisibilityValue = "private"


class JournalEntryUpdateIn(Schema):
    title: ShortText
    body: JournalBody = ""
    visibility: VisibilityValue | None = None


class JournalEntryOut(OwnedRecordOut):
    title: str
    body: str
    visibility: str
    created_at: datetime
    updated_at: datetime


class BoundaryIn(Schema):
    statement: Statement
    why: OptionalLongText = ""
    if_crossed: OptionalLongText = ""
    visibility: VisibilityValue = "private"


class BoundaryEventIn(Schema):
    kind: Literal["held", "crossed", "said_no"]
    occurred_on: date
    note: OptionalShortText = ""


class BoundaryEventOut(Schema):
    id: int
    kind: str
    occurred_on: date
    note: str
    created_at: datetime


class BoundaryOut(OwnedRecordOut):
    statement: str
    why: str
    if_crossed: str
    visibility: str
    created_at: datetime
    events: list[BoundaryEventOut]

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return list(obj.events.all())


class GutCheckIn(Schema):
    statement: ShortText
    confidence: WholeNumber
    visibility: VisibilityValue = "private"


class GutCheckResolveIn(Schema):
    outcome: str
    note: OptionalShortText = ""


class GutCheckOut(SpaceRecordOut):
    id: int
    owner: int
    statement: str
    confidence: int
    outcome: str | None
    outcome_note: str
    visibility: str
    created_at: datetime
    resolved_at: datetime | None

    @staticmethod
    def resolve_outcome(obj: Any) -> str | None:
        return obj.outcome or None


class CalibrationBandOut(Schema):
    label: str
    count: int  # scored: borne out or not (yes or no)
    borne_out: int
    partly: int  # shown, never scored
    mean_confidence: float
    stated: float  # the confidence stated, on average, as a share (0.5-1)
    observed: float | None  # borne_out / count; null with none scored


class CalibrationOut(Schema):
    resolved_count: int
    borne_out_count: int
    partly_count: int
    not_borne_out_count: int
    enough: bool
    borne_out_rate: float | None
    interval: tuple[float, float] | None
    brier_score: float | None
    by_confidence_band: list[CalibrationBandOut]
    summary: str
    scored_count: int  # resolved yes or no; "partly" is never scored
    brier_count: int  # how many check-ins the Brier score is over
    brier_reference: float  # the Brier score of saying 50% every time (0.25)


class SelfRatingIn(Schema):
    trust_judgement: WholeNumber
    said_no: WholeNumber | None = None
    note: OptionalShortText = ""
    rated_on: date | None = None
    visibility: VisibilityValue = "private"


class SelfRatingOut(SpaceRecordOut):
    id: int
    owner: int
    rated_on: date
    trust_judgement: int
    said_no: int | None
    note: str
    visibility: str


class QuestionnaireOptionOut(Schema):
    value: int
    label: str


class QuestionnaireItemOut(Schema):
    id: str
    text: str
    options: list[QuestionnaireOptionOut]


class QuestionnaireInstrumentOut(Schema):
    id: str
    name: str
    short_name: str
    citation: str
    terms: str
    instructions: str
    min_total: int
    max_total: int
    items: list[QuestionnaireItemOut]


class QuestionnaireInstrumentsOut(Schema):
    instruments: list[QuestionnaireInstrumentOut]
    not_included: dict[str, str]


class QuestionnaireAnswersIn(Schema):
    answers: dict[str, WholeNumber]
    visibility: VisibilityValue = "private"


class QuestionnaireResultOut(SpaceRecordOut):
    id: int
    owner: int
    instrument_id: str
    answers: dict[str, int]
    total: int
    min_total: int
    max_total: int
    subscales: dict[str, int]
    interpretation: str
    visibility: str
    created_at: datetime

    @staticmethod
    def resolve_interpretation(obj: Any) -> str:
        instrument = INSTRUMENTS.get(obj.instrument_id)
        return instrument.interpret(obj.total) if instrument else ""


def _deleted(model: type[JournalEntry | Boundary], request: HttpRequest, record_id: int) -> Status:
    """The owner deletes a journal entry or a boundary: 204."""
    services.delete_record(
        record=get_record_for_owner(model, request.user, record_id), user=request.user
    )
    return Status(204, None)


# --- Journal -----------------------------------------------------------------------------


@router.get(
    "/spaces/{space_id}/journal",
    response={200: list[JournalEntryOut], **error_responses(503)},
    summary="Journal entries I may read",
)
def list_entries(request: HttpRequest, space_id: int) -> Any:
    return seen_by_reader(request, space_id, selectors.journal_visible_to, 200, opened=_decrypt)


@router.post(
    "/spaces/{space_id}/journal",
    response={201: JournalEntryOut, **error_responses(503)},
    summary="Write a journal entry",
)
def create_entry(request: HttpRequest, space_id: int, payload: JournalEntryIn) -> Any:
    with _journal_key():
        return member_creates(request, space_id, services.create_entry, payload)


@router.get(
    "/journal/{entry_id}",
    response={200: JournalEntryOut, **error_responses(503)},
    summary="One journal entry",
)
def get_entry(request: HttpRequest, entry_id: int) -> Any:
    return _decrypt([get_record_for_viewer(JournalEntry, request.user, entry_id)])[0]


@router.put(
    "/journal/{entry_id}",
    response={200: JournalEntryOut, **error_responses(503)},
    summary="Rewrite a journal entry",
)
def update_entry(request: HttpRequest, entry_id: int, payload: JournalEntryUpdateIn) -> Any:
    entry = get_record_for_owner(JournalEntry, request.user, entry_id)
    with _journal_key():
        return services.update_entry(entry=entry, user=request.user, **payload.model_dump())


@router.delete("/journal/{entry_id}", response={204: None}, summary="Delete a journal entry")
def delete_entry(request: HttpRequest, entry_id: int) -> Any:
    return _deleted(JournalEntry, request, entry_id)


def _share(request: HttpRequest, entry_id: int, visibility: str) -> Any:
    entry = get_record_for_owner(JournalEntry, request.user, entry_id)
    services.set_personal_visibility(
        record=entry, user=request.user, visibility=visibility, what="Journal entries"
    )
    return _decrypt([entry])[0]


@router.post(
    "/journal/{entry_id}/share",
    response={200: JournalEntryOut, **error_responses(503)},
    summary="Share an entry with my counsellor",
)
def share_entry(request: HttpRequest, entry_id: int) -> Any:
    return _share(request, entry_id, "counsellor")


@router.post(
    "/journal/{entry_id}/unshare",
    response={200: JournalEntryOut, **error_responses(503)},
    summary="Make an entry private again",
)
def unshare_entry(request: HttpRequest, entry_id: int) -> Any:
    return _share(request, entry_id, "private")


# --- Boundaries --------------------------------------------------------------------------


@router.get(
    "/spaces/{space_id}/boundaries", response=list[BoundaryOut], summary="Boundaries I may see"
)
def list_boundaries(request: HttpRequest, space_id: int) -> Any:
    return seen_by_reader(request, space_id, selectors.boundaries_visible_to, 200)


@router.post(
    "/spaces/{space_id}/boundaries", response={201: BoundaryOut}, summary="Name a boundary"
)
def create_boundary(request: HttpRequest, space_id: int, payload: BoundaryIn) -> Any:
    return member_creates(request, space_id, services.create_boundary, payload)


@router.get(
    "/boundaries/{boundary_id}", response=BoundaryOut, summary="One boundary with its history"
)
def get_boundary(request: HttpRequest, boundary_id: int) -> Any:
    return get_record_for_viewer(Boundary, request.user, boundary_id)


@router.delete("/boundaries/{boundary_id}", response={204: None}, summary="Delete a boundary")
def delete_boundary(request: HttpRequest, boundary_id: int) -> Any:
    return _deleted(Boundary, request, boundary_id)


@router.put(
    "/boundaries/{boundary_id}/visibility",
    response=BoundaryOut,
    summary="Change who sees a boundary",
)
def set_boundary_visibility(request: HttpRequest, boundary_id: int, payload: VisibilityIn) -> Any:
    return set_owned_visibility(Boundary, request, boundary_id, payload.visibility)


@router.get(
    "/boundaries/{boundary_id}/events",
    response=list[BoundaryEventOut],
    summary="A boundary's history",
)
def list_events(request: HttpRequest, boundary_id: int) -> Any:
    boundary = get_record_for_viewer(Boundary, request.user, boundary_id)
    return list(boundary.events.order_by("-occurred_on", "-created_at", "-id"))


@router.post(
    "/boundaries/{boundary_id}/events",
    response={201: BoundaryEventOut},
    summary="Record held / crossed / said no",
)
def add_event(request: HttpRequest, boundary_id: int, payload: BoundaryEventIn) -> Any:
    boundary = get_record_for_owner(Boundary, request.user, boundary_id)
    event = services.add_boundary_event(
        boundary=boundary, user=request.user, **payload.model_dump()
    )
    return Status(201, event)


# --- Intuition ---------------------------------------------------------------------------


@router.get(
    "/spaces/{space_id}/intuition", response=list[GutCheckOut], summary="Gut check-ins I may see"
)
def list_gut_checks(request: HttpRequest, space_id: int) -> Any:
    return seen_by_reader(request, space_id, selectors.gut_checks_visible_to, 500)


@router.post(
    "/spaces/{space_id}/intuition", response={201: GutCheckOut}, summary="Note what my gut tells me"
)
def create_gut_check(request: HttpRequest, space_id: int, payload: GutCheckIn) -> Any:
    return member_creates(request, space_id, services.create_gut_check, payload)


@router.get("/intuition/{gut_check_id}", response=GutCheckOut, summary="One gut check-in")
def get_gut_check(request: HttpRequest, gut_check_id: int) -> Any:
    return get_record_for_viewer(GutCheck, request.user, gut_check_id)


@router.post(
    "/intuition/{gut_check_id}/resolve",
    response={200: GutCheckOut, **error_responses(409)},
    summary="Record what actually happened",
)
def resolve_gut_check(request: HttpRequest, gut_check_id: int, payload: GutCheckResolveIn) -> Any:
    check = get_record_for_owner(GutCheck, request.user, gut_check_id)
    return services.resolve_gut_check(gut_check=check, user=request.user, **payload.model_dump())


@router.get(
    "/spaces/{space_id}/intuition/calibration",
    response=CalibrationOut,
    summary="How often my gut was borne out",
)
def my_calibration(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_member(request.user, space_id)
    return selectors.my_calibration(request.user, space)


# --- Self-ratings ------------------------------------------------------------------------


@router.get(
    "/spaces/{space_id}/self-ratings",
    response=list[SelfRatingOut],
    summary="Self-ratings I may see",
)
def list_ratings(request: HttpRequest, space_id: int) -> Any:
    return seen_by_reader(request, space_id, selectors.ratings_visible_to, 1000)


@router.post("/spaces/{space_id}/self-ratings", response={201: SelfRatingOut}, summary="Rate today")
def create_rating(request: HttpRequest, space_id: int, payload: SelfRatingIn) -> Any:
    return member_creates(request, space_id, services.record_self_rating, payload)


# --- Questionnaires ----------------------------------------------------------------------


@router.get(
    "/questionnaires",
    response=QuestionnaireInstrumentsOut,
    summary="The questionnaires, with citations and terms",
)
def list_instruments(request: HttpRequest) -> Any:
    # The schema reads each instrument's fields (its items and options) from the dataclasses.
    return {"instruments": list(INSTRUMENTS.values()), "not_included": NOT_INCLUDED}


@router.post(
    "/spaces/{space_id}/questionnaires/{instrument_id}",
    response={201: QuestionnaireResultOut},
    summary="Answer a questionnaire (scored as published)",
)
def submit(
    request: HttpRequest, space_id: int, instrument_id: str, payload: QuestionnaireAnswersIn
) -> Any:
    return member_creates(
        request, space_id, services.submit_questionnaire, payload, instrument_id=instrument_id
    )


@router.get(
    "/spaces/{space_id}/questionnaire-results",
    response=list[QuestionnaireResultOut],
    summary="Results I may see",
)
def list_results(request: HttpRequest, space_id: int) -> Any:
    return seen_by_reader(request, space_id, selectors.results_visible_to, 500)


@router.get(
    "/questionnaire-results/{result_id}", response=QuestionnaireResultOut, summary="One result"
)
def get_result(request: HttpRequest, result_id: int) -> Any:
    return get_record_for_viewer(QuestionnaireResult, request.user, result_id)


@router.put(
    "/questionnaire-results/{result_id}/visibility",
    response=QuestionnaireResultOut,
    summary="Share a result with my counsellor, or not",
)
def set_result_visibility(request: HttpRequest, result_id: int, payload: VisibilityIn) -> Any:
    change = partial(services.set_personal_visibility, what="Questionnaire answers")
    return set_owned_visibility(
        QuestionnaireResult, request, result_id, payload.visibility, change=change
    )


# --- A lock of one's own (setting the passphrase is on the page: it shows recovery codes once)


class LockOut(Schema):
    passphrase_set: bool
    unlocked: bool
    recovery_codes_left: int


class UnlockIn(Schema):
    passphrase: str = Field(max_length=1000)


@router.get("/me/self-trust/lock", response=LockOut, summary="Is my self-trust space locked?")
def lock_state(request: HttpRequest) -> Any:
    state = personal.state(request.user)
    return {
        "passphrase_set": state.has_passphrase,
        "unlocked": state.unlocked,
        "recovery_codes_left": state.codes_left,
    }


@router.post(
    "/me/self-trust/unlock",
    response={204: None, **error_responses(400, 403, 409, 429)},
    summary="Unlock my self-trust space for this browser session",
    description="Wrong passphrase: 400, nothing changed; repeated wrong tries make this client "
    "wait (429). Only a browser session can hold the unlocked key: an access token gets 403.",
)
def unlock(request: HttpRequest, payload: UnlockIn) -> Any:
    if via_token(request):
        raise DomainError(
            "Unlock from a signed-in browser: an access token cannot hold the unlocked key.",
            code="forbidden",
            status=403,
        )
    key = lock.unlock(request, payload.passphrase)
    response = HttpResponse(status=204)
    personal.remember(request, response, user=request.user, key=key)
    lock.known_from_now_on(request, response)
    return response


@router.post("/me/self-trust/lock", response={204: None}, summary="Lock my self-trust space now")
def lock_now(request: HttpRequest) -> Any:
    response = HttpResponse(status=204)
    personal.forget(request, response)
    return response
