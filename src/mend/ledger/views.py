"""Web pages of the ledger: the dashboard with two-tap logging, the timeline, the bank account,
disclosures and check-ins. Thin: the work is in services and selectors."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from mend.audit.services import log_reads
from mend.core.exceptions import DomainError
from mend.core.forms import act, posted, submit
from mend.core.pages import signed_in
from mend.domain.bank import MOMENT_KINDS
from mend.ledger import charts, selectors, services
from mend.ledger.access import moment_id_for_viewer
from mend.ledger.dashboard import DashboardNumbers, shown
from mend.ledger.forms import CheckInForm, DisclosureForm, MomentForm
from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
from mend.spaces.access import get_record_for_viewer, get_space_for_member
from mend.spaces.models import Space
from mend.spaces.selectors import active_members


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _numbers(space: Space, user: Any, members: list[Any] | None = None) -> dict[str, Any]:
    now = timezone.now()
    return {
        "pairs": selectors.trust_pairs_for_viewer(space, user, now, members),
        "summary": selectors.bank_summary(space, user, now),
    }


def _charts(
    trajectories: list[selectors.Trajectory], summary: selectors.BankSummary
) -> dict[str, Any]:
    return {
        "trajectories": [
            {
                "trajectory": traj,
                "svg": charts.trust_chart(
                    traj.points,
                    traj.felt,
                    ident=f"trust-{traj.trustee.pk}",
                    trustee_name=str(traj.trustee),
                ),
                "rows": charts.trust_rows(traj.points),
            }
            for traj in trajectories
        ],
        "ratio_svg": charts.ratio_chart(
            summary.ratio_points,
            ident="ratio",
            show_reference=summary.ratio.enough_for_reference,
        ),
    }


def _dashboard_context(
    request: HttpRequest, space: Space, form: MomentForm | None = None
) -> dict[str, Any]:
    user = request.user
    members = active_members(space)

    def render(found: DashboardNumbers) -> tuple[str, str]:
        context = {"space": space, "pairs": found.pairs, "summary": found.summary}
        return (
            render_to_string("ledger/includes/numbers.html", context),
            render_to_string(
                "ledger/includes/dashboard_charts.html",
                {**context, **_charts(found.trajectories, found.summary)},
            ),
        )

    found = shown(space, user, members, timezone.now(), render=render)
    log_reads(actor=user, records=[*found.to_confirm, *found.to_acknowledge])
    return {
        "space": space,
        "members": members,
        "form": form or MomentForm(members=members, me=user),
        "kinds": sorted(MOMENT_KINDS, key=lambda k: -k.sign),
        "to_confirm": found.to_confirm,
        "to_acknowledge": found.to_acknowledge,
        "numbers": found.numbers,
        "charts": found.charts,
    }


@signed_in("GET")
def dashboard(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    return render(request, "ledger/dashboard.html", _dashboard_context(request, space))


@signed_in("POST")
def log_moment(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    members = active_members(space)
    form = MomentForm(request.POST, members=members, me=request.user)
    error = None
    moment = None
    if form.is_valid():
        actor_id, receiver_id = form.actor_and_receiver()
        try:
            moment = services.log_moment(
                space=space,
                logger=request.user,
                kind=form.cleaned_data["kind"],
                actor_id=actor_id,
                receiver_id=receiver_id,
                note=form.cleaned_data["note"],
                once=True,
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = "Choose what happened and who did it."
    if _is_htmx(request):
        context = {
            "space": space,
            "moment": moment,
            "error": error,
            **_numbers(space, request.user),
        }
        return render(
            request, "ledger/includes/moment_saved.html", context, status=400 if error else 201
        )
    if error:
        context = _dashboard_context(request, space, form)
        context["error"] = error
        return render(request, "ledger/dashboard.html", context, status=400)
    messages.success(request, "Saved. It counts now; you can undo it for a couple of minutes.")
    return redirect("ledger:dashboard", space.pk)


@signed_in("POST")
def moment_action(request: HttpRequest, moment_id: int, action: str) -> HttpResponse:
    """Confirm, dispute or undo a moment (the URL table names the action)."""
    pk = moment_id_for_viewer(request.user, moment_id)
    try:
        if action == "confirm":
            moment = services.confirm_moment(moment_id=pk, user=request.user)
            text = "Confirmed. Thank you: your confirmation counts as stronger evidence."
        elif action == "dispute":
            moment = services.dispute_moment(
                moment_id=pk, user=request.user, note=request.POST.get("note", "")
            )
            text = "Noted: not like that. It is kept, shown as a dispute, and counts neither way."
        else:
            space_id = Moment.objects.get(pk=pk).space_id
            services.undo_moment(moment_id=pk, user=request.user)
            if _is_htmx(request):
                return HttpResponse(
                    '<p class="notice" role="status">Undone. Nothing was saved.</p>'
                )
            messages.success(request, "Undone.")
            return redirect("ledger:dashboard", space_id)
    except DomainError as exc:
        if _is_htmx(request):
            return render(
                request, "ledger/includes/error.html", {"error": exc.message}, status=exc.status
            )
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return redirect("ledger:dashboard", Moment.objects.get(pk=pk).space_id)
    if _is_htmx(request):
        context = {"moment": moment, "done": text, "space": moment.space}
        context.update(_numbers(moment.space, request.user))
        return render(request, "ledger/includes/moment_answered.html", context)
    messages.success(request, text)
    return redirect("ledger:dashboard", moment.space_id)


@signed_in("GET")
def timeline(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    page = selectors.timeline(request.user, space, page_number)
    log_reads(
        actor=request.user, records=[e.record for e in page.entries if e.kind != "occurrence"]
    )
    return render(request, "ledger/timeline.html", {"space": space, "page": page})


@signed_in("GET")
def bank(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    summary = selectors.bank_summary(space, request.user)
    return render(
        request,
        "ledger/bank.html",
        {
            "space": space,
            "summary": summary,
            "ratio_svg": charts.ratio_chart(
                summary.ratio_points,
                ident="ratio",
                show_reference=summary.ratio.enough_for_reference,
            ),
        },
    )


@signed_in("GET", "POST")
def disclosures(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    form = DisclosureForm(posted(request))
    if submit(request, form, partial(services.create_disclosure, space=space, owner=request.user)):
        messages.success(request, "Disclosure saved.")
        return redirect("ledger:disclosures", space.pk)
    items = list(selectors.disclosures_visible_to(request.user, space)[:50])
    log_reads(actor=request.user, records=items)
    return render(
        request,
        "ledger/disclosures.html",
        {"space": space, "form": form, "disclosures": items},
        status=400 if request.method == "POST" else 200,
    )


@signed_in("POST")
def acknowledge(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    disclosure = get_record_for_viewer(Disclosure, request.user, disclosure_id)
    act(
        request,
        partial(services.acknowledge_disclosure, disclosure_id=disclosure.pk, user=request.user),
        done="Acknowledged.",
        forbidden_page=True,
    )
    target = "ledger:dashboard" if request.POST.get("next") == "dashboard" else "ledger:disclosures"
    return redirect(target, disclosure.space_id)


@signed_in("GET", "POST")
def checkin(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    members = active_members(space)
    form = CheckInForm(posted(request), members=members, me=request.user)

    def record(*, about: str, **answers: Any) -> FeltTrustCheckIn:
        return services.record_checkin(
            space=space, owner=request.user, about_id=int(about), **answers
        )

    if submit(request, form, record):
        messages.success(request, "Check-in saved.")
        return redirect("ledger:dashboard", space.pk)
    mine = list(selectors.checkins_visible_to(request.user, space).filter(owner=request.user)[:20])
    return render(
        request,
        "ledger/checkin.html",
        {"space": space, "form": form, "checkins": mine},
        status=400 if request.method == "POST" else 200,
    )
