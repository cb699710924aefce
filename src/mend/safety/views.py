from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from mend.accounts.models import User
from mend.audit.services import log_reads
from mend.core.exceptions import DomainError
from mend.core.forms import page_status, posted, submit, whole_number
from mend.core.pages import signed_in
from mend.domain import flooding
from mend.safety import selectors, services
from mend.safety.access import get_conversation_for_participant, offered_notes_for_review
from mend.safety.forms import (
    CheckInForm,
    ConversationForm,
    EndForm,
    HeartRateProfileForm,
    HeartRateUploadForm,
    KeepForm,
    NoteForm,
    PauseForm,
)
from mend.safety.models import Conversation, Pause, SafetyCheckIn
from mend.safety.timefmt import clock
from mend.screening.help import free_text_help, help_for
from mend.spaces import selectors as space_selectors
from mend.spaces.access import get_record_for_owner, get_record_for_viewer, get_space_for_member
from mend.spaces.models import Space

Phase = Conversation.Phase

# The pause offered first after an unsettled check-in: three choices fit one row on a phone;
# the pause page offers the longer ones.
QUICK_PAUSES = [(20, "20 min"), (30, "30 min"), (60, "1 hour")]


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _safety_context(request: HttpRequest, space: Space) -> dict[str, Any]:
    user = request.user
    now = timezone.now()
    pauses = list(selectors.pauses_visible_to(user, space)[:10])
    log_reads(actor=user, records=pauses)
    open_pauses = [p for p in pauses if p.is_open]
    checkins = list(selectors.my_checkins(user, space)[:14])
    heart = selectors.heart_rate_settings(user)
    return {
        "space": space,
        "checkins": checkins,
        # An empty heart-rate column only widens the table on a phone.
        "checkins_have_hr": any(c.heart_rate for c in checkins),
        "open_pauses": [(p, selectors.pause_notice(p, user, now)) for p in open_pauses],
        "my_pause": next((p for p in open_pauses if p.owner_id == user.pk), None),
        "conversations": list(selectors.my_conversations(user, space)[:10]),
        "episodes": [
            (e, clock(e.start, user, now=now), clock(e.end, user, now=now))
            for e in selectors.my_episodes(user, now, heart)[-20:][::-1]
        ],
        "upload_form": HeartRateUploadForm(),
        "max_upload": settings.MEND_MAX_UPLOAD_BYTES,
        # One baseline for the check-in form and the episode list (issue 12).
        "baseline": heart.baseline,
        "sleep_note": heart.sleep_note,
        # People to contact straight away; the "feeling very unsafe" signal links here.
        "contact_help": help_for([], space),
    }


@signed_in("GET", "POST")
def safety_home(request: HttpRequest, space_id: int) -> HttpResponse:
    """The safety page: a quick check-in on top, then pauses, conversations, history."""
    space = get_space_for_member(request.user, space_id)
    form = CheckInForm(posted(request))
    write = partial(services.record_checkin, space=space, owner=request.user)
    checkin = submit(request, form, form.answered(write), field_messages=True)
    if checkin is not None:
        target = reverse("safety:checkin", args=[checkin.pk])
        nxt = _safe_next(request)
        if nxt and checkin.settled:
            messages.success(request, "Checked in. You seem settled enough to go on.")
            return redirect(nxt)
        if nxt:
            target += f"?next={nxt}"
        return redirect(target)
    context = _safety_context(request, space)
    context.update(
        {
            "form": form,
            "next": _safe_next(request) or "",
            "source": flooding.SOURCE,
            "welcome_back": request.method == "GET" and request.GET.get("back") == "1",
        }
    )
    return render(request, "safety/safety.html", context, status=400 if form.errors else 200)


