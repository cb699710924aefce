from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.domain.redflags import (
    CATEGORIES,
    COERCIVE_CONTROL,
    FEAR,
    PHYSICAL_HARM,
    QUESTIONS,
    SELF_HARM,
    SEXUAL_VIOLENCE,
    THREATS,
    Helplines,
    Hit,
    detect,
    resources_message,
    screen,
)

# --- labelled sentences -----------------------------------------------------------------------

HITS: list[tuple[str, str]] = [
    # physical harm
    ("he hit me", PHYSICAL_HARM),
    ("She pushed me against the wall", PHYSICAL_HARM),
    ("he choked me last night", PHYSICAL_HARM),
    ("HE SLAPPED ME IN FRONT OF THE KIDS", PHYSICAL_HARM),
    ("my husband punched me", PHYSICAL_HARM),
    ("he beat me up again", PHYSICAL_HARM),
    ("she kicked me while i was on the floor", PHYSICAL_HARM),
    ("he grabbed me by the throat", PHYSICAL_HARM),
    ("he put his hands around my neck", PHYSICAL_HARM),
    ("she threw a plate at me", PHYSICAL_HARM),
    ("he doesn't hit me anymore but i'm still on edge", PHYSICAL_HARM),
    ("he gave me a black eye", PHYSICAL_HARM),
    ("I was hit by my boyfriend", PHYSICAL_HARM),
    ("you hit my son", PHYSICAL_HARM),
    ("he shoved me and i fell", PHYSICAL_HARM),
    ("i can't believe he hit me", PHYSICAL_HARM),
    ("I never told anyone he hits me", PHYSICAL_HARM),
    ("if he hits me again I'm leaving", PHYSICAL_HARM),
    ("honestly he strangled me", PHYSICAL_HARM),
    ("I pushed him and he fell", PHYSICAL_HARM),
    # threats
    ("he threatened to kill me", THREATS),
    ("She said she'd take the kids", THREATS),
    ("he said he would hurt me if i told anyone", THREATS),
    ("he threatened to kill himself if I leave", THREATS),
    ("he'll kill me if i leave", THREATS),
    ("he pointed a knife at me", THREATS),
    ("she threatens me all the time", THREATS),
    ("he threatened to post my photos", THREATS),
    ("I get death threats from him", THREATS),
    ("he raised his fist at me", THREATS),
    # fear
    ("I'm scared of him", FEAR),
    ("im so scared of her", FEAR),
    ("I'm afraid to go home", FEAR),
    ("i am terrified of what he'll do", FEAR),
    ("I'm afraid he will hurt me", FEAR),
    ("honestly i'm scared of you", FEAR),
    ("I fear for my safety", FEAR),
    ("he scares me", FEAR),
    ("the kids are frightened of him", FEAR),
    ("i live in fear", FEAR),
    # coercive control
    ("he checks my phone every night", COERCIVE_CONTROL),
    ("she won't let me see my friends", COERCIVE_CONTROL),
    ("he controls all the money", COERCIVE_CONTROL),
    ("he tracks my location", COERCIVE_CONTROL),
    ("I'm not allowed to see my family", COERCIVE_CONTROL),
    ("he goes through my messages", COERCIVE_CONTROL),
    ("he takes my wages", COERCIVE_CONTROL),
    ("she put a tracker on my car", COERCIVE_CONTROL),
    ("he never lets me go out", COERCIVE_CONTROL),
    ("he has to know where i am at all times", COERCIVE_CONTROL),
    ("she's isolated me from my friends", COERCIVE_CONTROL),
    ("he's so controlling", COERCIVE_CONTROL),
    ("he gives me an allowance", COERCIVE_CONTROL),
    ("he stops me from seeing my mum", COERCIVE_CONTROL),
    # sexual violence
    ("he forced me to have sex", SEXUAL_VIOLENCE),
    ("he raped me", SEXUAL_VIOLENCE),
    ("she pressured me into sex", SEXUAL_VIOLENCE),
    ("he touched me when i said no", SEXUAL_VIOLENCE),
    # self-harm
    ("I want to die", SELF_HARM),
    ("i wanna die", SELF_HARM),
    ("sometimes i think about killing myself", SELF_HARM),
    ("I'm going to kill myself", SELF_HARM),
    ("i've been hurting myself again", SELF_HARM),
    ("there's no reason to live", SELF_HARM),
    ("I have nothing to live for", SELF_HARM),
    ("everyone would be better off without me", SELF_HARM),
    ("i don't want to be alive anymore", SELF_HARM),
    ("I've been having suicidal thoughts", SELF_HARM),
    ("I can't go on like this", SELF_HARM),
    ("i cut myself again last night", SELF_HARM),
    ("i wish i was dead", SELF_HARM),
    ("I want to end my life", SELF_HARM),
    ("if you leave i'll kill myself", SELF_HARM),
    ("I keep thinking about ending it all", SELF_HARM),
    ("idk i just want to die lol", SELF_HARM),
    ("kms", SELF_HARM),
]

