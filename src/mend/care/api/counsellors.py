"""Counsellors accepting clients, and each member's consent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from mend.care import selectors, services
from mend.care.models import CounsellorProfile, Practice
from mend.core.schemas import RecordId, error_responses, name_of
from mend.spaces.access import get_space_for_member
from mend.spaces.endpoints import member_creates, seen_by_member
from mend.spaces.models import CounsellorAccess, Space

router = Router(tags=["care"])


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


@router.get(
    "/counsellors",
    response={200: list[CounsellorOut], **error_responses(404)},
    summary="Counsellors accepting clients",
)
def list_counsellors(request: HttpRequest, practice: int | None = None) -> Any:
    found = None
    if practice is not None:
        found = Practice.objects.filter(pk=practice).first()
        if found is None:
            raise Http404
    return [_counsellor(p) for p in selectors.counsellors_accepting(found)]


# --- Consent ---------------------------------------------------------------------------------


class CounsellorConsentIn(Schema):
    counsellor_id: RecordId | None = None
    counsellor_email: str = Field(default="", max_length=254)


class CounsellorConsentOut(Schema):
    id: int
    space: int = Field(validation_alias="space_id")
    member: int = Field(validation_alias="member_id")
    member_name: str
    counsellor: int = Field(validation_alias="counsellor_id")
    counsellor_name: str
    granted_at: datetime
    withdrawn_at: datetime | None
    mine: bool

    resolve_member_name = name_of("member")
    resolve_counsellor_name = name_of("counsellor")

    @staticmethod
    def resolve_mine(obj: CounsellorAccess, context: dict[str, Any]) -> bool:
        return bool(obj.member_id == context["request"].user.pk)


@router.get(
    "/spaces/{space_id}/consents",
    response=list[CounsellorConsentOut],
    summary="Consents in force here",
)
def list_consents(request: HttpRequest, space_id: int) -> Any:
    # Every member sees every consent in force in the space.
    return seen_by_member(
        request, space_id, lambda _member, space: selectors.consents_in_space(space)
    )


@router.post(
    "/spaces/{space_id}/consents",
    response={201: CounsellorConsentOut, **error_responses(409)},
    summary="Let a counsellor in",
)
def grant_consent(request: HttpRequest, space_id: int, payload: CounsellorConsentIn) -> Any:
    return member_creates(request, space_id, _grant_to_named, payload, by="member")


def _grant_to_named(
    *, space: Space, member: Any, counsellor_id: int | None, counsellor_email: str
) -> CounsellorAccess:
    # The counsellor is named by id or e-mail; who is found is the service's to say.
    counsellor = services.find_counsellor(counsellor_id=counsellor_id, email=counsellor_email)
    return services.grant_consent(space=space, member=member, counsellor=counsellor)


@router.post(
    "/spaces/{space_id}/consents/{consent_id}/withdraw",
    response=CounsellorConsentOut,
    summary="Withdraw my consent (at once)",
)
def withdraw_consent(request: HttpRequest, space_id: int, consent_id: int) -> Any:
    space = get_space_for_member(request.user, space_id)
    return services.withdraw_consent(access_id=consent_id, space=space, member=request.user)
