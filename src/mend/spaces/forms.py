from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mend.accounts.models import User
from mend.core.forms import DayField, UserTextField, submit
from mend.spaces.models import Breach, Space
from mend.spaces.visibility import Visibility

T = TypeVar("T")


class SpaceForm(forms.Form):
    name = UserTextField(
        called="Name",
        max_length=80,
        label="Name of the space",
        help_text="For example: Sam & Alex.",
    )
    kind = forms.ChoiceField(
        choices=Space.Kind.choices, label="Who is it for?", initial=Space.Kind.COUPLE
    )


class VisibilityField(forms.ChoiceField):
    """Who can see a record, one radio button a choice (``offered``), private unless chosen."""

    offered: ClassVar[list[tuple[str, str]]] = Visibility.choices
    explained = "You can change this later. Counsellors see only what you share with them."

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Who can see this?")
        kwargs.setdefault("initial", Visibility.PRIVATE)
        kwargs.setdefault("help_text", self.explained)
        super().__init__(choices=self.offered, widget=forms.RadioSelect, **kwargs)


class BreachForm(forms.Form):
    title = UserTextField(
        called="What happened", max_length=120, label="In a few words, what happened?"
    )
    owner_role = forms.ChoiceField(
        choices=Breach.Role.choices, label="Your part in it", widget=forms.RadioSelect
    )
    other_person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label="The other person"
    )
    description = UserTextField(
        called="Detail",
        rows=4,
        required=False,
        max_length=5000,
        label="More detail (optional)",
    )
    topic = UserTextField(
        called="Topic",
        max_length=60,
        required=False,
        label="Topic (optional)",
        help_text="For example: phone, money, in-laws.",
    )
    tags = UserTextField(
        called="Tags",
        max_length=200,
        required=False,
        label="Tags (optional)",
        help_text="Comma-separated.",
    )
    occurred_on = DayField(required=False, label="When did it happen? (optional)")
    involved_deception = forms.BooleanField(
        required=False,
        label="Did it involve lying or hiding something?",
        help_text=(
            "A breach recorded here counts in the trust index of the person it hurt, including "
            "the one that brought you to Mend; one that involved lying or hiding something "
            "counts more, and part of it never fades. If you are the person responsible, it "
            "counts once the person it hurt confirms “this is what happened”."
        ),
    )
    visibility = VisibilityField()

    def __init__(self, *args: Any, members: list[Any], me: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["other_person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[m.pk for m in members if m.pk != me.pk])


class VisibilityForm(forms.Form):
    visibility = VisibilityField()


class BreachChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of breach labelled by its title (``str(breach)`` never shows sealed text)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class AnswersForm(forms.Form):
    """A questionnaire's answers (a self-trust questionnaire or a practice's instrument): one
    radio group per item, each a fieldset with the item as its legend, and who may see them."""

    template_name = "spaces/includes/answers_form.html"

    def __init__(self, *args: Any, instrument: Any, **kwargs: Any) -> None:
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
        self.fields["visibility"] = self.visibility_field()

    def visibility_field(self) -> forms.Field:
        return VisibilityField()

    def answers(self) -> dict[str, int]:
        return {item.id: self.cleaned_data[item.id] for item in self.instrument.items}

    def answered(self, write: Callable[..., T]) -> Callable[..., T]:
        """``write`` as ``core.forms.submit`` calls it, given what the services take (the answers
        by item id, and who may see them) rather than one field per item."""
        return lambda **data: write(answers=self.answers(), visibility=data["visibility"])


def answers_page(
    request: HttpRequest,
    form: AnswersForm,
    write: Callable[..., Any],
    *,
    result: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The page to fill in a questionnaire: valid answers are written (``write``, as
    ``AnswersForm.answered`` calls it) and lead to the page of the result, the URL name
    ``result``; otherwise the questions again (``template``), 400 with what to fix."""
    found = submit(request, form, form.answered(write))
    if found is not None:
        return redirect(result, found.pk)
    return render(request, template, context, status=400 if form.errors else 200)
