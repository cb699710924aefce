"""Questionnaires as data: the definition validator names each mistake exactly, and the one
scoring engine, driven by a file, scores the CSI-4 as Funk & Rogge (2007) publish it."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.domain.instruments import (
    REQUIRED_FIELDS,
    SCHEMA_PATH,
    TOP_FIELDS,
    DefinitionError,
    builtin_definitions,
    parse_definition,
    parse_definition_text,
    score_instrument,
    subscale_interpretation,
)
from mend.domain.questionnaires import CSI4
from tests.instrument_fixture import fixture_definition


def errors_of(data: Any) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(data)
    return caught.value.errors


# --- the CSI-4 is a definition file, scored by the engine ---


def test_csi4_comes_from_its_definition_file() -> None:
    data = builtin_definitions()["csi4"]
    assert data["key"] == "csi4" and data["version"] == "2007"
    parsed = parse_definition(data)
    assert parsed.items == CSI4.items
    assert (parsed.min_total, parsed.max_total) == (0, 21)
    assert parsed.cutoffs[0].value == 13.5
    assert "Funk & Rogge (2007)" in parsed.cutoffs[0].source
    assert parsed.citation == CSI4.citation and parsed.terms == CSI4.terms
    assert parsed.languages == ("en",)


@pytest.mark.parametrize(
    ("answers", "total", "reading"),
    [
        # Worked examples from the published scoring: sum item 1 (0-6) and items 2-4 (0-5);
        # below 13.5 suggests notable dissatisfaction.
        ((0, 0, 0, 0), 0, "below 13.5"),
        ((3, 3, 3, 3), 12, "below 13.5"),
        ((4, 3, 3, 3), 13, "below 13.5"),
        ((4, 4, 3, 3), 14, "at or above 13.5"),
        ((6, 5, 5, 5), 21, "at or above 13.5"),
    ],
)
def test_csi4_scored_as_published(answers: tuple[int, ...], total: int, reading: str) -> None:
    ids = [item.id for item in CSI4.items]
    result = score_instrument(CSI4, dict(zip(ids, answers, strict=True)))
    assert result.total == total
    assert f"A score of {total} is {reading}" in result.interpretation


# --- the engine, driven by a definition ---


def test_reverse_keying_subscales_and_their_cutoffs() -> None:
    fs = parse_definition(fixture_definition())
    result = score_instrument(fs, {"a1": 5, "a2": 1, "b1": 1, "b2": 1})
    # a2 answered 1 on a 1-5 scale is scored 1 + 5 - 1 = 5.
    assert result.subscales == {"a": 10, "b": 2}
    assert result.total == 12
    assert result.interpretation == "A score of 12 is at or above the cut-off of 12 (high)."
    assert subscale_interpretation(fs, result.subscales) == [
        "Scale B: A score of 2 is below the cut-off of 3 (low B)."
    ]
    assert (fs.min_total, fs.max_total) == (4, 20)


def test_mean_scoring() -> None:
    fs = parse_definition(
        fixture_definition(scoring={"method": "mean", "reverse": "min + max - answer"}, cutoffs=[])
    )
    result = score_instrument(fs, {"a1": 5, "a2": 2, "b1": 1, "b2": 2})
    assert result.total == 3.0  # (5 + 4 + 1 + 2) / 4
    assert result.subscales == {"a": 4.5, "b": 1.5}
    assert (fs.min_total, fs.max_total) == (1, 5)


def test_inline_options_and_no_subscales() -> None:
    items = [
        {
            "id": "q1",
            "text": "Only item",
            "options": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}],
        }
    ]
    fs = parse_definition(
        fixture_definition(items=items, reverse_keyed=[], subscales=[], cutoffs=[])
    )
    assert score_instrument(fs, {"q1": 1}).total == 1


# --- the validator: each kind of mistake, exactly ---


def test_a_valid_definition_parses() -> None:
    assert parse_definition(fixture_definition()).short_name == "FS"


def test_not_an_object() -> None:
    assert errors_of([1, 2]) == ["The definition must be a JSON object."]


def test_not_json() -> None:
    with pytest.raises(DefinitionError, match="Not valid JSON"):
        parse_definition_text("{nope")


@pytest.mark.parametrize("name", sorted(REQUIRED_FIELDS))
def test_a_missing_value(name: str) -> None:
    data = fixture_definition()
    del data[name]
    assert f"{name}: missing." in errors_of(data)


def test_an_empty_text() -> None:
    assert errors_of(fixture_definition(citation="  ")) == ["citation: must not be empty."]


def test_unknown_fields_are_named() -> None:
    assert errors_of(fixture_definition(scoreing={})) == ["scoreing: unknown field."]


def test_wrong_format_and_key() -> None:
    assert errors_of(fixture_definition(format=2, key="Has Spaces")) == [
        "format: this version of Mend reads format 1 (got 2).",
        "key: use 1-32 lower-case letters, digits, '-' or '_' (got 'Has Spaces').",
    ]


def test_a_reverse_keyed_item_that_does_not_exist() -> None:
    assert errors_of(fixture_definition(reverse_keyed=["a2", "q9"])) == [
        "reverse_keyed[1]: no item 'q9' to reverse."
    ]


def test_reverse_keying_needs_the_formula() -> None:
    assert errors_of(fixture_definition(scoring={"method": "sum"})) == [
        'scoring.reverse: missing; reverse-keyed items need "min + max - answer".'
    ]
    assert errors_of(fixture_definition(scoring={"method": "sum", "reverse": "6 - answer"})) == [
        "scoring.reverse: only \"min + max - answer\" is supported (got '6 - answer')."
    ]


def test_an_unknown_scoring_method() -> None:
    assert errors_of(
        fixture_definition(scoring={"method": "median", "reverse": "min + max - answer"})
    ) == ['scoring.method: must be "sum" or "mean" (got \'median\').']


def test_a_subscale_that_references_no_item() -> None:
    subscales = [{"id": "a", "name": "Scale A", "items": []}]
    assert errors_of(fixture_definition(subscales=subscales, cutoffs=[])) == [
        "subscales[0]: (Scale A) references no item."
    ]


def test_a_subscale_item_that_does_not_exist() -> None:
    subscales = [{"id": "a", "name": "Scale A", "items": ["a1", "zz"]}]
    assert errors_of(fixture_definition(subscales=subscales, cutoffs=[])) == [
        "subscales[0].items[1]: no item 'zz'."
    ]


def test_duplicate_ids() -> None:
    items = fixture_definition()["items"] + [{"id": "a1", "text": "again", "options": "agree"}]
    assert errors_of(fixture_definition(items=items)) == ["items[4].id: 'a1' is used twice."]


def test_an_unknown_response_set_and_bad_options() -> None:
    items = [
        {"id": "a1", "text": "Item", "options": "agreee"},
        {"id": "a2", "text": "Item", "options": [{"value": 1, "label": "x"}]},
        {
            "id": "b1",
            "text": "Item",
            "options": [{"value": 1, "label": "x"}, {"value": 1, "label": "y"}],
        },
        {"id": "b2", "text": "Item", "options": [{"value": "1", "label": "x"}, {"value": 2}]},
    ]
    assert errors_of(
        fixture_definition(items=items, reverse_keyed=[], subscales=[], cutoffs=[])
    ) == [
        "items[0].options: no response set 'agreee'.",
        "items[1].options: needs a list of at least two response options.",
        "items[2].options[1].value: 1 is used twice.",
        "items[3].options[0].value: must be a whole number (got '1').",
        "items[3].options[1].label: missing.",
    ]


def test_cutoffs_need_a_source_a_subscale_and_a_possible_value() -> None:
    cutoffs = [
        {"applies_to": "total", "value": 30, "label": "x", "source": "S"},
        {"applies_to": "c", "value": 3, "label": "x", "source": "S"},
        {"applies_to": "total", "value": 10, "label": "x"},
    ]
    assert errors_of(fixture_definition(cutoffs=cutoffs)) == [
        "cutoffs[0].value: 30 is outside the possible scores 4-20.",
        "cutoffs[1].applies_to: no subscale 'c'.",
        "cutoffs[2].source: missing.",
    ]


def test_languages() -> None:
    assert errors_of(fixture_definition(language="de")) == [
        "language: 'de' is not among languages."
    ]
    assert errors_of(fixture_definition(languages=[])) == [
        "languages: must be a non-empty list of language tags such as 'en'."
    ]


def test_every_mistake_is_reported_at_once() -> None:
    data = fixture_definition(reverse_keyed=["nope"], version="")
    del data["terms"]
    assert errors_of(data) == [
        "version: must not be empty.",
        "terms: missing.",
        "reverse_keyed[0]: no item 'nope' to reverse.",
    ]


def test_templates_cannot_reach_into_python_formatting() -> None:
    cutoffs = [{"value": 10, "label": "x", "source": "S", "below": "{score.__class__} {0}"}]
    fs = parse_definition(fixture_definition(cutoffs=cutoffs))
    result = score_instrument(fs, {"a1": 1, "a2": 5, "b1": 1, "b2": 1})
    assert result.interpretation == "{score.__class__} {0}"


def test_the_published_schema_names_the_same_fields() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(TOP_FIELDS)
    assert set(schema["required"]) == set(REQUIRED_FIELDS)


def test_a_definition_is_not_changed_by_parsing() -> None:
    data = fixture_definition()
    before = copy.deepcopy(data)
    parse_definition(data)
    assert data == before


# --- any JSON at all: a clear DefinitionError or an instrument, never a crash ---

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    top=st.dictionaries(st.sampled_from(sorted(TOP_FIELDS)), JSON, max_size=3),
    item=st.dictionaries(st.sampled_from(["id", "text", "options"]), JSON, max_size=2),
    cutoff=st.dictionaries(
        st.sampled_from(["applies_to", "value", "label", "source"]), JSON, max_size=2
    ),
)
def test_any_json_is_checked_never_crashes(
    top: dict[str, Any], item: dict[str, Any], cutoff: dict[str, Any]
) -> None:
    data = fixture_definition()
    data["items"][0].update(item)
    data["cutoffs"][0].update(cutoff)
    data.update(top)
    try:
        parsed = parse_definition(data)
    except DefinitionError as exc:
        assert exc.errors and all(isinstance(line, str) and ": " in line for line in exc.errors)
    else:
        answers = {i.id: i.options[0].value for i in parsed.items}
        score_instrument(parsed, answers)


def test_values_are_bounded() -> None:
    big = [{"value": 10**9, "label": "x"}, {"value": 1, "label": "y"}]
    items = [{"id": "q1", "text": "Q", "options": big}]
    assert errors_of(
        fixture_definition(items=items, reverse_keyed=[], subscales=[], cutoffs=[])
    ) == ["items[0].options[0].value: must be between -1000000 and 1000000."]
    cutoffs = [{"value": 10**400, "label": "x", "source": "S"}]
    [line] = errors_of(fixture_definition(cutoffs=cutoffs))
    assert line.startswith("cutoffs[0].value: must be a number up to 1000000")
