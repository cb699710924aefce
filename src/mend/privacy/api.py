from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router

from mend.accounts.auth import via_token
from mend.accounts.requests import require_recent_sign_in, signed_in_user
from mend.core.schemas import error_responses
from mend.privacy.export import export_user_data

router = Router(tags=["accounts"])


@router.get(
    "/me/export",
    response={200: dict[str, Any], **error_responses(403)},
    summary="Everything I own, as JSON",
    description=(
        "From a browser session that confirmed the password or second factor in the last few "
        "minutes (`/accounts/reauthenticate/`): an access token cannot export everything."
    ),
)
def export(request: HttpRequest) -> Any:
    # A leaked token should not be a way to carry off a whole account's history at once.
    if via_token(request):
        raise PermissionDenied("Download your data from a signed-in browser, not with a token.")
    # Nor a browser left signed in: whoever sits at it must know the password too.
    require_recent_sign_in(request, then="download your data")
    return export_user_data(signed_in_user(request))
