"""Each rule of the analyser with a case it must fire on and a close one it must not.

Every case asserts all five parts, the exact set of flags and the verdict, so a rule that breaks
shows up as a changed part or flag, not only a changed verdict. The pairs differ in the one thing
the rule looks at.
"""

from __future__ import annotations

import pytest

from mend.domain.apology import analyze

# (text, parts as regret/responsibility/commitment/explanation/forgiveness_request, flags, verdict)
PAIRS: list[tuple[str, str, set[str], str]] = [
    # a negated promise is no commitment (issue 15's surviving mutant) / a plain one is
    ("I'm sorry I was late. I can't promise it won't happen again.", "11000", set(), "partial"),
    ("I'm sorry I was late. It won't happen again.", "11100", set(), "genuine"),
    # wanting to apologise is regret, not a promise
    ("I want to apologise for yesterday.", "10000", set(), "partial"),
    # negated regret / regret for the act
    ("I'm not sorry for what I said.", "00000", set(), "none"),
    ("I'm sorry for what I said.", "11000", set(), "partial"),
    # someone else's sorry / the writer's
    ("He's sorry he missed it.", "00000", set(), "none"),
    ("I'm sorry I missed it.", "11000", set(), "partial"),
    # a question opened with sorry / an apology opened with sorry
    ("Sorry, are we still on for 11?", "00000", set(), "none"),
    ("Sorry, I can't make 11.", "11000", set(), "partial"),
    ("sorry?", "00000", set(), "none"),
    # 'sorry if' / 'sorry that I'
    ("I'm sorry if you were upset.", "00000", {"conditional"}, "non_apology"),
    ("I'm sorry that I upset you.", "11000", set(), "partial"),
    # regret for what someone else did / for what I did
    ("I regret that the decision was made.", "00000", set(), "none"),
    ("I regret that I shouted at you.", "11000", set(), "partial"),
    # the noun 'a sorry' / sorry for an act
    ("A forced sorry means nothing.", "00000", set(), "none"),
    ("Sorry for shouting at you.", "11000", set(), "partial"),
    # an own act judged wrong is responsibility without sorry / an act not judged is not
    ("I shouted at you. That was wrong.", "01000", set(), "partial"),
    ("I shouted at the referee.", "00000", set(), "none"),
    ("I was wrong.", "01000", set(), "partial"),
    ("I wasn't wrong.", "00000", set(), "none"),
    # an excuse takes the apology back / owned as no excuse it is an explanation
    ("Sorry I snapped, I was stressed.", "10010", {"excuse"}, "non_apology"),
    ("Sorry I snapped. I was stressed, but that's no excuse.", "11010", set(), "partial"),
    # 'I'll do better' after sorry is vague / alone it is nothing
    ("Sorry. I'll do better.", "10000", {"vague_commitment"}, "partial"),
    ("I'll do better.", "00000", set(), "none"),
    # asking forgiveness / demanding it
    ("Please forgive me.", "10001", set(), "partial"),
    ("You need to forgive me and move on.", "00000", {"forgiveness_pressure"}, "none"),
    # the reader's feelings / the act
    ("I'm sorry you feel that way.", "00000", {"feelings_deflection"}, "non_apology"),
    ("I'm sorry I hurt you.", "11000", set(), "partial"),
    # agentless / owned
    ("Mistakes were made.", "00000", {"passive_voice"}, "non_apology"),
    # minimising / owning the joke
    ("It was just a joke, sorry.", "10000", {"minimising"}, "non_apology"),
    ("Sorry I joked about your weight, it was cruel.", "11000", set(), "partial"),
    # blame on the reader / owning the start
    ("Sorry but you started it.", "10000", {"blame_shift"}, "non_apology"),
    ("Sorry, I started it.", "11000", set(), "partial"),
    # a sarcasm cue elsewhere in the sentence, or an eye-roll, takes the sorry back / plain sorry
    ("Sorry I breathed too loud I guess.", "00000", set(), "non_apology"),
    ("Well sorry, some of us have jobs.", "00000", set(), "non_apology"),
    ("sorry \U0001f644", "00000", set(), "non_apology"),
    ("sorry", "10000", set(), "partial"),
    # the writer quoting their own words / someone else's quoted words
    ('I just want to say "I\'m sorry I lied to you".', "11000", set(), "partial"),
    ('She said "I\'m sorry I lied to you".', "00000", set(), "none"),
    # a statement in quotation marks is the writer's / a speaker named between two quotations
    ('"We are sorry for the delay, and we will refund every ticket."', "10100", set(), "partial"),
    (
        '"We are sorry for the delay," said a spokesperson, "and we will refund every ticket."',
        "00000",
        set(),
        "none",
    ),
    # formal ownership: admitting, 'no excuse', 'unfair of me'
    ("I admit I was rude to you.", "01000", set(), "partial"),
    ("I'm sorry. I was tired, but there's no excuse.", "11010", set(), "partial"),
    ("I'm sorry, it was unfair of me.", "11000", set(), "partial"),
    # a time-marked change is a commitment
    (
        "Sorry I shouted. Next time I will walk away and come back when I'm calm.",
        "11100",
        set(),
        "genuine",
    ),
    # all three with an explanation that is no excuse
    (
        "Sorry I forgot to call, that was careless of me. I'll set a reminder from now on.",
        "11110",
        set(),
        "genuine",
    ),
]


def _reading(text: str) -> tuple[str, set[str], str]:
    r = analyze(text)
    parts = "".join(
        "1" if r[group][name]["present"] else "0"
        for group in ("components", "secondary")
        for name in r[group]
    )
    return parts, {f["kind"] for f in r["flags"]}, r["verdict"]


@pytest.mark.parametrize(("text", "parts", "flags", "verdict"), PAIRS)
def test_rule_pairs(text: str, parts: str, flags: set[str], verdict: str) -> None:
    assert _reading(text) == (parts, flags, verdict)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("I'm sorry I was late. It won't happen again.", 0.84),
        ("Sorry I snapped, I was stressed.", 0.14),
        ("Sorry I snapped. I was stressed, but that's no excuse.", 0.66),
        ("Please forgive me.", 0.28),
        ("Sorry. I'll do better.", 0.14),
        ("I'm sorry you feel that way.", 0.0),
        ("Sorry I forgot to call, that was careless of me. I'll set a reminder from now on.", 0.94),
    ],
)
def test_exact_scores(text: str, score: float) -> None:
    assert analyze(text)["score"] == score


def test_evidence_spans_point_at_the_words_each_rule_read() -> None:
    text = "Sorry I snapped, I was stressed. It won't happen again."
    r = analyze(text)
    assert [e["text"] for e in r["components"]["regret"]["evidence"]] == ["Sorry I snapped"]
    assert [f["text"] for f in r["flags"] if f["kind"] == "excuse"] == ["I was stressed."]
    assert r["components"]["commitment"]["evidence"][0]["text"] == "It won't happen again"
