"""Safety screening: an optional short screen and red-flag phrases in free text.

Nothing here is ever shown to another member or to a counsellor: a red flag is for the person
who wrote or answered, and leads to safety resources, because couples-based work is not advised
where there is violence, coercive control or a risk of self-harm.

This is a screening aid, not a diagnostic or risk-assessment instrument. It can miss things and
it can be wrong; it only decides when to offer help.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "CATEGORIES",
    "COERCIVE_CONTROL",
    "FEAR",
    "PHYSICAL_HARM",
    "QUESTIONS",
    "SELF_HARM",
    "SEXUAL_VIOLENCE",
    "THREATS",
    "Answer",
    "Helplines",
    "Hit",
    "Question",
    "ScreenResult",
    "detect",
    "resources_message",
    "screen",
]

PHYSICAL_HARM = "physical_harm"
THREATS = "threats"
FEAR = "fear"
COERCIVE_CONTROL = "coercive_control"
SEXUAL_VIOLENCE = "sexual_violence"
SELF_HARM = "self_harm"
CATEGORIES: tuple[str, ...] = (
    PHYSICAL_HARM,
    THREATS,
    FEAR,
    COERCIVE_CONTROL,
    SEXUAL_VIOLENCE,
    SELF_HARM,
)

Answer = Literal["yes", "no", "prefer_not_to_say"]
_ANSWERS: frozenset[str] = frozenset({"yes", "no", "prefer_not_to_say"})


# --- the optional screen ----------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str
    category: str
    text: str
    source: str  # the published screen the wording is adapted from


# Adapted, not copied, from published screens; none of them is reproduced or scored here:
# - HITS: Sherin et al. 1998, Family Medicine 30(7):508-512 ("physically hurt", "threaten").
# - WAST: Brown et al. 1996, Journal of Family Practice 43(1); 2000 validation in Canadian
#   Family Physician 46 ("frightened by what your partner says or does", "abused sexually").
# - HARK: Sohal, Eldridge & Feder 2007, BMC Family Practice 8:49 (Humiliation, Afraid, Rape,
#   Kick).
# - SafeLives DASH risk checklist (UK, 2009): strangulation, threats to kill or to the children,
#   control, isolation, money, constant contact and tracking.
# - Controlling or coercive behaviour as defined by the UK Serious Crime Act 2015, s.76.
# - ASQ (Ask Suicide-Screening Questions), Horowitz et al. 2012, NIMH: thoughts of killing
#   oneself in the past few weeks.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "physical_harm",
        PHYSICAL_HARM,
        "In the past year, has anyone in this space hit, kicked, pushed, choked or otherwise "
        "physically hurt you?",
        "HITS; WAST; HARK (Kick); DASH (strangulation)",
    ),
    Question(
        "threats",
        THREATS,
        "Has anyone in this space threatened to hurt or kill you, someone close to you, your "
        "children or your pets, or threatened to take your children away?",
        "HITS (Threaten); DASH",
    ),
    Question(
        "fear",
        FEAR,
        "Are you afraid of anyone in this space, or of what they might do?",
        "HARK (Afraid); WAST (frightened)",
    ),
    Question(
        "control_monitoring",
        COERCIVE_CONTROL,
        "Does anyone in this space check your phone or messages, track where you are, or "
        "demand to know where you are all the time?",
        "DASH; Serious Crime Act 2015 s.76",
    ),
    Question(
        "control_money",
        COERCIVE_CONTROL,
        "Does anyone in this space control your money or stop you having money of your own?",
        "DASH; Serious Crime Act 2015 s.76",
    ),
    Question(
        "control_isolation",
        COERCIVE_CONTROL,
        "Does anyone in this space stop you seeing friends or family, or make it hard to?",
        "DASH; Serious Crime Act 2015 s.76",
    ),
    Question(
        "sexual_violence",
        SEXUAL_VIOLENCE,
        "Has anyone in this space forced or pressured you into sexual contact you did not want?",
        "HARK (Rape); WAST (sexually)",
    ),
    Question(
        "self_harm",
        SELF_HARM,
        "In the past few weeks, have you had thoughts of hurting yourself or of ending your life?",
        "ASQ",
    ),
)
_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}


@dataclass(frozen=True)
class ScreenResult:
    red_flag: bool
    categories: set[str] = field(default_factory=set)
    self_harm: bool = False
    # Questions the person chose not to answer: not a red flag, but the app still offers the
    # resources to everyone who takes the screen.
    declined: set[str] = field(default_factory=set)


def screen(answers: Mapping[str, Answer]) -> ScreenResult:
    """Any "yes" is a red flag in that question's category; unanswered questions are skipped.

    Raises ValueError on an unknown question key or answer.
    """
    categories: set[str] = set()
    declined: set[str] = set()
    for key, answer in answers.items():
        question = _BY_KEY.get(key)
        if question is None:
            raise ValueError(f"unknown screening question: {key!r}")
        if answer not in _ANSWERS:
            raise ValueError(f"unknown answer for {key!r}: {answer!r}")
        if answer == "yes":
            categories.add(question.category)
        elif answer == "prefer_not_to_say":
            declined.add(key)
    return ScreenResult(
        red_flag=bool(categories),
        categories=categories,
        self_harm=SELF_HARM in categories,
        declined=declined,
    )


# --- free-text detection ----------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    category: str
    start: int
    end: int
    text: str


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a readable pattern: a space matches any run of whitespace and an apostrophe is
    optional and may be curly, so "i'm" also matches "im" and "I’m"."""
    body = pattern.replace(" ", r"\s+").replace("'", "['\u2019]?")
    return re.compile(rf"(?<![\w'\u2019])(?:{body})(?![\w])", re.IGNORECASE)


