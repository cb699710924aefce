from __future__ import annotations

from typing import Any

from django import forms

from mend.core.forms import ScaleField, UserTextField
from mend.domain.bank import MOMENT_KINDS
from mend.ledger.models import Disclosure
from mend.spaces.forms import VisibilityField
from mend.spaces.visibility import Visibility


def direction_choices(members: list[Any], me: Any) -> list[tuple[str, str]]:
    """ "Sam did this for me" first (the common case), then "I did this for Sam"."""
    others = [m for m in members if m.pk != me.pk]
    return [(f"from:{m.pk}", f"{m} did this for me") for m in others] + [
        (f"to:{m.pk}", f"I did this for {m}") for m in others
    ]


class MomentForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(k.code, k.label) for k in MOMENT_KINDS],
        widget=forms.RadioSelect,
        label="What happened?",
    )
    direction = forms.ChoiceField(widget=forms.RadioSelect, label="Who")
    note = UserTextField(called="Note", max_length=200, required=False, label="Note (optional)")

    def __init__(self, *args: Any, members: list[Any], me: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.me = me
        choices = direction_choices(members, me)
        direction = self.fields["direction"]
        assert isinstance(direction, forms.ChoiceField)
        direction.choices = choices
        if choices:
            self.fields["direction"].initial = choices[0][0]

    def actor_and_receiver(self) -> tuple[int, int]:
        way, _, other = self.cleaned_data["direction"].partition(":")
        other_id = int(other)
        return (other_id, self.me.pk) if way == "from" else (self.me.pk, other_id)


class DisclosureForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Disclosure.Kind.choices, widget=forms.RadioSelect, label="What kind of disclosure?"
    )
    text = UserTextField(
        called="Text",
        rows=4,
        max_length=2000,
        label="What you want to share",
    )
    visibility = VisibilityField(initial=Visibility.SPACE)


class CheckInForm(forms.Form):
    about = forms.ChoiceField(label="About")
    felt_trust = ScaleField(
        label="How much do you feel you can trust them right now? (0 = not at all, 10 = fully)"
    )
    forgiveness = ScaleField(
        unrated="Rather not say",
        label="How far have you forgiven them? (0 = not at all, 10 = fully)",
        help_text="Forgiveness is separate from trust: either can move without the other.",
    )
    note = UserTextField(called="Note", max_length=200, required=False, label="Note (optional)")
    visibility = VisibilityField(initial=Visibility.PRIVATE)

    def __init__(self, *args: Any, members: list[Any], me: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        about = self.fields["about"]
        assert isinstance(about, forms.ChoiceField)
        about.choices = [(str(m.pk), str(m)) for m in members if m.pk != me.pk]
