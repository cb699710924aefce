"""Gentle prompts for vague commitments, and silence for concrete ones."""

from __future__ import annotations

import pytest

from mend.domain.commitment_text import Prompt, check_commitment


def codes(what: str, when: str | None = None, how_known: str | None = None) -> list[str]:
    return [p.code for p in check_commitment(what, when, how_known)]


# --- Concrete commitments get no prompt ----------------------------------------------------------

# Concrete in their own words, with when it happens, and with how the other person will know.
IN_THEIR_WORDS = [
    "I text you if I will be home after 19:00",
    "I’ll text you if I’m going to be home after 7pm",
    "I tell you before I make plans with friends",
    "I will be home by 18:30 on weekdays and text you if I am delayed",
    "I leave the pub by 22:00 and call you when I leave",
    "I will let you know as soon as my plans change",
]
WITH_WHEN = [
    ("I call you on my lunch break", "every weekday at 12:30"),
    ("I share my calendar with you", "every Sunday evening"),
    ("We sit down together for 20 minutes to talk about our week", "every Sunday at 20:00"),
    ("I walk the dog so you can sleep in", "on Saturdays"),
    ("I show you my bank statement", "on the 1st of every month"),
    ("I check in with you by message", "at lunch every day"),
    ("I ask you how your day was before I turn on the TV", "every evening"),
    ("I pick up the kids from school so you can work late", "every Monday and Wednesday at 15:15"),
    ("I reply to your messages within an hour", "on workdays"),
]
WITH_WHEN_AND_HOW = [
    ("I cook dinner", "every Tuesday and Friday", "You'll find dinner on the table by 19:30"),
    ("I put my phone in the drawer during dinner", "every evening", "You can see it in the drawer"),
    (
        "I go to my therapy session",
        "every Thursday at 18:00",
        "I forward you the appointment email",
    ),
    ("Phones off and on the shelf during dinner", "every night at 19:00", "You can see the shelf"),
    (
        "I attend the anger management group",
        "every Wednesday at 18:00",
        "I send you a photo of the sign-in sheet",
    ),
]
CONCRETE: list[tuple[str, str | None, str | None]] = [
    *((what, None, None) for what in IN_THEIR_WORDS),
    *((what, when, None) for what, when in WITH_WHEN),
    *WITH_WHEN_AND_HOW,
]


@pytest.mark.parametrize(("what", "when", "how_known"), CONCRETE)
def test_concrete_commitments_get_no_prompt(
    what: str, when: str | None, how_known: str | None
) -> None:
    assert check_commitment(what, when, how_known) == []


# --- Vague commitments get a kind, specific prompt -----------------------------------------------


@pytest.mark.parametrize(
    ("what", "phrase"),
    [
        ("I'll be better", "'being better'"),
        ("I will be a better partner", "'being a better partner'"),
        ("I’ll do better", "'doing better'"),
        ("Be more present", "'being more present'"),
        ("I'll be more attentive", "'being more attentive'"),
        ("I will communicate more", "'communicating more'"),
        ("communicate better with you", "'communicating better'"),
        ("I'll be more patient", "'being more patient'"),
        ("I will be more supportive", "'being more supportive'"),
        ("I'll be there for you", "'being there for you'"),
        ("I'll make more of an effort", "'making more of an effort'"),
        ("I will change", "'changing'"),
    ],
)
def test_vague_wording_is_named_back_kindly(what: str, phrase: str) -> None:
    prompts = check_commitment(what, None, None)
    assert prompts[0].code == "vague_what"
    assert prompts[0].field == "what"
    assert phrase in prompts[0].message
    assert "the other person could see" in prompts[0].message or "For example" in (
        prompts[0].message
    )


def test_the_model_prompt_from_the_brief() -> None:
    (first, *_) = check_commitment("I'll be better", None, None)
    assert first.message == (
        "What would 'being better' look like on a normal Tuesday? "
        "Name one thing the other person could see."
    )


