from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from mend.accounts import security
from mend.accounts.auth import via_token
from mend.accounts.models import PersonalAccessToken
from mend.accounts.requests import require_recent_sign_in, signed_in_user
from mend.accounts.tokens import create_token, revoke_token
from mend.core.schemas import Name

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    time_zone: str


class AccessTokenIn(Schema):
    name: Name
    scope: Literal["read", "write"] = "read"
    days: Literal[7, 30, 90, 365] = 30


class AccessTokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewAccessTokenOut(AccessTokenOut):
    token: str


@router.get("/me", response=MeOut, summary="The signed-in person")
def me(request: HttpRequest) -> Any:
    return request.user


@router.get("/me/tokens", response=list[AccessTokenOut], summary="My personal access tokens")
def list_tokens(request: HttpRequest) -> Any:
    return list(PersonalAccessToken.objects.filter(user=signed_in_user(request)))


@router.post(
    "/me/tokens",
    response={201: NewAccessTokenOut},
    summary="Create a token (shown once)",
    description=(
        "Only from a browser session that confirmed the password or second factor in the last "
        "few minutes (`/accounts/reauthenticate/`); an access token cannot create tokens."
    ),
)
def new_token(request: HttpRequest, payload: AccessTokenIn) -> Any:
    if via_token(request):
        raise PermissionDenied("An access token cannot create tokens; use your account page.")
    require_recent_sign_in(request, then="create the token")
    token, secret = create_token(
        user=signed_in_user(request), name=payload.name, scope=payload.scope, days=payload.days
    )
    return Status(201, {**AccessTokenOut.from_orm(token).model_dump(), "token": secret})


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke a token")
def delete_token(request: HttpRequest, token_id: int) -> Any:
    try:
        revoke_token(user=signed_in_user(request), token_id=token_id)
    except PersonalAccessToken.DoesNotExist:
        raise Http404 from None
    return Status(204, None)


@router.post(
    "/me/sign-out-everywhere",
    response={204: None},
    summary="Sign out everywhere",
    description="Ends every session, revokes every access token (this one too) and private link.",
)
def sign_out_everywhere(request: HttpRequest) -> Any:
    security.sign_out_everywhere(user=signed_in_user(request))
    return Status(204, None)
