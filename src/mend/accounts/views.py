from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mend.accounts import quick_exit as quick_exit_rules
from mend.accounts import security
from mend.accounts.forms import QuickExitForm, TokenForm
from mend.accounts.models import PersonalAccessToken
from mend.accounts.requests import signed_in_user
from mend.accounts.tokens import create_token, revoke_token
from mend.core.forms import posted
from mend.core.pages import signed_in


@signed_in("GET", "POST")
# Creating a token (the POST) needs the password or second factor checked in the last minutes.
@reauthentication_required(allow_get=True)
def account(request: HttpRequest) -> HttpResponse:
    form = TokenForm(posted(request))
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = create_token(
            user=signed_in_user(request),
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
        form = TokenForm()
    user = signed_in_user(request)
    tokens = list(PersonalAccessToken.objects.filter(user=user))
    exit_form = QuickExitForm(initial={"sign_out_on_exit": user.sign_out_on_exit})
    return render(
        request,
        "accounts/account.html",
        {"token_form": form, "tokens": tokens, "new_secret": new_secret, "exit_form": exit_form},
        status=400 if form.errors else 200,
    )


@signed_in("POST")
def quick_exit_setting(request: HttpRequest) -> HttpResponse:
    form = QuickExitForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on" reads as off
    on = bool(form.cleaned_data.get("sign_out_on_exit"))
    quick_exit_rules.set_sign_out_on_exit(user=signed_in_user(request), on=on)
    if on:
        messages.success(request, "Saved: Exit this page now also signs you out.")
    else:
        messages.success(request, "Saved: Exit this page leaves without signing you out.")
    return redirect("accounts:account")


# The token in the path is bound to this session's secret key (mend.accounts.quick_exit): a page
# of another site cannot make it, so it protects as a CSRF token would, and the page's beacon
# (sent as the browser leaves) needs nothing else.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def quick_exit(request: HttpRequest, token: str) -> HttpResponse:
    """End this session if the link is its own, then leave for the neutral site (always)."""
    if quick_exit_rules.token_matches(request.session.session_key, token):
        logout(request)
    return HttpResponseRedirect(str(settings.MEND_QUICK_EXIT_URL), status=303)


@signed_in("POST")
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        revoke_token(user=signed_in_user(request), token_id=token_id)
    except PersonalAccessToken.DoesNotExist:
        raise Http404 from None
    messages.success(request, "Token revoked.")
    back = "accounts:ways_in" if request.POST.get("back") == "ways_in" else "accounts:account"
    return redirect(back)


@signed_in("GET")
def ways_in(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "accounts/ways_in.html",
        {
            "sessions": security.active_sessions(user, current_key=request.session.session_key),
            "tokens": security.active_tokens(user),
            "others": security.other_ways_in(user),
        },
    )


@signed_in("POST")
def session_end(request: HttpRequest, handle: str) -> HttpResponse:
    if not security.end_session(user=signed_in_user(request), handle=handle):
        raise Http404
    messages.success(request, "That session is signed out.")
    return redirect("accounts:ways_in")


@signed_in("POST")
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    security.sign_out_everywhere(user=signed_in_user(request))
    logout(request)
    return redirect("account_login")
