from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

from mend.accounts.models import User
from mend.core.exceptions import DomainError
from mend.core.schemas import (
    Name,
    OptionalLongText,
    OptionalShortText,
    OwnedRecordOut,
    RecordId,
    ShortText,
    VisibilityIn,
    VisibilityValue,
    error_responses,
)
from mend.spaces import selectors, services
from mend.spaces.access import get_record_for_viewer, get_space_for_member
from mend.spaces.endpoints import seen_by_member
from mend.spaces.models import Breach, JoinRequest, Space
from mend.spaces.sharing import set_owned_visibility

router = Router(tags=["spaces"])

SpaceKind = Literal["couple", "family", "team", "other"]


# A person in a space, read from their user: the name others see is ``str(user)``.
class SpaceMemberOut(Schema):
    id: int
    display_name: str

    @staticmethod
    def resolve_display_name(obj: User) -> str:
        return str(obj)


class SpaceOut(Schema):
    id: int
    name: str
    kind: str
    created_at: datetime
    member_count: int


class SpaceDetailOut(SpaceOut):
    members: list[SpaceMemberOut]


class SpaceIn(Schema):
    name: Name
    kind: SpaceKind = "couple"


class InvitationIn(Schema):
    note: OptionalShortText = ""


class InvitationOut(Schema):
    id: int
    url: str
    token: str
    expires_at: datetime


class InvitationAcceptIn(Schema):
    token: str


class JoinOut(Schema):
    id: int
    space: int
    status: str
    waiting_for: list[str]


# A request from ``selectors.pending_joins``, which gives each its ``agreed`` and ``waiting``
# members.
class JoinRequestOut(Schema):
    id: int
    user: SpaceMemberOut
    created_at: datetime
    agreed: list[SpaceMemberOut]
    waiting_for: list[SpaceMemberOut]

    @staticmethod
    def resolve_waiting_for(obj: Any) -> list[User]:
        return obj.waiting


class JoinDecisionIn(Schema):
    agree: bool


def _join_out(request: JoinRequest) -> dict[str, Any]:
    pending = request.status == JoinRequest.Status.PENDING
    return {
        "id": request.pk,
        "space": request.space_id,
        "status": request.status,
        "waiting_for": [str(m) for m in services.waiting_for(request)] if pending else [],
    }


class BreachIn(Schema):
    title: ShortText
    owner_role: Literal["hurt", "responsible", "both"]
    description: OptionalLongText = ""
    other_person: RecordId | None = None
    topic: OptionalShortText = ""
    tags: OptionalShortText = ""
    occurred_on: date | None = None
    # "Did it involve lying or hiding something?": a deception weighs more in the hurt person's
    # trust index, and part of it never fades.
    involved_deception: bool = False
    visibility: VisibilityValue = "private"


class BreachOut(OwnedRecordOut):
    title: str
    description: str
    owner_role: str
    other_person: int | None = Field(validation_alias="other_person_id")
    topic: str
    tags: list[str]
    occurred_on: date | None
    involved_deception: bool
    # Set when the person it hurt said "this is what happened" about what the person
    # responsible recorded; only then does it count in their trust index.
    acknowledged_at: datetime | None
    acknowledged_by: int | None = Field(validation_alias="acknowledged_by_id")
    visibility: str
    created_at: datetime

    @staticmethod
    def resolve_tags(obj: Breach) -> list[str]:
        return obj.tag_list


def _detail(space: Space) -> dict[str, Any]:
    members = selectors.active_members(space)
    return {
        "id": space.pk,
        "name": space.name,
        "kind": space.kind,
        "created_at": space.created_at,
        "member_count": len(members),
        "members": members,
    }


@router.get("/spaces", response=list[SpaceOut], summary="Spaces I belong to")
def list_spaces(request: HttpRequest) -> Any:
    return list(selectors.spaces_for_member(request.user))


@router.post("/spaces", response={201: SpaceDetailOut}, summary="Create a space")
def create_space(request: HttpRequest, payload: SpaceIn) -> Any:
    space = services.create_space(creator=request.user, name=payload.name, kind=payload.kind)
    return Status(201, _detail(space))


@router.get("/spaces/{space_id}", response=SpaceDetailOut, summary="One of my spaces")
def get_space(request: HttpRequest, space_id: int) -> Any:
    return _detail(get_space_for_member(request.user, space_id))