def _after(pattern: str) -> re.Pattern[str]:
    body = pattern.replace(" ", r"\s+").replace("'", "['\u2019]?")
    return re.compile(rf"\s*(?:{body})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class _Rule:
    category: str
    regex: re.Pattern[str]
    negatable: bool = True  # "he has never hit me"
    hypothetical: bool = True  # "if he ever hit me"
    third_party: bool = False  # "my friend wants to die" is about someone else
    not_by_writer: bool = False  # "I check my phone" is the writer's own habit
    thing_subject: bool = False  # "it hit me", "the news hit me hard"
    history: bool = False  # "again" / "anymore" keep it: it has happened before
    needs_subject: bool = False  # "Beats me." at the start of a sentence is an idiom
    unless_after: re.Pattern[str] | None = None
    unless_before: re.Pattern[str] | None = None


# Shared vocabulary.
_PARTNER = (
    r"(?:partner|husband|wife|boyfriend|girlfriend|bf|gf|fianc[eé]e?|ex|spouse|hubby|wifey"
    r"|other half)"
)
_SUBJ = rf"(?:he|she|they|you|u|my {_PARTNER})"
_KIN = r"(?:kids?|children|child|son|daughter|baby|babies|dog|cat|pets?)"
_VICTIM = rf"(?:me|us|my {_KIN}|our {_KIN}|the {_KIN})"
_THIRD_OBJ = r"(?:him|her|them)"
_SCARED = r"(?:scared|afraid|frightened|terrified|petrified|fearful)"
_WILL = (
    r"(?:'ll|'d| will| would| might| may| could| is going to|'s going to|'s gonna| are going to"
    r"|'re going to|'re gonna| was going to| were going to| is gonna| gonna)"
)


def _phys(obj: str) -> str:
    """Violent verbs with ``obj``, each verb group with the idioms it must not match."""
    groups = (
        # "hit me up", "it hit me like a ton of bricks", "hit me with the news"
        (
            r"(?:hit|hits|hitting|hittin)",
            r"up|back up|like|with (?:the|your|some|this|that) (?:news|truth|facts|question|idea|"
            r"best shot|details)",
        ),
        # "pushed me to apply", "pushed me away", "pushed me too far"
        (
            r"(?:push(?:ed|es|ing)?|shove[ds]?|shoving)",
            r"away|aside|too far|to (?!the (?:ground|floor|wall))|into \w+ing|forward|towards?|"
            r"out of my comfort zone|harder|over the edge|through",
        ),
        # "kicked me out" is eviction, not a blow
        (r"kick(?:ed|s|ing)?", r"out|off the (?:team|project|course)"),
        (r"slap(?:ped|s|ping)?|smack(?:ed|s|ing)?", r"on the back|with a (?:fine|ticket|bill)"),
        # "dragged me to a party" is company, not force
        (
            r"drag(?:ged|s|ging)?",
            r"(?:along )?to|along|out (?:to|for|shopping)|into (?!the)|shopping",
        ),
        (r"bit|bites|biting", r"(?:of|more|less|too|better|worse)"),
        (
            r"punch(?:ed|es|ing)?|chok(?:e|ed|es|ing)|strangl(?:e|ed|es|ing)|headbutt(?:ed|s)?"
            r"|whack(?:ed|s)?|spat on|spit on|spits on|kneed|elbowed|bashed|throttl(?:e|ed|es)",
            r"up",
        ),
    )
    parts = [rf"{verb} {obj}(?! (?:{idioms}))" for verb, idioms in groups]
    return "|".join(parts)


_MY_PARTNER = rf"(?:{_THIRD_OBJ}|my {_PARTNER})"
_BEAT_IDIOMS = r"at|in (?!front)|to it|to the (?:punch|finish|top|line)|hands down|fair|by|again at"

_RULES: tuple[_Rule, ...] = (
    # --- physical harm ---------------------------------------------------------------------
    _Rule(PHYSICAL_HARM, _rx(_phys(_VICTIM)), thing_subject=True, history=True),
    # "Beats me." (I don't know) has no subject; "he beat me at chess" is a game.
    _Rule(
        PHYSICAL_HARM,
        _rx(rf"(?:beat|beats|beating|beaten) {_VICTIM}(?: up)?(?! (?:{_BEAT_IDIOMS}))"),
        thing_subject=True,
        history=True,
        needs_subject=True,
    ),
    # The writer hurting the other person also rules out couples work for now.
    _Rule(
        PHYSICAL_HARM,
        _rx(
            r"i (?:(?:just|also|then|once|finally|actually|even|literally) )?"
            rf"(?:{_phys(_MY_PARTNER)}|(?:beat|beat up) {_MY_PARTNER}(?! (?:{_BEAT_IDIOMS})))"
        ),
        history=True,
    ),
    _Rule(
        PHYSICAL_HARM,
        _rx(
            r"grab(?:bed|s|bing)? (?:me )?(?:by )?(?:my|the) (?:arms?|wrists?|throat|neck|hair|"
            r"face|shoulders?|jaw)|"
            r"(?:put|puts|putting|had|has|wrapped|wraps) (?:his|her|their|your|both) hands? "
            r"(?:around|round|on) my (?:throat|neck)|hands (?:around|round) my (?:throat|neck)|"
            r"(?:laid|lay|lays|laying|put|puts) (?:a finger|a hand|hands|his hands|her hands|"
            r"their hands|your hands) on (?:me|my \w+)|"
            r"thr(?:ew|ow|ows|owing|own) (?:\w+ ){1,3}at (?:me|my head|my face)|"
            r"thr(?:ew|ow|ows|owing|own) me (?:against|into|onto|down|across|on the|to the)|"
            r"pinned me (?:down|against|to)|pins me (?:down|against|to)|"
            r"(?:squeez|grabb|press|crush|grip)\w* (?:my|me by the) (?:neck|throat)|"
            r"(?:until|till|so|and) i (?:couldn't|could not|can't|cannot|could barely) breathe|"
            r"(?:slamm|bang|smash)(?:ed|s|ing)? my (?:head|face|body) (?:against|into|on)|"
            r"(?:shook|shakes|shaking|shake) me (?:so |really |very )?(?:hard|violently)|"
            r"(?:spat|spit|spits|spitting) (?:in|on) my face|"
            r"knock(?:ed|s|ing)? me (?:down|over|to the (?:floor|ground)|out|into|against|"
            r"unconscious)|"
            r"(?:held|holds|holding|hold) me (?:down|against|by the (?:throat|neck|hair|arms?))|"
            r"(?:put|puts|putting|had|has|got) me in (?:a|his|her) (?:headlock|chokehold|"
            r"choke hold|sleeper hold)|"
            r"(?:came|comes|went|lunged|charged) at me with|"
            r"(?:gave|give|gives|left|leaves) me (?:a black eye|black eyes|bruises|a bruise|"
            r"a split lip|a broken \w+|a concussion|marks)|"
            r"(?:left|leaves) (?:bruises|marks) on (?:me|my)|"
            r"physically (?:hurt|hurts|hurting|harmed|attacked|assaulted|abused|abusive)|"
            r"hurt(?:s|ing)? me physically|"
            r"(?:assault(?:ed|s|ing)?|attack(?:ed|s|ing)? me physically|abus(?:ed|es|ing)) me|"
            r"(?:he|she|they|my \w+)(?:'s| is| was| has been|'s been| can be| gets) "
            r"(?:so |very |really |physically )?(?:abusive|violent)|"
            r"(?:abusive|violent) (?:relationship|partner|husband|wife|boyfriend|girlfriend)|"
            r"domestic (?:violence|abuse)"
        ),
        history=True,
    ),
    _Rule(
        PHYSICAL_HARM,
        _rx(
            r"i (?:was|got|get|have been|'ve been|had been|am|'m|keep getting) "
            r"(?:(?:just|also|once|repeatedly|badly|literally|actually|even|then) )?"
            r"(?:hit|punched|slapped|kicked|choked|strangled|beaten|beat up|shoved|pushed|"
            r"attacked|assaulted|abused) by (?:him|her|them|my \w+)|"
            r"i (?:was|got|have been|'ve been) (?:beaten up|beat up|choked|strangled)"
        ),
        history=True,
    ),
    # --- threats ----------------------------------------------------------------------------
    _Rule(
        THREATS,
        _rx(
            r"threaten(?:ed|s|ing)? (?:me|us|my life|my family|my kids|my children|the kids|"
            r"the children|my pets?|my dog|my cat)|"
            r"threaten(?:ed|s|ing)? to (?!leave|quit|break up|move out|go\b|end (?:it|things|"
            r"the relationship)|call it off|divorce|cancel|unfriend|block)"
            r"(?:kill|hurt|harm|hit|beat|stab|shoot|burn|strangle|choke|take|keep|stop|throw|"
            r"kick me out|post|share|send|leak|report|tell|expose|destroy|ruin|get|find|break|"
            r"smash|kidnap|make me|out me)|"
            r"(?:death|violent) threats?|(?:makes|made|making|make) threats|"
            r"threatening (?:messages|texts|voicemails|calls|letters|emails)"
        ),
        history=True,
        unless_after=_after(rf"{_THIRD_OBJ}|his (?:own )?\w+|her (?:own )?\w+"),
    ),
    _Rule(
        THREATS,
        _rx(
            rf"(?:said|says|told me|tells me|swore|swears|warned me|texted|screamed|yelled) "
            rf"(?:that )?(?:he|she|they|you|u){_WILL} (?:kill|hurt|hit|beat|stab|shoot|strangle|"
            rf"choke|destroy|ruin|end) (?:me|us|my \w+|the \w+|everything|myself)|"
            rf"(?:said|says|told me|tells me|swore|swears|warned me|texted|screamed|yelled) "
            rf"(?:that )?(?:he|she|they|you|u){_WILL} (?:take|keep) (?:away )?(?:the|my|our) "
            rf"(?:kids|children|child|baby|son|daughter)|"
            r"(?:i'd|i would|i'll|i will) never see (?:the|my|our) (?:kids|children|baby|son|"
            r"daughter) again|"
            rf"(?:said|says|told me|tells me|swore|warned me){_WILL} make me (?:pay|regret|suffer)|"
            rf"(?:said|says|told me|tells me|swore|warned me) (?:that )?(?:he|she|they|you){_WILL}"
            r" make me (?:pay|regret|suffer)|"
            rf"{_SUBJ}{_WILL} (?:kill|hurt|hit) (?:me|us) if i (?:leave|left|go|went|tell|told|"
            rf"try|tried|report|call|talk|speak|ever)|"
            rf"{_SUBJ}{_WILL} take (?:away )?(?:the|my|our) (?:kids|children|child|baby|son|"
            rf"daughter)(?: away)?(?: from me)?|"
            r"(?:pointed|points|pointing|held|holds|holding|pulled|pulls|waved|waving) "
            r"(?:a|the|his|her|their|your) (?:knife|gun|weapon|blade) (?:at|to|on|in front of) "
            r"(?:me|my)|"
            r"rais(?:ed|es|ing) (?:his|her|their|your|a) (?:hand|fist) (?:to|at|against) me|"
            r"(?:find|hunt) me (?:down )?and (?:kill|hurt) me|"
            r"(?:use|used|using) (?:it|a gun|a knife|the gun|the knife|a weapon) on (?:me|us)|"
            r"if i (?:leave|left|go|tell|told|report|call the police) (?:\w+ ){0,3}(?:kill|hurt) "
            r"(?:me|us)|"
            r"burn (?:the|our|my) (?:house|flat|home|car|place)(?: down)?"
        ),
        history=True,
    ),
    # --- fear -------------------------------------------------------------------------------
    _Rule(
        FEAR,
        _rx(
            rf"{_SCARED} (?:to death )?of (?:him|her|them|you|u|my {_PARTNER}|my (?:dad|father|"
            rf"mum|mom|mother))(?! \w+ing)|"
            rf"{_SCARED} (?:of )?what (?:he|she|they|you|u|my {_PARTNER})(?:'ll|'d| will| would|"
            rf" might| may|"
            rf" could| is going to|'s going to|'s gonna)? do|"
            rf"{_SCARED} (?:that )?(?:he|she|they|you|u){_WILL} (?:hurt|hit|kill|harm|snap|"
            rf"do something|lose (?:it|his temper|her temper|their temper)|explode)|"
            rf"{_SCARED} (?:to|of) (?:go|going|come|coming|be|being|stay|staying|get|getting) "
            rf"(?:back )?(?:home|to the (?:house|flat|apartment)|to (?:our|my) (?:house|flat|"
            rf"place|apartment))|"
            rf"{_SCARED} (?:to be|of being) (?:alone )?(?:with|around|near) (?:him|her|them|you)|"
            rf"{_SCARED} (?:to|of) (?:say|saying|tell (?:him|her|them|you)|telling (?:him|her|them|"
            rf"you)) no|"
            rf"{_SCARED} (?:to|of) (?:leave|leaving) (?:him|her|them|you)|"
            rf"(?:{_SCARED}|fear|fearing) for my (?:life|safety|kids|children|kids' safety)|"
            r"i fear (?:him|her|them)|in fear of (?:him|her|them|my life)|"
            r"(?:don't|dont|do not|never) feel safe (?:at home|with (?:him|her|them|you)|around "
            r"(?:him|her|them|you)|in (?:my|our|this) (?:home|house|flat|relationship))|"
            r"(?:live|living|lived|lives) in fear|"
            r"(?:he|she|you|u|my \w+) (?:really |honestly |sometimes |genuinely |actually )?"
            r"(?:scares|frightens|terrifies|scare|frighten|terrify) me"
        ),
        third_party=True,
    ),
    # --- coercive control -------------------------------------------------------------------
    _Rule(
        COERCIVE_CONTROL,
        _rx(
            r"(?:check|checks|checked|checking|go through|goes through|went through|"
            r"going through|look through|looks through|looked through|snoop(?:s|ed|ing)? "
            r"(?:through|on)|monitor(?:s|ed|ing)?|track(?:s|ed|ing)?|spy(?:ing)? on|spies on|"
            r"spied on|hack(?:s|ed|ing)? (?:into )?|search(?:es|ed)?|log(?:s|ged|ging)? (?:in)?to|"
            r"logs? into|access(?:es|ed|ing)?) my (?:phone|messages|texts|"
            r"emails?|e-mails?|dms|whatsapps?|location|car|bank|accounts?|laptop|computer|"
            r"browser history|social media|facebook|instagram|mail|post|call log|calls|"
            r"every move|whereabouts|bag|purse|receipts)|"
            r"(?:he|she|they|you|u) (?:\w+ )?(?:reads?|read) (?:all )?(?:of )?my (?:messages|texts|"
            r"emails|diary|journal|dms|mail)|"
            r"(?:decides?|decided|chooses?|tells me) (?:who|where|what) i (?:can|am allowed to|"
            r"get to|should) (?:see|go|wear|eat|talk to|spend)|"
            r"(?:changed|changes|changing) (?:all )?my (?:passwords?|passcodes?|pins?|logins?)|"
            r"(?:angry|furious|mad|violent|kicks off) (?:if|when) i (?:spend|see my|go out|talk to"
            r"|text|leave the house)|"
            r"control(?:s|led|ling)? (?:all )?(?:of )?(?:the|my|our) (?:money|finances|bank|"
            r"accounts?|cards?|spending|wages|salary|pay)|"
            r"control(?:s|led|ling)? (?:everything|every aspect|what i (?:wear|eat|do|say|spend)|"
            r"who i (?:see|talk to|text|speak to)|where i go)|"
            r"(?:takes|take|took|taken|keeps|kept|withholds|withheld|hides|hid) "
            r"(?:away )?my (?:money|wages|salary|pay|paycheck|benefits|bank card|cards?|"
            r"passport|car keys)|"
            r"(?:takes|take|took|taken|hides|hid) (?:away )?my phone(?= away| so| from me| when)|"
            r"(?:takes|take|took|taken) away my phone|(?:smashed|smashes|broke|breaks) my phone|"
            r"(?:stops?|stopped|stopping|keeps?|kept|prevents?|prevented|forbids?|forbade) "
            r"me (?:from )?(?:seeing|going|having|talking|speaking|leaving|working|using|"
            r"visiting|meeting|calling|texting|driving|spending|getting|wearing)|"
            r"isolat(?:e|es|ed|ing) (?:me )?from|cut(?:s|ting)? me off from|"
            r"(?:put|puts|installed|installs|hid|placed|hidden) (?:a |an )?(?:tracker|"
            r"tracking app|tracking device|spyware|stalkerware|gps|airtag|tile) (?:on|in) my|"
            r"(?:demand(?:s|ed|ing)?|insists? on|insisted on) (?:to see |seeing |knowing )?"
            r"my (?:phone|passwords?|passcode|pin|location|messages)|"
            r"(?:makes?|made|forces?|forced) me (?:share|send|give|tell|turn on|hand over) "
            r"(?:him |her |them )?(?:my )?(?:location|passwords?|pin|passcode|phone)|"
            r"(?:follows?|followed|following|stalks?|stalked|stalking) me(?! on)|"
            r"(?:track(?:s|ed|ing)?|monitor(?:s|ed|ing)?|spy(?:ing)? on|spies on|spied on) me"
        ),
        not_by_writer=True,
        thing_subject=True,
    ),
    _Rule(
        COERCIVE_CONTROL,
        _rx(
            r"(?:(?:won't|will not|doesn't|does not|didn't|did not|never|wouldn't|would not|"
            r"don't|do not|refuses to) (?:ever )?lets? me|(?:not|never) (?:allowed|permitted) "
            r"to|have to ask (?:him|her|them|you|u)? ?(?:for )?permission to) "
            r"(?:see (?:my|anyone|anybody|friends|family|people|other)|"
            r"go (?:out|anywhere|to|back|home|alone|outside)|out of (?:the house|his sight|"
            r"her sight)|have (?:my own|money|a job|friends|a phone|a car|access|the car|my phone|"
            r"any|a bank)|(?:talk|speak) to (?:my|anyone|anybody|other|friends|family|people)|"
            r"leave|work|get a job|use (?:the car|my phone|the phone|money|my card|the internet)|"
            r"(?:visit|meet|call|text) (?:my|anyone|friends|family)|drive|"
            r"keep (?:my|any) (?:money|wages|pay|own)|spend (?:money|any|time with)|"
            r"wear (?:what|anything)|sleep|eat)|"
            r"have to ask (?:him|her|them|you|u) for (?:money|permission)|"
            r"(?:not|never) allowed out|"
            r"(?:have to|has to|had to|make me|makes me|made me) (?:hand|give) (?:over )?"
            r"(?:him |her |them )?(?:all )?(?:of )?my (?:wages|salary|pay|paycheck|money|"
            r"benefits|bank card)|"
            r"(?:made|makes|forced|forces) me (?:delete|unfriend|block|cut off|stop seeing|"
            r"stop talking to|quit|give up|leave) (?:all )?(?:of )?(?:my )?(?:friends|family|"
            r"contacts|job|social media|accounts?|instagram|facebook)|"
            r"(?:gives|give|gave) me (?:an |a )?(?:allowance|pocket money)|"
            r"(?:has|have|needs?|wants?|demands?|insists? on|has got) to know where i am|"
            r"(?:he|she|they|you|u)(?:'s| is| are|'re| was| were| can be| has been|'ve been|"
            r" have been| gets| get) (?:so |very |really |extremely |incredibly |super |too )?"
            r"(?:controlling|possessive|obsessively jealous)"
        ),
    ),
    # --- sexual violence --------------------------------------------------------------------
    _Rule(
        SEXUAL_VIOLENCE,
        _rx(
            r"rap(?:e|ed|es|ing) me|sexually (?:assault(?:ed|s|ing)?|abus(?:ed|es|ing)|"
            r"attack(?:ed|s)?|coerc(?:ed|es|ing)) me|"
            r"(?:forced|forces|force|forcing|made|makes|make|pressured|pressures|pressuring|"
            r"coerced|coerces|guilted|guilts) me (?:to |into )?(?:have sex|having sex|sex|"
            r"do sexual|doing sexual|sexual|sleep with (?:him|her|them)|have intercourse|"
            r"watch porn|do things in bed)|"
            r"forced (?:himself|herself|themselves) on me|"
            r"(?:touched|touches|touching|groped|gropes|had sex with) me (?:without|when i "
            r"(?:said no|didn't want)|against my will|even though i said no|after i said no|"
            r"while i was (?:asleep|sleeping|drunk|passed out|unconscious))|"
            r"(?:sex|touched me) (?:without|against) my (?:consent|will)|"
            r"(?:wouldn't|would not|didn't|did not|won't|will not|doesn't|does not) stop (?:when|"
            r"after|even though|even when) i (?:said|say|told (?:him|her|them)) (?:no|stop)"
        ),
    ),
    # Without an explicit "me", make sure the clause is about the writer ("I was raped").
    _Rule(
        SEXUAL_VIOLENCE,
        _rx(r"rap(?:e|ed|es|ing)|sexual(?:ly)? (?:assault(?:ed)?|abuse[ds]?|coercion)"),
        third_party=True,
    ),
    # --- self-harm: recall first, and no "if" filter ("what if I just ended it" matters) ----
    _Rule(
        SELF_HARM,
        _rx(
            r"(?:want(?:ed|s)?|wanna|wish(?:ed)?|wishing|feel like|felt like|thinking (?:about|of)|"
            r"think about|thought about|thoughts? (?:of|about)|plan(?:ning)? (?:to|on)) "
            r"(?:to |2 )?(?:die|dying|be dead|being dead|not (?:be here|exist|wake up|be alive|"
            r"being alive|existing)|end (?:it all|my life|everything)|ending (?:it all|my life|"
            r"everything)|disappear(?! (?:for|into|to|under|off|from))|stop living|not live)"
        ),
        hypothetical=False,
        third_party=True,
        unless_after=_after(
            r"(?:of|from|with) (?:embarrassment|shame|laughter|laughing|boredom|happiness|"
            r"cuteness|envy|jealousy|hunger|thirst|the heat|cringe)|laughing|"
            r"(?:my|your|her|his) (?:hair|beard|clothes|shirt)|(?:it|them) (?:\w+ )?(?:red|blue|"
            r"black|blonde|pink|purple|green|brown)"
        ),
    ),
    _Rule(
        SELF_HARM,
        _rx(r"kill(?:ing|ed|s)? myself"),
        hypothetical=False,
        # Hard work and laughter: "killing myself trying to finish this", "killed myself laughing"
        unless_after=_after(
            r"laughing|trying|working|over (?:this|that|it|work|nothing)|"
            r"at (?:the gym|work|training|the office)|for (?:work|nothing|this job|that job)|"
            r"to (?:get|make|finish|meet|keep|please|pay|be on time|impress|look)"
        ),
    ),
    _Rule(
        SELF_HARM,
        _rx(
            r"(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|burned|burnt|starve|"
            r"starving|starved) myself"
        ),
        hypothetical=False,
        # Accidents and idioms: "cut myself shaving", "cut myself some slack".
        unless_after=_after(
            r"(?:\w+ )?(?:at the gym|at work|at football|at training|in the kitchen|"
            r"on (?:the|a|my)|while|playing|lifting|running|cooking|shaving|chopping|falling|"
            r"slipping|opening|moving|doing|by accident|accidentally)|"
            r"some slack|a break|off|free|loose|short"
        ),
        unless_before=re.compile(r"\b(?:accidentally|by accident)\s*$", re.IGNORECASE),
    ),
    _Rule(
        SELF_HARM,
        _rx(
            r"self[- ]?harm(?:ing|ed)?|suicid(?:e|al)|"
            r"no (?:reason|point) (?:to|in) (?:live|living|going on|being alive|being here)|"
            r"nothing (?:left )?to live for|(?:better|be better) off dead|"
            r"(?:don't|do not|dont|didn't) want to (?:be alive|live|exist|be here|wake up)|"
            r"(?:can't|cannot|cant) (?:go on|keep going)(?=\s*(?:$|[.!?,;]|like this|anymore|"
            r"any more|any longer|living|without))|"
            r"(?:can't|cannot|cant) (?:take it|take this|cope|do life) (?:anymore|any more)|"
            r"overdos(?:e|ed|ing)(?! on (?:coffee|caffeine|sugar|chocolate|netflix|tv|cake|"
            r"carbs|sun))|"
            r"(?:go to sleep|fall asleep|sleep) and (?:never|not) wake up|"
            r"(?:wish|want|hope) i (?:don't|didn't|wouldn't|never) wake up|"
            r"jump(?:ing)? (?:off|in front of) (?:a|the) (?:bridge|train|building|roof|cliff)|"
            r"want (?:it all|everything|the pain) to (?:end|stop|be over)|"
            r"(?:should|could|want to|wanna|going to|gonna|will|might) just end it"
            r"(?=\s*(?:$|[.!?,;]|all|now|tonight|today))|"
            r"(?:there's|there is|theres|what's the|whats the) (?:no )?point(?= anymore| any more)|"
            r"(?:took|take|taking|swallowed) (?:too many|a bunch of|all (?:my|the|of my)|a load of|"
            r"loads of) (?:pills|tablets|meds|medication|painkillers|paracetamol|sleeping pills)|"
            r"(?:no|(?:don't|dont|do not|can't|cant|cannot|couldn't) see (?:the|any)|what's the|"
            r"whats the|is there any|there's no) point "
            r"(?:in|of) (?:living|life|being alive|going on|anything|carrying on)|"
            r"wish i could (?:disappear|die|just die|not exist|sleep forever|just disappear)|"
            r"might as well (?:be dead|die|not exist|not be here)|"
            r"(?:so )?done with (?:life|living|being alive)|"
            r"(?:life|living) (?:isn't|is not|ain't|aint|'s not|is no longer) worth (?:it|living)|"
            r"not worth living"
        ),
        hypothetical=False,
        third_party=True,
    ),
    # The phrase itself names the writer: no third-party check.
    _Rule(
        SELF_HARM,
        _rx(
            r"(?:end|ending|take|taking|took) my (?:own )?life|better off without me|"
            r"better off if i (?:was|were|wasn't|weren't) (?:dead|here|around|gone|alive)|"
            r"better off if i (?:died|disappeared|was gone)|"
            r"wish (?:that )?i (?:was|were|could be) dead"
        ),
        hypothetical=False,
    ),
    # "kms" (kill myself) in texting, but "5 kms" is a distance.
    _Rule(
        SELF_HARM,
        _rx(r"kms"),
        hypothetical=False,
        third_party=True,
        unless_before=re.compile(r"\d\s*$"),
    ),
)


# --- context checks ---------------------------------------------------------------------------

_WORD_RE = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[.!?;:\n\r()\"\u201c\u201d]|,(?!\s*ever\b)|"
    r"\b(?:but|because|cos|coz|though|although|however|whereas|and|or else|otherwise|lol)\b",
    re.IGNORECASE,
)
_NEGATORS = frozenset(
    """
    not never nobody noone neither nor no-one
    don't dont doesn't doesnt didn't didnt won't wont wouldn't wouldnt isn't isnt wasn't wasnt
    aren't arent weren't werent haven't havent hasn't hasnt hadn't hadnt can't cant cannot
    couldn't couldnt shouldn't shouldnt ain't aint
    """.split()  # noqa: SIM905 - a word block is easier to review
)
# A negator right before one of these negates that verb, not the event: "I can't believe he
# hit me", "I never told anyone he hit me", "he didn't mean to push me".
_SCOPE_VERBS = frozenset(
    """
    know knew remember understand tell told mean meant deserve deserved expect
    expected report reported say said mention mentioned care notice noticed realise realised
    realize realized admit admitted stop stopped forget forgot only just saying says
    """.split()  # noqa: SIM905
)
_BELIEVE = frozenset({"believe"})
_CANT = frozenset({"can't", "cant", "cannot", "couldn't", "couldnt"})
_COMPLEMENTIZERS = frozenset(
    {"why", "how", "what", "when", "where", "whether", "if", "who", "that", "after", "since"}
)
_HYPOTHETICAL = frozenset(
    {"if", "whether", "suppose", "supposing", "imagine", "imagining", "hypothetically", "unless"}
)
_HYPO_FILLER = frozenset(
    """
    he she they you u someone somebody anyone anybody a the my your their his her partner
    husband wife boyfriend girlfriend bf gf ever were was did does do would could should might
    to one day i we tried try tries started starts really actually is are got gets had ex
    """.split()  # noqa: SIM905
)
_FIRST = frozenset(
    {"i", "i'm", "im", "i've", "ive", "i'd", "id", "i'll", "me", "myself", "we", "we're", "us"}
)
_THIRD = frozenset(
    """
    he she they he's she's they're hes shes theyre his her their him them you you're youre your
    u ur friend friends sister brother mum mom mother dad father cousin aunt uncle colleague
    coworker neighbour neighbor boss someone somebody everyone everybody people character guy
    girl boy man woman client patient grandma grandpa grandmother grandfather nan
    """.split()  # noqa: SIM905
)
_THINGS = frozenset(
    """
    it it's its that that's this which what news reality truth realisation realization thought
    idea wave song music film movie show book traffic ball car bus door branch tie collar smoke
    app apps google everything nothing something life day week work job heat cold exhaustion
    hunger hangover grief sadness loneliness wind waves dog cat mosquito bug spider snake
    insect horse puppy kitten baby
    """.split()  # noqa: SIM905
)
_ADVERBS = frozenset(
    {"really", "suddenly", "just", "finally", "totally", "then", "so", "kind", "of", "actually"}
)
_HISTORY_AFTER = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:again|anymore|any more)\b", re.IGNORECASE)
_HISTORY_BEFORE = frozenset({"again", "stopped", "longer"})


