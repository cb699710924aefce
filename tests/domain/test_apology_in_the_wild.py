"""The analyser on text nobody here wrote (issue 15): quotations, "we", sorry that is not an
apology, the patterns that undo a public apology, and formal register.

Each case asserts the parts and flags, not only the verdict, so a broken rule is noticed.
"""

from __future__ import annotations

import pytest

from mend.domain.apology import analyze


def parts(text: str) -> dict[str, bool]:
    return {name: c["present"] for name, c in analyze(text)["components"].items()}


def flags(text: str) -> set[str]:
    return {f["kind"] for f in analyze(text)["flags"]}


# ------------------------------------------------------------------ whose words


@pytest.mark.parametrize(
    "text",
    [
        "\u201cI am sorry for what I said. It was wrong of me, and it will not happen again.\u201d",
        '"I am sorry for what I said. It was wrong of me, and it will not happen again."',
        "\u201cI am sorry for what I said. It was wrong of me, and it will not happen again.\u201d"
        "\n\u2014 Councillor Mary Byrne",
        "Statement from the chair: \u201cI am sorry for what I said. It was wrong of me, and it "
        "will not happen again.\u201d",
    ],
)
def test_a_text_that_is_one_quotation_is_the_writers_own_apology(text: str) -> None:
    result = analyze(text)
    assert result["verdict"] == "genuine"
    assert parts(text) == {"regret": True, "responsibility": True, "commitment": True}
    # Evidence points into the text as written, quotation marks and all.
    for comp in result["components"].values():
        for ev in comp["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]


@pytest.mark.parametrize(
    "text",
    [
        "She said \u201csorry\u201d and walked off.",
        "My boss said \"I'm sorry, it won't happen again\" but I don't believe her.",
        "Dad texted: I'm sorry. Should I answer?",
        "My sister apologised and said it won't happen again - should I believe her?",
    ],
)
def test_reported_speech_of_a_named_speaker_is_still_not_the_writers(text: str) -> None:
    assert analyze(text)["verdict"] == "none"
    assert not parts(text)["regret"]


@pytest.mark.parametrize(
    "text",
    [
        "The council apologises to the families who were given the wrong dates. We got this "
        "wrong. Every family will receive a corrected letter by Friday.",
        "On behalf of everyone at the club, we are sorry for the way supporters were treated "
        "on Saturday. We failed them. We will refund every ticket this week.",
        "Northway Rail is sorry for the cancellations on Monday. The failure was ours, and we "
        "will publish a full timetable review by March.",
        "We are deeply sorry. We take full responsibility, and this will not happen again.",
    ],
)
def test_plural_and_institutional_apologies_count(text: str) -> None:
    assert parts(text) == {"regret": True, "responsibility": True, "commitment": True}
    assert analyze(text)["verdict"] == "genuine"


def test_an_organisation_that_reports_someone_elses_apology_is_not_apologising() -> None:
    text = "The minister apologised to the families yesterday, according to the council."
    assert analyze(text)["verdict"] == "none"


# ------------------------------------------------------------------ sorry that is no apology


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # sympathy and politeness: no apology at all
        ("So sorry for your loss. Thinking of you all.", "none"),
        ("Oh no, so sorry to hear that. Let me know if you need anything.", "none"),
        ("I'm so sorry you're going through this. Sending love.", "none"),
        ("Sorry to bother you, could you send me the invoice again?", "none"),
        ("Sorry, but where did you find that?", "none"),
        ("Sorry, quick question: is the meeting at 3 or 4?", "none"),
        ("Sorry to be a pain, but is there any update on my order?", "none"),
        ("Sorry for the long post, but has anyone else had this problem with the boiler?", "none"),
        # sarcasm: an apology taken back
        ("Oh I'm SO sorry my existence inconveniences you.", "non_apology"),
        ("Sorry for breathing, I guess.", "non_apology"),
        ("Well excuse me for having an opinion.", "non_apology"),
        ("So sorry that I have a life outside of this group chat.", "non_apology"),
    ],
)
def test_sympathy_politeness_and_sarcasm_are_not_regret(text: str, verdict: str) -> None:
    assert not parts(text)["regret"]
    assert analyze(text)["verdict"] == verdict