# Idioms, negations, third parties and hypotheticals: none of these may raise a flag.
NON_HITS: list[str] = [
    # idioms
    "this traffic is killing me",
    "I could kill for a coffee",
    "I'm dying to see you",
    "hit me up when you're free",
    "it hit me that I forgot her birthday",
    "the news hit me hard",
    "she beat me at chess again",
    "Beats me why he's late",
    "my feet are killing me",
    "I killed myself laughing at that video",
    "I nearly died of embarrassment",
    "I'm afraid I can't make it tonight",
    "I'm scared of spiders",
    "she pushed me to apply for the job",
    "you pushed me away when I needed you",
    "he grabbed me a coffee",
    "mum is going to kill me when she sees the car",
    "I've been killing myself trying to finish this project",
    "that joke killed me",
    "I'm so scared I'll fail the exam",
    "I hurt myself at the gym",
    "I cut myself shaving",
    "I need to cut myself some slack",
    "you're killing me with these puns",
    "this cake is to die for",
    "I want to die of embarrassment",
    "he threatened to leave the band",
    "I check my phone too much",
    "I keep checking my phone for your texts",
    "she kicked me out of the group chat",
    "he threw me a surprise party",
    "you really hurt me when you said that",
    "I ran 5 kms today",
    "I'm scared of losing you",
    "you scared me half to death",
    "follow me on instagram",
    "I can't go on the trip this weekend",
    "I accidentally cut myself cooking",
    # negations
    "he has never hit me",
    "I'm not afraid of her",
    "she didn't push me, I tripped",
    "he would never hurt me physically",
    "he doesn't check my phone",
    "I don't want to die",
    "I'm not suicidal",
    "he has never threatened me",
    "she's never laid a finger on me",
    "I have never felt afraid of him",
    "he's never stopped me from seeing my friends",
    "I don't think he would ever hit me",
    "nobody controls my money",
    # third parties and hypotheticals
    "my friend's husband hit her",
    "what would you do if your partner hit you",
    "if he ever hit me I would leave",
    "she's scared of him",
    "my sister says her boyfriend checks her phone",
    "in the film he threatens to kill her",
    "my friend told me she wants to die",
    "if he hit me I'd call the police",
    "Has he ever hit you?",
]