def _clause_prefix(text: str, start: int) -> list[str]:
    """Lower-cased words from the start of the clause holding ``start`` up to ``start``."""
    window = text[max(0, start - 240) : start]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(window):
        cut = m.end()
    return [w.lower().replace("\u2019", "'") for w in _WORD_RE.findall(window[cut:])]


def _negated(prefix: list[str]) -> bool:
    for i, tok in enumerate(prefix):
        is_neg = tok in _NEGATORS or (
            tok == "no" and i + 1 < len(prefix) and prefix[i + 1] == "one"
        )
        if not is_neg:
            continue
        rest = prefix[i + 1 :]
        if tok == "not" and rest[:1] in (["only"], ["just"]):
            continue
        if any(w in _SCOPE_VERBS for w in rest[:2]):
            continue
        # "I don't want him to hit me" is about wanting; "I don't want to die" is negated.
        if rest[:1] in (["want"], ["wanted"], ["wanna"]) and rest[1:2] not in ([], ["to"]):
            continue
        if tok in _CANT and rest[:1] and rest[0] in _BELIEVE:
            continue
        if any(w in _COMPLEMENTIZERS for w in rest):
            continue
        return True
    return False


def _hypothetical(prefix: list[str]) -> bool:
    for i, tok in enumerate(prefix):
        if tok in _HYPOTHETICAL or (tok == "what" and prefix[i + 1 : i + 2] == ["if"]):
            rest = prefix[i + 1 :]
            if rest[:1] == ["if"]:
                rest = rest[1:]
            if all(w in _HYPO_FILLER for w in rest):
                return True
    return False


