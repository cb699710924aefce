from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mend.accounts import security
from mend.accounts.forms import TokenForm
from mend.accounts.models import PersonalAccessToken
from mend.accounts.requests import signed_in_user
from mend.accounts.tokens import create_token, revoke_token


@login_required
# Creating a token (the POST) needs the password or second factor checked in the last minutes.
@reauthentication_required(allow_get=True)
def account(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = create_token(
            user=signed_in_user(request),
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
        form = TokenForm()
    tokens = list(PersonalAccessToken.objects.filter(user=signed_in_user(request)))
    return render(
        request,
        "accounts/account.html",
        {"token_form": form, "tokens": tokens, "new_secret": new_secret},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        revoke_token(user=signed_in_user(request), token_id=token_id)
    except PersonalAccessToken.DoesNotExist:
        raise Http404 from None
    messages.success(request, "Token revoked.")
    back = "accounts:ways_in" if request.POST.get("back") == "ways_in" else "accounts:account"
    return redirect(back)


@login_required
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


@login_required
@require_POST
def session_end(request: HttpRequest, handle: str) -> HttpResponse:
    if not security.end_session(user=signed_in_user(request), handle=handle):
        raise Http404
    messages.success(request, "That session is signed out.")
    return redirect("accounts:ways_in")


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    security.sign_out_everywhere(user=signed_in_user(request))
    logout(request)
    return redirect("account_login")
