from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from mend.accounts.models import User
from mend.audit.services import log_reads
from mend.care import caseload as caseload_mod
from mend.care import selectors, services
from mend.care.access import (
    get_homework_for_member,
    get_intake_for_staff,
    get_note_for_author,
    get_note_for_reader,
    practice_for_staff,
    require_counsellor,
)
from mend.care.caseload_html import rows_html
from mend.care.forms import (
    HomeworkAnswerForm,
    HomeworkForm,
    IntakeForm,
    IntakeStatusForm,
    InviteCounsellorForm,
    NoteForm,
)
from mend.care.intake_rate import INTAKE_WINDOW, RATE_MESSAGE, intake_idents, intake_limit
from mend.care.models import CaseloadVisit, Homework, IntakeRequest, Practice
from mend.care.notes_crypto import open_notes
from mend.care.ratelimit import RateLimited, check, hit
from mend.care.triage_service import SIGNAL_KINDS
from mend.core.exceptions import DomainError
from mend.core.forms import posted, refused, submit
from mend.core.pages import signed_in
from mend.instruments import selectors as instrument_selectors
from mend.spaces.access import get_space_for_counsellor, get_space_for_member
from mend.spaces.models import Space
from mend.spaces.selectors import active_members


def homework_link(homework: Homework) -> str | None:
    """Where accepting this homework leads: the commitments form prefilled, the questionnaire
    the counsellor named, or the self-trust questionnaires; None for an exercise."""
    if homework.kind == Homework.Kind.COMMITMENT:
        url = reverse("commitments:new", args=[homework.space_id])
        return f"{url}?{urlencode({'what': homework.title, 'homework': homework.pk})}"
    if homework.kind == Homework.Kind.QUESTIONNAIRE and homework.instrument_id is not None:
        return reverse("instruments:take", args=[homework.space_id, homework.instrument_id])
    if homework.kind == Homework.Kind.QUESTIONNAIRE:
        return reverse("selftrust:questionnaires", args=[homework.space_id])
    return None


# --- Members ---------------------------------------------------------------------------------


def _member_page(
    request: HttpRequest, space: Space, form: InviteCounsellorForm | None = None, status: int = 200
) -> HttpResponse:
    profiles = list(selectors.counsellors_accepting())
    # Only one's own consents are shown: whether another member works with a counsellor is
    # theirs to tell (the partner may be the person they need to be safe from).
    mine = [c for c in selectors.consents_in_space(space) if c.member_id == request.user.pk]
    by_counsellor = {
        access.counsellor_id: {"counsellor": access.counsellor, "mine": access} for access in mine
    }
    homework = selectors.homework_for_member(request.user, space)
    for h in homework:
        h.next_link = homework_link(h)  # type: ignore[attr-defined]
    return render(
        request,
        "care/member_counsellor.html",
        {
            "space": space,
            "counsellors": list(by_counsellor.values()),
            "form": form or InviteCounsellorForm(profiles=profiles),
            "homework": homework,
            "member_count": len(active_members(space)),
        },
        status=status,
    )


