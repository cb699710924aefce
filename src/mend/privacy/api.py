from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from mend.accounts.requests import signed_in_user
from mend.privacy.export import export_user_data

router = Router(tags=["accounts"])


@router.get("/me/export", summary="Everything I own, as JSON")
def export(request: HttpRequest) -> Any:
    return export_user_data(signed_in_user(request))
