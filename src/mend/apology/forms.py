from __future__ import annotations

from typing import Any

from django import forms

from mend.accounts.models import User
from mend.apology.models import Apology
from mend.core.forms import UserTextField
from mend.spaces.forms import BreachChoiceField

RESPONSE_CHOICES = [
    (Apology.Status.RECEIVED, "Received, thank you"),
    (Apology.Status.NEED_MORE, "I need more"),
    (Apology.Status.NOT_READY, "Not ready to talk yet"),
]


class ApologyForm(forms.Form):
    recipient: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Who is it for?",
        empty_label="Choose later",
    )
    breach: forms.ModelChoiceField[Any] = BreachChoiceField(
        queryset=None,
        required=False,
        label="About (optional)",
        empty_label="Nothing recorded",
        help_text="Something that happened, recorded in this space.",
    )
    text = UserTextField(
        called="Your apology",
        rows=10,
        label="Your apology",
        max_length=5000,
        help_text="Only you can see this draft. The feedback on it is for you alone.",
    )

    def __init__(
        self,
        *args: Any,
        members: list[Any],
        breaches: Any,
        me: Any,
        feedback_url: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ModelChoiceField)
        recipient.queryset = User.objects.filter(pk__in=[m.pk for m in members if m.pk != me.pk])
        breach = self.fields["breach"]
        assert isinstance(breach, forms.ModelChoiceField)
        breach.queryset = breaches
        self.fields["text"].widget.attrs.update(
            {
                "spellcheck": "true",
                "hx-post": feedback_url,
                "hx-trigger": "load, input changed delay:600ms",
                "hx-target": "#feedback",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                "aria-describedby": "id_text_helptext feedback-status",
            }
        )


class SendForm(forms.Form):
    share_with_counsellor = forms.BooleanField(required=False)

    def __init__(self, *args: Any, counsellors: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not counsellors:
            # No counsellor has the writer's consent: there is no one to share it with.
            del self.fields["share_with_counsellor"]
            return
        names = _names([str(c) for c in counsellors])
        field = self.fields["share_with_counsellor"]
        field.label = f"Also share it with your counsellor, {names}"
        field.help_text = f"Tick this only if you want {names} to read it too."


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        choices=RESPONSE_CHOICES,
        widget=forms.RadioSelect,
        label="Choose one",
        error_messages={
            "required": "Choose one of the three answers.",
            "invalid_choice": "Choose one of the three answers.",
        },
    )
    note = UserTextField(
        called="The note",
        rows=3,
        required=False,
        max_length=1000,
        label="What is missing for you? (optional, with “I need more”)",
    )
