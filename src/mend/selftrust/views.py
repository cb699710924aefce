"""Self-trust pages. Thin: access helper, form, service, template."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Any, TypeVar

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString

from mend.audit.services import log_reads
from mend.core.charts import Series, svg_chart
from mend.core.exceptions import DomainError
from mend.core.forms import act, posted, refused, submit
from mend.core.pages import signed_in
from mend.domain.questionnaires import INSTRUMENTS, NOT_INCLUDED, QuestionnaireError, get_instrument
from mend.screening.help import free_text_help
from mend.selftrust import lock, selectors, services
from mend.selftrust.forms import (
    BoundaryEventForm,
    BoundaryForm,
    ChangePassphraseForm,
    CurrentPassphraseForm,
    GutCheckForm,
    JournalForm,
    PersonalVisibilityForm,
    QuestionnaireForm,
    RecoverForm,
    ResolveForm,
    SelfRatingForm,
    SetPassphraseForm,
    UnlockForm,
)
from mend.selftrust.models import (
    Boundary,
    GutCheck,
    JournalEntry,
    QuestionnaireResult,
    decrypt_entries,
)
from mend.spaces.access import (
    get_record_for_owner,
    get_record_for_viewer,
    get_space_for_counsellor,
    get_space_for_member,
    is_member,
)
from mend.spaces.forms import VisibilityForm, answers_page
from mend.spaces.models import Space
from mend.spaces.sharing import change_sharing
from mend.spaces.visibility import Visibility
from mend.vault import personal
from mend.vault.crypto import VaultKeyError, VaultLocked

M = TypeVar("M", bound=Model)


def _key_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A journal that cannot be decrypted answers a clear page, never a crash."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except VaultLocked:
            return _locked_page(request)
        except VaultKeyError as exc:
            return render(request, "selftrust/key_error.html", {"message": str(exc)}, status=503)

    return wrapper


def _unlocked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The person's own pages ask for their passphrase first when they set one and this
    session has not unlocked it (a calm form, nothing else on the page). Text that turns out
    to be locked later in a view answers the same, and a key that fails a clear page
    (``_key_errors``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if personal.is_locked(request.user):
            return _locked_page(request)
        return view(request, *args, **kwargs)

    return _key_errors(wrapper)


def _next_url(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("selftrust:lock")


def _locked_page(request: HttpRequest, form: Any = None, status: int = 423) -> HttpResponse:
    target = request.get_full_path() if request.method == "GET" else request.POST.get("next")
    return render(
        request,
        "selftrust/locked.html",
        {"form": form or UnlockForm(initial={"next": _next_url(request, target)})},
        status=status,
    )


def _ctx(request: HttpRequest, space: Space, section: str, **extra: Any) -> dict[str, Any]:
    return {
        "space": space,
        "section": section,
        "member": is_member(request.user, space.pk),
        **extra,
    }


def _writer_help(request: HttpRequest, record: Any, *texts: str) -> Any:
    """Safety help for red-flag phrases, to the person who wrote them only, never to readers."""
    if record.owner_id != request.user.pk:
        return None
    return free_text_help(request.user, *texts, space=record.space)


def _mine(
    request: HttpRequest, visible_to: Callable[[Any, Space], QuerySet[M]], space: Space
) -> QuerySet[M]:
    """What the person wrote themselves, of the kind ``visible_to`` lists (which also holds
    what others shared with them), in ``space``."""
    return visible_to(request.user, space).filter(owner_id=request.user.pk)


_ZERO_TO_TEN = [(v, str(v)) for v in range(0, 11, 2)]


def _ratings_chart(ratings: list[Any], safety: list[tuple[Any, float]]) -> SafeString:
    series = [
        Series("Trust my judgement", [(r.rated_on, r.trust_judgement) for r in ratings], "#1f5f99"),
        Series(
            "Able to say no",
            [(r.rated_on, r.said_no) for r in ratings if r.said_no is not None],
            "#b3541e",
        ),
        Series("Felt safe (check-ins)", safety, "#2e7d4f", kind="dashed"),
    ]
    return svg_chart(
        ident="ratings-chart",
        title="Your self-ratings over time",
        desc="Your daily self-ratings from 0 to 10, with how safe you felt in your safety "
        "check-ins; the same numbers are in the table below.",
        y_min=0,
        y_max=10,
        y_ticks=_ZERO_TO_TEN,
        series=series,
    )


@signed_in("GET")
@_unlocked
def home(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    ratings = list(_mine(request, selectors.ratings_visible_to, space)[:60])
    return render(
        request,
        "selftrust/home.html",
        _ctx(
            request,
            space,
            "home",
            entry_count=_mine(request, selectors.journal_visible_to, space).count(),
            boundary_count=_mine(request, selectors.boundaries_visible_to, space).count(),
            calibration=selectors.my_calibration(request.user, space),
            latest_rating=ratings[0] if ratings else None,
            chart=_ratings_chart(ratings, []),
        ),
    )


# --- Journal -----------------------------------------------------------------------------


@signed_in("GET")
@_unlocked
def journal_list(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    entries = decrypt_entries(selectors.journal_visible_to(request.user, space)[:100])
    log_reads(actor=request.user, records=entries)
    return render(
        request, "selftrust/journal_list.html", _ctx(request, space, "journal", entries=entries)
    )


@signed_in("GET", "POST")
@_unlocked
def journal_new(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    form = JournalForm(posted(request))
    entry = submit(request, form, partial(services.create_entry, space=space, owner=request.user))
    if entry is not None:
        messages.success(request, "Saved. Only you can read it.")
        return redirect("selftrust:journal_entry", entry.pk)
    return render(
        request,
        "selftrust/journal_form.html",
        _ctx(request, space, "journal", form=form),
        status=400 if form.errors else 200,
    )


@signed_in("GET")
@_unlocked
def journal_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_record_for_viewer(JournalEntry, request.user, entry_id)
    decrypt_entries([entry])
    return render(
        request,
        "selftrust/journal_entry.html",
        _ctx(
            request,
            entry.space,
            "journal",
            entry=entry,
            sharing_form=PersonalVisibilityForm(initial={"visibility": entry.visibility}),
            safety_help=_writer_help(request, entry, entry.title, entry.body),
        ),
    )


@signed_in("GET", "POST")
@_unlocked
def journal_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_record_for_owner(JournalEntry, request.user, entry_id)
    decrypt_entries([entry])
    initial = {"title": entry.title, "body": entry.body, "visibility": entry.visibility}
    form = JournalForm(posted(request), initial=initial)
    if submit(request, form, partial(services.update_entry, entry=entry, user=request.user)):
        messages.success(request, "Saved.")
        return redirect("selftrust:journal_entry", entry.pk)
    return render(
        request,
        "selftrust/journal_form.html",
        _ctx(request, entry.space, "journal", form=form, entry=entry),
        status=400 if form.errors else 200,
    )


@signed_in("POST")
@_unlocked
def journal_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _delete(request, JournalEntry, entry_id, "The entry is deleted.", "selftrust:journal")


def _delete(request: HttpRequest, model: Any, pk: int, done: str, then: str) -> HttpResponse:
    """The owner deletes a record; back to the list it was in (URL name ``then``)."""
    found = get_record_for_owner(model, request.user, pk)
    space_id = found.space_id
    services.delete_record(record=found, user=request.user)
    messages.success(request, done)
    return redirect(then, space_id)


def _personal_sharing(
    request: HttpRequest,
    model: type[Model],
    record_id: int,
    *,
    then: str,
    page: Callable[..., HttpResponse],
    what: str,
) -> HttpResponse:
    """``change_sharing`` for a personal record (a journal entry, questionnaire answers): shared
    with the person's counsellor at most, never the space; ``what`` names the kind of record
    in the refusal of any other choice."""
    change = partial(services.set_personal_visibility, what=what)
    return change_sharing(
        request,
        model,
        record_id,
        then=then,
        page=page,
        form_class=PersonalVisibilityForm,
        change=change,
    )


def _journal_sharing_refused(
    request: HttpRequest, entry: JournalEntry, *, form: Any, status: int
) -> HttpResponse:
    decrypt_entries([entry])
    context = _ctx(request, entry.space, "journal", entry=entry, sharing_form=form)
    return render(request, "selftrust/journal_entry.html", context, status=status)


@signed_in("POST")
@_unlocked
def journal_sharing(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _personal_sharing(
        request,
        JournalEntry,
        entry_id,
        then="selftrust:journal_entry",
        page=_journal_sharing_refused,
        what="Journal entries",
    )


# --- Boundaries --------------------------------------------------------------------------


@signed_in("GET", "POST")
@_unlocked
def boundaries(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    form = BoundaryForm(posted(request))
    boundary = submit(
        request, form, partial(services.create_boundary, space=space, owner=request.user)
    )
    if boundary is not None:
        return redirect("selftrust:boundary", boundary.pk)
    visible = list(selectors.boundaries_visible_to(request.user, space))
    log_reads(actor=request.user, records=visible)
    mine = [b for b in visible if b.owner_id == request.user.pk]
    others = [b for b in visible if b.owner_id != request.user.pk]
    return render(
        request,
        "selftrust/boundaries.html",
        _ctx(request, space, "boundaries", form=form, mine=mine, others=others),
        status=400 if form.errors else 200,
    )


def _boundary_page(
    request: HttpRequest, boundary: Boundary, *, event_form: Any = None, status: int = 200
) -> HttpResponse:
    events = list(boundary.events.order_by("-occurred_on", "-created_at", "-id"))
    # Shared with anyone (space or counsellor): its history and notes are read with it.
    is_shared = boundary.visibility != Visibility.PRIVATE
    return render(
        request,
        "selftrust/boundary.html",
        _ctx(
            request,
            boundary.space,
            "boundaries",
            boundary=boundary,
            events=events,
            event_form=event_form or BoundaryEventForm(shared=is_shared),
            sharing_form=VisibilityForm(initial={"visibility": boundary.visibility}),
            is_shared=is_shared,
            safety_help=_writer_help(
                request,
                boundary,
                boundary.statement,
                boundary.why,
                boundary.if_crossed,
                *(e.note for e in events),
            ),
        ),
        status=status,
    )


@signed_in("GET")
@_unlocked
def boundary(request: HttpRequest, boundary_id: int) -> HttpResponse:
    return _boundary_page(request, get_record_for_viewer(Boundary, request.user, boundary_id))


@signed_in("POST")
@_unlocked
def boundary_event(request: HttpRequest, boundary_id: int) -> HttpResponse:
    found = get_record_for_owner(Boundary, request.user, boundary_id)
    form = BoundaryEventForm(request.POST, shared=found.visibility != Visibility.PRIVATE)
    if submit(
        request, form, partial(services.add_boundary_event, boundary=found, user=request.user)
    ):
        messages.success(request, "Added to this boundary's history.")
        return redirect("selftrust:boundary", found.pk)
    return _boundary_page(request, found, event_form=form, status=400)


def _boundary_sharing_refused(request: HttpRequest, found: Boundary, **_: Any) -> HttpResponse:
    # The boundary's page keeps its own sharing form; the message says what to fix.
    messages.error(request, "Choose who can see this.")
    return _boundary_page(request, found, status=400)


@signed_in("POST")
@_unlocked
def boundary_sharing(request: HttpRequest, boundary_id: int) -> HttpResponse:
    return change_sharing(
        request, Boundary, boundary_id, then="selftrust:boundary", page=_boundary_sharing_refused
    )


@signed_in("POST")
@_unlocked
def boundary_delete(request: HttpRequest, boundary_id: int) -> HttpResponse:
    done = "The boundary and its history are deleted."
    return _delete(request, Boundary, boundary_id, done, "selftrust:boundaries")


# --- Intuition ---------------------------------------------------------------------------


@signed_in("GET", "POST")
@_unlocked
def intuition(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    form = GutCheckForm(posted(request))
    if submit(request, form, partial(services.create_gut_check, space=space, owner=request.user)):
        messages.success(request, "Noted. Come back when you know what happened.")
        return redirect("selftrust:intuition", space.pk)
    checks = list(_mine(request, selectors.gut_checks_visible_to, space))
    return render(
        request,
        "selftrust/intuition.html",
        _ctx(
            request,
            space,
            "intuition",
            form=form,
            open_checks=[c for c in checks if not c.is_resolved],
            resolved=[c for c in checks if c.is_resolved],
            resolve_form=ResolveForm(),
            calibration=selectors.my_calibration(request.user, space),
        ),
        status=400 if form.errors else 200,
    )


@signed_in("POST")
@_unlocked
def intuition_resolve(request: HttpRequest, gut_check_id: int) -> HttpResponse:
    check = get_record_for_owner(GutCheck, request.user, gut_check_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        back = reverse("selftrust:intuition", args=[check.space_id])
        return refused(request, "Choose whether it was borne out: yes, partly or no.", back=back)
    act(
        request,
        partial(
            services.resolve_gut_check, gut_check=check, user=request.user, **form.cleaned_data
        ),
        done="Recorded. Thank you for checking back.",
    )
    return redirect("selftrust:intuition", check.space_id)


# --- Self-ratings ------------------------------------------------------------------------


@signed_in("GET", "POST")
@_unlocked
def ratings(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    form = SelfRatingForm(posted(request))
    if submit(request, form, partial(services.record_self_rating, space=space, owner=request.user)):
        messages.success(request, "Today's rating is saved.")
        return redirect("selftrust:ratings", space.pk)
    rows = list(_mine(request, selectors.ratings_visible_to, space)[:120])
    safety = selectors.safety_series(request.user, space)
    return render(
        request,
        "selftrust/ratings.html",
        _ctx(
            request,
            space,
            "ratings",
            form=form,
            ratings=rows,
            chart=_ratings_chart(rows, safety),
            safety=safety,
        ),
        status=400 if form.errors else 200,
    )


# --- Questionnaires ----------------------------------------------------------------------


@signed_in("GET")
@_unlocked
def questionnaires(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    results = list(_mine(request, selectors.results_visible_to, space)[:200])
    by_instrument = []
    for instrument in INSTRUMENTS.values():
        mine = [r for r in results if r.instrument_id == instrument.id]
        low, high = int(instrument.min_total), int(instrument.max_total)  # CSI-4: sum scoring
        step = max(1, (high - low) // 5)
        chart = svg_chart(
            ident=f"{instrument.id}-chart",
            title=f"Your {instrument.short_name} scores over time",
            desc="Your scores; the same numbers are in the table.",
            y_min=instrument.min_total,
            y_max=instrument.max_total,
            y_ticks=[(v, str(v)) for v in range(low, high + 1, step)],
            series=[Series("Score", [(r.created_at, r.total) for r in mine], "#1f5f99")],
        )
        by_instrument.append({"instrument": instrument, "results": mine, "chart": chart})
    return render(
        request,
        "selftrust/questionnaires.html",
        _ctx(
            request,
            space,
            "questionnaires",
            by_instrument=by_instrument,
            not_included=NOT_INCLUDED,
        ),
    )


@signed_in("GET", "POST")
@_unlocked
def questionnaire_take(request: HttpRequest, space_id: int, instrument_id: str) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    try:
        instrument = get_instrument(instrument_id)
    except QuestionnaireError as exc:
        raise Http404 from exc
    form = QuestionnaireForm(posted(request), instrument=instrument)
    write = partial(
        services.submit_questionnaire, space=space, owner=request.user, instrument_id=instrument.id
    )
    return answers_page(
        request,
        form,
        write,
        result="selftrust:result",
        template="selftrust/questionnaire_form.html",
        context=_ctx(request, space, "questionnaires", form=form, instrument=instrument),
    )


def _result_page(
    request: HttpRequest, result: QuestionnaireResult, *, form: Any = None, status: int = 200
) -> HttpResponse:
    instrument = INSTRUMENTS.get(result.instrument_id)
    return render(
        request,
        "selftrust/result.html",
        _ctx(
            request,
            result.space,
            "questionnaires",
            result=result,
            instrument=instrument,
            interpretation=instrument.interpret(result.total) if instrument else "",
            sharing_form=form or PersonalVisibilityForm(initial={"visibility": result.visibility}),
        ),
        status=status,
    )


@signed_in("GET")
@_unlocked
def result(request: HttpRequest, result_id: int) -> HttpResponse:
    return _result_page(
        request, get_record_for_viewer(QuestionnaireResult, request.user, result_id)
    )


@signed_in("POST")
@_unlocked
def result_sharing(request: HttpRequest, result_id: int) -> HttpResponse:
    return _personal_sharing(
        request,
        QuestionnaireResult,
        result_id,
        then="selftrust:result",
        page=_result_page,
        what="Questionnaire answers",
    )


# --- Counsellor --------------------------------------------------------------------------


@signed_in("GET")
@_key_errors
def shared_with_me(request: HttpRequest, space_id: int) -> HttpResponse:
    """For a counsellor: what members of this space chose to share with them."""
    space = get_space_for_counsellor(request.user, space_id)
    user = request.user
    entries = decrypt_entries(
        selectors.journal_visible_to(user, space).exclude(owner_id=user.pk)[:100]
    )
    found_boundaries = list(
        selectors.boundaries_visible_to(user, space).exclude(owner_id=user.pk)[:100]
    )
    checks = list(selectors.gut_checks_visible_to(user, space).exclude(owner_id=user.pk)[:100])
    found_ratings = list(selectors.ratings_visible_to(user, space).exclude(owner_id=user.pk)[:100])
    results = list(selectors.results_visible_to(user, space).exclude(owner_id=user.pk)[:100])
    for group in (entries, found_boundaries, checks, found_ratings, results):
        log_reads(actor=user, records=group, role="counsellor")
    return render(
        request,
        "selftrust/shared.html",
        _ctx(
            request,
            space,
            "shared",
            entries=entries,
            boundaries=found_boundaries,
            checks=checks,
            ratings=found_ratings,
            results=results,
            instruments=INSTRUMENTS,
        ),
    )


# --- A lock of one's own -------------------------------------------------------------------


def _remembered(request: HttpRequest, response: HttpResponse, key: bytes) -> HttpResponse:
    personal.remember(request, response, user=request.user, key=key)
    lock.known_from_now_on(request, response)
    return response


def _codes_page(request: HttpRequest, codes: list[str], key: bytes, *, first: bool) -> HttpResponse:
    # Shown once, in the answer to the POST: never stored, never in a later page.
    response = render(request, "selftrust/recovery_codes.html", {"codes": codes, "first": first})
    return _remembered(request, response, key)


# What the e-mail notice says for each change of the lock (see ACCOUNT_EMAIL_NOTIFICATIONS).
LOCK_NOTICES = {
    "set": "A passphrase now locks your private self-trust space.",
    "change": "The passphrase of your private self-trust space was changed.",
    "remove": "The passphrase of your private self-trust space was removed.",
    "codes": "New recovery codes were made for your self-trust passphrase.",
    "recover": "A recovery code was used to set a new self-trust passphrase.",
}


def _notify_lock_change(request: HttpRequest, change: str) -> None:
    get_adapter(request).send_notification_mail(
        "selftrust/email/lock_changed", request.user, {"change": LOCK_NOTICES[change]}
    )


@signed_in("GET", "POST")
def lock_settings(request: HttpRequest) -> HttpResponse:
    """Set, change or remove the passphrase, or make new recovery codes (one page)."""
    state = personal.state(request.user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms_by_action: dict[str, Any] = {
        "set": SetPassphraseForm(request.POST if action == "set" else None),
        "change": ChangePassphraseForm(request.POST if action == "change" else None),
        "remove": CurrentPassphraseForm(
            request.POST if action == "remove" else None, prefix="remove"
        ),
        "codes": CurrentPassphraseForm(request.POST if action == "codes" else None, prefix="codes"),
    }
    form = forms_by_action.get(action)
    if request.method == "POST" and form is None:
        messages.error(request, "Choose what to do with the passphrase.")
    elif form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "set":
                codes, key = services.set_passphrase(
                    user=request.user, passphrase=data["passphrase"], confirm=data["confirm"]
                )
                _notify_lock_change(request, action)
                return _codes_page(request, codes, key, first=True)
            if action == "change":
                key = lock.attempt(request, services.change_passphrase, **data)
                _notify_lock_change(request, action)
                messages.success(request, "Passphrase changed. Your recovery codes still work.")
                return _remembered(request, redirect("selftrust:lock"), key)
            if action == "remove":
                lock.attempt(request, services.remove_passphrase, **data)
                _notify_lock_change(request, action)
                messages.success(
                    request, "The passphrase is removed: the server's key protects these again."
                )
                return redirect("selftrust:lock")
            codes, key = lock.attempt(request, services.new_recovery_codes, **data)
            _notify_lock_change(request, action)
            return _codes_page(request, codes, key, first=False)
        except DomainError as exc:
            form.add_error(_error_field(form, exc), exc.message)
    return render(
        request,
        "selftrust/lock.html",
        {"state": state, **forms_by_action},
        # A POST that reaches the page again changed nothing: no action, or a refusal.
        status=400 if request.method == "POST" else 200,
    )


def _error_field(form: Any, exc: DomainError) -> str | None:
    for name in exc.fields:
        if name in form.fields:
            return name
    if "passphrase" in exc.fields and "current" in form.fields:
        return "current"
    return None


@signed_in("GET", "POST")
def unlock(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        if not personal.is_locked(request.user):
            return redirect(_next_url(request, request.GET.get("next")))
        return _locked_page(request, status=200)
    form = UnlockForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            key = lock.unlock(request, form.cleaned_data["passphrase"])
        except DomainError as exc:
            if exc.code == "not_locked":
                return redirect(_next_url(request, form.cleaned_data["next"]))
            form.add_error("passphrase", exc.message)
            status = 429 if exc.status == 429 else 400
        else:
            return _remembered(
                request, redirect(_next_url(request, form.cleaned_data["next"])), key
            )
    return _locked_page(request, form=form, status=status)


@signed_in("GET", "POST")
def recover(request: HttpRequest) -> HttpResponse:
    form = RecoverForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            key = lock.attempt(request, services.recover, **data)
        except DomainError as exc:
            form.add_error("code" if exc.code == "wrong_passphrase" else None, exc.message)
        else:
            _notify_lock_change(request, "recover")
            messages.success(
                request,
                "Unlocked, with your new passphrase. That recovery code is used up; the others "
                "still work.",
            )
            return _remembered(request, redirect("selftrust:lock"), key)
    return render(
        request, "selftrust/recover.html", {"form": form}, status=400 if form.errors else 200
    )


@signed_in("POST")
def lock_now(request: HttpRequest) -> HttpResponse:
    response = redirect("selftrust:lock")
    personal.forget(request, response)
    messages.success(request, "Locked. Your passphrase opens it again.")
    return response
