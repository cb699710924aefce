"""Progress report (HTML and PDF) and the "Is it time for professional help?" page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from mend.care import report as report_mod
from mend.care.triage_service import evidence_links, help_links, signals_for_space
from mend.core.exceptions import DomainError
from mend.core.pages import signed_in
from mend.safety import selectors as safety_selectors
from mend.screening.help import help_for
from mend.spaces.access import get_space_for_member, get_space_for_reader
from mend.spaces.models import Space


def _bad_range(request: HttpRequest, space: Space, exc: DomainError) -> HttpResponse:
    return render(
        request,
        "care/report/bad_range.html",
        {"space": space, "message": exc.message},
        status=exc.status,
    )


ReportView = Callable[[HttpRequest, Space, Any], HttpResponse]


def _report_page(view: ReportView) -> Callable[[HttpRequest, int], HttpResponse]:
    """A page of a space's report over the dates asked (``?start=&end=``), for a member or a
    counsellor: ``view(request, space, report)``; dates that make no sense answer a page that
    says so."""

    @wraps(view)
    def page(request: HttpRequest, space_id: int) -> HttpResponse:
        space, role = get_space_for_reader(request.user, space_id)
        try:
            start, end = report_mod.parse_range(request.GET.get("start"), request.GET.get("end"))
        except DomainError as exc:
            return _bad_range(request, space, exc)
        return view(request, space, report_mod.build_report(space, request.user, role, start, end))

    return signed_in("GET")(page)


@_report_page
def report_html(request: HttpRequest, space: Space, report: Any) -> HttpResponse:
    return render(request, "care/report/report.html", {"space": space, "report": report})


@_report_page
def report_pdf(request: HttpRequest, space: Space, report: Any) -> HttpResponse:
    html = render_to_string(
        "care/report/report_print.html", {"space": space, "report": report}, request=request
    )
    pdf = report_mod.render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="mend-report-{space.pk}-{report.start}-{report.end}.pdf"'
    )
    return response


@signed_in("GET")
def professional_help(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    signals = [
        {
            "signal": s,
            "evidence": evidence_links(s, space),
            "help": help_links(s, space, request.user),
        }
        for s in signals_for_space(space, request.user)
    ]
    # Feeling very unsafe: the red-flag help (people to contact straight away) on this page too.
    urgent = any(item["help"] for item in signals)
    # The patterns above need weeks of evidence; a check-in from this morning saying "not
    # safe" must still never be answered with "nothing here suggests you need help".
    recent = (
        safety_selectors.my_checkins(
            request.user, space, since=timezone.now() - RECENT_CHECKIN_WINDOW
        )
        .order_by("-created_at")
        .first()
    )
    unsettled = recent if recent is not None and not recent.settled else None
    return render(
        request,
        "care/report/professional_help.html",
        {
            "space": space,
            "signals": signals,
            "recent_unsettled": unsettled,
            "help": help_for(
                ["fear"] if urgent or (unsettled and unsettled.low_safety) else [], space
            ),
        },
    )


RECENT_CHECKIN_WINDOW = timedelta(hours=72)
