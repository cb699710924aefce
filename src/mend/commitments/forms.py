from __future__ import annotations

from typing import Any, cast

from django import forms

from mend.accounts.timezones import zone_choices
from mend.commitments.schedule import (
    REPEAT_CHOICES,
    WEEKDAY_CHOICES,
    ScheduleInput,
    to_recurrence,
)
from mend.core.forms import DayField, UserTextField
from mend.domain.recurrence import RecurrenceError
from mend.spaces.forms import VisibilityField
from mend.spaces.visibility import Visibility


class TermsForm(forms.Form):
    """What will be done and how the other person will know, and (when new) between whom."""

    what = UserTextField(
        called="What you will do",
        max_length=200,
        label="What will you do?",
        help_text="Something the other person could see or hear. For example: "
        "“I text you if I will be home after 19:00”.",
    )
    how_known = UserTextField(
        called="How they will know",
        max_length=300,
        required=False,
        label="How will they know?",
        help_text="For example: “you get the text before 18:30”.",
    )

    def __init__(
        self,
        *args: Any,
        people: list[Any] | None = None,
        person_field: str | None = None,
        propose: bool = False,
        show_save_anyway: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if propose:
            self.fields["what"].label = "What would you like them to do?"
            self.fields["how_known"].label = "How will you know?"
        if person_field is not None and people is not None:
            label = "Who will do it?" if propose else "Made to"
            self.fields[person_field] = forms.TypedChoiceField(
                choices=[(p.pk, str(p)) for p in people],
                coerce=int,
                label=label,
                initial=people[0].pk if len(people) == 1 else None,
            )
            choices = Visibility.choices
            if propose:
                shared = (Visibility.SPACE, Visibility.SPACE_AND_COUNSELLOR)
                choices = [c for c in Visibility.choices if c[0] in shared]
            field = VisibilityField(initial=Visibility.SPACE)
            field.choices = choices
            field.help_text = (
                "A proposal is shared with the space."
                if propose
                else "Keep it to yourself as a draft, or share it so they can confirm it."
            )
            self.fields["visibility"] = field
        if show_save_anyway:
            self.fields["save_anyway"] = forms.BooleanField(
                required=False,
                label="Save it as it is",
                help_text="You can make it more concrete later by renegotiating.",
            )


class RenegotiateForm(TermsForm):
    reason = UserTextField(
        called="Reason",
        max_length=500,
        required=False,
        label="Why the change? (optional)",
        help_text="Both of you will see this in the history.",
    )


class ScheduleForm(forms.Form):
    repeat = forms.ChoiceField(
        choices=REPEAT_CHOICES, label="How often?", initial="daily", widget=forms.RadioSelect
    )
    start_date = DayField(label="Starting on")
    time_of_day = forms.TimeField(
        label="At what time?", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        label="On these days",
        widget=forms.CheckboxSelectMultiple,
    )
    until = DayField(required=False, label="Until (optional)")
    rrule = forms.CharField(
        max_length=500,
        required=False,
        label="Custom rule",
        help_text="For example FREQ=WEEKLY;INTERVAL=2;BYDAY=SU",
    )

    time_zone = forms.ChoiceField(
        required=False,
        label="Your time zone",
        help_text="Times are kept on this clock, here and on every page of Mend.",
    )

    def __init__(self, *args: Any, timezone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timezone = timezone
        zone_field = cast(forms.ChoiceField, self.fields["time_zone"])
        zone_field.choices = zone_choices()
        zone_field.initial = timezone

    def clean_time_zone(self) -> str:
        # Left out (an old form, the API's schedule): the person's current zone.
        return self.cleaned_data.get("time_zone") or self.timezone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            data["recurrence"] = to_recurrence(
                ScheduleInput(
                    repeat=data["repeat"],
                    start_date=data["start_date"],
                    time_of_day=data["time_of_day"],
                    timezone=data.get("time_zone") or self.timezone,
                    weekdays=tuple(data.get("weekdays") or ()),
                    until=data.get("until") if data["repeat"] != "once" else None,
                    rrule=data.get("rrule") or "",
                )
            )
        except RecurrenceError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class NoteForm(forms.Form):
    note = UserTextField(called="Note", max_length=500, required=False)


class ReportForm(NoteForm):
    outcome = forms.ChoiceField(choices=[("kept", "Kept"), ("missed", "Missed")])
