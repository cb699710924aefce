from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from mend.accounts.requests import signed_in_user
from mend.inbox.selectors import inbox_for

router = Router(tags=["inbox"])


class InboxItemOut(Schema):
    kind: str
    space: int
    object_id: int
    since: datetime
    url: str


class InboxOut(Schema):
    items: list[InboxItemOut]


@router.get("/me/inbox", response=InboxOut, summary="What waits for me, newest first")
def inbox(request: HttpRequest) -> Any:
    return {
        "items": [
            {
                "kind": i.kind,
                "space": i.space_id,
                "object_id": i.object_id,
                "since": i.since,
                "url": request.build_absolute_uri(i.url),
            }
            for i in inbox_for(signed_in_user(request))
        ]
    }