# Paraphrases written as held-out probes while building the patterns (recall there was
# 50-69% before the patterns were widened); kept as a regression list. Any category counts.
MORE_HITS: list[str] = [
    "he hit me again last night",
    "He hits me when he's drunk",
    "my wife slapped me across the face",
    "he punched the wall next to my head and then punched me",
    "he pinned me down",
    "she bit me",
    "he dragged me by my hair",
    "he threw me against the door",
    "i got choked",
    "my bf strangles me during fights",
    "he kicked my dog",
    "he has hit me before",
    "he said if i leave he will find me and kill me",
    "he told me he'd burn the house down",
    "she threatened to report me to immigration",
    "he said he's going to take the children away from me",
    "i'm frightened of my husband",
    "i'm scared to be alone with him",
    "I'm scared to tell him no",
    "honestly terrified he's going to snap",
    "he reads my texts",
    "she made me give her my passwords",
    "he won't let me have my own bank account",
    "he took my passport",
    "I'm not allowed out of the house",
    "he follows me everywhere",
    "i have to ask him for money",
    "he made me have sex when i didn't want to",
    "i was sexually assaulted by him",
    "i feel like ending it all",
    "i just want it all to end",
    "i don't see the point in living anymore",
    "thinking of taking an overdose",
    "i wish i could disappear forever",
    "I might as well be dead",
    "i want to kms",
    "I'm so done with life",
    "life isn't worth living",
    "i've been self harming",
    "he smacked me around",
    "She slaps me when she's angry",
    "he elbowed me in the ribs",
    "my partner hurt me physically",
    "i was beaten by my husband",
    "he put me in a headlock",
    "he held me down",
    "he threatened to hurt my family",
    "she told me she would ruin my life",
    "he said he'd kill me if I ever cheated",
    "he has a gun and said he'd use it on me",
    "I'm terrified of my partner",
    "I'm scared to death of him",
    "I'm afraid of how he'll react if I say no",
    "i'm scared he'll hurt the kids",
    "he won't let me leave the house",
    "he won't let me work",
    "he monitors my phone",
    "she tracks my phone",
    "he always needs to know where I am",
    "he made me delete all my friends",
    "he took my bank card",
    "she forced me to sleep with him",
    "i don't want to live anymore",
    "i'm thinking about suicide",
    "i've been cutting myself",
    "I took too many pills on purpose",
    "I wanna end it all",
    "i just want to disappear",
    "i want to kill myself",
    "Sometimes I think everyone would be better off if I was dead",
    "I can't take it anymore",
    "my girlfriend scratched me and punched me",
    "he squeezed my neck until i couldn't breathe",
    "he knocked me to the floor",
    "she hit me with a belt",
    "he kicked me in the stomach when i was pregnant",
    "he threatens to hurt the cat when i go out",
    "he says nobody will believe me and he'll take the kids",
    "i am afraid for my life",
    "i'm scared to go back to the flat",
    "im afraid of my ex",
    "i have to hand over my wages every week",
    "he logs into my email",
    "he won't let me talk to my sister",
    "he keeps my passport",
    "he put an app on my phone to track me",
    "he raped me while i was asleep",
    "he pressures me into sex",
    "i keep thinking i should just end it",
    "I'm suicidal",
    "I have been thinking about killing myself",
    "i'm going to hurt myself",
    "i feel like there's no point anymore",
    "honestly i want to be dead",
    "he slammed my head against the wall",
    "my wife scratches and hits me",
    "he tried to strangle me",
    "he shook me really hard",
    "he spat in my face",
    "he threatened to take my daughter abroad",
    "he told me i'd never see the kids again",
    "he said he'd make me pay",
    "i'm so scared of what my husband might do",
    "i don't feel safe at home",
    "i'm frightened to go home tonight",
    "she reads all my messages",
    "he decides who i can see",
    "he won't let me go to work",
    "he changed my passwords so i can't get into my accounts",
    "he gets angry if i spend any money",
    "he forced himself on me",
    "he wouldn't stop when i said no",
    "i don't want to be here anymore",
    "i've been thinking about ending my life",
    "i hate myself and want to die",
    "i think about dying every day",
    "i've started self-harming again",
    "i feel like killing myself",
]

