"""Behaviour of the apology analyser on the classic cases."""

from __future__ import annotations

import pytest

from mend.domain.apology import analyze


def parts(text: str) -> dict[str, bool]:
    result = analyze(text)
    return {name: c["present"] for name, c in result["components"].items()}


def flags(text: str) -> set[str]:
    return {f["kind"] for f in analyze(text)["flags"]}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm sorry if I hurt you.", "conditional"),
        ("We apologise to anyone who may have been offended.", "conditional"),
        ("Well I'm sorry you feel that way.", "feelings_deflection"),
        ("sorry u took it the wrong way", "feelings_deflection"),
        ("I'm sorry, but you made me so angry.", "blame_shift"),
        ("ok im sorry!! but u started it tho", "blame_shift"),
        ("Sorry I snapped, I was just really stressed.", "excuse"),
        ("I'm sorry but it's not my fault.", "excuse"),
        ("sorry, it was only a joke lol", "minimising"),
        ("You're overreacting.", "minimising"),
        ("Mistakes were made.", "passive_voice"),
        ("Things were said on both sides.", "passive_voice"),
        ("I'm sorry ok? Can we just move on.", "forgiveness_pressure"),
        ("I said I'm sorry. What more do you want?", "forgiveness_pressure"),
        ("sorry babe, I'll be better", "vague_commitment"),
        ("I'm sorry. I'll try harder.", "vague_commitment"),
    ],
)
def test_each_flag_is_found_with_its_span(text: str, kind: str) -> None:
    result = analyze(text)
    found = [f for f in result["flags"] if f["kind"] == kind]
    assert found, result["flags"]
    for f in found:
        assert text[f["start"] : f["end"]] == f["text"]
        assert f["advice"]


def test_genuine_apology_has_all_three_parts_with_evidence() -> None:
    text = (
        "I'm so sorry I forgot your birthday. That was on me. "
        "I've already booked dinner for Saturday and I'll put every date in my calendar."
    )
    result = analyze(text)
    assert result["verdict"] == "genuine"
    for name in ("regret", "responsibility", "commitment"):
        comp = result["components"][name]
        assert comp["present"] and comp["evidence"]
        assert 0.5 <= comp["confidence"] <= 1
    assert "sorry" in result["components"]["regret"]["evidence"][0]["text"]
    assert "on me" in " ".join(
        e["text"] for e in result["components"]["responsibility"]["evidence"]
    )
    assert result["score"] > 0.7
    assert result["suggestions"] == []


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("sorry", "partial"),
        ("I'm sorry I lied to you. It was wrong.", "partial"),
        ("I'm sorry you feel that way.", "non_apology"),
        ("Sorry if anyone was offended.", "non_apology"),
        ("I'm sorry, but you started it.", "non_apology"),
        ("Mistakes were made.", "non_apology"),
        ("Can you grab milk on the way home?", "none"),
        ("Sorry to hear about your grandma.", "none"),
        ("Sorry, who is this?", "none"),
        ("I'm not sorry. I meant every word.", "none"),
        ("lol sorry not sorry", "non_apology"),
    ],
)
def test_verdicts(text: str, verdict: str) -> None:
    assert analyze(text)["verdict"] == verdict


def test_negation_of_regret_is_not_regret() -> None:
    assert not parts("I'm not sorry for what I said.")["regret"]
    assert not parts("I won't apologise for telling the truth.")["regret"]
    assert parts("I can't even tell you how sorry I am.")["regret"]


def test_double_negation_is_responsibility() -> None:
    p = parts("I won't pretend I wasn't wrong. I was.")
    assert p["responsibility"]
    assert not parts("I wasn't wrong and I won't say I was.")["responsibility"]


def test_quoted_or_reported_apology_is_not_the_writers() -> None:
    assert (
        analyze("She texted me \"I'm so sorry, it won't happen again\" and did it again.")[
            "verdict"
        ]
        == "none"
    )
    assert analyze("He said sorry but I don't think he meant it.")["verdict"] == "none"
    assert analyze("Your brother wants to say sorry.")["verdict"] == "none"


def test_texting_style() -> None:
    p = parts("im so sorry i forgot ur bday, my bad. ill take u to dinner sat, promise")
    assert p == {"regret": True, "responsibility": True, "commitment": True}
    assert parts("sry!!")["regret"]
    assert parts("soz for being such a grump")["responsibility"]


@pytest.mark.parametrize(
    "text",
    [
        "I regret what I said to you at the wedding.",
        "That was wrong of me.",
        "I owe you an apology for last night.",
        "I was wrong to read your messages.",
        "I feel terrible that I let you down.",
    ],
)
def test_paraphrases_without_sorry_are_apologies(text: str) -> None:
    p = parts(text)
    assert p["regret"] or p["responsibility"]
    assert analyze(text)["verdict"] == "partial"


def test_commitment_needs_more_than_a_plan() -> None:
    assert not parts("I'll be home at 7, don't wait up.")["commitment"]
    assert parts("I'm sorry. It won't happen again.")["commitment"]


def test_secondary_components() -> None:
    result = analyze(
        "I'm sorry I missed your call. I was stressed, but that's no excuse. Please forgive me."
    )
    assert result["secondary"]["explanation"]["present"]
    assert result["secondary"]["forgiveness_request"]["present"]
    assert "excuse" not in {f["kind"] for f in result["flags"]}


def test_suggestions_name_what_is_missing_in_the_writers_words() -> None:
    result = analyze("sorry i yelled at you")
    text = " ".join(result["suggestions"])
    assert "i yelled at you" in text.lower()
    assert "will" in text.lower()  # asks for a commitment
    assert not result["components"]["commitment"]["present"]


def test_spans_point_into_the_original_text_with_odd_unicode() -> None:
    text = "I\u200bm so\u0301rry \U0001f62d I was wrong. \u202eI'll fix it tonight\u202c"
    result = analyze(text)
    for comp in result["components"].values():
        for ev in comp["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
    assert result["components"]["responsibility"]["present"]