def _last_person(prefix: list[str]) -> str | None:
    """ "first", "third" or None: who the clause before the match is about."""
    for tok in reversed(prefix):
        base = tok[:-2] if tok.endswith("'s") and tok not in _THIRD else tok
        if base in _FIRST:
            return "first"
        if base in _THIRD:
            return "third"
    return None


def _thing_subject(prefix: list[str]) -> bool:
    for tok in reversed(prefix):
        if tok in _ADVERBS:
            continue
        return tok in _THINGS
    return False


def _keep(rule: _Rule, text: str, m: re.Match[str]) -> bool:
    prefix = _clause_prefix(text, m.start())
    after = text[m.end() : m.end() + 80]
    if rule.unless_after is not None and rule.unless_after.match(after):
        return False
    if rule.unless_before is not None and rule.unless_before.search(text[: m.start()]):
        return False
    if rule.needs_subject and not prefix:
        return False
    if rule.thing_subject and _thing_subject(prefix):
        return False
    if rule.not_by_writer and _last_person(prefix) == "first":
        return False
    if rule.third_party and _last_person(prefix) == "third":
        return False
    history = rule.history and (
        bool(_HISTORY_AFTER.match(after)) or any(w in _HISTORY_BEFORE for w in prefix)
    )
    if rule.negatable and _negated(prefix) and not history:
        return False
    return not (rule.hypothetical and _hypothetical(prefix) and not history)


