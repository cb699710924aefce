"""Web pages of the safety screen: the questions, and help for the person who answered."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mend.core.forms import posted, submit
from mend.core.pages import signed_in
from mend.domain.redflags import QUESTIONS
from mend.screening import help as screening_help
from mend.screening import services
from mend.spaces.access import get_space_for_member

ANSWER_CHOICES = list(services.ANSWER_LABELS.items())


class ScreenForm(forms.Form):
    """One optional yes / no / prefer-not-to-say question per item of the screen."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for q in QUESTIONS:
            self.fields[q.key] = forms.ChoiceField(
                label=q.text, choices=ANSWER_CHOICES, required=False, widget=forms.RadioSelect
            )


@signed_in("GET", "POST")
def screen_page(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    form = ScreenForm(posted(request))
    result = submit(
        request,
        form,
        lambda **answers: services.record_screen(user=request.user, space=space, answers=answers),
    )
    if result is not None:
        help_ = screening_help.help_for(result.categories, space)
        return render(
            request, "screening/result.html", {"space": space, "help": help_, "screen": result}
        )
    return render(
        request,
        "screening/screen.html",
        {"space": space, "form": form, "help": screening_help.help_for([], space)},
        status=400 if form.errors else 200,
    )
