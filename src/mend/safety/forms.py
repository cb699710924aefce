from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms

from mend.core.forms import UserTextField
from mend.domain import flooding
from mend.safety.models import Conversation
from mend.spaces.forms import BreachChoiceField

T = TypeVar("T")


def _scale(low: int, high: int, labels: dict[int, str] | None = None) -> list[tuple[int, str]]:
    return [(n, (labels or {}).get(n, str(n))) for n in range(low, high + 1)]


class CheckInForm(forms.Form):
    safety = forms.TypedChoiceField(
        coerce=int,
        choices=_scale(flooding.SAFETY_RATING_MIN, flooding.SAFETY_RATING_MAX),
        widget=forms.RadioSelect,
        label="How safe do you feel right now?",
        help_text="0 = not safe at all, 10 = completely safe.",
    )
    heart_rate = forms.IntegerField(
        required=False,
        label="Heart rate (optional)",
        help_text="Beats per minute, if your watch shows it.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in flooding.SELF_CHECK_ITEMS:
            self.fields[item.code] = forms.TypedChoiceField(
                coerce=int,
                choices=[(o.value, o.label) for o in flooding.SELF_CHECK_OPTIONS],
                widget=forms.RadioSelect,
                label=item.text,
            )

    def items(self) -> list[Any]:
        return [self[item.code] for item in flooding.SELF_CHECK_ITEMS]

    def answers(self) -> dict[str, int]:
        return {item.code: self.cleaned_data[item.code] for item in flooding.SELF_CHECK_ITEMS}

    def answered(self, write: Callable[..., T]) -> Callable[..., T]:
        """``write`` as ``core.forms.submit`` calls it, given what ``record_checkin`` takes (the
        self-check answers by item code) rather than one field per item."""
        return lambda **data: write(
            safety=data["safety"], heart_rate=data["heart_rate"], answers=self.answers()
        )


class HeartRateProfileForm(forms.Form):
    """The person's own resting rate and sleep hours. Range checks live in the service
    (``flooding.validate_resting_bpm``), so the API and this form refuse the same things."""

    resting_bpm = forms.IntegerField(
        required=False,
        label="Your resting heart rate (optional)",
        help_text=(
            "Your resting heart rate, measured sitting quietly for a few minutes while awake "
            "(not after exercise, coffee or an argument). Leave it empty to use 100 bpm."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": "Give your resting rate as a whole number of beats a minute."},
    )
    sleep_start = forms.TimeField(
        required=False,
        label="I usually fall asleep at (optional)",
        help_text="Readings while you sleep are left out. Empty: midnight to 6 in the morning.",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Give a time of day, such as 23:00."},
    )
    sleep_end = forms.TimeField(
        required=False,
        label="and usually wake at",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Give a time of day, such as 07:00."},
    )


class HeartRateUploadForm(forms.Form):
    file = forms.FileField(
        label="Heart-rate file",
        help_text="A CSV with timestamp,bpm rows, or a FIT file from a watch.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.fit"}),
    )


PAUSE_MINUTES = [20, 30, 45, 60, 90, 120, 240, 480, 1440]


def _minutes_label(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return (
        "1 hour"
        if hours == 1 and minutes == 60
        else (f"{minutes / 60:g} hours" if hours < 24 else "24 hours (tomorrow)")
    )


class PauseForm(forms.Form):
    minutes = forms.TypedChoiceField(
        coerce=int,
        choices=[(m, _minutes_label(m)) for m in PAUSE_MINUTES],
        widget=forms.RadioSelect,
        initial=30,
        label="I will come back in",
        help_text="At least 20 minutes: that is how long the body needs to calm down.",
    )


class ConversationForm(forms.Form):
    partner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label="Who with?", empty_label=None
    )
    topic = UserTextField(
        called="Topic",
        max_length=120,
        label="One topic for this conversation",
        help_text="Keep to one thing; other topics can have their own conversation.",
    )
    breach: forms.ModelChoiceField[Any] = BreachChoiceField(
        queryset=None, required=False, label="About something recorded (optional)"
    )

    def __init__(self, *args: Any, partners: Any, breaches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["breach"].queryset = breaches  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    text = UserTextField(
        called="Your note",
        rows=4,
        max_length=5000,
    )

    def __init__(self, *args: Any, label: str = "Your note", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields[
            "text"
        ].help_text = "Only you can see this note unless you both agree to keep it."


class EndForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Conversation.Outcome.choices,
        widget=forms.RadioSelect,
        label="How are you ending this conversation?",
    )


class KeepForm(forms.Form):
    note_ids = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Notes"
    )

    def __init__(self, *args: Any, notes: list[Any], label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["note_ids"]
        field.choices = [  # type: ignore[attr-defined]
            (n.pk, f"Step {n.step_number} · {n.get_kind_display()}: {n.text}") for n in notes
        ]
        field.label = label