@router.post(
    "/spaces/{space_id}/invitations",
    response={201: InvitationOut},
    summary="Create a single-use, expiring invitation link",
)
def create_invitation(request: HttpRequest, space_id: int, payload: InvitationIn) -> Any:
    space = get_space_for_member(request.user, space_id)
    invitation, secret = services.create_invitation(
        space=space, inviter=request.user, note=payload.note
    )
    url = request.build_absolute_uri(reverse("spaces:join", args=[secret]))
    return Status(
        201, {"id": invitation.pk, "url": url, "token": secret, "expires_at": invitation.expires_at}
    )


@router.post(
    "/invitations/accept",
    response={201: JoinOut, 202: JoinOut, **error_responses(403, 404, 409)},
    summary="Use an invitation: joined (201) or waiting for the members to agree (202)",
)
def accept_invitation(request: HttpRequest, payload: InvitationAcceptIn) -> Any:
    join_request = services.accept_invitation(secret=payload.token, user=request.user)
    joined = join_request.status == JoinRequest.Status.JOINED
    return Status(201 if joined else 202, _join_out(join_request))


@router.get(
    "/spaces/{space_id}/join-requests",
    response=list[JoinRequestOut],
    summary="People asking to join, and who has agreed",
)
def list_join_requests(request: HttpRequest, space_id: int) -> Any:
    return selectors.pending_joins(get_space_for_member(request.user, space_id))


@router.post(
    "/spaces/{space_id}/join-requests/{request_id}/decision",
    response={200: JoinOut, **error_responses(404)},
    summary="Agree to, or refuse, someone joining (one refusal ends the request)",
)
def decide_join(
    request: HttpRequest, space_id: int, request_id: int, payload: JoinDecisionIn
) -> Any:
    space = get_space_for_member(request.user, space_id)
    join_request = services.decide_join(
        space=space, member=request.user, request_id=request_id, agree=payload.agree
    )
    return _join_out(join_request)


@router.post(
    "/join-requests/{request_id}/withdraw",
    response={200: JoinOut, **error_responses(404)},
    summary="Withdraw my own request to join",
)
def withdraw_join(request: HttpRequest, request_id: int) -> Any:
    return _join_out(services.withdraw_join(user=request.user, request_id=request_id))


@router.post("/spaces/{space_id}/leave", response={204: None}, summary="Leave a space (at once)")
def leave_space(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_member(request.user, space_id)
    services.leave_space(space=space, user=request.user)
    return Status(204, None)


@router.get("/spaces/{space_id}/breaches", response=list[BreachOut], summary="Breaches I may see")
def list_breaches(request: HttpRequest, space_id: int) -> Any:
    return seen_by_member(request, space_id, selectors.breaches_visible_to)


@router.post("/spaces/{space_id}/breaches", response={201: BreachOut}, summary="Record a breach")
def create_breach(request: HttpRequest, space_id: int, payload: BreachIn) -> Any:
    space = get_space_for_member(request.user, space_id)
    other = None
    if payload.other_person is not None:
        other = User.objects.filter(pk=payload.other_person).first()
        if other is None:
            raise DomainError(
                "The other person must be a member of this space.",
                fields={"other_person": "not_member"},
            )
    given = payload.model_dump(exclude={"other_person"})
    breach = services.create_breach(space=space, owner=request.user, other_person=other, **given)
    return Status(201, breach)


@router.get("/breaches/{breach_id}", response=BreachOut, summary="One breach")
def get_breach(request: HttpRequest, breach_id: int) -> Any:
    return get_record_for_viewer(Breach, request.user, breach_id)


@router.post(
    "/breaches/{breach_id}/acknowledge",
    response={200: BreachOut, **error_responses(403, 404, 409)},
    summary="Acknowledge a breach the person responsible recorded (the person it hurt)",
)
def acknowledge_breach(request: HttpRequest, breach_id: int) -> Any:
    breach = get_record_for_viewer(Breach, request.user, breach_id)
    return services.acknowledge_breach(breach=breach, user=request.user)


@router.put(
    "/breaches/{breach_id}/visibility", response=BreachOut, summary="Change who sees a breach"
)
def set_breach_visibility(request: HttpRequest, breach_id: int, payload: VisibilityIn) -> Any:
    return set_owned_visibility(Breach, request, breach_id, payload.visibility)
