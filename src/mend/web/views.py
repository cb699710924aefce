from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from mend.spaces import selectors


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/landing.html")
    spaces = list(selectors.spaces_for_member(request.user))
    if len(spaces) == 1:
        return redirect("spaces:detail", spaces[0].pk)
    if not spaces and request.session.get("mend_counsellor"):
        # A counsellor's work starts from their caseload (the flag is set at sign-in).
        return redirect("care:caseload")
    return redirect("spaces:list")


def health(request: HttpRequest) -> JsonResponse:
    """A bare JSON view: load balancers poll it, and the load benchmark uses it as a baseline."""
    return JsonResponse({"status": "ok"})
