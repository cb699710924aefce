from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def mend(request: HttpRequest) -> dict[str, Any]:
    return {"quick_exit_url": settings.MEND_QUICK_EXIT_URL}
