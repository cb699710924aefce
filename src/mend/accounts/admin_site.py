"""The Django admin behind Mend's one sign-in: no password form of its own, two-factor required.

The admin's login page would be a second door (no second factor, no throttling, a session that
works across the whole site). Here it only sends people to allauth's sign-in, which has both;
and a staff account reaches the admin only once it has two-factor turned on.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class MendAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_mfa_enabled(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if not (user.is_active and user.is_staff):
                raise PermissionDenied
            messages.warning(request, "Turn on two-factor authentication to use the admin.")
            return HttpResponseRedirect(reverse("mfa_index"))
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = ""
        query = urlencode({"next": next_url or reverse("admin:index")})
        return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
