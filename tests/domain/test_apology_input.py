"""Bad input raises ApologyInputError; any other text gives spans that stay inside the input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mend.domain.apology import VERDICTS, ApologyInputError, analyze
from mend.domain.apology.text import MAX_CHARS


def rejected(text: object, match: str) -> ApologyInputError:
    """The error ``analyze`` refuses ``text`` with; its message must match ``match``."""
    with pytest.raises(ApologyInputError, match=match) as exc:
        analyze(text)  # type: ignore[arg-type]
    return exc.value


@pytest.mark.parametrize("text", ["", "   ", "\n\t \u200b"])
def test_empty_text_is_rejected(text: str) -> None:
    assert rejected(text, "The text is empty: write the apology first").code == "empty"


def test_text_over_the_limit_is_rejected() -> None:
    analyze("sorry " * (MAX_CHARS // 6))  # at the limit: fine
    error = rejected(
        "x" * (MAX_CHARS + 1),
        f"The text has {MAX_CHARS + 1} characters; the analyser reads at most {MAX_CHARS}",
    )
    assert error.code == "too_long"
    assert str(MAX_CHARS) in error.message


@pytest.mark.parametrize(
    "text",
    [
        "Lo siento mucho, no fue mi intención hacerte daño y te pido perdón.",
        "Je suis vraiment désolé pour hier soir, je ne voulais pas te blesser.",
        "Es tut mir leid, ich war nicht fair zu dir und das ist nicht okay.",
        "对不起，我错了，我以后不会再这样了。",
        "أنا آسف جدا، كان ذلك خطئي",
        "Прости меня, я был неправ.",
    ],
)
def test_non_english_is_rejected_not_guessed(text: str) -> None:
    error = rejected(text, "the analyser only reads English, so it will not guess")
    assert error.code == "not_english"


def test_english_with_a_foreign_word_is_still_english() -> None:
    assert analyze("I'm so sorry, mi amor. I was wrong and I'll call you tonight.")["verdict"]


def test_non_string_is_rejected() -> None:
    rejected(None, "The apology must be a string of text")


def _check(text: str, result: dict) -> None:
    assert result["verdict"] in VERDICTS
    assert 0.0 <= result["score"] <= 1.0
    groups = [*result["components"].values(), *result["secondary"].values()]
    for part in groups:
        assert 0.0 <= part["confidence"] <= 1.0
        assert isinstance(part["present"], bool)
        for ev in part["evidence"]:
            assert 0 <= ev["start"] < ev["end"] <= len(text)
            assert text[ev["start"] : ev["end"]] == ev["text"]
    for flag in result["flags"]:
        assert 0 <= flag["start"] < flag["end"] <= len(text)
        assert text[flag["start"] : flag["end"]] == flag["text"]
    assert all(isinstance(s, str) for s in result["suggestions"])


ODD = st.sampled_from(
    [
        "\u200b",
        "\u200d",
        "\u202e",
        "\u200f",
        "\u0301",
        "\x00",
        "\ufeff",
        "\U0001f62d",
        "\U0001f44d\U0001f3fd",
        "\u0627\u0644",
        "\u05e9\u05dc",
        "İ",
        "ß",
        "ﬁ",
        "’",
        "“",
        "\n",
        "\r\n",
        "x" * 300,
    ]
)
PHRASES = st.sampled_from(
    [
        "I'm sorry",
        "sry",
        "my bad",
        " if I hurt you",
        " but you made me",
        "it was only a joke",
        "mistakes were made",
        "can we just move on",
        "I'll be better",
        "I was wrong",
        "I'll fix it tonight",
        '"sorry"',
        ". ",
        ", ",
    ]
)


def _analyse_or_refuse(text: str) -> None:
    """Any text is either refused for one of the known reasons or analysed within bounds."""
    try:
        result = analyze(text)
    except ApologyInputError as exc:
        assert exc.code in {"empty", "too_long", "not_english"}
        return
    _check(text, result)


TEXTS = st.lists(st.one_of(st.text(max_size=40), ODD, PHRASES), max_size=25).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_fuzz_spans_stay_inside_the_input(text: str) -> None:
    _analyse_or_refuse(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=MAX_CHARS))
def test_fuzz_any_unicode_text(text: str) -> None:
    _analyse_or_refuse(text)
