"""API of the safety screen and triage signals (mend.care).

Screen results and text checks answer only to the person who sent them; nothing about them
reaches another member or a counsellor.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from mend.api.text import LongText
from mend.care import access as care_access
from mend.care import screening
from mend.care.triage_service import evidence_links, signals_for_space
from mend.domain.redflags import QUESTIONS
from mend.spaces.access import get_space_for_member, is_member

router = Router(tags=["care"])

AnswerValue = Literal["yes", "no", "prefer_not_to_say"]


class QuestionOut(Schema):
    key: str
    category: str
    text: str
    answers: list[str]


class ScreenIn(Schema):
    space: int
    answers: dict[str, AnswerValue]


class HelplinesOut(Schema):
    emergency: str
    domestic_abuse: str
    crisis: str


class HelpOut(Schema):
    red_flag: bool
    categories: list[str]
    message: str
    helplines: HelplinesOut


class ScreenOut(HelpOut):
    id: int


class TextIn(Schema):
    text: LongText
    space: int | None = None


class HitOut(Schema):
    category: str
    start: int
    end: int
    text: str


class CheckTextOut(Schema):
    hits: list[HitOut]
    help: HelpOut | None


class EvidenceOut(Schema):
    kind: str
    id: str
    label: str
    url: str


class SignalOut(Schema):
    code: str
    member_id: int | None
    title: str
    reason: str
    severity: str
    evidence: list[EvidenceOut]


@router.get("/safety-screen/questions", response=list[QuestionOut], summary="Safety screen")
def screen_questions(request: HttpRequest) -> Any:
    return [
        {
            "key": q.key,
            "category": q.category,
            "text": q.text,
            "answers": list(screening.ANSWER_LABELS),
        }
        for q in QUESTIONS
    ]


@router.post("/safety-screen", response={201: ScreenOut}, summary="Take the safety screen")
def take_screen(request: HttpRequest, payload: ScreenIn) -> Any:
    space = get_space_for_member(request.user, payload.space)
    result = screening.record_screen(user=request.user, space=space, answers=payload.answers)
    return Status(201, {"id": result.pk, **screening.help_for(result.categories, space).to_dict()})


@router.post("/safety-screen/check-text", response=CheckTextOut, summary="Check text for red flags")
def check_text(request: HttpRequest, payload: TextIn) -> Any:
    space = get_space_for_member(request.user, payload.space) if payload.space else None
    hits = screening.check_free_text(request.user, payload.text)
    help_ = screening.help_for({h.category for h in hits}, space) if hits else None
    return {
        "hits": [
            {"category": h.category, "start": h.start, "end": h.end, "text": h.text} for h in hits
        ],
        "help": help_.to_dict() if help_ else None,
    }


@router.get("/spaces/{space_id}/signals", response=list[SignalOut], summary="Triage signals")
def space_signals(request: HttpRequest, space_id: int) -> Any:
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if is_member(user, space_id):
        space = get_space_for_member(user, space_id)
    else:
        space = care_access.get_space_for_counsellor(user, space_id)
    return [
        {
            "code": s.code,
            "member_id": s.member_id,
            "title": s.title,
            "reason": s.reason,
            "severity": s.severity,
            "evidence": [
                {"kind": e.kind, "id": str(e.id), "label": e.label, "url": e.url}
                for e in evidence_links(s, space)
            ],
        }
        for s in signals_for_space(space, user)
    ]
