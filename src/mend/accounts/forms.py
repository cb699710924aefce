from __future__ import annotations

from typing import Any

from django import forms

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

    def clean_name(self) -> str:
        return clean_user_text(self.cleaned_data["name"], field="Token name", max_length=80)
