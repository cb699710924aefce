from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from functools import partial
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from mend.accounts.timezones import set_time_zone, zone_of
from mend.audit.services import log_reads
from mend.commitments import occurrences, selectors, services
from mend.commitments.access import (
    get_commitment_for_committer,
    get_commitment_for_viewer,
    get_occurrence_for_viewer,
)
from mend.commitments.calendar import feed_for
from mend.commitments.forms import NoteForm, RenegotiateForm, ReportForm, ScheduleForm, TermsForm
from mend.commitments.models import Commitment, Occurrence
from mend.commitments.schedule import describe_stored, initial_controls
from mend.core.exceptions import DomainError
from mend.core.forms import act, decision, no_decision, whole_number
from mend.core.pages import signed_in
from mend.spaces.access import get_space_for_member
from mend.spaces.forms import VisibilityForm
from mend.spaces.selectors import active_members

T = TypeVar("T")


def _schedule_initial(user: Any) -> dict[str, Any]:
    today = timezone.now().astimezone(zone_of(user)).date()
    return {"repeat": "daily", "start_date": today, "time_of_day": time(19, 0)}


def _annotate(commitments: list[Commitment]) -> list[Commitment]:
    for c in commitments:
        c.schedule_text = describe_stored(c.rrule, c.dtstart, c.timezone)  # type: ignore[attr-defined]
    return commitments


@signed_in("GET")
def commitment_list(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    now = timezone.now()
    occurrences.materialise_due(now, space=space)
    lists = selectors.commitment_lists(request.user, space)
    for group in vars(lists).values():
        _annotate(group)
    waiting = list(selectors.waiting_for_answer(request.user, space)[:20])
    due = list(selectors.due_for_report(request.user, now, space)[:20])
    log_reads(
        actor=request.user,
        records=[c for group in vars(lists).values() for c in group],
    )
    return render(
        request,
        "commitments/commitment_list.html",
        {"space": space, "lists": lists, "waiting": waiting, "due": due, "now": now},
    )


def _prefill(request: HttpRequest, people: list[Any]) -> dict[str, Any]:
    """Start values from a link (the apology studio's "make this a commitment": ?what=&to=)."""
    initial: dict[str, Any] = {}
    what = request.GET.get("what", "").strip()
    if what:
        initial["what"] = what[:200]
    to = whole_number(request.GET.get("to"))
    if to is not None and any(p.pk == to for p in people):
        initial["made_to"] = to
    return initial


def _send_terms(
    request: HttpRequest,
    terms_form: Callable[..., TermsForm],
    schedule_initial: dict[str, Any],
    write: Callable[[dict[str, Any]], T],
) -> tuple[T | None, dict[str, Any], int]:
    """The terms and schedule of a new or renegotiated commitment. On a POST with both forms
    valid, ``write`` the two forms' data and keep the time zone the person chose. Returns
    what was written (None when nothing was), then the forms for the page that shows them
    again and its status: a vague commitment asks its prompts and offers to save it anyway,
    a refusal shows the service's message with its status."""
    data = request.POST if request.method == "POST" else None
    zone = zone_of(request.user).key
    terms = terms_form(data, show_save_anyway=bool(data and "save_anyway" in data))
    schedule = ScheduleForm(data, timezone=zone, initial=schedule_initial)
    page: dict[str, Any] = {"terms": terms, "schedule": schedule, "prompts": [], "zone": zone}
    if data is None:
        return None, page, 200
    status = 400
    if terms.is_valid() and schedule.is_valid():
        try:
            written = write({**terms.cleaned_data, **schedule.cleaned_data})
        except services.VagueCommitmentError as exc:
            page["prompts"] = exc.prompts
            page["terms"] = terms_form(data, show_save_anyway=True)
            page["terms"].is_valid()
        except DomainError as exc:
            terms.add_error(None, exc.message)
            status = exc.status
        else:
            set_time_zone(user=request.user, name=schedule.cleaned_data["time_zone"])
            return written, page, 200
    return None, page, status


def _new(request: HttpRequest, space_id: int, *, propose: bool) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    people = [m for m in active_members(space) if m.pk != request.user.pk]
    if not people:
        messages.info(request, "A commitment is made to someone. Invite the others first.")
        return redirect("spaces:detail", space.pk)
    person_field = "committer" if propose else "made_to"

    def write(data: dict[str, Any]) -> Commitment:
        person = next(p for p in people if p.pk == data[person_field])
        common = {
            "space": space,
            "what": data["what"],
            "how_known": data["how_known"],
            "recurrence": data["recurrence"],
            "visibility": data["visibility"],
            "save_anyway": bool(data.get("save_anyway")),
        }
        if propose:
            return services.propose_commitment(proposer=request.user, committer=person, **common)
        return services.create_commitment(owner=request.user, made_to=person, **common)

    terms_form = partial(
        TermsForm,
        people=people,
        person_field=person_field,
        propose=propose,
        initial=_prefill(request, people),
    )
    commitment, page, status = _send_terms(
        request, terms_form, _schedule_initial(request.user), write
    )
    if commitment is not None:
        if propose:
            messages.success(request, f"You asked {commitment.owner} for this commitment.")
        else:
            messages.success(request, "Your commitment is saved.")
        return redirect("commitments:detail", commitment.pk)
    return render(
        request,
        "commitments/commitment_form.html",
        {"space": space, "propose": propose, **page},
        status=status,
    )


@signed_in("GET", "POST")
def commitment_new(request: HttpRequest, space_id: int) -> HttpResponse:
    return _new(request, space_id, propose=False)


@signed_in("GET", "POST")
def commitment_propose(request: HttpRequest, space_id: int) -> HttpResponse:
    return _new(request, space_id, propose=True)


def _detail(
    request: HttpRequest, commitment: Commitment, *, status: int = 200, error: str = ""
) -> HttpResponse:
    now = timezone.now()
    occurrences.materialise_due(now, commitment_ids=[commitment.pk])
    rows = selectors.occurrences_of(commitment, now=now, ahead=timedelta(hours=36))
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "commitment": commitment,
            "space": commitment.space,
            "schedule_text": describe_stored(
                commitment.rrule, commitment.dtstart, commitment.timezone
            ),
            "versions": selectors.versions_of(commitment),
            "pending_terms": selectors.pending_terms(commitment),
            "occurrences": rows,
            "visibility_form": VisibilityForm(initial={"visibility": commitment.visibility}),
            "error": error,
            "now": now,
            "report_until": now + occurrences.REPORT_EARLY_TOLERANCE,
        },
        status=status,
    )