def detect(text: str) -> list[Hit]:
    """Red-flag phrases in ``text``, sorted by position.

    Spans are character offsets into ``text`` (``hit.text == text[hit.start:hit.end]``).
    Overlapping hits of the same category are merged into the first, longest one.
    """
    found: list[Hit] = []
    for rule in _RULES:
        for m in rule.regex.finditer(text):
            if m.end() > m.start() and _keep(rule, text, m):
                found.append(Hit(rule.category, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda h: (h.start, -(h.end - h.start), CATEGORIES.index(h.category)))
    kept: list[Hit] = []
    for hit in found:
        if any(
            k.category == hit.category and k.start < hit.end and hit.start < k.end for k in kept
        ):
            continue
        kept.append(hit)
    return kept


# --- what the person sees ---------------------------------------------------------------------


@dataclass(frozen=True)
class Helplines:
    """Display strings set per deployment, e.g. "999", "National Domestic Abuse Helpline:
    0808 2000 247", "Samaritans: 116 123"."""

    emergency: str
    domestic_abuse: str
    crisis: str


def resources_message(categories: Collection[str], helplines: Helplines) -> str:
    """A calm message for the person who screened positive (or for anyone, if empty)."""
    cats = set(categories)
    partner_harm = bool(cats - {SELF_HARM})
    paragraphs: list[str] = []
    if cats:
        paragraphs.append(
            "Thank you for telling Mend. This stays private: it is not shared with anyone else "
            "in this space or with a counsellor, and no one is notified."
        )
    else:
        paragraphs.append(
            "If anything here changes, or you would like to talk to someone, help is available."
        )
    if SELF_HARM in cats:
        paragraphs.append(
            "It sounds like things are very hard right now. You do not have to manage this on "
            f"your own. You can talk to someone at any time: {helplines.crisis}. If you might "
            f"act on these thoughts, or you are in danger now, call {helplines.emergency}."
        )
    if partner_harm:
        paragraphs.append(
            "Everyone deserves to feel safe at home and in their relationships. If you are in "
            f"danger now, call {helplines.emergency}. For confidential advice and support, "
            f"including help to plan for your safety, you can contact {helplines.domestic_abuse}."
        )
    if partner_harm:
        paragraphs.append(
            "While someone is not safe, working on trust together as a couple is not advised: "
            "it can make things more dangerous, and safety needs to come first. Support for you "
            "on your own is the right place to start. The trust-repair tools will still be here "
            "later if and when they are right for you."
        )
    elif cats:
        paragraphs.append(
            "Working on trust together can wait: while you feel like this, your own safety and "
            "support come first, and trust repair is not advised until you feel safe again."
        )
    else:
        paragraphs.append(
            f"In an emergency, call {helplines.emergency}. For domestic abuse support: "
            f"{helplines.domestic_abuse}. To talk to someone about how you are feeling: "
            f"{helplines.crisis}."
        )
    return "\n\n".join(paragraphs)
