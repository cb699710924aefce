"""Care API: counsellors, consent, caseload, the counsellor's view, homework, notes, intake."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from mend.api.text import OptionalShortText, ShortText, _text
from mend.audit.services import log_reads
from mend.care import caseload as caseload_mod
from mend.care import selectors, services
from mend.care.access import (
    get_homework_for_member,
    get_note_for_author,
    get_note_for_reader,
    get_space_for_counsellor,
    require_counsellor,
)
from mend.care.models import CounsellorProfile, Homework, IntakeRequest, Practice
from mend.care.notes_crypto import open_notes
from mend.care.ratelimit import check, hit
from mend.care.views import INTAKE_WINDOW, RATE_MESSAGE, intake_idents, intake_limit
from mend.core.exceptions import DomainError
from mend.spaces.access import get_space_for_member
from mend.spaces.models import Space

router = Router(tags=["care"])

Instructions = Annotated[str, _text(2000, required=False, multiline=True)]
NoteText = Annotated[str, _text(10000, multiline=True)]
HelpText = Annotated[str, _text(2000, multiline=True)]
ContactDetail = Annotated[str, _text(254)]
PersonName = Annotated[str, _text(80, required=False)]


class CounsellorOut(Schema):
    id: int
    display_name: str
    title: str
    bio: str
    practice: int
    practice_name: str
    accepting_clients: bool


def _counsellor(p: CounsellorProfile) -> dict[str, Any]:
    return {
        "id": p.user_id,
        "display_name": str(p.user),
        "title": p.title,
        "bio": p.bio,
        "practice": p.practice_id,
        "practice_name": p.practice.name,
        "accepting_clients": p.accepting_clients,
    }


@router.get("/counsellors", response=list[CounsellorOut], summary="Counsellors accepting clients")
def list_counsellors(request: HttpRequest, practice: int | None = None) -> Any:
    found = None
    if practice is not None:
        found = Practice.objects.filter(pk=practice).first()
        if found is None:
            raise Http404
    return [_counsellor(p) for p in selectors.counsellors_accepting(found)]


# --- Consent ---------------------------------------------------------------------------------


class ConsentIn(Schema):
    counsellor_id: int | None = None
    counsellor_email: str = Field(default="", max_length=254)


class ConsentOut(Schema):
    id: int
    space: int
    member: int
    member_name: str
    counsellor: int
    counsellor_name: str
    granted_at: datetime
    withdrawn_at: datetime | None
    mine: bool


def _consent(access: Any, user: Any) -> dict[str, Any]:
    return {
        "id": access.pk,
        "space": access.space_id,
        "member": access.member_id,
        "member_name": str(access.member),
        "counsellor": access.counsellor_id,
        "counsellor_name": str(access.counsellor),
        "granted_at": access.granted_at,
        "withdrawn_at": access.withdrawn_at,
        "mine": access.member_id == user.pk,
    }


@router.get(
    "/spaces/{space_id}/consents", response=list[ConsentOut], summary="Consents in force here"
)
def list_consents(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_member(request.user, space_id)
    return [_consent(a, request.user) for a in selectors.consents_in_space(space)]


@router.post(
    "/spaces/{space_id}/consents", response={201: ConsentOut}, summary="Let a counsellor in"
)
def grant_consent(request: HttpRequest, space_id: int, payload: ConsentIn) -> Any:
    space = get_space_for_member(request.user, space_id)
    counsellor = services.find_counsellor(
        counsellor_id=payload.counsellor_id, email=payload.counsellor_email
    )
    access = services.grant_consent(space=space, member=request.user, counsellor=counsellor)
    return Status(201, _consent(access, request.user))


@router.post(
    "/spaces/{space_id}/consents/{consent_id}/withdraw",
    response=ConsentOut,
    summary="Withdraw my consent (at once)",
)
def withdraw_consent(request: HttpRequest, space_id: int, consent_id: int) -> Any:
    space = get_space_for_member(request.user, space_id)
    access = services.withdraw_consent(access_id=consent_id, space=space, member=request.user)
    return _consent(access, request.user)


# --- Caseload and the counsellor's view ------------------------------------------------------


class RatioOut(Schema):
    positive: int
    negative: int
    ratio: float | None


class SafetyOut(Schema):
    recent: float | None
    previous: float | None
    count: int
    low: int
    direction: str


class QuestionnaireOut(Schema):
    member: int
    instrument_id: str
    latest: int
    previous: int | None
    min_total: int
    max_total: int
    at: datetime


class SignalOut(Schema):
    code: str
    member_id: int | None
    title: str
    reason: str
    severity: str


class CaseloadOut(Schema):
    space: int
    space_name: str
    members: list[str]
    last_visit: datetime | None
    new_records: int
    new_consents: int
    trust_index: Literal["not_shared"] = "not_shared"
    ratio: RatioOut | None
    safety: SafetyOut | None
    questionnaires: list[QuestionnaireOut]
    signals: list[SignalOut]
    triage_available: bool


@router.get("/caseload", response=list[CaseloadOut], summary="My caseload (counsellors)")
def caseload(request: HttpRequest) -> Any:
    require_counsellor(request.user)
    rows = caseload_mod.caseload_for(request.user)
    caseload_mod.log_caseload_reads(request.user, rows)
    available = caseload_mod.triage_available()
    return [
        {
            "space": r.space.pk,
            "space_name": r.space.name,
            "members": [str(m) for m in r.members],
            "last_visit": r.last_visit,
            "new_records": r.new_records,
            "new_consents": r.new_consents,
            "ratio": (
                {"positive": r.ratio.positive, "negative": r.ratio.negative, "ratio": r.ratio.ratio}
                if r.ratio
                else None
            ),
            "safety": ({**vars(r.safety), "direction": r.safety.direction} if r.safety else None),
            "questionnaires": [{**vars(q), "member": q.member.pk} for q in r.questionnaires],
            "signals": [
                {
                    "code": s.code,
                    "member_id": s.member_id,
                    "title": s.title,
                    "reason": s.reason,
                    "severity": s.severity,
                }
                for s in r.signals
            ],
            "triage_available": available,
        }
        for r in rows
    ]


class RecordOut(Schema):
    kind: str
    id: int
    owner: int
    owner_name: str
    title: str
    detail: str
    visibility: str
    created_at: datetime


class SectionOut(Schema):
    key: str
    label: str
    items: list[RecordOut]


class PairOut(Schema):
    truster: int
    trustee: int
    index: float
    low: float
    high: float
    evidence: float


class CounsellorSpaceOut(Schema):
    id: int
    name: str
    members_sharing: list[str]
    members_not_sharing: int
    sections: list[SectionOut]
    trust_from_shared_evidence: list[PairOut]


@router.get(
    "/caseload/spaces/{space_id}",
    response=CounsellorSpaceOut,
    summary="What the members share with me (counsellors)",
)
def counsellor_space(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_counsellor(request.user, space_id)
    view = selectors.space_view_for_counsellor(request.user, space)
    pairs, evidence = selectors.shared_trust_pairs(request.user, space)
    log_reads(actor=request.user, records=[*view.records, *evidence], role="counsellor")
    services.record_visit(counsellor=request.user, space=space)
    return {
        "id": space.pk,
        "name": space.name,
        "members_sharing": [str(m) for m in view.members],
        "members_not_sharing": view.others,
        "sections": [
            {
                "key": s.section.key,
                "label": s.section.label,
                "items": [
                    {**row, "owner": row["owner"].pk, "owner_name": str(row["owner"])}
                    for row in s.rows
                ],
            }
            for s in view.sections
        ],
        "trust_from_shared_evidence": [
            {
                "truster": p.truster.pk,
                "trustee": p.trustee.pk,
                "index": p.index,
                "low": p.low,
                "high": p.high,
                "evidence": p.evidence,
            }
            for p in pairs
        ],
    }


# --- Homework --------------------------------------------------------------------------------

HomeworkKind = Literal["commitment", "exercise", "questionnaire"]


class HomeworkIn(Schema):
    kind: HomeworkKind
    title: ShortText
    instructions: Instructions = ""
    due_on: date | None = None
    member: int | None = None


class ResponseOut(Schema):
    member: int
    member_name: str
    answer: str
    note: str
    answered_at: datetime


class HomeworkOut(Schema):
    id: int
    space: int
    counsellor_name: str
    member: int | None
    kind: str
    title: str
    instructions: str
    due_on: date | None
    created_at: datetime
    responses: list[ResponseOut]


class AnswerIn(Schema):
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
        "created_at": h.created_at,
        "responses": [
            {
                "member": r.member_id,
                "member_name": str(r.member),
                "answer": r.answer,
                "note": r.note,
                "answered_at": r.answered_at,
            }
            for r in responses
        ],
    }


def _space_as_member_or_counsellor(user: Any, space_id: int) -> tuple[Space, bool]:
    try:
        return get_space_for_member(user, space_id), False
    except Http404:
        return get_space_for_counsellor(user, space_id), True


@router.get(
    "/spaces/{space_id}/homework",
    response=list[HomeworkOut],
    summary="Homework: members see theirs; a counsellor sees what they suggested",
)
def list_homework(request: HttpRequest, space_id: int) -> Any:
    space, as_counsellor = _space_as_member_or_counsellor(request.user, space_id)
    if as_counsellor:
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
    space, as_counsellor = _space_as_member_or_counsellor(request.user, space_id)
    if not as_counsellor:
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
        kind=payload.kind,
        title=payload.title,
        instructions=payload.instructions,
        due_on=payload.due_on,
        member=member,
    )
    return Status(201, _homework(homework, []))


def _answer(request: HttpRequest, homework_id: int, answer: str, note: str) -> Any:
    homework = get_homework_for_member(request.user, homework_id)
    response = services.respond_to_homework(
        homework=homework, member=request.user, answer=answer, note=note
    )
    return _homework(homework, [response])


@router.post("/homework/{homework_id}/accept", response=HomeworkOut, summary="Accept homework")
def accept_homework(request: HttpRequest, homework_id: int, payload: AnswerIn) -> Any:
    return _answer(request, homework_id, "accepted", payload.note)


@router.post("/homework/{homework_id}/decline", response=HomeworkOut, summary="Decline homework")
def decline_homework(request: HttpRequest, homework_id: int, payload: AnswerIn) -> Any:
    return _answer(request, homework_id, "declined", payload.note)


# --- Session notes ---------------------------------------------------------------------------


class NoteIn(Schema):
    text: NoteText
    session_on: date | None = None


class NoteOut(Schema):
    id: int
    space: int
    counsellor: int
    session_on: date | None
    text: str
    created_at: datetime
    updated_at: datetime


def _note(n: Any) -> dict[str, Any]:
    return {
        "id": n.pk,
        "space": n.space_id,
        "counsellor": n.counsellor_id,
        "session_on": n.session_on,
        "text": n.text,
        "created_at": n.created_at,
        "updated_at": n.updated_at,
    }


@router.get("/spaces/{space_id}/notes", response=list[NoteOut], summary="My session notes")
def list_notes(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_counsellor(request.user, space_id)
    return [_note(n) for n in selectors.notes_for_counsellor(request.user, space)]


@router.post("/spaces/{space_id}/notes", response={201: NoteOut}, summary="Write a session note")
def create_note(request: HttpRequest, space_id: int, payload: NoteIn) -> Any:
    space = get_space_for_counsellor(request.user, space_id)
    note = services.create_note(
        space=space, counsellor=request.user, text=payload.text, session_on=payload.session_on
    )
    return Status(201, _note(open_notes([note])[0]))


@router.get("/notes/{note_id}", response=NoteOut, summary="One session note")
def get_note(request: HttpRequest, note_id: int) -> Any:
    return _note(open_notes([get_note_for_reader(request.user, note_id)])[0])


@router.put("/notes/{note_id}", response=NoteOut, summary="Change a session note")
def update_note(request: HttpRequest, note_id: int, payload: NoteIn) -> Any:
    note = get_note_for_author(request.user, note_id)
    services.update_note(note=note, text=payload.text, session_on=payload.session_on)
    return _note(open_notes([note])[0])


@router.delete("/notes/{note_id}", response={204: None}, summary="Delete a session note")
def delete_note(request: HttpRequest, note_id: int) -> Any:
    services.delete_note(note=get_note_for_author(request.user, note_id))
    return Status(204, None)


# --- Intake ----------------------------------------------------------------------------------


class IntakeIn(Schema):
    practice: int | None = None
    name: PersonName = ""
    contact_method: Literal["email", "phone"]
    contact_detail: ContactDetail
    help_with: HelpText
    urgency: Literal["routine", "soon", "urgent"]
    website: str = Field(default="", max_length=200)  # honeypot: leave empty


class HelplinesOut(Schema):
    emergency: str
    domestic_abuse: str
    crisis: str


class IntakeOut(Schema):
    id: int
    practice: int
    practice_name: str
    urgency: str
    status: str
    created_at: datetime
    status_changed_at: datetime
    helplines: HelplinesOut | None = None


class IntakeCreatedOut(IntakeOut):
    status_token: str
    status_url: str


def _intake(i: IntakeRequest, *, helplines: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": i.pk,
        "practice": i.practice_id,
        "practice_name": i.practice.name,
        "urgency": i.urgency,
        "status": i.status,
        "created_at": i.created_at,
        "status_changed_at": i.status_changed_at,
    }
    if helplines or i.urgency == IntakeRequest.Urgency.URGENT:
        out["helplines"] = vars(i.practice.helplines())
    return out


def _session_csrf(request: HttpRequest) -> None:
    # The intake endpoint takes anonymous posts; a signed-in browser must still prove the
    # request came from Mend's own pages (no token header means the session is in use).
    if request.user.is_authenticated and "HTTP_AUTHORIZATION" not in request.META:
        from ninja.utils import check_csrf

        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: reload the page and try again.")


@router.post(
    "/intake",
    response={201: IntakeCreatedOut},
    auth=None,
    summary="Get in touch with a practice (no account needed)",
)
def create_intake(request: HttpRequest, payload: IntakeIn) -> Any:
    from mend.api.auth import token_auth

    if "HTTP_AUTHORIZATION" in request.META:
        token = request.META["HTTP_AUTHORIZATION"].partition(" ")[2]
        if token_auth.authenticate(request, token) is None:
            raise HttpError(401, "Send a valid access token, or none.")
    _session_csrf(request)
    idents = intake_idents(request)
    check("intake", idents, limit=intake_limit(), window=INTAKE_WINDOW, message=RATE_MESSAGE)
    if payload.website.strip():
        hit("intake", idents, window=INTAKE_WINDOW)
        raise DomainError("Your request could not be sent.", fields={"website": "must_be_empty"})
    practices = selectors.practices_for_intake()
    practice: Practice | None
    if payload.practice is None:
        if len(practices) != 1:
            raise DomainError("Choose a practice.", fields={"practice": "required"})
        practice = practices[0]
    else:
        practice = next((p for p in practices if p.pk == payload.practice), None)
        if practice is None:
            raise DomainError("No such practice.", fields={"practice": "unknown"})
    intake, secret = services.create_intake(
        practice=practice,
        requester=request.user,
        name=payload.name,
        contact_method=payload.contact_method,
        contact_detail=payload.contact_detail,
        help_with=payload.help_with,
        urgency=payload.urgency,
        inbox_url=request.build_absolute_uri(reverse("care:inbox")),
    )
    hit("intake", idents, window=INTAKE_WINDOW)
    url = request.build_absolute_uri(reverse("care:intake_status", args=[secret]))
    return Status(201, {**_intake(intake), "status_token": secret, "status_url": url})


@router.get(
    "/intake/status/{token}",
    response=IntakeOut,
    auth=None,
    summary="The status of a request, by the token given when it was sent",
)
def intake_status(request: HttpRequest, token: str) -> Any:
    intake = services.lookup_intake(token)
    if intake is None:
        raise Http404
    return _intake(intake)


@router.get("/intake", response=list[IntakeOut], summary="My requests and their status")
def my_intake(request: HttpRequest) -> Any:
    return [_intake(i) for i in selectors.intake_of(request.user)[:100]]
