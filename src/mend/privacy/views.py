"""Data rights: download everything I own, delete my account."""

from __future__ import annotations

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mend.accounts.requests import signed_in_user
from mend.audit.models import AuditEvent
from mend.core.forms import posted
from mend.core.pages import signed_in
from mend.privacy.export import delete_account, export_user_data
from mend.privacy.forms import DeleteAccountForm
from mend.privacy.sharing import sharing_of


@signed_in("GET")
# Everything a person owns, at once: someone at a browser left signed in as them is asked for
# the password (or second factor) first, as for changing the e-mail address. allauth sends
# them to /accounts/reauthenticate/ and back here.
@reauthentication_required
def export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(export_user_data(signed_in_user(request)), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mend-export.json"'
    return response


@signed_in("GET", "POST")
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(posted(request), user=signed_in_user(request))
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        logout(request)
        delete_account(user=user)
        messages.success(request, "Your account and everything you owned in Mend have been erased.")
        return redirect("account_login")
    return render(
        request, "privacy/delete.html", {"form": form}, status=400 if form.errors else 200
    )


@signed_in("GET")
def access_log(request: HttpRequest) -> HttpResponse:
    """What of mine others can see, and who has seen or changed what of mine: reads by a
    counsellor or practice staff, and every change to membership, sharing or consent."""
    user = signed_in_user(request)
    events = list(
        AuditEvent.objects.filter(subject=user)
        .select_related("space")
        .order_by("-created_at", "-id")[:200]
    )
    return render(
        request, "privacy/access_log.html", {"events": events, "sharing": sharing_of(user)}
    )