@pytest.mark.parametrize(
    ("what", "start"),
    [
        ("I'll try harder", "Trying is hard to see"),
        ("I will try my best", "Trying is hard to see"),
        ("I'll work on myself", "Working on something is a good start"),
        ("I'm working on my anger", "Working on something is a good start"),
        ("I'll be more present", "What would 'being more present'"),
        ("I will open up more", "What would 'opening up more' look like? For example"),
    ],
)
def test_each_kind_of_vagueness_has_its_own_sentence(what: str, start: str) -> None:
    assert check_commitment(what)[0].message.startswith(start)


@pytest.mark.parametrize(
    "what",
    [
        "I'll never do it again",
        "It won't happen again",
        "I will not lie to you anymore",
        "No more secrets",
        "I'll stop drinking",
    ],
)
def test_promises_only_to_stop_ask_for_something_visible_instead(what: str) -> None:
    assert codes(what)[0] == "only_stopping"


def test_a_vague_promise_gets_every_missing_piece_in_order() -> None:
    assert codes("I'll be better") == ["vague_what", "missing_when", "missing_how_known"]


# --- When ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    ["when I can", "sometimes", "more often", "from now on", "regularly", "soon", "if possible"],
)
def test_a_vague_when_is_questioned(when: str) -> None:
    assert codes("I cook dinner for you", when, None) == ["vague_when"]


@pytest.mark.parametrize(
    "when",
    [
        "every weekday at 19:00",
        "on Sundays",
        "twice a week",
        "whenever I am running late",
        "before bed",
        "always at 7pm",
        "by Friday",
        "once on 3 December at 18:00",
    ],
)
def test_a_checkable_when_is_accepted(when: str) -> None:
    assert codes("I cook dinner for you", when, None) == []


def test_missing_when_is_asked_for() -> None:
    prompts = check_commitment("I cook dinner for you", None, None)
    assert [p.code for p in prompts] == ["missing_when"]
    assert prompts[0].field == "when"


def test_a_when_inside_the_sentence_counts() -> None:
    assert codes("I cook dinner for you on Fridays") == []
    assert codes("I cook dinner for you when I can") == ["missing_when"]


# --- How the other person will know --------------------------------------------------------------


def test_missing_how_known_is_asked_for_when_nothing_reaches_the_other_person() -> None:
    prompts = check_commitment("I go to the gym", "every Monday at 07:00", None)
    assert [p.code for p in prompts] == ["missing_how_known"]
    assert prompts[0].field == "how_known"


@pytest.mark.parametrize(
    "how_known", ["You'll just know", "trust me", "You will see the difference", "you'll feel it"]
)
def test_a_vague_how_known_is_questioned(how_known: str) -> None:
    assert codes("I go to the gym", "every Monday at 07:00", how_known) == ["vague_how_known"]


@pytest.mark.parametrize(
    "how_known",
    ["I text you when I get there", "It's in our shared calendar", "You'll see it logged in Mend"],
)
def test_a_checkable_how_known_is_accepted(how_known: str) -> None:
    assert codes("I go to the gym", "every Monday at 07:00", how_known) == []


# --- Shape ---------------------------------------------------------------------------------------


def test_an_empty_commitment_gets_one_prompt() -> None:
    assert codes("   ") == ["empty"]


def test_prompts_serialise_for_a_form_or_the_api() -> None:
    prompt = check_commitment("I'll try harder")[0]
    assert isinstance(prompt, Prompt)
    assert prompt.to_dict() == {"code": "vague_what", "field": "what", "message": prompt.message}


def test_prompts_never_scold() -> None:
    everything = [
        check_commitment(w, None, None)
        for w in [
            "I'll be better",
            "I'll try harder",
            "It won't happen again",
            "",
            "I go to the gym",
        ]
    ]
    words = " ".join(p.message.lower() for ps in everything for p in ps)
    for harsh in ("must", "wrong", "bad", "fail", "invalid", "error"):
        assert harsh not in words.split()
