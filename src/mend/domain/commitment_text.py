"""Gentle prompts for vague commitments.

Trust comes back through verifiable behaviour (the article's CBT framing), so a commitment should
say what will be done, when, and how the other person will know. This module only suggests: the
person may still save what they wrote. English only, by plain patterns (no model, no network).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Prompt", "check_commitment"]


@dataclass(frozen=True, slots=True)
class Prompt:
    code: str  # "empty", "vague_what", "only_stopping", "missing_when", "vague_when",
    # "missing_how_known", "vague_how_known"
    field: str  # the form field it is about: "what", "when" or "how_known"
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "message": self.message}


_TUESDAY = (
    "What would '{phrase}' look like on a normal Tuesday? "
    "Name one thing the other person could see."
)

# (pattern, message). The first match gives the message; {phrase} is the wording found, turned
# into a gerund ("be better" -> "being better").
_VAGUE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(?:be|being)\s+more\s+(?:present|attentive|available|engaged|involved)\b"),
        _TUESDAY + " For example: phones away during dinner.",
    ),
    (
        re.compile(
            r"\b(?:communicate|communicating|talk|talking|share|sharing|open(?:ing)? up)\s+"
            r"(?:more|better)\b|\bbe(?:ing)?\s+more\s+open\b|\bimprove\s+(?:my"
            r"|our)\s+communication\b"
        ),
        "What would '{phrase}' look like? For example: 'I tell you by 17:00 if my plans change.'",
    ),
    (
        re.compile(
            r"\b(?:be|being)\s+(?:a\s+)?better(?:\s+(?:partner|person|husband|wife|boyfriend|"
            r"girlfriend|parent|father|mother|dad|mum|mom|friend|colleague|listener|"
            r"communicator|team\s?mate))?\b|\b(?:do|doing)\s+better\b"
        ),
        _TUESDAY,
    ),
    (
        re.compile(
            r"\btry(?:ing)?\s+(?:harder|more|my\s+best|to\s+be)\b|\bgive\s+it\s+my\s+best\b"
        ),
        "Trying is hard to see from the outside. What is one thing you will do that the other "
        "person could notice?",
    ),
    (
        re.compile(
            r"\b(?:be|being)\s+(?:more\s+|a\s+lot\s+more\s+)?(?:patient|supportive|loving|caring|"
            r"kind|kinder|nicer|nice|honest|considerate|thoughtful|understanding|respectful|"
            r"reliable|trustworthy|affectionate|romantic|positive|calm|calmer|attentive|present|"
            r"there\s+for\s+(?:you|him|her|them))\b"
        ),
        _TUESDAY,
    ),
    (
        re.compile(
            r"\bwork(?:ing)?\s+on\s+(?:myself|it|this|that|us|things|our\s+relationship|"
            r"my\s+(?:issues|problems|anger|temper|behaviou?r|attitude))\b"
        ),
        "Working on something is a good start. What is the first step the other person would "
        "be able to see?",
    ),
    (
        re.compile(
            r"\b(?:change|improve|grow|make\s+(?:an|more\s+of\s+an|more)\s+effort|step\s+up|"
            r"do\s+my\s+part|make\s+it\s+up\s+to\s+you|make\s+(?:things|it)\s+right|"
            r"show\s+(?:you\s+)?(?:that\s+)?i\s+care|prove\s+(?:it|myself)"
            r"|pay\s+more\s+attention)\b"
        ),
        _TUESDAY,
    ),
)

# Wording that only promises not to do something again.
_STOPPING = re.compile(
    r"\b(?:never|won't|will\s+not|not|no\s+more|stop|quit)\b.*\b(?:again|anymore|any\s+more|"
    r"ever)\b|\bwon't\s+happen\s+again\b|^\s*(?:i(?:'ll|\s+will)\s+)?(?:stop|quit)\b"
    r"|\bno\s+more\b"
)

# Verbs of things another person can see or receive.
_OBSERVABLE = re.compile(
    r"\b(?:text|texting|call|calling|ring|phone|message|email|e-mail|tell|telling|ask|show|send|"
    r"write|cook|clean|wash|walk|pick\s+up|drop\s+off|put|leave|turn\s+off|switch\s+off|share|"
    r"book|attend|go\s+to|come\s+home|be\s+home|meet|hug|read|check\s+in|plan|pay|drive|take|"
    r"bring|make\s+(?:dinner|breakfast|lunch|tea|coffee)|sit\s+(?:down|with)|say|thank|set|"
    r"charge|log|hand|give|join|arrive|answer|reply|respond|schedule|forward|remind|"
    r"let\s+(?:you|him|her|them)\s+know|update|keep\s+my\s+phone|show\s+up|be\s+there\s+(?:at"
    r"|by))\b"
)

_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}[:.]\d{2}\b|\b(?:noon|midday|midnight)\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|\bweekdays?\b"
    r"|\bweekends?\b|\bwork\s?days?\b|\bworking\s+days?\b|\bevery\s+(?:day|morning|evening|night"
    r"|week|weekend|month|time)\b"
    r"|\beach\s+(?:day|morning|evening|night|week|weekend|month|time)\b"
    r"|\b(?:daily|weekly|nightly|monthly|fortnightly|tonight|tomorrow|today)\b"
    r"|\bthis\s+(?:week|weekend|evening|morning|month)\b|\bat\s+(?:lunch|dinner|breakfast"
    r"|bedtime)\b"
    r"|\b(?:once|twice|\d+\s+times)\s+(?:a|per|each|every)\s+(?:day|week|month)\b"
    r"|\b(?:before|after|during)\s+(?:dinner|lunch|breakfast|bed|work|school|our|the|my|i|we)\b"
    r"|\b(?:whenever|as\s+soon\s+as)\s+\w+|\b(?:if|when)\s+(?:i|my|you|we|the|it|plans?)\s+\w+"
    r"|\bby\s+(?:\d|the\s+end|friday|monday|tuesday|wednesday|thursday|saturday|sunday)"
    r"|\b(?:on|by)\s+\d{1,2}(?:st|nd|rd|th)?\b|\bin\s+the\s+(?:morning|evening)\b"
)

_VAGUE_WHEN = re.compile(
    r"\b(?:when|if)\s+(?:i|we)\s+(?:can|could|remember|have\s+(?:the\s+)?time|feel\s+like\s+it|"
    r"get\s+(?:the\s+)?chance|am\s+able)\b|\b(?:when|if|whenever)\s+possible\b"
    r"|(?<!as )\bsoon\b|\b(?:sometimes|more\s+often|often|later|eventually|as\s+needed"
    r"|from\s+now\s+on|"
    r"going\s+forward|regularly|whenever|occasionally|at\s+some\s+point|in\s+the\s+future|"
    r"always|asap|when\s+needed)\b"
)

# The other person is named as the one who receives or sees it ("text you", "with you").
_KNOWN = re.compile(
    r"\b(?:you|your|yours|him|her|them|us|we|our)\b"
    r"|\b(?:text|call|message|email|tell|show|send|ask|remind|update)\s+[a-z]+"
)

_VAGUE_KNOWN = re.compile(
    r"\b(?:just\s+know|(?:will|'ll)\s+know|feel\s+(?:it|the\s+difference)|trust\s+me|"
    r"(?:you|they|he|she)(?:'ll|\s+will)\s+see|(?:notice|see)\s+(?:the|a)\s+(?:difference|change)|"
    r"i(?:'ll|\s+will)\s+be\s+different|it\s+will\s+be\s+obvious|obviously)\b"
)

_EVIDENCE_WORDS = re.compile(
    r"\b(?:text|message|call|email|e-mail|calendar|app|mend|photo|picture|receipt|note|list|"
    r"screenshot|see\s+(?:it|them|me)|find|tell|show|log|confirm|sign|record|ticket|"
    r"appointment|drawer|table|fridge|door|home)\b"
)


def _normalise(text: str | None) -> str:
    if not text:
        return ""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.lower()
    text = re.sub(r"\bi'll\b", "i will", text)
    text = re.sub(r"\bim\b|\bi'm\b", "i am", text)
    return re.sub(r"\s+", " ", text).strip()


def _gerund(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase.strip())
    for base, gerund in (
        ("be ", "being "),
        ("do ", "doing "),
        ("communicate ", "communicating "),
        ("talk ", "talking "),
        ("share ", "sharing "),
        ("open up", "opening up"),
        ("change", "changing"),
        ("improve ", "improving "),
        ("make ", "making "),
        ("show ", "showing "),
        ("pay ", "paying "),
        ("step up", "stepping up"),
        ("prove ", "proving "),
    ):
        if phrase.startswith(base):
            return gerund + phrase[len(base) :]
    return phrase


def _vague_what(what: str) -> Prompt | None:
    if _OBSERVABLE.search(what):
        return None
    for pattern, message in _VAGUE:
        match = pattern.search(what)
        if match:
            phrase = _gerund(match.group(0)).replace(" i care", " I care")
            return Prompt("vague_what", "what", message.format(phrase=phrase))
    return None


def check_commitment(
    what: str, when: str | None = None, how_known: str | None = None
) -> list[Prompt]:
    """Gentle prompts, most important first; an empty list when the commitment is concrete."""
    what_n, when_n, known_n = _normalise(what), _normalise(when), _normalise(how_known)
    if not what_n:
        return [
            Prompt(
                "empty",
                "what",
                "What will you do? Name one thing the other person could see or hear.",
            )
        ]
    prompts: list[Prompt] = []
    vague = _vague_what(what_n)
    if vague is not None:
        prompts.append(vague)
    elif _STOPPING.search(what_n) and not _OBSERVABLE.search(what_n):
        prompts.append(
            Prompt(
                "only_stopping",
                "what",
                "A promise to stop something is hard to see being kept. What will you do "
                "instead, that the other person could notice?",
            )
        )

    if when_n:
        if not _TIME.search(when_n) or (_VAGUE_WHEN.search(when_n) and not _has_fixed_time(when_n)):
            prompts.append(
                Prompt(
                    "vague_when",
                    "when",
                    "When exactly? A time, a day, or a situation ('whenever I will be home "
                    "after 19:00') lets you both see that it happened.",
                )
            )
    elif not _TIME.search(what_n) or (_VAGUE_WHEN.search(what_n) and not _has_fixed_time(what_n)):
        prompts.append(
            Prompt(
                "missing_when",
                "when",
                "When will this happen? A time, a day, or a situation ('whenever I am running "
                "late') lets you both see that it happened.",
            )
        )

    if known_n:
        if _VAGUE_KNOWN.search(known_n) and not _EVIDENCE_WORDS.search(known_n):
            prompts.append(
                Prompt(
                    "vague_how_known",
                    "how_known",
                    "How would the other person actually notice? For example: a message, a "
                    "calendar entry, or something they can see at home.",
                )
            )
    elif not _KNOWN.search(what_n):
        prompts.append(
            Prompt(
                "missing_how_known",
                "how_known",
                "How will the other person know it happened? For example: you tell them, send "
                "a message, or it is something they can see.",
            )
        )
    return prompts


def _has_fixed_time(text: str) -> bool:
    """A clock time or a named day outweighs a vague word next to it ("always at 19:00")."""
    return bool(
        re.search(
            r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}[:.]\d{2}\b"
            r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"
            r"|\bevery\s+(?:day|morning|evening|night|week)\b|\b(?:daily|weekly|nightly)\b"
            r"|\bas\s+soon\s+as\b|\bwork\s?days?\b|\b(?:if|when|whenever)\s+(?:i|you|we|my"
            r"|plans?)\s+(?!can\b|could\b|remember\b|"
            r"have\s+(?:the\s+)?time\b|feel\s+like\b|get\s+(?:the\s+)?chance\b|am\s+able\b)\w+",
            text,
        )
    )
