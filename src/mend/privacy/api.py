from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router

from mend.accounts.auth import via_token
from mend.accounts.requests import signed_in_user
from mend.core.schemas import error_responses
from mend.privacy.export import export_user_data

router = Router(tags=["accounts"])


@router.get(
    "/me/export",
    response={200: dict[str, Any], **error_responses(403)},
    summary="Everything I own, as JSON",
    description="From a browser session only: an access token cannot export everything.",
)
def export(request: HttpRequest) -> Any:
    # A leaked token should not be a way to carry off a whole account's history at once.
    if via_token(request):
        raise PermissionDenied("Download your data from a signed-in browser, not with a token.")
    return export_user_data(signed_in_user(request))