# ------------------------------------------------------------------ patterns that undo it


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I apologise to anyone who may have been offended by my remarks.", "conditional"),
        ("If anyone was hurt by what I said, I am sorry.", "conditional"),
        ("We regret any distress this may have caused.", "conditional"),
        ("Mistakes were made in the handling of the complaint.", "passive_voice"),
        ("Errors occurred in the processing of some applications.", "passive_voice"),
        ("I regret that you feel my comments were inappropriate.", "feelings_deflection"),
        ("We are sorry that some people took it the wrong way.", "feelings_deflection"),
        ("I'm sorry for the reaction my post caused.", "feelings_deflection"),
        ("I'm sorry that my words were misunderstood.", "feelings_deflection"),
        ("I'm sorry, but I stand by every word.", "excuse"),
        ("We apologise, although the decision was the right one.", "excuse"),
    ],
)
def test_the_patterns_that_undo_a_public_apology_are_flagged(text: str, kind: str) -> None:
    result = analyze(text)
    assert kind in flags(text), result["flags"]
    assert not result["components"]["responsibility"]["present"]
    assert result["verdict"] == "non_apology"
    advice = [f["advice"] for f in result["flags"] if f["kind"] == kind]
    assert advice and all(a for a in advice)


def test_never_my_intention_alone_is_an_explanation_not_an_excuse() -> None:
    text = "It was never my intention to offend anyone, and I am sorry that I did."
    result = analyze(text)
    assert result["secondary"]["explanation"]["present"]
    assert "excuse" not in flags(text)
    assert parts(text)["regret"]


def test_never_my_intention_with_a_denial_of_fault_is_an_excuse() -> None:
    text = "It was never my intention to offend, so I don't see what I did wrong."
    assert "excuse" in flags(text)
    assert not parts(text)["responsibility"]


def test_a_plain_stress_account_is_named_as_an_excuse() -> None:
    text = "Sorry I snapped at you. I was stressed."
    assert "excuse" in flags(text)
    assert parts(text)["regret"]


def test_owning_it_after_the_account_keeps_it_an_explanation() -> None:
    text = "Sorry I snapped at you. I was stressed, but that's no excuse. It won't happen again."
    assert "excuse" not in flags(text)
    assert analyze(text)["verdict"] == "genuine"


# ------------------------------------------------------------------ formal register


@pytest.mark.parametrize(
    "text",
    [
        "I take full responsibility for this failure.",
        "There is no excuse for what I did.",
        "The failure was ours.",
        "We accept that we failed the residents of Park Street.",
    ],
)
def test_formal_responsibility(text: str) -> None:
    assert parts(text)["responsibility"]


@pytest.mark.parametrize(
    "text",
    [
        "We will review our procedures and publish the findings by March.",
        "This will not happen again.",
        "We have appointed an independent reviewer.",
        "Every affected customer will be refunded in full within 14 days.",
    ],
)
def test_formal_commitment(text: str) -> None:
    full = "We are sorry for the delays, which were our fault. " + text
    assert parts(full)["commitment"]


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry. I can't promise it won't happen again.",
        "We are sorry. We will do better.",
        "I'm sorry I shouted. I might not be able to stop it happening again.",
    ],
)
def test_what_is_not_a_commitment(text: str) -> None:
    assert not parts(text)["commitment"]
    assert analyze(text)["verdict"] != "genuine"


