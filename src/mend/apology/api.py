"""API for the apology studio: analyse, drafts, send, respond.

The analyser's feedback is returned only by ``/apologies/analyze`` (for any text the caller
sends). An apology's own representation never carries a verdict, a score or flags, so the
recipient cannot be shown a grade.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from mend.apology import feedback, selectors, services
from mend.apology.access import (
    get_apology_for_recipient,
    get_apology_for_viewer,
    get_apology_for_writer,
)
from mend.apology.models import Apology
from mend.core.schemas import LongText, OptionalLongText, RecordId, error_responses
from mend.spaces.access import get_space_for_member
from mend.spaces.endpoints import seen_by_member

router = Router(tags=["apologies"])

Box = Literal["drafts", "sent", "received", "all"]
Response = Literal["received", "need_more", "not_ready"]


class ApologyAnalysisIn(Schema):
    text: str


class ApologyEvidenceSpanOut(Schema):
    start: int
    end: int
    text: str


class ApologyComponentOut(Schema):
    present: bool
    confidence: float
    evidence: list[ApologyEvidenceSpanOut]


class ApologyFlagOut(Schema):
    kind: str
    start: int
    end: int
    text: str
    advice: str


class ApologyAnalysisOut(Schema):
    verdict: Literal["genuine", "partial", "non_apology", "none"]
    score: float
    components: dict[str, ApologyComponentOut]
    secondary: dict[str, ApologyComponentOut]
    flags: list[ApologyFlagOut]
    suggestions: list[str]


class ApologyIn(Schema):
    text: LongText
    breach: RecordId | None = None
    recipient: RecordId | None = None


class ApologyPatch(Schema):
    text: LongText | None = None
    breach: RecordId | None = None
    recipient: RecordId | None = None


class ApologySendIn(Schema):
    share_with_counsellor: bool = False


class ApologyResponseIn(Schema):
    response: Response
    note: OptionalLongText = ""


class ApologyOut(Schema):
    id: int
    space: int
    owner: int
    owner_name: str
    recipient: int | None
    recipient_name: str | None
    breach: int | None
    text: str
    status: str
    visibility: str
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    responded_at: datetime | None
    response_note: str


def _out(apology: Apology, viewer: Any) -> dict[str, Any]:
    # The answer's note is between writer and recipient, even when others in the space can
    # read the apology itself.
    private_to_pair = viewer.pk in (apology.owner_id, apology.recipient_id)
    return {
        "id": apology.pk,
        "space": apology.space_id,
        "owner": apology.owner_id,
        "owner_name": str(apology.owner),
        "recipient": apology.recipient_id,
        "recipient_name": str(apology.recipient) if apology.recipient else None,
        "breach": apology.breach_id,
        "text": apology.text,
        "status": apology.status,
        "visibility": apology.visibility,
        "created_at": apology.created_at,
        "updated_at": apology.updated_at,
        "sent_at": apology.sent_at,
        "responded_at": apology.responded_at if private_to_pair else None,
        "response_note": apology.response_note if private_to_pair else "",
    }


@router.post(
    "/apologies/analyze",
    response=ApologyAnalysisOut,
    summary="Analyse an apology (offline): the three parts, non-apology patterns, suggestions",
)
def analyze(request: HttpRequest, payload: ApologyAnalysisIn) -> Any:
    return feedback.analyse(payload.text)


@router.get(
    "/spaces/{space_id}/apologies",
    response=list[ApologyOut],
    summary="Apologies I may read in a space: my drafts, what I sent, what I received",
)
def list_apologies(request: HttpRequest, space_id: int, box: Box = "all") -> Any:
    seen = partial(selectors.apologies_visible_to, box=box)
    apologies = seen_by_member(request, space_id, seen, selectors.LIST_LIMIT)
    return [_out(a, request.user) for a in apologies]


@router.post(
    "/spaces/{space_id}/apologies", response={201: ApologyOut}, summary="Start a draft (private)"
)
def create_apology(request: HttpRequest, space_id: int, payload: ApologyIn) -> Any:
    space = get_space_for_member(request.user, space_id)
    apology = services.create_draft(
        space=space,
        writer=request.user,
        text=payload.text,
        breach_id=payload.breach,
        recipient_id=payload.recipient,
    )
    return Status(201, _out(apology, request.user))


@router.get("/apologies/{apology_id}", response=ApologyOut, summary="One apology")
def get_apology(request: HttpRequest, apology_id: int) -> Any:
    return _out(get_apology_for_viewer(request.user, apology_id), request.user)


@router.patch(
    "/apologies/{apology_id}",
    response={200: ApologyOut, **error_responses(409)},
    summary="Change a draft",
)
def update_apology(request: HttpRequest, apology_id: int, payload: ApologyPatch) -> Any:
    apology = get_apology_for_writer(request.user, apology_id)
    given = payload.model_fields_set
    changes: dict[str, Any] = {}
    if "text" in given:
        changes["text"] = payload.text if payload.text is not None else ""
    if "breach" in given:
        changes["breach_id"] = payload.breach
    if "recipient" in given:
        changes["recipient_id"] = payload.recipient
    apology = services.update_draft(apology=apology, writer=request.user, **changes)
    return _out(apology, request.user)


@router.delete(
    "/apologies/{apology_id}",
    response={204: None, **error_responses(409)},
    summary="Discard a draft",
)
def discard_apology(request: HttpRequest, apology_id: int) -> Any:
    apology = get_apology_for_writer(request.user, apology_id)
    services.discard_draft(apology=apology, writer=request.user)
    return Status(204, None)


@router.post(
    "/apologies/{apology_id}/send",
    response={200: ApologyOut, **error_responses(409)},
    summary="Send a draft: the recipient and the space can then read it",
)
def send_apology(request: HttpRequest, apology_id: int, payload: ApologySendIn) -> Any:
    apology = get_apology_for_writer(request.user, apology_id)
    apology = services.send_apology(
        apology=apology,
        writer=request.user,
        share_with_counsellor=payload.share_with_counsellor,
    )
    return _out(apology, request.user)


@router.post(
    "/apologies/{apology_id}/respond",
    response={200: ApologyOut, **error_responses(409)},
    summary="Answer an apology written to me (once; “not ready” may change later)",
)
def respond(request: HttpRequest, apology_id: int, payload: ApologyResponseIn) -> Any:
    apology = get_apology_for_recipient(request.user, apology_id)
    apology = services.respond(
        apology=apology, recipient=request.user, response=payload.response, note=payload.note
    )
    return _out(apology, request.user)
