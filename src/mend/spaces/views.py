from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from mend.audit.services import log_reads
from mend.core.exceptions import DomainError
from mend.core.forms import act, decision, no_decision, posted, submit
from mend.core.pages import signed_in
from mend.spaces import selectors, services, signup
from mend.spaces.access import get_record_for_viewer, get_space_for_member
from mend.spaces.forms import BreachForm, SpaceForm, VisibilityForm
from mend.spaces.models import Breach, JoinRequest
from mend.spaces.sharing import change_sharing


@signed_in("GET", "POST")
def space_list(request: HttpRequest) -> HttpResponse:
    form = SpaceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        space = services.create_space(
            creator=request.user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
        )
        messages.success(request, f"“{space.name}” is ready. Invite the others when you are.")
        return redirect("spaces:detail", space.pk)
    spaces = list(selectors.spaces_for_member(request.user))
    return render(
        request,
        "spaces/space_list.html",
        {"spaces": spaces, "form": form, "my_joins": selectors.my_pending_joins(request.user)},
        status=400 if form.errors else 200,
    )


@signed_in("GET")
def space_detail(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    members = selectors.active_members(space)
    breaches = list(selectors.breaches_visible_to(request.user, space)[:50])
    log_reads(actor=request.user, records=breaches)
    return render(
        request,
        "spaces/space_detail.html",
        {
            "space": space,
            "members": members,
            "breaches": breaches,
            "invitations": selectors.open_invitations(space),
            "pending_joins": selectors.pending_joins(space),
            "new_invite_url": request.session.pop(f"invite-url-{space.pk}", None),
        },
    )


@signed_in("POST")
def invite(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    _invitation, secret = services.create_invitation(space=space, inviter=request.user)
    # The link is shown once, on the next page; only its digest is stored.
    request.session[f"invite-url-{space.pk}"] = request.build_absolute_uri(
        reverse("spaces:join", args=[secret])
    )
    return redirect("spaces:detail", space.pk)


@signed_in("POST")
def revoke_invitation(request: HttpRequest, space_id: int, invitation_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    act(
        request,
        partial(services.revoke_invitation, space=space, invitation_id=invitation_id),
        done="The invitation link no longer works.",
    )
    return redirect("spaces:detail", space.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = services.invitation_for_secret(secret)
    if not request.user.is_authenticated:
        if invitation is not None and invitation.status == "open":
            # Lets this visitor create an account when sign-up is by invitation only.
            signup.remember_invitation(request, invitation)
        return render(
            request,
            "spaces/join_signin.html",
            {"invitation": invitation, "next": request.path},
            status=200 if invitation else 404,
        )
    if request.method == "POST":
        try:
            join_request = services.accept_invitation(secret=secret, user=request.user)
        except DomainError as exc:
            return render(
                request,
                "spaces/join.html",
                {"invitation": invitation, "error": exc.message},
                status=exc.status,
            )
        if join_request.status == JoinRequest.Status.JOINED:
            messages.success(request, f"You have joined “{join_request.space.name}”.")
            return redirect("spaces:detail", join_request.space_id)
        return redirect("spaces:list")
    status = 200 if invitation is not None and invitation.status == "open" else 404
    return render(request, "spaces/join.html", {"invitation": invitation}, status=status)


@signed_in("POST")
def decide_join(request: HttpRequest, space_id: int, request_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    agree = decision(request, agree="agree", refuse="refuse")
    if agree is None:
        return no_decision(request, "Agree", "Refuse")
    try:
        join_request = services.decide_join(
            space=space, member=request.user, request_id=request_id, agree=agree
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if join_request.status == JoinRequest.Status.JOINED:
            messages.success(request, f"{join_request.user} has joined.")
        elif join_request.status == JoinRequest.Status.REFUSED:
            messages.success(request, f"{join_request.user} will not join.")
        else:
            messages.success(request, "Thank you. The others still have to answer.")
    return redirect("spaces:detail", space.pk)


@signed_in("POST")
def withdraw_join(request: HttpRequest, request_id: int) -> HttpResponse:
    act(
        request,
        partial(services.withdraw_join, user=request.user, request_id=request_id),
        done="Your request to join was withdrawn.",
    )
    return redirect("spaces:list")


@signed_in("GET", "POST")
def leave(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    if request.method == "POST":
        services.leave_space(space=space, user=request.user)
        messages.success(
            request, f"You have left “{space.name}”. The others no longer see your entries."
        )
        return redirect("spaces:list")
    return render(request, "spaces/leave.html", {"space": space})


@signed_in("GET", "POST")
def breach_new(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    members = selectors.active_members(space)
    form = BreachForm(posted(request), members=members, me=request.user)
    breach = submit(request, form, partial(services.create_breach, space=space, owner=request.user))
    if breach is not None:
        return redirect("spaces:breach", breach.pk)
    return render(
        request,
        "spaces/breach_form.html",
        {"space": space, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in("GET")
def breach_detail(request: HttpRequest, breach_id: int) -> HttpResponse:
    return _breach_page(request, get_record_for_viewer(Breach, request.user, breach_id))


def _breach_page(
    request: HttpRequest, breach: Breach, *, form: Any = None, status: int = 200
) -> HttpResponse:
    form = form or VisibilityForm(initial={"visibility": breach.visibility})
    return render(
        request,
        "spaces/breach_detail.html",
        {
            "breach": breach,
            "space": breach.space,
            "visibility_form": form,
        },
        status=status,
    )


@signed_in("POST")
def breach_acknowledge(request: HttpRequest, breach_id: int) -> HttpResponse:
    """The person a breach hurt says "this is what happened" about what the other recorded."""
    breach = get_record_for_viewer(Breach, request.user, breach_id)
    act(
        request,
        partial(services.acknowledge_breach, breach=breach, user=request.user),
        done="Acknowledged. It now counts in your trust numbers.",
        # Already acknowledged: nothing for them to fix, so a notice rather than an error.
        refused=messages.INFO,
        forbidden_page=True,
    )
    return redirect("spaces:breach", breach.pk)


@signed_in("POST")
def breach_visibility(request: HttpRequest, breach_id: int) -> HttpResponse:
    return change_sharing(request, Breach, breach_id, then="spaces:breach", page=_breach_page)
