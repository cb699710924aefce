"""Forms for filling in an instrument and importing a definition."""

from __future__ import annotations

from typing import Any

from django import forms

from mend.domain.instruments import Instrument
from mend.spaces.forms import VisibilityField


class AnswerForm(forms.Form):
    """One radio group per item; each renders as a fieldset with the item as its legend."""

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for number, item in enumerate(instrument.items, start=1):
            self.fields[item.id] = forms.TypedChoiceField(
                label=f"{number}. {item.text}",
                choices=[(o.value, o.label) for o in item.options],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose one answer for this question."},
            )
        self.fields["visibility"] = VisibilityField(
            help_text="Private unless you share it. You can change this later."
        )

    def answers(self) -> dict[str, int]:
        return {item.id: self.cleaned_data[item.id] for item in self.instrument.items}


class ImportForm(forms.Form):
    """The admin's import: a definition file and where it is offered."""

    file = forms.FileField(label="Definition file (JSON)")
    scope = forms.ChoiceField(label="Offered in")

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scope"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = scopes

    def practice_id(self) -> int | None:
        """None for the whole deployment, else the practice's id."""
        scope = self.cleaned_data["scope"]
        return None if scope == DEPLOYMENT else int(scope)


DEPLOYMENT = "deployment"