# ------------------------------------------------------------------ each rule, both ways
# (text, expected parts (regret, responsibility, commitment), flags that must be present,
#  flags that must be absent). Each rule has a case it must fire on and a close one it must not.
RULES = [
    # an organisation's own apology / someone else's reported one
    ("Harbour Bank regrets the outage on Saturday.", (True, False, False), set(), set()),
    ("He regrets the outage, his office said.", (False, False, False), set(), set()),
    # whole quotation / reported quotation
    ("\u201cI'm sorry. I was wrong.\u201d", (True, True, False), set(), set()),
    ('"I\'m sorry. I was wrong," she said.', (False, False, False), set(), set()),
    # sympathy near grief news / an own act after sorry despite the news
    ("Just heard about your nan, so sorry.", (False, False, False), set(), set()),
    (
        "Just heard about your nan, so sorry I missed the funeral.",
        (True, True, False),
        set(),
        set(),
    ),
    # polite opener to a question / sorry for an act, then a question
    ("sorry, are we still on for 11?", (False, False, False), set(), set()),
    ("sorry I missed the call, are we still on for 11?", (True, True, False), set(), set()),
    # 'if this is a dumb question' / a real 'if' apology
    (
        "Sorry if this is a dumb question, but does it take AA batteries?",
        (False,) * 3,
        set(),
        {"conditional"},
    ),
    ("Sorry if I upset you.", (False, False, False), {"conditional"}, set()),
    # talk about apologising / apologising
    ("How do I apologise to my sister after the wedding?", (False, False, False), set(), set()),
    ("I apologise to my sister for what I said at the wedding.", (True, True, False), set(), set()),
    # the noun / the word
    (
        "The mayor's apology was welcome, but apologies don't fill potholes.",
        (False,) * 3,
        set(),
        set(),
    ),
    ("My apologies, I sent the wrong file.", (True, True, False), set(), set()),
    # sarcasm cue / plain regret
    ("sorry for caring i guess \U0001f644", (False, False, False), set(), set()),
    ("sorry for shouting, I was out of line", (True, True, False), set(), set()),
    # 'sorry, but' + defence / 'sorry, but' + ownership
    ("I'm sorry, but honestly the brief kept changing.", (True, False, False), {"excuse"}, set()),
    ("I'm sorry, but that's no excuse for what I did.", (True, True, False), set(), {"excuse"}),
    # deflection onto the reader / an apology for the act
    (
        "We're sorry you didn't enjoy your visit.",
        (False, False, False),
        {"feelings_deflection"},
        set(),
    ),
    ("We're sorry we got your order wrong.", (True, True, False), set(), {"feelings_deflection"}),
    # service-register ownership / a duty is not an admission
    (
        "Our driver should never have left the parcel in the rain.",
        (False, True, False),
        set(),
        set(),
    ),
    ("It is my responsibility to hold people to deadlines.", (False, False, False), set(), set()),
    # repair in progress / a plan that is no repair
    ("soz mum forgot the bins, doing it now", (True, True, True), set(), set()),
    ("soz mum, doing the bins later if I remember", (True, False, False), set(), set()),
    # 'lessons will be learned' is vague / a dated review is not
    ("We are sorry. Lessons will be learned.", (True, False, False), {"vague_commitment"}, set()),
    (
        "We are sorry. We will publish the review by March.",
        (True, False, True),
        set(),
        {"vague_commitment"},
    ),
]


@pytest.mark.parametrize(("text", "expected", "must", "must_not"), RULES)
def test_each_rule_fires_where_it_should_and_not_next_door(
    text: str, expected: tuple[bool, bool, bool], must: set[str], must_not: set[str]
) -> None:
    p = parts(text)
    assert (p["regret"], p["responsibility"], p["commitment"]) == expected
    found = flags(text)
    assert must <= found, found
    assert not (must_not & found), found


@pytest.mark.parametrize(
    ("text", "verdict", "score"),
    [
        (
            "\u201cWe are deeply sorry. We take full responsibility, and this will not happen "
            "again.\u201d",
            "genuine",
            0.84,
        ),
        (
            "The council apologises to the families who were given the wrong dates. We got "
            "this wrong.",
            "partial",
            0.56,
        ),
        ("I'm sorry if anyone was offended.", "non_apology", 0.0),
        ("So sorry for your loss.", "none", 0.0),
        ("I'm sorry, but I stand by every word.", "non_apology", 0.14),
    ],
)
def test_exact_scores_of_fixed_texts(text: str, verdict: str, score: float) -> None:
    result = analyze(text)
    assert result["verdict"] == verdict
    assert result["score"] == score
