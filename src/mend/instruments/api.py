"""Questionnaires API: the instruments a space may fill in, and results by the visibility rule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from mend.core.schemas import RecordId, VisibilityIn, VisibilityValue, WholeNumber
from mend.domain.instruments import Instrument
from mend.instruments import selectors, services
from mend.instruments.models import InstrumentDefinition, InstrumentResult
from mend.spaces.access import (
    get_record_for_viewer,
    get_space_for_member,
    get_space_for_reader,
)
from mend.spaces.endpoints import seen_by_reader
from mend.spaces.sharing import set_owned_visibility

router = Router(tags=["questionnaires"])


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    id: str
    text: str
    reverse_keyed: bool
    options: list[OptionOut]


class SubscaleOut(Schema):
    id: str
    name: str
    items: list[str]


class CutoffOut(Schema):
    applies_to: str
    value: float
    label: str
    source: str


class InstrumentOut(Schema):
    id: int
    key: str
    version: str
    scope: str
    name: str
    short_name: str
    citation: str
    terms: str
    instructions: str
    language: str
    languages: list[str]
    scoring: str
    min_total: float
    max_total: float
    items: list[ItemOut]
    subscales: list[SubscaleOut]
    cutoffs: list[CutoffOut]


class AnswersIn(Schema):
    answers: dict[str, WholeNumber]
    visibility: VisibilityValue = "private"


class InstrumentResultOut(Schema):
    id: int
    owner: int
    space: int
    instrument: int
    key: str
    version: str
    short_name: str
    citation: str
    terms: str
    answers: dict[str, int]
    total: float
    min_total: float
    max_total: float
    subscales: dict[str, float]
    interpretation: str
    visibility: str
    created_at: datetime


def _instrument(definition: InstrumentDefinition) -> dict[str, Any]:
    i: Instrument = definition.instrument
    return {
        "id": definition.pk,
        "key": definition.key,
        "version": definition.version,
        "scope": definition.scope,
        "name": i.name,
        "short_name": i.short_name,
        "citation": i.citation,
        "terms": i.terms,
        "instructions": i.instructions,
        "language": i.language,
        "languages": list(i.languages),
        "scoring": i.method,
        "min_total": i.min_total,
        "max_total": i.max_total,
        "items": [
            {
                "id": item.id,
                "text": item.text,
                "reverse_keyed": item.reverse,
                "options": [{"value": o.value, "label": o.label} for o in item.options],
            }
            for item in i.items
        ],
        "subscales": [{"id": s.id, "name": s.name, "items": list(s.items)} for s in i.subscales],
        "cutoffs": [
            {"applies_to": c.applies_to, "value": c.value, "label": c.label, "source": c.source}
            for c in i.cutoffs
        ],
    }


def _result(r: InstrumentResult) -> dict[str, Any]:
    d = r.definition
    return {
        "id": r.pk,
        "owner": r.owner_id,
        "space": r.space_id,
        "instrument": d.pk,
        "key": d.key,
        "version": d.version,
        "short_name": d.short_name,
        "citation": d.instrument.citation,
        "terms": d.instrument.terms,
        "answers": r.answers,
        "total": r.total,
        "min_total": r.min_total,
        "max_total": r.max_total,
        "subscales": r.subscales,
        "interpretation": d.instrument.interpret(r.total),
        "visibility": r.visibility,
        "created_at": r.created_at,
    }


@router.get(
    "/spaces/{space_id}/instruments",
    response=list[InstrumentOut],
    summary="The questionnaires members of this space may fill in, with citations and terms",
)
def list_instruments(request: HttpRequest, space_id: int) -> Any:
    space, _role = get_space_for_reader(request.user, space_id)
    return [_instrument(d) for d in selectors.available_for_space(space)]


@router.post(
    "/spaces/{space_id}/instruments/{definition_id}/results",
    response={201: InstrumentResultOut},
    summary="Answer a questionnaire (scored by its definition's rule)",
)
def submit(request: HttpRequest, space_id: int, definition_id: RecordId, payload: AnswersIn) -> Any:
    space = get_space_for_member(request.user, space_id)
    definition = selectors.definition_for_space(space, definition_id)
    found = services.submit_result(
        space=space,
        owner=request.user,
        definition=definition,
        answers=payload.answers,
        visibility=payload.visibility,
    )
    return Status(201, _result(found))


@router.get(
    "/spaces/{space_id}/instrument-results",
    response=list[InstrumentResultOut],
    summary="Questionnaire results I may see",
)
def list_results(request: HttpRequest, space_id: int) -> Any:
    found = seen_by_reader(request, space_id, selectors.results_visible_to, 500)
    return [_result(r) for r in selectors.share_definitions(found)]


@router.get(
    "/instrument-results/{result_id}",
    response=InstrumentResultOut,
    summary="One questionnaire result",
)
def get_result(request: HttpRequest, result_id: RecordId) -> Any:
    return _result(get_record_for_viewer(InstrumentResult, request.user, result_id))


@router.put(
    "/instrument-results/{result_id}/visibility",
    response=InstrumentResultOut,
    summary="Share a questionnaire result, or not",
)
def set_result_visibility(request: HttpRequest, result_id: RecordId, payload: VisibilityIn) -> Any:
    return _result(set_owned_visibility(InstrumentResult, request, result_id, payload.visibility))