@signed_in("GET")
def checkin_detail(request: HttpRequest, checkin_id: int) -> HttpResponse:
    checkin = get_record_for_viewer(SafetyCheckIn, request.user, checkin_id)
    is_mine = checkin.owner_id == request.user.pk
    # Private help for the person themselves when they say they do not feel safe.
    low_help = help_for(["fear"], checkin.space) if is_mine and checkin.low_safety else None
    return render(
        request,
        "safety/checkin_detail.html",
        {
            "checkin": checkin,
            "space": checkin.space,
            "is_mine": is_mine,
            "pause_form": PauseForm(),
            "source": flooding.SOURCE,
            "next": _safe_next(request) or "",
            "open_pause": selectors.open_pause(request.user, checkin.space_id) if is_mine else None,
            "low_help": low_help,
            # What this check-in's heart rate was compared with, from the resting rate stored
            # with it (None: the 100 bpm rule).
            "threshold": flooding.heart_rate_baseline(
                int(checkin.baseline) if checkin.baseline else None
            ).threshold,
            "quick_pauses": QUICK_PAUSES,
        },
    )


@signed_in("GET", "POST")
def heart_rate_profile(request: HttpRequest, space_id: int) -> HttpResponse:
    """My resting rate and sleep hours: one record, used in every space."""
    space = get_space_for_member(request.user, space_id)
    heart = selectors.heart_rate_settings(request.user)
    profile = heart.profile
    initial = (
        {
            "resting_bpm": profile.resting_bpm,
            "sleep_start": profile.sleep_start,
            "sleep_end": profile.sleep_end,
        }
        if profile is not None
        else {}
    )
    form = HeartRateProfileForm(posted(request), initial=initial)
    write = partial(services.set_heart_rate_profile, space=space, owner=request.user)
    if submit(request, form, write, field_messages=True):
        messages.success(request, "Saved. Only you can see your resting rate.")
        return redirect("safety:home", space.pk)
    return render(
        request,
        "safety/heart_rate_profile.html",
        {
            "space": space,
            "form": form,
            "baseline": heart.baseline,
            "sleep_note": heart.sleep_note,
            "source": flooding.SOURCE,
        },
        status=400 if form.errors else 200,
    )


@signed_in("POST")
def heart_rate_import(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    form = HeartRateUploadForm(request.POST, request.FILES)
    error = None
    if not form.is_valid():
        error = "Choose a CSV or FIT file to import."
    else:
        upload = form.cleaned_data["file"]
        limit = settings.MEND_MAX_UPLOAD_BYTES
        if upload.size > limit:
            error = (
                f"The file is {upload.size:,} bytes; the limit is {limit:,}. Nothing was imported."
            )
        else:
            try:
                batch = services.import_heart_rate(
                    space=space, owner=request.user, filename=upload.name, data=upload.read()
                )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    f"Imported {batch.sample_count:,} heart-rate readings. Only you can see them.",
                )
                return redirect("safety:home", space.pk)
    context = _safety_context(request, space)
    context.update(
        {"form": CheckInForm(), "import_error": error, "source": flooding.SOURCE, "next": ""}
    )
    return render(request, "safety/safety.html", context, status=400)


def _pause(*, user: Any, space: Space, conv: Conversation | None, minutes: int) -> Pause:
    """A pause of ``minutes`` from now, of the conversation ``conv`` or of the person alone."""
    now = timezone.now()
    planned = services.pause_return_from_minutes(minutes, now)
    if conv is not None:
        return services.pause_conversation(
            conversation=conv, user=user, planned_return=planned, now=now
        )
    return services.request_pause(space=space, owner=user, planned_return=planned, now=now)


def _pause_page(
    request: HttpRequest, space: Space, conversation: Conversation | None
) -> HttpResponse:
    if request.method != "POST":
        current = selectors.open_pause(request.user, space)
        if current is not None:
            # One pause at a time: the page for a new one would only end in a conflict.
            return redirect("safety:pause", current.pk)
    form = PauseForm(posted(request))
    pause = submit(
        request, form, partial(_pause, user=request.user, space=space, conv=conversation)
    )
    if pause is not None:
        return redirect("safety:pause", pause.pk)
    return render(
        request,
        "safety/pause_form.html",
        {"space": space, "form": form, "conversation": conversation},
        status=page_status(form),
    )


