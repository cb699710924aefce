"""Forms for filling in an instrument and importing a definition."""

from __future__ import annotations

from typing import Any

from django import forms

from mend.domain.instruments import Instrument
from mend.spaces.forms import AnswersForm, VisibilityField


class AnswerForm(AnswersForm):
    instrument: Instrument

    def visibility_field(self) -> forms.Field:
        return VisibilityField(help_text="Private unless you share it. You can change this later.")


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
