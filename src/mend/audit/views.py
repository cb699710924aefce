from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mend.accounts.requests import signed_in_user
from mend.audit.models import AuditEvent


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who viewed or changed what of mine: every read by someone else, every sharing change."""
    events = list(
        AuditEvent.objects.filter(subject=signed_in_user(request))
        .select_related("space")
        .order_by("-created_at", "-id")[:200]
    )
    return render(request, "audit/access_log.html", {"events": events})
