"""How often anyone may ask a practice for help: per address and per account, per hour."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

# Seconds: the fixed window of ``MEND_INTAKE_PER_HOUR``.
INTAKE_WINDOW = 3600


def intake_limit() -> int:
    return settings.MEND_INTAKE_PER_HOUR


def intake_idents(request: HttpRequest) -> list[str]:
    ip = request.META.get("REMOTE_ADDR", "") or "unknown"
    idents = [f"ip:{ip}"]
    if request.user.is_authenticated:
        idents.append(f"user:{request.user.pk}")
    return idents


RATE_MESSAGE = (
    "You have sent several requests in the last hour, which is our limit. Please try again "
    "later. If you need help now, use the numbers on this page."
)
