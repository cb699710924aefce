from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain.questionnaires import (
    CSI4,
    CSI4_DISTRESS_CUTOFF,
    INSTRUMENTS,
    NOT_INCLUDED,
    Instrument,
    Item,
    QuestionnaireError,
    ResponseOption,
    get_instrument,
    score,
    score_instrument,
)


def csi(a: int, b: int, c: int, d: int) -> dict[str, int]:
    return {"csi4_1": a, "csi4_2": b, "csi4_3": c, "csi4_4": d}


# --- CSI-4 as published ------------------------------------------------------------------------


def test_csi4_structure_matches_funk_and_rogge() -> None:
    assert [item.id for item in CSI4.items] == ["csi4_1", "csi4_2", "csi4_3", "csi4_4"]
    # Item 1 has seven options scored 0-6; items 2-4 have six options scored 0-5.
    assert [o.value for o in CSI4.items[0].options] == [0, 1, 2, 3, 4, 5, 6]
    assert CSI4.items[0].options[0].label == "Extremely Unhappy"
    assert CSI4.items[0].options[-1].label == "Perfect"
    for item in CSI4.items[1:]:
        assert [o.value for o in item.options] == [0, 1, 2, 3, 4, 5]
        assert item.options[-1].label.startswith("Completely")
    assert not any(item.reverse for item in CSI4.items)
    assert (CSI4.min_total, CSI4.max_total) == (0, 21)
    assert CSI4_DISTRESS_CUTOFF == 13.5


def test_csi4_item_wording() -> None:
    texts = [item.text for item in CSI4.items]
    assert texts == [
        "Please indicate the degree of happiness, all things considered, of your relationship.",
        "I have a warm and comfortable relationship with my partner.",
        "How rewarding is your relationship with your partner?",
        "In general, how satisfied are you with your relationship?",
    ]


def test_csi4_metadata_for_the_ui() -> None:
    assert "Funk" in CSI4.citation and "572-583" in CSI4.citation and "21(4)" in CSI4.citation
    assert "research and clinical use" in CSI4.terms
    assert CSI4.instructions


def test_csi4_extremes() -> None:
    assert score("csi4", csi(0, 0, 0, 0)).total == 0
    assert score("csi4", csi(6, 5, 5, 5)).total == 21


def test_csi4_cutoff_13_vs_14() -> None:
    below = score("csi4", csi(4, 3, 3, 3))
    assert below.total == 13
    assert "below 13.5" in below.interpretation
    at = score("csi4", csi(4, 4, 3, 3))
    assert at.total == 14
    assert "at or above 13.5" in at.interpretation
    assert (at.min_total, at.max_total) == (0, 21)
    assert at.subscales == {}


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        (csi(7, 0, 0, 0), "csi4_1: 7 is not an allowed answer"),
        (csi(0, 6, 0, 0), "csi4_2: 6 is not an allowed answer"),
        (csi(0, 0, -1, 0), "csi4_3: -1 is not an allowed answer"),
        (csi(0, 0, 0, 6), "csi4_4: 6 is not an allowed answer"),
    ],
)
def test_csi4_rejects_values_out_of_range_naming_the_item(
    answers: dict[str, int], fragment: str
) -> None:
    with pytest.raises(QuestionnaireError, match=fragment):
        score("csi4", answers)


def test_missing_item_is_named() -> None:
    answers = csi(1, 1, 1, 1)
    del answers["csi4_3"]
    with pytest.raises(QuestionnaireError, match="csi4_3 is not answered"):
        score("csi4", answers)


@pytest.mark.parametrize("value", [2.0, "2", None, True])
def test_non_integer_answers_are_rejected(value: object) -> None:
    answers: dict[str, object] = dict(csi(1, 1, 1, 1))
    answers["csi4_2"] = value
    with pytest.raises(QuestionnaireError, match="csi4_2 needs a whole-number answer"):
        score("csi4", answers)  # type: ignore[arg-type]


def test_unknown_item_and_instrument() -> None:
    with pytest.raises(QuestionnaireError, match="no item 'csi4_5'"):
        score("csi4", csi(1, 1, 1, 1) | {"csi4_5": 1})
    with pytest.raises(QuestionnaireError, match="Unknown questionnaire"):
        score("trim18", {})
    with pytest.raises(QuestionnaireError, match="Unknown questionnaire: 'nope'"):
        get_instrument("nope")


def test_empty_answers() -> None:
    with pytest.raises(QuestionnaireError, match="csi4_1 is not answered"):
        score("csi4", {})


@given(st.integers(0, 6), st.integers(0, 5), st.integers(0, 5), st.integers(0, 5))
def test_csi4_total_is_the_plain_sum(a: int, b: int, c: int, d: int) -> None:
    result = score("csi4", csi(a, b, c, d))
    assert result.total == a + b + c + d
    assert ("below" in result.interpretation) == (result.total < 13.5)


def test_only_verified_instruments_are_offered() -> None:
    assert set(INSTRUMENTS) == {"csi4"}
    assert set(NOT_INCLUDED) == {"dts", "rhz_trust", "trim18"}
    assert all("left out" in reason for reason in NOT_INCLUDED.values())
    assert not set(INSTRUMENTS) & set(NOT_INCLUDED)


# --- the scoring engine: reverse keying and subscales ---------------------------------------------
# A made-up instrument, for tests only, to exercise keying the way published scales use it.

_FIVE = tuple(ResponseOption(v, str(v)) for v in range(1, 6))
_SEVEN = tuple(ResponseOption(v, str(v)) for v in range(1, 8))
ENGINE_TEST = Instrument(
    id="engine_test",
    name="Engine test",
    short_name="ET",
    citation="none (test fixture)",
    terms="test only",
    instructions="",
    items=(
        Item("a1", "forward A", _FIVE, subscale="A"),
        Item("a2", "reversed A", _FIVE, reverse=True, subscale="A"),
        Item("b1", "reversed B on 1-7", _SEVEN, reverse=True, subscale="B"),
        Item("b2", "forward B on 1-7", _SEVEN, subscale="B"),
    ),
    interpret=lambda total: f"total {total}",
)


@pytest.mark.parametrize(("answer", "expected"), [(1, 5), (2, 4), (3, 3), (4, 2), (5, 1)])
def test_reverse_scoring_on_five_points(answer: int, expected: int) -> None:
    result = score_instrument(ENGINE_TEST, {"a1": 1, "a2": answer, "b1": 7, "b2": 1})
    assert result.subscales["A"] == 1 + expected


@pytest.mark.parametrize("answer", range(1, 8))
def test_reverse_scoring_on_seven_points(answer: int) -> None:
    result = score_instrument(ENGINE_TEST, {"a1": 1, "a2": 5, "b1": answer, "b2": 1})
    assert result.subscales["B"] == (8 - answer) + 1


def test_engine_bounds_and_subscales() -> None:
    assert (ENGINE_TEST.min_total, ENGINE_TEST.max_total) == (4, 24)
    lowest = score_instrument(ENGINE_TEST, {"a1": 1, "a2": 5, "b1": 7, "b2": 1})
    assert lowest.total == 4 and lowest.subscales == {"A": 2, "B": 2}
    highest = score_instrument(ENGINE_TEST, {"a1": 5, "a2": 1, "b1": 1, "b2": 7})
    assert highest.total == 24 and highest.subscales == {"A": 10, "B": 14}
    assert highest.interpretation == "total 24"
