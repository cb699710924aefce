from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mend.apology import feedback, selectors, services
from mend.apology.access import (
    get_apology_for_recipient,
    get_apology_for_viewer,
    get_apology_for_writer,
)
from mend.apology.forms import ApologyForm, ResponseForm, SendForm
from mend.apology.models import Apology
from mend.audit.services import log_reads
from mend.core.exceptions import DomainError
from mend.core.forms import posted, whole_number
from mend.core.pages import signed_in
from mend.screening.help import free_text_help
from mend.spaces import selectors as space_selectors
from mend.spaces.access import get_space_for_member
from mend.spaces.models import Space
from mend.spaces.visibility import Visibility


def _conflict(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"title": "That cannot be done now", "message": exc.message},
        status=exc.status,
    )


def _sent(request: HttpRequest, apology: Apology, refusal: str) -> HttpResponse:
    """A draft's page asked for after the apology was sent: its own page to read, or, for a
    change or a second sending, a conflict saying ``refusal``."""
    if request.method == "POST":
        return _conflict(request, DomainError(refusal, status=409))
    return redirect("apology:detail", apology.pk)


@signed_in("GET")
def studio(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    lists = selectors.studio_lists(request.user, space)
    log_reads(actor=request.user, records=lists.all)
    return render(request, "apology/studio.html", {"space": space, "lists": lists})


def _form(
    request: HttpRequest, space: Space, *, initial: dict[str, Any] | None = None
) -> ApologyForm:
    return ApologyForm(
        posted(request),
        initial=initial,
        members=space_selectors.active_members(space),
        breaches=selectors.breaches_for_writer(request.user, space),
        me=request.user,
        feedback_url=reverse("apology:feedback", args=[space.pk]),
    )


def _initial(request: HttpRequest, space: Space) -> dict[str, Any]:
    """Prefill from ?breach= (its other person as recipient) or ?from= (a fuller rewrite)."""
    initial: dict[str, Any] = {}
    breach_id = whole_number(request.GET.get("breach"))
    if breach_id is not None:
        breach = selectors.breaches_for_writer(request.user, space).filter(pk=breach_id).first()
        if breach is not None:
            initial["breach"] = breach.pk
            if breach.other_person_id and breach.other_person_id != request.user.pk:
                initial["recipient"] = breach.other_person_id
    source_id = whole_number(request.GET.get("from"))
    if source_id is not None:
        source = (
            Apology.objects.visible_to(request.user)
            .filter(pk=source_id, owner_id=request.user.pk, space=space)
            .first()
        )
        if source is not None:
            initial.update(text=source.text, breach=source.breach_id, recipient=source.recipient_id)
    return initial


def _save_kwargs(form: ApologyForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "text": data["text"],
        "breach_id": data["breach"].pk if data["breach"] else None,
        "recipient_id": data["recipient"].pk if data["recipient"] else None,
    }


def _compose_page(
    request: HttpRequest, space: Space, form: ApologyForm, apology: Apology | None
) -> HttpResponse:
    """The writing page, for a new apology (``apology`` None) or a draft."""
    return render(
        request,
        "apology/compose.html",
        {"space": space, "form": form, "apology": apology},
        status=400 if form.errors else 200,
    )


@signed_in("GET", "POST")
def compose(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    form = _form(request, space, initial=_initial(request, space))
    if request.method == "POST" and form.is_valid():
        try:
            apology = services.create_draft(space=space, writer=request.user, **_save_kwargs(form))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Draft saved. Only you can see it.")
            return redirect("apology:edit", apology.pk)
    return _compose_page(request, space, form, None)


@signed_in("GET", "POST")
def edit(request: HttpRequest, apology_id: int) -> HttpResponse:
    apology = get_apology_for_writer(request.user, apology_id)
    if not apology.is_draft:
        return _sent(request, apology, "This apology has been sent; it can no longer be changed.")
    space = apology.space
    form = _form(
        request,
        space,
        initial={
            "text": apology.text,
            "breach": apology.breach_id,
            "recipient": apology.recipient_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(apology=apology, writer=request.user, **_save_kwargs(form))
        except DomainError as exc:
            if exc.status == 409:
                return _conflict(request, exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Draft saved. Only you can see it.")
            if "send" in request.POST:
                return redirect("apology:send", apology.pk)
            return redirect("apology:edit", apology.pk)
    return _compose_page(request, space, form, apology)


@signed_in("POST")
def live_feedback(request: HttpRequest, space_id: int) -> HttpResponse:
    """The htmx partial: coaching on the text as typed. Problems are shown, not raised."""
    space = get_space_for_member(request.user, space_id)
    text = request.POST.get("text", "")
    # The partial answers only the person typing, so red-flag help here reaches the writer alone.
    context: dict[str, Any] = {
        "space": space,
        "safety_help": free_text_help(request.user, text, space=space),
    }
    try:
        result = feedback.analyse(text)
    except DomainError as exc:
        context["problem"] = exc
    else:
        context["coaching"] = feedback.coach(
            text,
            result,
            space_id=space.pk,
            recipient_id=whole_number(request.POST.get("recipient")),
        )
    return render(request, "apology/includes/feedback.html", context)


@signed_in("GET")
def detail(request: HttpRequest, apology_id: int) -> HttpResponse:
    apology = get_apology_for_viewer(request.user, apology_id)
    if apology.is_draft:
        return redirect("apology:edit", apology.pk)
    return _detail_page(request, apology, ResponseForm())


def _detail_page(
    request: HttpRequest, apology: Apology, response_form: ResponseForm, status: int = 200
) -> HttpResponse:
    """A sent apology as its writer or its recipient sees it, the recipient's answer form
    (``response_form``: bound, with its errors, when an answer was refused) below it."""
    is_writer = apology.owner_id == request.user.pk
    is_recipient = apology.recipient_id == request.user.pk
    context: dict[str, Any] = {
        "space": apology.space,
        "apology": apology,
        "is_writer": is_writer,
        "is_recipient": is_recipient,
        "can_respond": is_recipient
        and apology.status in (Apology.Status.SENT, Apology.Status.NOT_READY),
    }
    if context["can_respond"]:
        context["response_form"] = response_form
    if is_writer:
        # Recomputed for the writer only, and only to offer the commitment as a tracked one.
        try:
            result = feedback.analyse(apology.text)
        except DomainError:
            result = None
        if result is not None:
            context["commitments"] = [
                {
                    "sentence": s,
                    "url": feedback.commitment_link(
                        space_id=apology.space_id, what=s, to=apology.recipient_id
                    ),
                }
                for s in feedback.commitment_sentences(apology.text, result)
            ]
    return render(request, "apology/detail.html", context, status=status)


@signed_in("GET", "POST")
def send(request: HttpRequest, apology_id: int) -> HttpResponse:
    apology = get_apology_for_writer(request.user, apology_id)
    if not apology.is_draft:
        return _sent(request, apology, "This apology has already been sent.")
    counsellors = selectors.consented_counsellors(request.user, apology.space)
    form = SendForm(posted(request), counsellors=counsellors)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_apology(
                apology=apology,
                writer=request.user,
                share_with_counsellor=bool(form.cleaned_data.get("share_with_counsellor")),
            )
        except DomainError as exc:
            if exc.status == 409:
                return _conflict(request, exc)
            messages.error(request, exc.message)
            return redirect("apology:edit", apology.pk)
        messages.success(request, f"Sent to {apology.recipient}. Their answer will appear here.")
        return redirect("apology:detail", apology.pk)
    members = space_selectors.active_members(apology.space)
    return render(
        request,
        "apology/send.html",
        {
            "space": apology.space,
            "apology": apology,
            "form": form,
            "readers": [m for m in members if m.pk != request.user.pk],
            "space_label": Visibility.SPACE.label,
        },
    )


@signed_in("POST")
def respond(request: HttpRequest, apology_id: int) -> HttpResponse:
    apology = get_apology_for_recipient(request.user, apology_id)
    form = ResponseForm(request.POST)
    # Refused, the page comes back with the answer and the note as they were sent, and why.
    if not form.is_valid():
        return _detail_page(request, apology, form, status=400)
    try:
        services.respond(
            apology=apology,
            recipient=request.user,
            response=form.cleaned_data["response"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        if exc.status == 400:
            form.add_error(None, exc.message)
            return _detail_page(request, apology, form, status=400)
        return _conflict(request, exc)
    messages.success(request, "Your answer has been shared with the writer.")
    return redirect("apology:detail", apology.pk)


@signed_in("POST")
def discard(request: HttpRequest, apology_id: int) -> HttpResponse:
    apology = get_apology_for_writer(request.user, apology_id)
    space_id = apology.space_id
    try:
        services.discard_draft(apology=apology, writer=request.user)
    except DomainError as exc:
        return _conflict(request, exc)
    messages.success(request, "Draft discarded.")
    return redirect("apology:studio", space_id)