@signed_in("GET")
def commitment_detail(request: HttpRequest, commitment_id: int) -> HttpResponse:
    return _detail(request, get_commitment_for_viewer(request.user, commitment_id))


_ACTIONS = {
    "accept": (services.accept_proposal, "You accepted. It is now one of your commitments."),
    "decline": (services.decline_proposal, "You declined this proposal."),
    "pause": (services.pause_commitment, "Paused. Nothing falls due until you resume it."),
    "resume": (services.resume_commitment, "Resumed."),
    "end": (services.end_commitment, "Ended. Its history stays here."),
}


@signed_in("POST")
def commitment_action(request: HttpRequest, commitment_id: int, action: str) -> HttpResponse:
    if action not in _ACTIONS:
        raise Http404
    commitment = get_commitment_for_viewer(request.user, commitment_id)
    service, done = _ACTIONS[action]
    try:
        service(commitment=commitment, user=request.user)
    except DomainError as exc:
        return _detail(request, commitment, status=exc.status, error=exc.message)
    messages.success(request, done)
    return redirect("commitments:detail", commitment.pk)


@signed_in("GET", "POST")
def commitment_renegotiate(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_commitment_for_committer(request.user, commitment_id)
    initial_terms = {"what": commitment.what, "how_known": commitment.how_known}
    initial_schedule = initial_controls(commitment.rrule, commitment.dtstart, commitment.timezone)
    today = timezone.now().astimezone(zone_of(request.user)).date()
    if initial_schedule["start_date"] < today:  # type: ignore[operator]
        initial_schedule["start_date"] = today

    def write(data: dict[str, Any]) -> Commitment:
        return services.renegotiate_commitment(
            commitment=commitment,
            user=request.user,
            what=data["what"],
            how_known=data["how_known"],
            recurrence=data["recurrence"],
            reason=data["reason"],
            save_anyway=bool(data.get("save_anyway")),
        )

    terms_form = partial(RenegotiateForm, initial=initial_terms)
    saved, page, status = _send_terms(request, terms_form, initial_schedule, write)
    if saved is not None:
        if selectors.pending_terms(commitment) is not None:
            done = (
                f"Sent to {commitment.made_to}: the new terms take effect when they "
                "agree. Until then the current terms stay."
            )
        else:
            done = "The new terms are saved. The earlier ones stay in the history."
        messages.success(request, done)
        return redirect("commitments:detail", commitment.pk)
    return render(
        request,
        "commitments/renegotiate.html",
        {"commitment": commitment, "space": commitment.space, **page},
        status=status,
    )


@signed_in("POST")
def commitment_visibility(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_commitment_for_committer(request.user, commitment_id)
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        return _detail(request, commitment, status=400, error="Choose who can see this.")
    try:
        services.set_commitment_visibility(
            commitment=commitment, user=request.user, visibility=form.cleaned_data["visibility"]
        )
    except DomainError as exc:
        return _detail(request, commitment, status=exc.status, error=exc.message)
    messages.success(request, "Sharing updated.")
    return redirect("commitments:detail", commitment.pk)


def _occurrence_done(
    request: HttpRequest, occurrence: Occurrence, *, error: str = "", status: int = 200
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only successful answers, so the row carries its own error message.
        now = timezone.now()
        return render(
            request,
            "commitments/includes/occurrence.html",
            {
                "occurrence": occurrence,
                "commitment": occurrence.commitment,
                "error": error,
                "now": now,
                "report_until": now + occurrences.REPORT_EARLY_TOLERANCE,
            },
        )
    if error:
        return _detail(request, occurrence.commitment, status=status, error=error)
    return redirect(
        reverse("commitments:detail", args=[occurrence.commitment_id]) + f"#occ-{occurrence.pk}"
    )


def _answer_occurrence(
    request: HttpRequest,
    occurrence: Occurrence,
    form: forms.Form,
    write: Callable[..., Occurrence],
    *,
    invalid: str,
) -> HttpResponse:
    """A report on an occurrence, or the other person's answer to it: ``write`` with the form's
    data, then the occurrence as it is now; ``invalid`` says what to fix in the form."""
    if not form.is_valid():
        return _occurrence_done(request, occurrence, error=invalid, status=400)
    try:
        occurrence = write(occurrence=occurrence, user=request.user, **form.cleaned_data)
    except DomainError as exc:
        return _occurrence_done(request, occurrence, error=exc.message, status=exc.status)
    return _occurrence_done(request, occurrence)


@signed_in("POST")
def occurrence_report(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = get_occurrence_for_viewer(request.user, occurrence_id)
    form = ReportForm(request.POST)
    write = services.report_occurrence
    return _answer_occurrence(
        request, occurrence, form, write, invalid="Report it as kept or missed."
    )


@signed_in("POST")
def occurrence_respond(request: HttpRequest, occurrence_id: int, response: str) -> HttpResponse:
    if response not in ("confirm", "dispute"):
        raise Http404
    occurrence = get_occurrence_for_viewer(request.user, occurrence_id)
    form = NoteForm(request.POST)
    write = services.confirm_occurrence if response == "confirm" else services.dispute_occurrence
    return _answer_occurrence(request, occurrence, form, write, invalid="The note is too long.")


@signed_in("POST")
def terms_answer(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_commitment_for_viewer(request.user, commitment_id)
    agree = decision(request, agree="agree", refuse="keep")
    if agree is None:
        return no_decision(request, "Agree to the new terms", "Keep the current terms")
    act(
        request,
        partial(services.answer_terms, commitment=commitment, user=request.user, agree=agree),
        done="The new terms are in force." if agree else "The current terms stay.",
    )
    return redirect("commitments:detail", commitment.pk)


@signed_in("POST")
def terms_withdraw(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_commitment_for_committer(request.user, commitment_id)
    act(
        request,
        partial(services.withdraw_terms, commitment=commitment, user=request.user),
        done="You withdrew the new terms; the current ones stay.",
    )
    return redirect("commitments:detail", commitment.pk)


# --- Calendar feed ----------------------------------------------------------------------------


@signed_in("GET", "POST")
def calendar_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        _feed, secret = services.create_calendar_feed(
            user=request.user, show_details=request.POST.get("show_details") == "on"
        )
        # Shown once, on the next page; only a digest of the secret is kept.
        request.session["calendar-url"] = request.build_absolute_uri(
            reverse("commitments:feed", args=[secret])
        )
        return redirect("commitments:calendar")
    feed = selectors.active_feed(request.user)
    return render(
        request,
        "commitments/calendar.html",
        {"feed": feed, "new_url": request.session.pop("calendar-url", None)},
    )


@signed_in("POST")
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if services.revoke_calendar_feed(user=request.user):
        messages.success(request, "Your calendar address no longer works.")
    return redirect("commitments:calendar")


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    feed = services.feed_for_secret(secret)
    if feed is None:
        raise Http404
    body = feed_for(feed.user, now=timezone.now(), show_details=feed.show_details)
    # Kept by nobody (no Cache-Control of its own: the private-response middleware gives it
    # no-store): a copy in a shared computer's browser would hold the commitments' words, and a
    # link turned off must stop answering at once. Calendar apps fetch it on their own schedule.
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mend-commitments.ics"'
    return response