# Everyday sentences from the same probes that must stay quiet.
MORE_NON_HITS: list[str] = [
    "she totally killed it at the presentation",
    "I'm dead lol",
    "omg I'm dying 😂",
    "he's never been violent",
    "he would never lay a finger on me",
    "I'm not scared of him at all",
    "he is not controlling",
    "I don't feel unsafe",
    "we argued about money again",
    "you always check your phone at dinner",
    "he forgot to pick up the kids",
    "i hit the gym this morning",
    "she hit the nail on the head",
    "my boss is killing me with these deadlines",
    "that movie scared me",
    "you hurt my feelings",
    "i felt pushed aside",
    "he pushed me to be better",
    "the heat is killing me",
    "i'd rather die than go to that party",
    "I could have died laughing",
    "I'm going to die if I don't get coffee",
    "he beat me to it",
    "I'm afraid so",
    "no one has ever hit me",
    "he didn't threaten me",
    "he has never forced me to do anything",
    "i'm scared of heights",
    "I was scared of the dark as a kid",
    "I love you to death",
    "he took my advice",
    "she took my phone charger by mistake",
    "he checks my work before i submit it",
    "he checks my spelling",
    "I'm scared of the dentist",
    "I'm done with this conversation",
    "she killed it on stage",
    "he's been amazing lately",
    "I was so scared for you when you were in hospital",
    "my mum will kill me if I'm late",
    "we had a huge fight about the dishes",
    "I'm afraid we're out of milk",
    "i want to die my hair red",
    "I hit my head on the cupboard",
    "my son hit his sister today",
    "the ball hit me in the face",
    "I would die for my kids",
    "he keeps pushing my buttons",
    "you're driving me crazy",
    "this job is slowly killing me",
    "I'm scared we're drifting apart",
    "don't let me forget the tickets",
    "let me see my friends this weekend please",
    "he controls the tv remote lol",
    "i check my bank account every day",
    "he hit the brakes too hard",
    "she pushed the door open",
    "the baby kicked me all night lol",
    "he scared the cat",
    "I'm terrified of flying",
    "he tracks his running on strava",
    "she checks the bank balance every week",
    "i'd kill to have your job",
    "we should talk about the money",
    "I'm not going anywhere",
    "he'll kill me for telling you this lol",
    "i'm afraid of commitment",
    "he hurt his back",
    "she's killing it at work",
    "he hit a home run",
    "i'm dying of boredom in this meeting",
    "my boss will murder me",
    "i'm scared we'll break up",
    "he pushes me to be a better person",
    "she's so protective of her phone",
    "he spends too much money",
    "I can't stand his mother",
    "i hate myself for what I did to you",
    "i want to kill him for eating my fries lol",
    "we both pushed each other's buttons",
    "you abandoned me when I needed you",
    "I'm afraid of what people will think",
    "he made me laugh so hard",
]


def test_more_paraphrases_recall() -> None:
    missed = [s for s in MORE_HITS if not detect(s)]
    assert 1 - len(missed) / len(MORE_HITS) >= 0.95, missed


@pytest.mark.parametrize("sentence", MORE_NON_HITS)
def test_more_non_hits(sentence: str) -> None:
    assert detect(sentence) == []


def test_label_list_is_big_enough() -> None:
    assert len(HITS) + len(NON_HITS) >= 60
    assert {c for _, c in HITS} == set(CATEGORIES)


def test_recall_on_hits_is_at_least_95_percent() -> None:
    missed = [(s, c) for s, c in HITS if c not in {h.category for h in detect(s)}]
    recall = 1 - len(missed) / len(HITS)
    assert recall >= 0.95, missed


@pytest.mark.parametrize("category", CATEGORIES)
def test_recall_per_category(category: str) -> None:
    sentences = [s for s, c in HITS if c == category]
    found = [s for s in sentences if category in {h.category for h in detect(s)}]
    assert len(found) / len(sentences) >= 0.9, set(sentences) - set(found)


@pytest.mark.parametrize("sentence", NON_HITS)
def test_no_false_positive(sentence: str) -> None:
    assert detect(sentence) == []


@pytest.mark.parametrize(
    "sentence", ["he hit me", "  HE  HIT  ME  ", "Honestly… he hit me!!", "he hit me\nagain"]
)
def test_spans_point_into_the_original_text(sentence: str) -> None:
    [hit] = detect(sentence)
    assert hit.text == sentence[hit.start : hit.end]
    assert hit.text.lower().split() == ["hit", "me"]


def test_curly_apostrophes_and_texting_style() -> None:
    assert [h.category for h in detect("I’m scared of him")] == [FEAR]
    assert [h.category for h in detect("im scared of u")] == [FEAR]
    assert [h.category for h in detect("he wont let me see my friends")] == [COERCIVE_CONTROL]


def test_several_hits_in_one_text_in_order() -> None:
    text = "He checks my phone. Last week he hit me. Some days I want to die."
    hits = detect(text)
    assert [h.category for h in hits] == [COERCIVE_CONTROL, PHYSICAL_HARM, SELF_HARM]
    assert all(text[h.start : h.end] == h.text for h in hits)
    assert hits == sorted(hits, key=lambda h: h.start)


