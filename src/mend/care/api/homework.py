"""Homework a counsellor suggests and members accept or decline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from mend.care import selectors, services
from mend.care.access import (
    get_homework_for_member,
)
from mend.care.models import Homework
from mend.core.exceptions import DomainError
from mend.core.schemas import OptionalShortText, RecordId, ShortText, checked_text, name_of
from mend.spaces.access import get_space_for_reader

router = Router(tags=["care"])


Instructions = Annotated[str, checked_text(2000, required=False, multiline=True)]


HomeworkKind = Literal["commitment", "exercise", "questionnaire"]


class HomeworkIn(Schema):
    kind: HomeworkKind
    title: ShortText
    instructions: Instructions = ""
    due_on: date | None = None
    # None: for every member whose consent for this counsellor is in force (no one else sees it).
    member: RecordId | None = None
    # For a questionnaire: the id of one available in the space (GET /spaces/{id}/instruments).
    instrument: RecordId | None = None


class HomeworkResponseOut(Schema):
    member: int = Field(validation_alias="member_id")
    member_name: str
    answer: str
    note: str
    answered_at: datetime

    resolve_member_name = name_of("member")


class HomeworkOut(Schema):
    id: int
    space: int
    counsellor_name: str
    member: int | None
    kind: str
    title: str
    instructions: str
    due_on: date | None
    instrument: int | None
    created_at: datetime
    responses: list[HomeworkResponseOut]


class HomeworkAnswerIn(Schema):
    note: OptionalShortText = ""


def _homework(h: Homework, responses: list[Any]) -> dict[str, Any]:
    return {
        "id": h.pk,
        "space": h.space_id,
        "counsellor_name": h.counsellor_name,
        "member": h.member_id,
        "kind": h.kind,
        "title": h.title,
        "instructions": h.instructions,
        "due_on": h.due_on,
        "instrument": h.instrument_id,
        "created_at": h.created_at,
        "responses": responses,
    }


@router.get(
    "/spaces/{space_id}/homework",
    response=list[HomeworkOut],
    summary="Homework: members see theirs; a counsellor sees what they suggested",
)
def list_homework(request: HttpRequest, space_id: int) -> Any:
    space, role = get_space_for_reader(request.user, space_id)
    if role == "counsellor":
        return [
            _homework(h, list(h.responses.all()))
            for h in selectors.homework_for_counsellor(request.user, space)
        ]
    return [
        _homework(h, [h.my_response] if h.my_response else [])  # type: ignore[attr-defined]
        for h in selectors.homework_for_member(request.user, space)
    ]


@router.post("/spaces/{space_id}/homework", response={201: HomeworkOut}, summary="Suggest homework")
def create_homework(request: HttpRequest, space_id: int, payload: HomeworkIn) -> Any:
    space, role = get_space_for_reader(request.user, space_id)
    if role != "counsellor":
        raise DomainError("Only a counsellor can suggest homework.", code="forbidden", status=403)
    member = None
    if payload.member is not None:
        member = next(
            (
                m
                for m in selectors.consenting_members(request.user, space)
                if m.pk == payload.member
            ),
            None,
        )
        if member is None:
            raise DomainError(
                "You can suggest homework to a member only while they share with you.",
                fields={"member": "no_consent"},
            )
    homework = services.suggest_homework(
        space=space,
        counsellor=request.user,
        member=member,
        instrument_id=payload.instrument,
        **payload.model_dump(exclude={"member", "instrument"}),
    )
    return Status(201, _homework(homework, []))


def _answer(request: HttpRequest, homework_id: int, answer: str, note: str) -> Any:
    homework = get_homework_for_member(request.user, homework_id)
    response = services.respond_to_homework(
        homework=homework, member=request.user, answer=answer, note=note
    )
    return _homework(homework, [response])


@router.post("/homework/{homework_id}/accept", response=HomeworkOut, summary="Accept homework")
def accept_homework(request: HttpRequest, homework_id: int, payload: HomeworkAnswerIn) -> Any:
    return _answer(request, homework_id, "accepted", payload.note)


@router.post("/homework/{homework_id}/decline", response=HomeworkOut, summary="Decline homework")
def decline_homework(request: HttpRequest, homework_id: int, payload: HomeworkAnswerIn) -> Any:
    return _answer(request, homework_id, "declined", payload.note)
