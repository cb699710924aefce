from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from mend.inbox.selectors import inbox_for
from mend.spaces import selectors
from mend.web.numbers import numbers_page


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: what waits for the person across their spaces comes first, then the spaces."""
    if not request.user.is_authenticated:
        return render(request, "web/landing.html")
    spaces = list(selectors.spaces_for_member(request.user))
    if not spaces and request.session.get("mend_counsellor"):
        # A counsellor's work starts from their caseload (the flag is set at sign-in).
        return redirect("care:caseload")
    if not spaces and request.session.get("mend_practice_staff"):
        # Practice staff start from the intake inbox (the flag is set at sign-in).
        return redirect("care:inbox")
    if not spaces:
        return redirect("spaces:list")
    names = {s.pk: s.name for s in spaces}
    items = [
        {**vars(item), "space_name": names.get(item.space_id, "")}
        for item in inbox_for(request.user)
    ]
    return render(
        request,
        "web/home.html",
        {
            "spaces": spaces,
            "items": items,
            "show_space": len(spaces) > 1,
            "now_day": timezone.localdate().strftime("%Y%m%d"),
        },
    )


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """A bare JSON view: load balancers poll it, and the load benchmark uses it as a baseline."""
    return JsonResponse({"status": "ok"})


@require_safe
def numbers_help(request: HttpRequest) -> HttpResponse:
    """How the numbers work: the rules, constants and sources, for anyone to check (no data)."""
    title, body = numbers_page()
    return render(request, "web/numbers_help.html", {"title": title, "body": body})