def test_negation_does_not_cross_a_clause() -> None:
    assert [h.category for h in detect("he has never apologised, and he hit me")] == [PHYSICAL_HARM]
    assert [h.category for h in detect("he's never hit me but he pushed me")] == [PHYSICAL_HARM]
    [hit] = detect("he's never hit me but he pushed me")
    assert hit.text == "pushed me"


def test_empty_text() -> None:
    assert detect("") == []


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_detect_never_crashes_and_spans_are_valid(text: str) -> None:
    for hit in detect(text):
        assert isinstance(hit, Hit)
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.text
        assert hit.category in CATEGORIES


_WORDS = st.sampled_from(
    [
        "he",
        "she",
        "I",
        "you",
        "me",
        "my",
        "not",
        "never",
        "hit",
        "pushed",
        "scared",
        "of",
        "him",
        "want",
        "to",
        "die",
        "kill",
        "myself",
        "phone",
        "checks",
        "won't",
        "let",
        "see",
        "friends",
        "if",
        "again",
        ",",
        ".",
        "’",
        "'",
        "lol",
    ]
)


@settings(max_examples=300)
@given(st.lists(_WORDS, max_size=25).map(" ".join))
def test_detect_on_word_salad_keeps_valid_spans(text: str) -> None:
    for hit in detect(text):
        assert text[hit.start : hit.end] == hit.text


# --- the screen -------------------------------------------------------------------------------


def test_screen_all_no_is_not_a_red_flag() -> None:
    result = screen({q.key: "no" for q in QUESTIONS})
    assert not result.red_flag
    assert result.categories == set()
    assert not result.self_harm


def test_screen_empty_answers() -> None:
    assert not screen({}).red_flag


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_any_single_yes_is_a_red_flag_in_its_category(question) -> None:  # type: ignore[no-untyped-def]
    result = screen({question.key: "yes"})
    assert result.red_flag
    assert result.categories == {question.category}
    assert result.self_harm == (question.category == SELF_HARM)


def test_prefer_not_to_say_is_recorded_but_not_a_flag() -> None:
    result = screen({"fear": "prefer_not_to_say", "threats": "no"})
    assert not result.red_flag
    assert result.declined == {"fear"}


def test_screen_rejects_unknown_keys_and_answers() -> None:
    with pytest.raises(ValueError, match="unknown screening question"):
        screen({"nope": "yes"})
    with pytest.raises(ValueError, match="unknown answer"):
        screen({"fear": "maybe"})  # type: ignore[dict-item]


def test_questions_cover_every_category_and_cite_a_source() -> None:
    assert {q.category for q in QUESTIONS} == set(CATEGORIES)
    assert all(q.source for q in QUESTIONS)
    assert len({q.key for q in QUESTIONS}) == len(QUESTIONS)


# --- resources --------------------------------------------------------------------------------

LINES = Helplines(
    emergency="999",
    domestic_abuse="National Domestic Abuse Helpline, 0808 2000 247",
    crisis="Samaritans, 116 123",
)


def test_resources_for_partner_harm() -> None:
    text = resources_message({PHYSICAL_HARM, COERCIVE_CONTROL}, LINES)
    assert "999" in text and "0808 2000 247" in text
    assert "not advised" in text
    assert "not shared" in text


def test_resources_for_self_harm_lead_with_the_crisis_line() -> None:
    text = resources_message({SELF_HARM}, LINES)
    assert "116 123" in text and "999" in text
    assert "not advised" in text
    assert text.index("116 123") < text.index("999")
    assert "0808" not in text


def test_resources_without_categories_still_lists_every_line() -> None:
    text = resources_message(set(), LINES)
    for line in ("999", "0808 2000 247", "116 123"):
        assert line in text


def test_resources_message_is_calm() -> None:
    for cats in ({PHYSICAL_HARM}, {SELF_HARM}, set(CATEGORIES), set()):
        text = resources_message(cats, LINES)
        assert "!" not in text
        assert not any(w in text.lower() for w in ("must", "fault", "abuser", "victim"))
