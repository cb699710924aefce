from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mend.domain import textsim


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("phones", "phone"),
        ("dinners", "dinner"),
        ("scrolling", "scroll"),
        ("stopped", "stop"),
        ("calling", "call"),
        ("parties", "party"),
        ("watches", "watch"),
        ("texted", "text"),
        ("forgot", "forget"),
        ("forgetting", "forget"),
        ("bus", "bus"),
        ("Partner's", "partner"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert textsim.stem(word) == expected


def test_terms_drop_stop_words_and_stem() -> None:
    assert textsim.terms("You were on your PHONE all dinner again!") == ["phone", "dinner"]
    assert textsim.terms("and the of again") == []


def test_paraphrases_are_similar() -> None:
    a = "you were on your phone all dinner again"
    b = "phone at dinner again"
    c = "you were scrolling your phone through dinner"
    sims = textsim.similarity_matrix([a, b, c])
    assert sims[0][1] == pytest.approx(1.0)
    assert sims[0][2] >= 0.5
    assert sims[1][2] >= 0.5


def test_unrelated_notes_are_not_similar() -> None:
    texts = [
        "phone at dinner again",
        "you forgot to pick up the kids from school",
        "came home late without texting",
        "spent our savings without asking",
    ]
    sims = textsim.similarity_matrix(texts)
    for i in range(len(texts)):
        for j in range(len(texts)):
            if i != j:
                assert sims[i][j] < 0.3, (texts[i], texts[j], sims[i][j])


def test_group_similar_groups_paraphrases_only() -> None:
    texts = [
        "you were on your phone all dinner again",
        "forgot to pick up the kids",
        "phone at dinner again",
        "You forgot the kids at school",
        "scrolling your phone through dinner",
        "",
    ]
    groups = textsim.group_similar(texts, 0.5)
    assert [0, 2, 4] in groups
    assert [1, 3] in groups
    assert [5] in groups  # empty text never joins anything


def test_top_shared_terms_uses_surface_forms() -> None:
    texts = ["on your phones at dinner", "phone at dinner again", "phone during dinner, again"]
    assert set(textsim.top_shared_terms(texts, limit=2)) == {"phone", "dinner"}
    assert textsim.top_shared_terms([]) == []


def test_cosine_edges() -> None:
    assert textsim.cosine({}, {"a": 1.0}) == 0.0
    assert textsim.cosine({"a": 2.0}, {"a": 1.0}) == pytest.approx(1.0)
    assert textsim.cosine({"a": 1.0}, {"b": 1.0}) == 0.0


@given(st.lists(st.text(max_size=60), max_size=6), st.floats(min_value=0.0, max_value=1.0))
def test_group_similar_partitions_indices(texts: list[str], threshold: float) -> None:
    groups = textsim.group_similar(texts, threshold)
    flat = sorted(i for g in groups for i in g)
    assert flat == list(range(len(texts)))
    for row in textsim.similarity_matrix(texts):
        assert all(0.0 <= x <= 1.0 for x in row)
