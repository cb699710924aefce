from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from mend.core.forms import DayField, ScaleField, UserTextField
from mend.domain.questionnaires import Instrument
from mend.selftrust.models import PERSONAL_VISIBILITIES, BoundaryEvent, GutCheck
from mend.selftrust.services import JOURNAL_BODY_MAX, JOURNAL_TITLE_MAX
from mend.spaces.forms import AnswersForm, VisibilityField

PERSONAL_CHOICES = [(v.value, v.label) for v in PERSONAL_VISIBILITIES]


class PersonalVisibilityField(VisibilityField):
    """Only me / me and our counsellor. The space is not offered, and refused if posted."""

    offered = PERSONAL_CHOICES
    explained = (
        "Never anyone in the space. Your counsellor sees it only if you share it and "
        "while your consent for them is in force."
    )


class JournalForm(forms.Form):
    title = UserTextField(called="Title", max_length=JOURNAL_TITLE_MAX, label="Title")
    body = UserTextField(
        called="Entry",
        rows=10,
        max_length=JOURNAL_BODY_MAX,
        required=False,
        label="What is on your mind",
    )
    visibility = PersonalVisibilityField()


class PersonalVisibilityForm(forms.Form):
    visibility = PersonalVisibilityField()


class BoundaryForm(forms.Form):
    statement = UserTextField(
        called="Boundary",
        max_length=300,
        label="My boundary",
        help_text="For example: I do not discuss money after 10 pm.",
    )
    why = UserTextField(
        called="Why it matters",
        rows=3,
        max_length=2000,
        required=False,
        label="Why it matters to me",
    )
    if_crossed = UserTextField(
        called="What I will do",
        rows=3,
        max_length=2000,
        required=False,
        label="What I will do if it is crossed",
    )
    visibility = VisibilityField(
        help_text=(
            "Sharing a boundary is optional, and it stays yours: others can read it, "
            "only you can change it. Its history and your notes on it are shared with it."
        )
    )


SHARED_NOTE_WARNING = "Everyone this boundary is shared with can read this note."


class BoundaryEventForm(forms.Form):
    kind = forms.ChoiceField(
        choices=BoundaryEvent.Kind.choices, widget=forms.RadioSelect, label="What happened"
    )
    occurred_on = DayField(label="When")
    note = UserTextField(called="Note", max_length=500, required=False, label="Note (optional)")

    def __init__(self, *args: Any, shared: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()
        if shared:
            # A shared boundary takes its whole history with it, notes included.
            self.fields["note"].help_text = SHARED_NOTE_WARNING

    def clean_occurred_on(self) -> Any:
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day


class GutCheckForm(forms.Form):
    statement = UserTextField(
        called="What my gut tells me",
        max_length=300,
        label="What my gut tells me",
        help_text="One sentence about something you will find out later.",
    )
    confidence = forms.IntegerField(
        min_value=50,
        max_value=100,
        initial=70,
        label="How sure do I feel? (50-100%)",
        help_text="50% means a coin toss; 100% means certain.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    visibility = PersonalVisibilityField()


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=GutCheck.Outcome.choices, widget=forms.RadioSelect, label="Was it borne out?"
    )
    note = UserTextField(
        called="What happened",
        max_length=1000,
        required=False,
        label="What actually happened (optional)",
    )


class SelfRatingForm(forms.Form):
    trust_judgement = ScaleField(
        label="Today I trust my own judgement (0 = not at all, 10 = completely)"
    )
    said_no = ScaleField(
        unrated="It did not come up", label="I was able to say no when I needed to (0-10)"
    )
    note = UserTextField(called="Note", max_length=500, required=False, label="Note (optional)")
    visibility = PersonalVisibilityField()


class QuestionnaireForm(AnswersForm):
    instrument: Instrument

    def visibility_field(self) -> forms.Field:
        return PersonalVisibilityField()


# --- A lock of one's own


def _passphrase_field(label: str, autocomplete: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=1000,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class UnlockForm(forms.Form):
    passphrase = _passphrase_field("Passphrase", "current-password")
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class SetPassphraseForm(forms.Form):
    passphrase = _passphrase_field(
        "New passphrase",
        "new-password",
        "At least 10 characters. A few words you will remember are easier to type than a short "
        "password. Do not use your sign-in password.",
    )
    confirm = _passphrase_field("The same passphrase again", "new-password")
    understood = forms.BooleanField(
        label="I understand: if I forget the passphrase and lose my recovery codes, nobody can "
        "open my private self-trust records, not even whoever runs this Mend.",
    )


class ChangePassphraseForm(forms.Form):
    current = _passphrase_field("Current passphrase", "current-password")
    passphrase = _passphrase_field("New passphrase", "new-password", "At least 10 characters.")
    confirm = _passphrase_field("The new passphrase again", "new-password")


class CurrentPassphraseForm(forms.Form):
    current = _passphrase_field("Current passphrase", "current-password")


class RecoverForm(forms.Form):
    code = forms.CharField(
        label="One recovery code",
        max_length=40,
        help_text="Like ABCD-EFGH-IJKL-MNOP. Each code works once.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    passphrase = _passphrase_field("New passphrase", "new-password", "At least 10 characters.")
    confirm = _passphrase_field("The new passphrase again", "new-password")
