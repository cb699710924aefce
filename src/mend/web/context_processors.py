from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from mend.accounts.quick_exit import sign_out_link
from mend.inbox.selectors import count_for


def mend(request: HttpRequest) -> dict[str, Any]:
    # A request refused before the authentication middleware (a host this server does not
    # serve) has no person on it, and its error page is rendered all the same.
    user = request.user if hasattr(request, "user") else AnonymousUser()
    return {
        "quick_exit_url": settings.MEND_QUICK_EXIT_URL,
        # This session's exit-and-sign-out link, for a person who chose it (else None).
        "quick_exit_sign_out": sign_out_link(request),
        # Lazy: a page that does not show the navigation does not pay for the query.
        "waiting_count": SimpleLazyObject(lambda: count_for(user)),
    }
