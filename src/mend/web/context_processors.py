from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from mend.inbox.selectors import count_for


def mend(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "quick_exit_url": settings.MEND_QUICK_EXIT_URL,
        # Lazy: a page that does not show the navigation does not pay for the query.
        "waiting_count": SimpleLazyObject(lambda: count_for(user)),
    }
