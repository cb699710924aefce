from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from mend.care.models import Homework, HomeworkResponse, IntakeRequest, Practice
from mend.core.forms import DayField, UserTextField


class InviteCounsellorForm(forms.Form):
    counsellor = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        label="Choose a counsellor",
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        label="Or your counsellor's e-mail address",
        help_text="They need a counsellor account on this Mend.",
    )

    def __init__(self, *args: Any, profiles: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["counsellor"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [
            (p.user_id, f"{p.user} — {p.title or 'Counsellor'}, {p.practice}") for p in profiles
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("counsellor") and not data.get("email"):
            raise forms.ValidationError("Choose a counsellor, or give their e-mail address.")
        return data


class HomeworkForm(forms.Form):
    kind = forms.ChoiceField(choices=Homework.Kind.choices, label="Kind")
    title = UserTextField(called="Title", max_length=120, label="Title")
    instructions = UserTextField(
        called="Instructions",
        rows=4,
        required=False,
        max_length=2000,
    )
    due_on = DayField(required=False, label="Due (optional)")
    member = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="For")
    instrument = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Questionnaire (for a questionnaire)"
    )

    def __init__(
        self, *args: Any, members: list[Any], instruments: Sequence[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Everyone who shares with you")] + [
            (m.pk, f"{m} only") for m in members
        ]
        field = self.fields["instrument"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Any (the member chooses)")] + [
            (d.pk, f"{d.name} ({d.short_name}, version {d.version})") for d in instruments
        ]


class HomeworkAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=HomeworkResponse.Answer.choices,
        error_messages={"required": "Choose to accept or decline the homework."},
    )
    note = UserTextField(
        called="Note", required=False, max_length=500, label="A note for your counsellor (optional)"
    )


class NoteForm(forms.Form):
    session_on = DayField(required=False, label="Session date")
    text = UserTextField(
        called="Note",
        rows=6,
        max_length=10000,
        label="Note",
    )


class IntakeForm(forms.Form):
    practice = forms.ModelChoiceField(
        queryset=Practice.objects.none(), label="Practice", empty_label=None
    )
    name = UserTextField(called="Name", required=False, max_length=80, label="Your name (optional)")
    contact_method = forms.ChoiceField(
        choices=IntakeRequest.Contact.choices,
        widget=forms.RadioSelect,
        label="How should the practice contact you?",
        initial=IntakeRequest.Contact.EMAIL,
    )
    contact_detail = UserTextField(
        called="Contact detail", max_length=254, label="Your e-mail address or phone number"
    )
    help_with = UserTextField(
        called="What you would like help with",
        rows=5,
        max_length=2000,
        label="What would you like help with?",
        help_text="A few sentences are enough. Up to 2,000 characters.",
    )
    urgency = forms.ChoiceField(
        choices=IntakeRequest.Urgency.choices,
        widget=forms.RadioSelect,
        label="How soon do you need help?",
        initial=IntakeRequest.Urgency.ROUTINE,
    )
    # A honeypot: hidden from people (and from assistive technology), filled in by bots.
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")

    def __init__(self, *args: Any, practices: list[Practice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practice"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Practice.objects.filter(pk__in=[p.pk for p in practices])
        if len(practices) == 1:
            field.initial = practices[0].pk
            field.widget = forms.HiddenInput()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get("website") or "").strip())


class IntakeStatusForm(forms.Form):
    status = forms.ChoiceField(choices=IntakeRequest.Status.choices)
