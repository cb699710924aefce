"""API of the safety screen and of red-flag checks on text.

Screen results and text checks answer only to the person who sent them; nothing about them
reaches another member or a counsellor.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from mend.core.schemas import LongText, RecordId, error_responses
from mend.domain.redflags import QUESTIONS
from mend.screening import help as screening_help
from mend.screening import services
from mend.spaces.access import get_space_for_member

router = Router(tags=["screening"])

AnswerValue = Literal["yes", "no", "prefer_not_to_say"]


class ScreenQuestionOut(Schema):
    key: str
    category: str
    text: str
    answers: list[str]


class ScreenIn(Schema):
    space: RecordId
    answers: dict[str, AnswerValue]


class HelplinesOut(Schema):
    emergency: str
    domestic_abuse: str
    crisis: str


class SafetyHelpOut(Schema):
    red_flag: bool
    categories: list[str]
    message: str
    helplines: HelplinesOut


class ScreenOut(SafetyHelpOut):
    id: int


class RedFlagTextIn(Schema):
    text: LongText
    space: RecordId | None = None


class RedFlagHitOut(Schema):
    category: str
    start: int
    end: int
    text: str


class RedFlagCheckOut(Schema):
    hits: list[RedFlagHitOut]
    help: SafetyHelpOut | None


@router.get("/safety-screen/questions", response=list[ScreenQuestionOut], summary="Safety screen")
def screen_questions(request: HttpRequest) -> Any:
    return [
        {
            "key": q.key,
            "category": q.category,
            "text": q.text,
            "answers": list(services.ANSWER_LABELS),
        }
        for q in QUESTIONS
    ]


@router.post(
    "/safety-screen",
    response={201: ScreenOut, **error_responses(404)},
    summary="Take the safety screen",
)
def take_screen(request: HttpRequest, payload: ScreenIn) -> Any:
    space = get_space_for_member(request.user, payload.space)
    result = services.record_screen(user=request.user, space=space, answers=payload.answers)
    return Status(
        201, {"id": result.pk, **screening_help.help_for(result.categories, space).to_dict()}
    )


@router.post(
    "/safety-screen/check-text",
    response={200: RedFlagCheckOut, **error_responses(404)},
    summary="Check text for red flags",
)
def check_text(request: HttpRequest, payload: RedFlagTextIn) -> Any:
    space = get_space_for_member(request.user, payload.space) if payload.space else None
    hits = screening_help.check_free_text(request.user, payload.text)
    help_ = screening_help.help_for({h.category for h in hits}, space) if hits else None
    return {
        "hits": [
            {"category": h.category, "start": h.start, "end": h.end, "text": h.text} for h in hits
        ],
        "help": help_.to_dict() if help_ else None,
    }
