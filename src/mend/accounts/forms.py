from __future__ import annotations

from typing import Any

from django import forms

from mend.accounts.models import PersonalAccessToken
from mend.accounts.tokens import TOKEN_DAYS
from mend.core.text import clean_user_text


class SignupProfileForm(forms.Form):
    """Extra signup fields for allauth: the name other members see."""

    display_name = forms.CharField(
        max_length=80,
        label="Your name",
        help_text="How the people in your spaces will see you. A first name is enough.",
    )

    def clean_display_name(self) -> str:
        return clean_user_text(self.cleaned_data["display_name"], field="Your name", max_length=80)

    def signup(self, request: Any, user: Any) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80, label="Token name", help_text="For example: my laptop's command line."
    )
    scope = forms.ChoiceField(
        choices=PersonalAccessToken.Scope.choices,
        initial=PersonalAccessToken.Scope.READ,
        widget=forms.RadioSelect,
        label="What it may do",
        help_text="A read-only token can look but never change anything.",
    )
    days = forms.TypedChoiceField(
        choices=[(d, f"{d} days") for d in TOKEN_DAYS],
        coerce=int,
        initial=TOKEN_DAYS[0],
        label="Expires after",
    )

    def clean_name(self) -> str:
        return clean_user_text(self.cleaned_data["name"], field="Token name", max_length=80)


class QuickExitForm(forms.Form):
    sign_out_on_exit = forms.BooleanField(
        required=False,
        label="Sign me out when I use Exit this page",
        help_text=(
            "Then going Back shows the sign-in page, not your pages, on this device. You sign "
            "in again next time."
        ),
    )
