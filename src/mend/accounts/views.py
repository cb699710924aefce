from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mend.accounts.forms import TokenForm
from mend.accounts.models import PersonalAccessToken
from mend.accounts.requests import signed_in_user
from mend.accounts.tokens import create_token, revoke_token


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = create_token(
            user=signed_in_user(request), name=form.cleaned_data["name"]
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
    return redirect("accounts:account")
