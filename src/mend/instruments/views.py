"""Questionnaire pages. Thin: access helper, selector or service, template."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mend.audit.services import log_reads
from mend.core.forms import posted
from mend.core.pages import signed_in
from mend.domain.instruments import fmt, subscale_interpretation
from mend.instruments import selectors, services
from mend.instruments.charts import result_charts
from mend.instruments.forms import AnswerForm
from mend.instruments.models import InstrumentResult
from mend.spaces.access import (
    get_record_for_viewer,
    get_space_for_member,
    get_space_for_reader,
    viewer_role,
)
from mend.spaces.forms import VisibilityForm, answers_page
from mend.spaces.sharing import change_sharing

RESULTS_SHOWN = 500


@signed_in("GET")
def overview(request: HttpRequest, space_id: int) -> HttpResponse:
    """What a member may fill in, and every result the viewer may see, charted per person
    and instrument (a counsellor sees only what members shared with them)."""
    space, role = get_space_for_reader(request.user, space_id)
    available = selectors.available_for_space(space) if role == "member" else []
    results = selectors.share_definitions(
        list(selectors.results_visible_to(request.user, space)[:RESULTS_SHOWN])
    )
    log_reads(actor=request.user, records=results, role=role)
    groups: dict[tuple[int, str], list[InstrumentResult]] = defaultdict(list)
    for r in results:
        groups[(r.owner_id, r.definition.key)].append(r)
    rows = []
    for (owner_id, key), found in sorted(
        groups.items(), key=lambda g: (g[0][0] != request.user.pk, g[0][1])
    ):
        newest = found[0].definition.instrument
        oldest_first = list(reversed(found))
        rows.append(
            {
                "owner": found[0].owner,
                "mine": owner_id == request.user.pk,
                "instrument": newest,
                "definitions": {r.definition_id: r.definition for r in found}.values(),
                "results": found,
                "charts": result_charts(f"i{owner_id}-{key}", newest, oldest_first),
            }
        )
    return render(
        request,
        "instruments/overview.html",
        {"space": space, "role": role, "available": available, "rows": rows},
    )


@signed_in("GET", "POST")
def take(request: HttpRequest, space_id: int, definition_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    definition = selectors.definition_for_space(space, definition_id)
    instrument = definition.instrument
    form = AnswerForm(posted(request), instrument=instrument)
    write = partial(services.submit_result, space=space, owner=request.user, definition=definition)
    context = {
        "space": space,
        "role": "member",
        "definition": definition,
        "instrument": instrument,
        "form": form,
    }
    return answers_page(
        request,
        form,
        write,
        result="instruments:result",
        template="instruments/take.html",
        context=context,
    )


def _result_page(
    request: HttpRequest, found: InstrumentResult, *, form: Any = None, status: int = 200
) -> HttpResponse:
    instrument = found.definition.instrument
    answers = [
        (item, next((o.label for o in item.options if o.value == found.answers.get(item.id)), ""))
        for item in instrument.items
    ]
    subscales = [
        (instrument.subscale_name(sid), fmt(value), *map(fmt, instrument.subscale_bounds(sid)))
        for sid, value in found.subscales.items()
        if sid in instrument.subscale_groups()
    ]
    return render(
        request,
        "instruments/result.html",
        {
            "space": found.space,
            "role": viewer_role(request.user, found.space),
            "result": found,
            "definition": found.definition,
            "instrument": instrument,
            "interpretation": instrument.interpret(found.total),
            "subscale_notes": subscale_interpretation(instrument, found.subscales),
            "subscales": subscales,
            "answers": answers,
            "bounds": (fmt(found.min_total), fmt(found.max_total)),
            "sharing_form": form or VisibilityForm(initial={"visibility": found.visibility}),
        },
        status=status,
    )


@signed_in("GET")
def result(request: HttpRequest, result_id: int) -> HttpResponse:
    return _result_page(request, get_record_for_viewer(InstrumentResult, request.user, result_id))


@signed_in("POST")
def sharing(request: HttpRequest, result_id: int) -> HttpResponse:
    return change_sharing(
        request, InstrumentResult, result_id, then="instruments:result", page=_result_page
    )
