""" "Get in touch": a request to a practice, with or without an account."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from mend.accounts.auth import token_auth
from mend.care import selectors, services
from mend.care.intake_rate import INTAKE_WINDOW, RATE_MESSAGE, intake_idents, intake_limit
from mend.care.models import IntakeRequest, Practice
from mend.care.ratelimit import check, hit
from mend.core.exceptions import DomainError
from mend.core.schemas import RecordId, checked_text, error_responses
from mend.screening.api import HelplinesOut

router = Router(tags=["care"])


HelpText = Annotated[str, checked_text(2000, multiline=True)]
ContactDetail = Annotated[str, checked_text(254)]
PersonName = Annotated[str, checked_text(80, required=False)]


class IntakeIn(Schema):
    practice: RecordId | None = None
    name: PersonName = ""
    contact_method: Literal["email", "phone"]
    contact_detail: ContactDetail
    help_with: HelpText
    urgency: Literal["routine", "soon", "urgent"]
    website: str = Field(default="", max_length=200)  # honeypot: leave empty


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
    response={201: IntakeCreatedOut, **error_responses(401, 403, 429)},
    auth=None,
    summary="Get in touch with a practice (no account needed)",
)
def create_intake(request: HttpRequest, payload: IntakeIn) -> Any:

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
        inbox_url=request.build_absolute_uri(reverse("care:inbox")),
        **payload.model_dump(exclude={"practice", "website"}),
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