@signed_in("GET", "POST")
def pause_new(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    return _pause_page(request, space, None)


@signed_in("GET", "POST")
def conversation_pause(request: HttpRequest, conv_id: int) -> HttpResponse:
    conv = get_conversation_for_participant(request.user, conv_id)
    return _pause_page(request, conv.space, conv)


@signed_in("GET")
def pause_detail(request: HttpRequest, pause_id: int) -> HttpResponse:
    pause = get_record_for_viewer(Pause, request.user, pause_id)
    now = timezone.now()
    left = flooding.remaining(pause.started_at, now)
    return render(
        request,
        "safety/pause_detail.html",
        {
            "pause": pause,
            "space": pause.space,
            "is_mine": pause.owner_id == request.user.pk,
            "notice": selectors.pause_notice(pause, request.user, now),
            "remaining_seconds": int(left.total_seconds()),
            "can_resume": flooding.can_resume(pause.started_at, now),
            "resume_at": clock(
                flooding.resume_at(pause.started_at), request.user, now=now, seconds=True
            ),
            "planned_return": clock(pause.planned_return, request.user, now=now),
            "breathing": flooding.BREATHING,
            "soothing": flooding.SELF_SOOTHING,
            "source": flooding.SOURCE,
        },
    )


@signed_in("POST")
def pause_resume(request: HttpRequest, pause_id: int) -> HttpResponse:
    pause = get_record_for_owner(Pause, request.user, pause_id)
    try:
        services.resume_pause(pause=pause, user=request.user)
    except DomainError as exc:
        # The API answers 409; a browser goes back to the pause page, message on top.
        messages.error(request, exc.message)
        return redirect("safety:pause", pause.pk)
    # "Welcome back" is shown inside the check-in form the page scrolls to (a message on top
    # of the page would be scrolled out of view by the #check-in anchor).
    url = reverse("safety:home", args=[pause.space_id]) + "?back=1"
    if pause.conversation_id:
        url += "&next=" + reverse("safety:conversation", args=[pause.conversation_id])
    return redirect(url + "#check-in")


# --- conversations ----------------------------------------------------------------------


@signed_in("GET", "POST")
def conversation_new(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    partners = User.objects.filter(
        memberships__space=space, memberships__left_at__isnull=True
    ).exclude(pk=request.user.pk or 0)
    breaches = space_selectors.breaches_visible_to(request.user, space)
    form = ConversationForm(
        posted(request),
        partners=partners,
        breaches=breaches,
        initial={"topic": request.GET.get("topic", "")[:120]},
    )
    conv = submit(
        request, form, partial(services.start_conversation, space=space, starter=request.user)
    )
    if conv is not None:
        return redirect("safety:conversation", conv.pk)
    return render(
        request,
        "safety/conversation_new.html",
        {"space": space, "form": form, "has_partners": partners.exists()},
        status=page_status(form),
    )


def _outcome_links(space_id: int) -> dict[str, str]:
    return {
        "apology": reverse("apology:compose", args=[space_id]),
        "commitments": reverse("commitments:new", args=[space_id]),
    }


def _conversation_context(request: HttpRequest, conv: Conversation) -> dict[str, Any]:
    user = request.user
    now = timezone.now()
    ctx: dict[str, Any] = {
        "conv": conv,
        "space": conv.space,
        "other": conv.partner if conv.owner_id == user.pk else conv.owner,
        "is_speaker": conv.speaker_id == user.pk,
        "is_listener": conv.listener_id == user.pk,
        "state_url": reverse("safety:conversation_state", args=[conv.pk]) + f"?v={conv.version}",
    }
    if conv.phase == Phase.GATE:
        ctx["gate"] = selectors.gate_for(conv, viewer=user, now=now)
        ctx["end_form"] = EndForm()
        ctx["next_step"] = conv.step + 1
    elif conv.phase == Phase.SPEAKING and ctx["is_speaker"]:
        ctx["note_form"] = NoteForm(initial={"step": conv.step}, label="What I want to say")
    elif conv.phase == Phase.SUMMARISING and ctx["is_listener"]:
        ctx["note_form"] = NoteForm(initial={"step": conv.step}, label="What I heard you say")
    elif conv.phase == Phase.OFFERING:
        done = conv.owner_offered if conv.owner_id == user.pk else conv.partner_offered
        ctx["keep_done"] = done
        if not done:
            ctx["keep_form"] = KeepForm(
                notes=list(selectors.my_notes(user, conv)),
                label="Which of your notes would you like to keep in the space?",
            )
    elif conv.phase == Phase.AGREEING:
        done = conv.owner_agreed if conv.owner_id == user.pk else conv.partner_agreed
        ctx["keep_done"] = done
        if not done:
            ctx["keep_form"] = KeepForm(
                notes=offered_notes_for_review(user, conv),
                label=f"{ctx['other']} would like to keep these notes. Which do you agree to keep?",
            )
    elif conv.phase == Phase.ENDED:
        kept = list(selectors.kept_notes(user, conv))
        log_reads(actor=user, records=kept)
        ctx["kept"] = kept
        ctx["links"] = _outcome_links(conv.space_id)
    ctx["my_notes"] = list(selectors.my_notes(user, conv))
    # Red-flag phrases in the notes this person wrote bring help to them only (my_notes is
    # owner-only), as on a breach page; the other person never sees it.
    ctx["safety_help"] = free_text_help(
        user, *(note.text for note in ctx["my_notes"]), space=conv.space
    )
    return ctx


@signed_in("GET")
def conversation_detail(request: HttpRequest, conv_id: int) -> HttpResponse:
    conv = get_conversation_for_participant(request.user, conv_id)
    return render(request, "safety/conversation_detail.html", _conversation_context(request, conv))


@signed_in("GET")
def conversation_state(request: HttpRequest, conv_id: int) -> HttpResponse:
    """The htmx-polled panel. 204 (htmx leaves the page alone) when nothing changed and no
    check-in gate is waiting, so a half-written note is never wiped."""
    conv = get_conversation_for_participant(request.user, conv_id)
    seen = request.GET.get("v", "")
    if conv.phase != Phase.GATE and seen == str(conv.version):
        return HttpResponse(status=204)
    return render(
        request, "safety/includes/conversation_state.html", _conversation_context(request, conv)
    )


@signed_in("POST")
def conversation_act(request: HttpRequest, conv_id: int, action: str) -> HttpResponse:
    """Begin a step, a turn, a summary, the end, or which notes to keep (the URL names it)."""
    conv = get_conversation_for_participant(request.user, conv_id)
    try:
        if action == "begin":
            services.begin_step(
                conversation=conv, user=request.user, step=whole_number(request.POST.get("step"))
            )
        elif action in ("turn", "summary"):
            form = NoteForm(request.POST)
            if not form.is_valid():
                first = next(iter(form.errors.values()))[0]
                raise DomainError(f"Your note: {first}", status=400)
            submit = services.submit_turn if action == "turn" else services.submit_summary
            submit(
                conversation=conv,
                user=request.user,
                text=form.cleaned_data["text"],
                step=form.cleaned_data["step"],
            )
        elif action == "end":
            end_form = EndForm(request.POST)
            if not end_form.is_valid():
                raise DomainError("Choose how the conversation ends.", status=400)
            services.end_conversation(
                conversation=conv, user=request.user, outcome=end_form.cleaned_data["outcome"]
            )
        elif action == "keep":
            raw = request.POST.getlist("note_ids")
            note_ids = [n for n in map(whole_number, raw) if n is not None]
            if len(note_ids) != len(raw):
                raise DomainError("Choose notes from the list.", status=400)
            services.keep_notes(conversation=conv, user=request.user, note_ids=note_ids)
    except DomainError as exc:
        conv.refresh_from_db()
        ctx = _conversation_context(request, conv)
        ctx["error"] = exc.message
        return render(request, "safety/conversation_detail.html", ctx, status=exc.status)
    return redirect("safety:conversation", conv.pk)
