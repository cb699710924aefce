"""API for the apology studio: analyse, drafts, send, respond.

The analyser's feedback is returned only by ``/apologies/analyze`` (for any text the caller
sends). An apology's own representation never carries a verdict, a score or flags, so the
recipient cannot be shown a grade.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from mend.apology import feedback, selectors, services
from mend.apology.access import (
    get_apology_for_recipient,
    get_apology_for_viewer,
    get_apology_for_writer,
)
from mend.apology.models import Apology
from mend.core.routes import View, declare
from mend.core.schemas import LongText, OptionalLongText, OwnedRecordOut, RecordId, error_responses
from mend.spaces.endpoints import member_creates, seen_by_member

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


class ApologyOut(OwnedRecordOut):
    owner_name: str
    recipient: int | None = Field(validation_alias="recipient_id")
    recipient_name: str | None
    breach: int | None = Field(validation_alias="breach_id")
    text: str
    status: str
    visibility: str
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    responded_at: datetime | None
    response_note: str

    @staticmethod
    def resolve_recipient_name(obj: Apology) -> str | None:
        return str(obj.recipient) if obj.recipient else None

    # The answer's note is between writer and recipient, even when others in the space can
    # read the apology itself.
    @staticmethod
    def resolve_responded_at(obj: Apology, context: dict[str, Any]) -> datetime | None:
        return obj.responded_at if _private_to_pair(obj, context) else None

    @staticmethod
    def resolve_response_note(obj: Apology, context: dict[str, Any]) -> str:
        return obj.response_note if _private_to_pair(obj, context) else ""


def _private_to_pair(apology: Apology, context: dict[str, Any]) -> bool:
    return context["request"].user.pk in (apology.owner_id, apology.recipient_id)


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
    return seen_by_member(request, space_id, seen, selectors.LIST_LIMIT)


@router.post(
    "/spaces/{space_id}/apologies", response={201: ApologyOut}, summary="Start a draft (private)"
)
def create_apology(request: HttpRequest, space_id: int, payload: ApologyIn) -> Any:
    return member_creates(
        request,
        space_id,
        services.create_draft,
        payload,
        by="writer",
        naming=("breach", "recipient"),
    )


@router.get("/apologies/{apology_id}", response=ApologyOut, summary="One apology")
def get_apology(request: HttpRequest, apology_id: int) -> Any:
    return get_apology_for_viewer(request.user, apology_id)


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
    return services.update_draft(apology=apology, writer=request.user, **changes)


@router.delete(
    "/apologies/{apology_id}",
    response={204: None, **error_responses(409)},
    summary="Discard a draft",
)
def discard_apology(request: HttpRequest, apology_id: int) -> Any:
    apology = get_apology_for_writer(request.user, apology_id)
    services.discard_draft(apology=apology, writer=request.user)
    return Status(204, None)


def _answered(
    find: Callable[[Any, int], Apology], service: Callable[..., Apology], by: str
) -> View:
    """What the writer or the recipient (``by``, whom ``find`` lets reach the apology) does with
    it: the body's fields are the service's keywords."""

    def view(
        request: HttpRequest, apology_id: int, payload: ApologySendIn | ApologyResponseIn
    ) -> Any:
        apology = find(request.user, apology_id)
        return service(apology=apology, **{by: request.user}, **payload.model_dump())

    return view


for _name, _action, _view, _body, _summary in (
    (
        "send_apology",
        "send",
        _answered(get_apology_for_writer, services.send_apology, "writer"),
        ApologySendIn,
        "Send a draft: the recipient and the space can then read it",
    ),
    (
        "respond",
        "respond",
        _answered(get_apology_for_recipient, services.respond, "recipient"),
        ApologyResponseIn,
        "Answer an apology written to me (once; “not ready” may change later)",
    ),
):
    declare(
        router.post,
        f"/apologies/{{apology_id}}/{_action}",
        _view,
        name=_name,
        body=_body,
        response={200: ApologyOut, **error_responses(409)},
        summary=_summary,
    )