@signed_in("GET")
def member_counsellor(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    return _member_page(request, space)


@signed_in("POST")
def invite_counsellor(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    profiles = list(selectors.counsellors_accepting())
    form = InviteCounsellorForm(request.POST, profiles=profiles)

    def invite(*, counsellor: int | None, email: str) -> User:
        found = services.find_counsellor(counsellor_id=counsellor, email=email or "")
        services.grant_consent(space=space, member=request.user, counsellor=found)
        return found

    counsellor = submit(request, form, invite)
    if counsellor is not None:
        messages.success(
            request,
            f"{counsellor} can now see what you share with your counsellor in this space. "
            "The others decide for themselves.",
        )
        return redirect("care:member", space.pk)
    return _member_page(request, space, form=form, status=400)


@signed_in("POST")
def withdraw(request: HttpRequest, space_id: int, access_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    try:
        access = services.withdraw_consent(access_id=access_id, space=space, member=request.user)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        raise
    messages.success(request, f"Done. {access.counsellor} no longer sees anything of yours here.")
    return redirect("care:member", space.pk)


@signed_in("POST")
def homework_answer(request: HttpRequest, homework_id: int) -> HttpResponse:
    homework = get_homework_for_member(request.user, homework_id)
    form = HomeworkAnswerForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return refused(request, message, back=reverse("care:member", args=[homework.space_id]))
    services.respond_to_homework(
        homework=homework,
        member=request.user,
        answer=form.cleaned_data["answer"],
        note=form.cleaned_data["note"],
    )
    if form.cleaned_data["answer"] == "accepted":
        link = homework_link(homework)
        if link:
            return redirect(link)
        messages.success(request, "Accepted. Your counsellor will see that.")
    else:
        messages.success(request, "Declined. Your counsellor will see that, and your note.")
    return redirect("care:member", homework.space_id)


# --- Counsellors -----------------------------------------------------------------------------


@signed_in("GET")
def caseload(request: HttpRequest) -> HttpResponse:
    profile = require_counsellor(request.user)
    error, status = "", 200
    try:
        query = caseload_mod.parse_query(request.GET)
    except DomainError as exc:
        error, status = exc.message, 400
        query = caseload_mod.CaseloadQuery()
    page = caseload_mod.caseload_page(request.user, query, details=False)
    caseload_mod.log_caseload_reads(request.user, page.rows, session=request.session)
    return render(
        request,
        "care/caseload.html",
        {
            "profile": profile,
            "page": page,
            "rows": page.rows,
            "rows_html": rows_html(request.user, page.rows),
            "error": error,
            "sorts": caseload_mod.SORTS,
            "signal_kinds": SIGNAL_KINDS,
            "max_age_minutes": int(caseload_mod.MAX_AGE.total_seconds() // 60),
            "previous_url": "?" + urlencode(query.params(page=query.page - 1)),
            "next_url": "?" + urlencode(query.params(page=query.page + 1)),
        },
        status=status,
    )


def _counsellor_space(
    request: HttpRequest, space: Space, form: HomeworkForm | None = None, status: int = 200
) -> HttpResponse:
    view = selectors.space_view_for_counsellor(request.user, space)
    pairs, evidence = selectors.shared_trust_pairs(request.user, space)
    log_reads(actor=request.user, records=[*view.records, *evidence], role="counsellor")
    last = (
        CaseloadVisit.objects.filter(counsellor_id=request.user.pk, space=space)
        .values_list("visited_at", flat=True)
        .first()
    )
    services.record_visit(counsellor=request.user, space=space)
    return render(
        request,
        "care/counsellor_space.html",
        {
            "space": space,
            "view": view,
            "pairs": pairs,
            "last_visit": last,
            "homework": selectors.homework_for_counsellor(request.user, space),
            "form": form
            or HomeworkForm(
                members=view.members, instruments=instrument_selectors.available_for_space(space)
            ),
        },
        status=status,
    )


@signed_in("GET")
def counsellor_space(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_counsellor(request.user, space_id)
    return _counsellor_space(request, space)


@signed_in("POST")
def homework_new(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_counsellor(request.user, space_id)
    members = selectors.consenting_members(request.user, space)
    form = HomeworkForm(
        request.POST,
        members=members,
        instruments=instrument_selectors.available_for_space(space),
    )

    def suggest(*, member: int | None, instrument: int | None, **terms: Any) -> Homework:
        # The form offers only these members, so a chosen id is always one of them.
        chosen = next((m for m in members if m.pk == member), None)
        return services.suggest_homework(
            space=space, counsellor=request.user, member=chosen, instrument_id=instrument, **terms
        )

    if submit(request, form, suggest):
        messages.success(request, "Homework suggested. Members accept or decline it.")
        return redirect("care:counsellor_space", space.pk)
    return _counsellor_space(request, space, form=form, status=400)


@signed_in("GET", "POST")
def notes(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_counsellor(request.user, space_id)
    form = NoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.create_note(
            space=space,
            counsellor=request.user,
            text=form.cleaned_data["text"],
            session_on=form.cleaned_data["session_on"],
        )
        messages.success(request, "Note saved. Only you can read it.")
        return redirect("care:notes", space.pk)
    return render(
        request,
        "care/notes.html",
        {
            "space": space,
            "notes": selectors.notes_for_counsellor(request.user, space),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@signed_in("GET", "POST")
def note_detail(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_note_for_reader(request.user, note_id)
    open_notes([note])
    author = note.counsellor_id == request.user.pk
    if request.method == "POST":
        note = get_note_for_author(request.user, note_id)
        form = NoteForm(request.POST)
        if form.is_valid():
            services.update_note(
                note=note,
                text=form.cleaned_data["text"],
                session_on=form.cleaned_data["session_on"],
            )
            messages.success(request, "Note updated.")
            return redirect("care:notes", note.space_id)
    else:
        form = NoteForm(initial={"text": note.text, "session_on": note.session_on})  # type: ignore[attr-defined]
    return render(
        request,
        "care/note_detail.html",
        {"note": note, "form": form, "author": author},
        status=400 if form.errors else 200,
    )


@signed_in("POST")
def note_delete(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_note_for_author(request.user, note_id)
    space_id = note.space_id
    services.delete_note(note=note)
    messages.success(request, "Note deleted.")
    return redirect("care:notes", space_id)


# --- Practice staff --------------------------------------------------------------------------


@signed_in("GET")
def inbox(request: HttpRequest) -> HttpResponse:
    practice = practice_for_staff(request.user)
    status = request.GET.get("status", "")
    if status not in IntakeRequest.Status.values:
        status = ""
    items = list(selectors.intake_inbox(practice, status or None)[:200])
    counts = selectors.intake_counts(practice)
    return render(
        request,
        "care/inbox.html",
        {
            "practice": practice,
            "items": items,
            "status": status,
            "statuses": IntakeRequest.Status.choices,
            "filters": [
                (value, label, counts.get(value, 0))
                for value, label in IntakeRequest.Status.choices
            ],
            "total": sum(counts.values()),
            "notes": selectors.notes_for_staff(practice),
        },
    )


@signed_in("POST")
def intake_set_status(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = get_intake_for_staff(request.user, intake_id)
    form = IntakeStatusForm(request.POST)
    if not form.is_valid():
        return refused(request, "Choose a status.", back=reverse("care:inbox"))
    services.set_intake_status(intake=intake, status=form.cleaned_data["status"])
    messages.success(request, f"Request {intake.pk} is now “{form.cleaned_data['status']}”.")
    return redirect("care:inbox")


# --- Intake ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def get_in_touch(request: HttpRequest) -> HttpResponse:
    practices = selectors.practices_for_intake()
    form = IntakeForm(posted(request), practices=practices)
    status = 200
    error = ""
    if request.method == "POST":
        status = 400
        idents = intake_idents(request)
        try:
            check(
                "intake",
                idents,
                limit=intake_limit(),
                window=INTAKE_WINDOW,
                message=RATE_MESSAGE,
            )
            if form.is_bot:
                hit("intake", idents, window=INTAKE_WINDOW)
                raise DomainError("Your request could not be sent. Please try again.")
            if form.is_valid():
                data = form.cleaned_data
                try:
                    _intake, secret = services.create_intake(
                        practice=data["practice"],
                        requester=request.user,
                        name=data["name"],
                        contact_method=data["contact_method"],
                        contact_detail=data["contact_detail"],
                        help_with=data["help_with"],
                        urgency=data["urgency"],
                        inbox_url=request.build_absolute_uri(reverse("care:inbox")),
                    )
                except DomainError as exc:
                    for name, _code in exc.fields.items():
                        if name in form.fields:
                            form.add_error(name, exc.message)
                            break
                    else:
                        form.add_error(None, exc.message)
                else:
                    hit("intake", idents, window=INTAKE_WINDOW)
                    return redirect("care:intake_status", secret)
        except RateLimited as exc:
            status, error = 429, exc.message
        except DomainError as exc:
            error = exc.message
    practice = practices[0] if len(practices) == 1 else None
    return render(
        request,
        "care/get_in_touch.html",
        {
            "form": form,
            "practices": practices,
            "helplines": (practice or Practice()).helplines(),
            "error": error,
        },
        status=status,
    )


@require_safe
def intake_status(request: HttpRequest, secret: str) -> HttpResponse:
    intake = services.lookup_intake(secret)
    if intake is None:
        raise Http404
    return render(
        request,
        "care/intake_status.html",
        {"intake": intake, "helplines": intake.practice.helplines(), "link": request.path},
    )


@signed_in("GET")
def my_requests(request: HttpRequest) -> HttpResponse:
    items = list(selectors.intake_of(request.user)[:100])
    return render(request, "care/my_requests.html", {"items": items})
