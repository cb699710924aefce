"""``/api/v1/me/notifications``: my notifications, marking them read, my preferences, and
turning push on or off for a browser."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from mend.accounts.requests import signed_in_user
from mend.core.schemas import WholeNumber, error_responses
from mend.notify import services
from mend.notify.kinds import CHANNELS
from mend.notify.models import Notification, Preferences
from mend.notify.selectors import notifications_for, preferences_of

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    space: int
    object_id: int
    created_at: datetime
    read: bool
    resolved: bool
    url: str


class NotificationsOut(Schema):
    items: list[NotificationOut]
    unread: int


class PreferencesIn(Schema):
    muted: dict[str, list[str]] = Field(
        default_factory=dict, description=f"kinds turned off, per channel ({', '.join(CHANNELS)})"
    )
    email_on: bool = True
    quiet_start: time | None = None
    quiet_end: time | None = None
    daily_digest: bool = False
    digest_hour: WholeNumber = Field(8, ge=0, le=23)
    name_space: bool = False


class PreferencesOut(PreferencesIn):
    push_on: bool

    # The person's saved preferences (or the unsaved defaults) as they are; no kinds muted: {}.
    @staticmethod
    def resolve_muted(obj: Preferences) -> dict[str, list[str]]:
        return obj.muted or {}


class PushKeysIn(Schema):
    p256dh: str = Field(..., max_length=200)
    auth: str = Field(..., max_length=100)


class PushSubscriptionIn(Schema):
    endpoint: str = Field(..., max_length=1000)
    keys: PushKeysIn


class PushEndpointIn(Schema):
    endpoint: str = Field(..., max_length=1000)


def _out(request: HttpRequest, n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "space": n.space_id,
        "object_id": n.object_id,
        "created_at": n.created_at,
        "read": n.read_at is not None,
        "resolved": n.resolved_at is not None,
        "url": request.build_absolute_uri(n.path),
    }


@router.get("/me/notifications", response=NotificationsOut, summary="My notifications")
def notification_list(request: HttpRequest) -> Any:
    items = notifications_for(signed_in_user(request))
    return {
        "items": [_out(request, n) for n in items],
        "unread": sum(1 for n in items if n.read_at is None),
    }


@router.post(
    "/me/notifications/{notification_id}/read",
    response={200: NotificationOut, **error_responses(404)},
    summary="Mark one of my notifications read",
)
def mark_read(request: HttpRequest, notification_id: int) -> Any:
    n = services.mark_read(notification_id=notification_id, user=signed_in_user(request))
    return _out(request, n)


@router.get(
    "/me/notifications/preferences", response=PreferencesOut, summary="How I am told of things"
)
def get_preferences(request: HttpRequest) -> Any:
    return preferences_of(signed_in_user(request))


@router.put(
    "/me/notifications/preferences",
    response={200: PreferencesOut, **error_responses(400)},
    summary="Choose how I am told of things",
)
def put_preferences(request: HttpRequest, body: PreferencesIn) -> Any:
    return services.save_preferences(user=signed_in_user(request), **body.dict())


@router.post(
    "/me/notifications/push",
    response={201: None, **error_responses(400)},
    summary="Turn push on for this browser",
)
def push_subscribe(request: HttpRequest, body: PushSubscriptionIn) -> Any:
    services.subscribe_push(
        user=signed_in_user(request),
        endpoint=body.endpoint,
        p256dh=body.keys.p256dh,
        auth=body.keys.auth,
    )
    return Status(201, None)


@router.delete(
    "/me/notifications/push", response={204: None}, summary="Turn push off for this browser"
)
def push_unsubscribe(request: HttpRequest, body: PushEndpointIn) -> Any:
    services.unsubscribe_push(user=signed_in_user(request), endpoint=body.endpoint)
    return Status(204, None)
