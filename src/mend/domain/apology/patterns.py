# ruff: noqa: E501  -- regex tables read better one pattern per line
"""Regular expressions for apology components and non-apology patterns.

All patterns run on the normalised text (lower case, straight quotes, zero-width removed).
Each entry is (compiled pattern, confidence weight). The analyser adds the checks a
pattern cannot express alone: who is speaking, negation, quotes, context.
"""

from __future__ import annotations

import re
import re._constants as _C  # type: ignore[import-not-found]
import re._parser as _parser  # type: ignore[import-not-found]
from collections.abc import Iterator
from typing import Any

# (pattern, weight, starts at a word boundary). A leading \b is checked by the caller instead of
# the regex engine: without it `re` can use its first-character fast path (about 3x faster).
Pattern = tuple[re.Pattern[str], float, bool]


def _top_level_alternatives(rx: str) -> list[str]:
    parts: list[str] = []
    cur: list[str] = []
    depth, in_class, esc = 0, False, False
    for ch in rx:
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def _c(rx: str, weight: float = 0.8) -> Pattern:
    """Compile one pattern; a leading \\b on every top-level branch becomes a caller check."""
    alts = _top_level_alternatives(rx)
    if all(a.startswith("\\b") for a in alts):
        return re.compile("(?:" + "|".join(a[2:] for a in alts) + ")"), weight, True
    return re.compile(rx), weight, False


def at_boundary(text: str, start: int) -> bool:
    """The regex `\b` at `start`: word-ness differs on the two sides."""
    after = start < len(text) and (text[start].isalnum() or text[start] == "_")
    before = start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")
    return after != before


# Texting spellings of "I am" / "I will" / "sorry".
I_AM = r"(?:i'?m|i\s+am|im)"
I_WILL = r"(?:i'?ll|i\s+will|i\s+shall|ill(?=\s+(?:call|be|bring|come|do|get|make|pay|put|set|sort|take|tell|text|try|fix|buy|never|always|pick|drive|talk|stop|book|send|give|keep|clean|check|ask|find|go)\b))"
WE_WILL = r"(?:we'?ll|we\s+will|we\s+shall|we'?re\s+going\s+to|we\s+are\s+going\s+to)"
GOING = r"(?:i'?m\s+going\s+to|i\s+am\s+going\s+to|im\s+going\s+to|i'?m\s+gonna|im\s+gonna|i\s+am\s+gonna|imma)"
SORRY = r"(?:s+o+r+r*y+|sry|srry|soz+|sorr+y+)"
APOLOGY_WORD = rf"(?:{SORRY}|apologi[sz](?:e|es|ed|ing)|apolog(?:y|ies)|regret(?!\s+to\s+(?:inform|announce|say|tell|advise)))"
ADV = r"(?:(?:so+|really|very|truly|deeply|sincerely|genuinely|terribly|awfully|extremely|profoundly|incredibly|honestly|just|also|again|still|unreservedly|completely|wholeheartedly|heartily|humbly|rly|rlly|v|soooo+|actually)\s+)*"

# ---------------------------------------------------------------- regret
REGRET: list[Pattern] = [
    _c(rf"\b{SORRY}\b", 0.85),
    _c(r"\bapologi[sz](?:e|ing)\b", 0.9),
    _c(
        r"\b(?:my|our|heartfelt|sincere|sincerest|deepest|deep|humble|profound)\s+apolog(?:y|ies)\b",
        0.9,
    ),
    _c(r"\bapologies\b", 0.8),
    _c(
        r"\b(?:i|we)\s+(?:want\s+to\s+|would\s+like\s+to\s+|'d\s+like\s+to\s+)?(?:"
        + ADV
        + r")(?:regret)\b(?!\s+to\s+(?:inform|announce|say|tell|advise))(?!\s+(?:that\s+)?(?:you|u|some|any|certain|the\s+event\b))",
        0.85,
    ),
    _c(
        # "The council apologises", "Harbour Bank regrets": whose voice is checked by the caller.
        r"\b(?:regrets|apologi[sz]es)\b(?!\s+(?:that\s+)?(?:you|u|some|any)\b)(?!\s+to\s+(?:inform|announce|say|tell|advise))",
        0.8,
    ),
    _c(
        r"\b(?:i|we)\s+(?:owe|owes)\s+(?:you|u|ya|everyone|them|her|him|a)\s*(?:\w+\s+){0,2}apolog(?:y|ies)\b",
        0.9,
    ),
    _c(
        r"\b(?:i|we)\s+(?:feel|felt)\s+(?:"
        + ADV
        + r")(?:terrible|awful|horrible|sick|bad|guilty|ashamed|dreadful|rotten|gutted)\b",
        0.8,
    ),
    _c(
        r"\b" + I_AM + r"\s+(?:" + ADV + r")(?:ashamed|mortified|gutted|heartbroken|devastated)\b",
        0.75,
    ),
    _c(r"\bi\s+(?:wish|hate\s+that)\s+i\b", 0.7),
    _c(r"\bit\s+kills\s+me\s+that\s+i\b", 0.75),
    _c(r"\bi\s+can'?t\s+believe\s+i\b", 0.6),
    _c(r"\bmy\s+(?:bad|b)\b", 0.75),
    _c(r"\bmea\s+culpa\b", 0.85),
    _c(r"\bi\s+can'?t\s+stop\s+thinking\s+about\s+how\s+i\b", 0.6),
    _c(r"\b(?:forgive\s+me)\b", 0.55),
    _c(r"\bi\s+(?:already\s+|have\s+already\s+|'ve\s+already\s+|did\s+)?apologi[sz]ed\b", 0.55),
    _c(r"\bregrettably,?\s+(?:i|we)\b", 0.6),
    _c(
        r"\b(?:quick|big|huge|public|formal|heartfelt|sincere|massive|overdue)\s+(?:apology|sorry)\b",
        0.7,
    ),
    _c(r"\blet\s+me\s+start\s+by\s+apologi", 0.9),
]

# Uses of an apology word that are not an apology for a wrong (after the word).
NOT_APOLOGY_AFTER = re.compile(
    r"^\W*(?:to\s+(?:hear|bother|chase|interrupt|disturb|say|inform|trouble|ask|hear|learn|see|bug|announce|tell)"
    r"|for\s+(?:your|ur|the)\s+loss\b(?!\s+of)|about\s+(?:your|ur)\s+(?:loss|grandma|grandad|grandpa|nan|dad|mum|mom|father|mother|news|diagnosis)"
    r"|(?:for|about)\s+(?:your|ur|his|her|their|the|all\s+the|every|everyone|everybody)\s+(?:\w+\s+)?"
    r"(?:loss|dog|cat|pet|nan|nana|gran|granny|grandma|grandad|grandpa|grandfather|grandmother|dad|mum|mom|father|mother|"
    r"news|diagnosis|family|families|friends|mot|job|flight|accident|fall|breakup|break-up|divorce|illness|death|passing)\b(?!'s)"
    r"|(?:that\s+)?(?:you|u)(?:'re|\s+are|r|\s+have\s+been|'ve\s+been)\s+(?:\w+\s+)?going\s+through|(?:that\s+)?(?:you|u)\s+(?:went|had\s+to\s+go|have\s+to\s+go)\s+through"
    r"|(?:that\s+)?(?:ur|you'?re|youre|you\s+are|u\s+r)\s+having\s+(?:such\s+)?(?:a\s+)?(?:\w+\s+)?(?:week|day|time|month|year|night)"
    r"|to\s+(?:his|her|their)\s+(?:family|families|loved\s+ones|wife|husband|kids|children|parents)"
    r"|\s+for\s+nothing\b|\s+(?:don'?t|doesn'?t|do\s+not|does\s+not|aren'?t|isn'?t|mean|means|cost|costs|never\s+(?:work|help|fix))\b"
    r"|for\s+(?:the|this|a|my)\s+(?:long|lengthy|huge|essay)\s+(?:message|email|post|text|rant)"
    r"|\s*(?:for\s+absence)?\s*:\s*[a-z]\.\s"
    r"|,?\s*but\s+(?:this|that|it)(?:'s|\s+is)\s+(?:just\s+|absolutely\s+|completely\s+)?(?:ridiculous|absurd|a\s+joke|outrageous|insane|unacceptable|beyond)"
    r"|(?:that\s+)?(?:your|ur)\s+(?:\w+\s+)?(?:flight|job|interview|exam|test|results?|operation|surgery|car|dog|cat|team|holiday|trip|day|week)\s+(?:got|was|has|had|is|didn'?t|did\s+not|fell|went)\b"
    r"|(?:that\s+)?the\s+(?:job|interview|exam|test|results?|appointment|surgery|operation|treatment|flat|house)\s+(?:didn'?t|did\s+not|fell|went|got)\b"
    r"|to\s+(?:be\s+(?:a\s+pain|that\s+person|annoying|a\s+nuisance|nosy|a\s+bother)|spam|text|message|add\s+to|jump\s+in|butt\s+in|nag|pester|barge|intrude|hassle|double\s+text)"
    r"|for\s+(?:the\s+|this\s+|a\s+)?(?:random|dumb|stupid|silly|quick|long|basic|newbie|noob|obvious)\s+(?:question|q|post|rant|ramble)"
    r"|,?\s*(?:quick|one\s+more|another|random|dumb|silly|stupid|newbie|noob)\s+(?:question|q|thing)"
    r"|,?\s*(?:i\s+)?didn'?t\s+(?:quite\s+)?catch"
    r"|,?\s*(?:but\s+)?(?:i|we)\s+(?:won'?t|will\s+not|refuse\s+to|am\s+not\s+going\s+to|'m\s+not\s+going\s+to)\s+(?:apologi|say\s+sorry)"
    r"|\s+if\s+(?:this|it)\s+(?:is|'s|sounds|has\s+been)\s+(?:a\s+|the\s+)?(?:dumb|stupid|silly|obvious|wrong|basic|naive|off|already|repost|daft|newbie)"
    r"|,?\s*(?:i'?m|im|i\s+am)\s+not\s+sorry|\s+that\s+(?:we|i)\s+(?:cannot|can'?t|are\s+unable|am\s+unable|were\s+unable|won'?t\s+be\s+able)"
    r"|that\s+(?:happened|this\s+happened)\s+to\s+(?:you|u)"
    r"|for\s+(?:you|him|her|them|u)\b(?!\s+to)"
    r"|for\s+the\s+short\s+notice|in\s+advance"
    r"|,?\s*(?:i'?m|im|we'?re)\s+(?:out\s+of|out\s+until|closed|away|not\s+available)"
    r"|,?\s*(?:i|we)\s+(?:can'?t|cannot|won'?t\s+be\s+able\s+to)\s+(?:make\s+it|come|attend|join)"
    r"|,?\s*(?:(?:only\s+)?just\s+seen|can\s+we\s+(?:push|move|reschedule|swap|change))"
    r"|,\s*(?:what|who|where|when|how|can\s+you|could\s+you|would\s+you|do\s+you|did\s+you|is\s+this|are\s+you|i\s+don'?t\s+(?:follow|understand|get)|wrong\s+number|we'?re\s+closed|we\s+are\s+closed|that\s+item|come\s+again|pardon)\b"
    r"|\s+(?:what|who|where|when|how)\b[^.!]*\?"
    r"|,?\s*but\s+(?:that|this)(?:'s|\s+is)\s+(?:just\s+|simply\s+|the\s+)?(?:not|wrong|worst|nonsense|how)"
    r"|,?\s*but\s+we\s+have\s+decided"
    r"|\s+state|\s+excuse"
    r")"
)

SARCASM: list[Pattern] = [
    _c(r"\b" + SORRY + r"\s+(?:that\s+)?i\s+(?:have|had)\s+a\s+life\b", 0.9),
    _c(r"\b" + SORRY + r"\s+for\s+(?:existing|breathing|living|being\s+alive)\b", 0.9),
    _c(
        r"\b"
        + SORRY
        + r"\s+(?:that\s+)?i'?m\s+(?:too|so)\s+(?:honest|smart|busy|good|successful|real|pretty|happy)\b",
        0.9,
    ),
    _c(r"\b" + SORRY + r"\s+i'?m\s+not\s+perfect\b", 0.8),
    _c(r"\bwell\s+excuse\s+me\b", 0.7),
    _c(r"\b" + SORRY + r"\s+not\s+" + SORRY + r"\b", 0.95),
    _c(r"\b" + SORRY + r",?\s+(?:i'?m|im|i\s+am)\s+not\s+" + SORRY + r"\b", 0.95),
    _c(
        r"\b(?:"
        + SORRY
        + r"|my\s+apologies)\s+for\s+(?:caring|having\s+(?:opinions?|an\s+opinion|feelings|standards|a\s+life|a\s+personality)|wanting|expecting|existing|breathing|living|"
        r"not\s+being\s+(?:the\s+|a\s+)?perfect|being\s+(?:honest|human|alive|myself|a\s+person)|thinking|trying\s+to\s+help)\b",
        0.85,
    ),
    _c(r"\b" + SORRY + r"\b[^.!?\n]{0,60}?\bexist(?:s|ence|ing)?\b", 0.85),
]


class Cue:
    """A pattern searched over a whole text, with each branch's leading \\b checked by hand.

    Without the leading \\b the engine can skip ahead to a possible first character, which
    keeps a long alternation cheap on long texts.
    """

    def __init__(self, rx: str) -> None:
        self.rx, _w, self.boundary = _c(rx)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        for m in self.rx.finditer(text):
            if not self.boundary or at_boundary(text, m.start()):
                yield m

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


def _cue(rx: str) -> Cue:
    return Cue(rx)


# Someone's grief or bad luck nearby: an apology word there is sympathy unless an own act follows.
SYMPATHY_CUE = _cue(
    r"\bheard\s+about\b|\bpassed\s+away\b|\bsad\s+news\b|\brip\b|\brest\s+(?:easy|in\s+peace)\b|\bthinking\s+of\s+(?:you|u)\b"
    r"|\bsending\s+(?:love|strength|hugs|prayers)\b|\bcondolences\b|\bdifficult\s+(?:family\s+)?news\b|\bin\s+hospital\b|\bbreak-in\b"
    r"|\bhere\s+if\s+(?:you|u)\s+need\b|\bhuge\s+hugs\b"
)
# Asking for advice about an apology, or discussing apologies: nobody is apologising to the reader.
ABOUT_APOLOGIES = _cue(
    r"\bhow\s+(?:do|should|can)\s+(?:i|we)\s+(?:\w+\s+){0,3}?(?:apologi[sz]e|say\s+sorry)\b|\baita\b|\bam\s+i\s+(?:wrong|overreacting|the\s+a)"
    r"|\bneed\s+(?:ur|your|some)\s+(?:honest\s+)?(?:advice|opinion)\b|\b(?:genuine|serious|honest)\s+question\b|\btemplate\s+for\b"
    r"|\bunpopular\s+opinion\b|\bis\s+(?:that|this|it)\s+(?:even\s+)?(?:an?\s+)?(?:actual\s+|real\s+|proper\s+)?apology\b|\bdoes\s+that\s+count\b"
    r"|\b(?:should|do)\s+i\s+(?:\w+\s+){0,2}(?:apologi[sz]e|say\s+sorry)\b.*\?"
)
# A cue elsewhere in the sentence that the apology word is said with an eye-roll.
SARCASM_CUE = _cue(
    r"\bi\s+guess\s*(?:[.!?\n]|$)|\bhow\s+(?:rude|dare|selfish|unreasonable|inconsiderate|awful|terrible)\s+of\s+me\b"
    r"|\bmust\s+have\s+missed\s+the\s+memo\b|\bonly\s+(?:one\s+)?allowed\b|\bnot\s+allowed\s+(?:opinions|to\s+have)\b|\bonly\s+for\s+people\s+who\b"
    r"|\bi\s+(?:wasn'?t|was\s+not)\s+aware\s+that\b|\bsome\s+of\s+us\s+have\s+(?:jobs|lives)\b|\bapparently\s+(?:that'?s|it'?s)\s+a\s+crime\b"
    r"|\bi'?ll\s+see\s+myself\s+out\b|\bbe\s+sure\s+to\s+lie\b|\bcrime\b|\bneed(?:ed)?\s+(?:your\s+|ur\s+)?permission\b|\bofficial\s+spokesperson\b"
    r"|\bliterally\s+violence\b|\bmust\s+have\s+missed\s+the\s+(?:memo|part)\b|\bwhatever\s+will\s+i\s+do\b|\byour\s+personal\s+\w+\s+now\b|\bmuzzled\b"
)
# An eye-roll emoji, or "one (1) mug": marks of sarcasm that are not words.
SARCASM_MARKS = re.compile(r"[\U0001F644\U0001F643\U0001F612]|\(\s*1\s*\)")

# ---------------------------------------------------------------- responsibility
_BAD_ADJ = (
    r"(?:wrong|out\s+of\s+line|out\s+of\s+order|selfish|rude|unfair|unkind|cruel|careless|thoughtless|"
    r"inconsiderate|disrespectful|mean|harsh|dismissive|unprofessional|childish|stubborn|defensive|nasty|"
    r"horrible|awful|a\s+jerk|an\s+idiot|such\s+an\s+idiot|an\s+ass|a\s+dick|a\s+total\s+jerk|a\s+grump|"
    r"such\s+a\s+grump|short\s+with\s+(?:you|u)|distant|in\s+the\s+wrong|being\s+\w+|so\s+mean|a\s+bad\s+friend|"
    r"an\s+asshole|a\s+coward|dishonest|irresponsible|reckless|impatient|petty|condescending|a\s+bully|"
    r"uncalled\s+for|unacceptable|unforgivable|not\s+ok(?:ay)?|not\s+fair|not\s+acceptable|"
    r"curt|snappy|snarky|sarcastic|patroni[sz]ing|passive-aggressive|cowardly|hostile|aggressive|spiteful|"
    r"insensitive|hurtful|racist|sexist|inappropriate|offensive|(?:such\s+)?an?\s+(?:total\s+|complete\s+|real\s+|absolute\s+|massive\s+)?(?:ass|dick|coward|brat|jerk|idiot|cow|pig|monster|nightmare|prick|arse|asshole|bitch|moron|fool)|"
    r"an?\s+(?:terrible|awful|bad|horrible|lousy|crap|shit|rubbish|shitty|crappy|rotten)\s+(?:friend|partner|husband|wife|boyfriend|girlfriend|dad|father|mum|mom|mother|brother|sister|son|daughter|boss|colleague|manager|person|roommate|flatmate|neighbour|neighbor)|so\s+flaky|flaky|a\s+(?:really\s+)?(?:crappy|dick|rotten|shitty|terrible|horrible|nasty|cruel|stupid)\s+(?:thing|move))"
)
RESPONSIBILITY: list[Pattern] = [
    _c(
        r"\b(?:my|our)\s+(?:own\s+)?(?:fault|bad|mistake|error|doing|responsibility|b)\b(?!\s+was\s+\w+ing\b)(?!\s+to\b)",
        0.9,
    ),
    _c(
        r"\b(?:that|this|it|that\s+one|this\s+one)(?:'?s|\s+is|\s+was|\s+one'?s)\s+(?:all\s+|totally\s+|completely\s+|entirely\s+|100%\s+)?on\s+(?:me|us)\b",
        0.95,
    ),
    _c(r"\b(?:all|totally|completely|entirely)\s+on\s+(?:me|us)\b", 0.9),
    _c(r"\bon\s+(?:me|us)\b[ \t]*(?:[.!,\n]|$)", 0.6),
    _c(
        r"\b(?:i|we)\s+(?:take|accept|am\s+taking|are\s+taking|'m\s+taking|'re\s+taking)\s+(?:full\s+|complete\s+|total\s+|all\s+(?:the\s+)?)?(?:responsibility|the\s+blame|ownership|the\s+findings)\b",
        0.95,
    ),
    _c(
        r"\bthe\s+(?:responsibility|blame|fault)\s+(?:is|was|lies\s+with)\s+(?:mine|ours|me|us)\b",
        0.95,
    ),
    _c(
        r"\b(?:i|we)(?:'?m|'?re|\s+am|\s+are|m)\s+(?:fully\s+|solely\s+)?(?:responsible|to\s+blame|accountable)\b",
        0.9,
    ),
    _c(
        r"\b(?:i|we)(?:\s+was|\s+were|\s+have\s+been|'ve\s+been|\s+am|\s+are|'m|'re|m)\s+(?:"
        + ADV
        + r")(?:totally\s+|completely\s+|way\s+|such\s+|being\s+|a\s+bit\s+)?"
        + _BAD_ADJ
        + r"\b",
        0.85,
    ),
    _c(
        r"\b(?:that|it|this|they|those|these|what\s+i\s+(?:did|said|wrote|posted)|how\s+i\s+(?:acted|behaved|treated\s+you)|my\s+(?:behaviou?r|comment|comments|remark|words|tweet|outburst|reaction|post))\s+(?:was|is|were|wasn'?t|was\s+not|isn'?t|is\s+not)\s+(?:"
        + ADV
        + r")"
        + _BAD_ADJ
        + r"\b",
        0.75,
    ),
    _c(
        r"\b(?<![a-z]\s)(?<![a-z],\s)(?:not|so\s+not|totally\s+not)\s+(?:ok(?:ay)?|cool|fair|acceptable)\s*[.!]",
        0.75,
    ),
    _c(
        r"\bowning\s+(?:this|it|that|this\s+one|my\s+part)\b|\bi\s+own\s+(?:this|it|that|my\s+part)\b",
        0.9,
    ),
    _c(r"\b(?:there\s+is|there'?s)\s+no\s+(?:justification|defen[cs]e|excuse)\b", 0.85),
    _c(
        r"\b(?:wrong|unfair|rude|selfish|cruel|unkind|careless|unprofessional|thoughtless)\s+(?:of|on|for)\s+me\b",
        0.95,
    ),
    _c(
        r"\b(?:i|we)\s+(?:really\s+|totally\s+|completely\s+|badly\s+|royally\s+|seriously\s+)?(?:messed|screwed|fucked|f\*+ed|f\*+cked|mucked|cocked|stuffed)\s+(?:it\s+|this\s+|things\s+)?up\b",
        0.9,
    ),
    _c(
        r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:blew\s+it|dropped\s+the\s+ball|let\s+(?:you|u|ya|everyone|the\s+team|them|her|him|us|people|you\s+all|you\s+guys|the\s+fans|our\s+\w+|my\s+\w+)\s+down|crossed\s+(?:a|the)\s+line|fell\s+short|failed\s+(?:you|u|them|the|our|my|to)|got\s+(?:it|this|that)\s+wrong|made\s+(?:a|an|the|some)\s+(?:\w+\s+){0,2}(?:mistake|mistakes|error|errors|mess|misjudg?ement|choice)|broke\s+(?:my|our|your|ur)\s+(?:promise|word|trust)|betrayed|behaved\s+(?:badly|poorly|terribly|appallingly|in\s+a\s+way))\b",
        0.9,
    ),
    _c(
        r"\b(?:i|we)\s+(?:know\s+)?(?:i\s+|we\s+)?(?:really\s+)?(?:hurt|upset|embarrassed|humiliated|disrespected|ignored|lied\s+to|cheated\s+on|abandoned|betrayed)\s+(?:you|u|ya|her|him|them|everyone|the\s+\w+)\b",
        0.85,
    ),
    _c(
        r"\b(?:i|we)\s+(?:really\s+|truly\s+|rly\s+|honestly\s+|definitely\s+)?(?:should(?:n'?t|nt|\s+not|\s+never)|should\s+have|should'?ve|shoulda)\b",
        0.85,
    ),
    _c(
        r"\b(?:there'?s|there\s+is|that'?s|that\s+is|it'?s|it\s+is)\s+no\s+excuse\b|\bno\s+excuses\b|\bi\s+have\s+no\s+excuse\b|\b(?:isn'?t|is\s+not|not)\s+an\s+excuse\b|\bdoesn'?t\s+(?:excuse|make\s+it\s+(?:ok|okay|right))\b|\b(?:i'?m|im|i\s+am)\s+not\s+(?:going\s+to|gonna)\s+make\s+(?:any\s+)?excuses\b",
        0.85,
    ),
    _c(
        r"\b(?:won'?t|will\s+not|not\s+going\s+to|not\s+gonna|can'?t|cannot)\s+(?:pretend|deny|say)\s+(?:that\s+)?(?:i|we)\s+(?:wasn'?t|was\s+not|weren'?t|didn'?t|did\s+not)\b",
        0.9,
    ),
    _c(r"\b(?:i|we)\s+(?:\w+ly\s+)?\w+\s+(?:the|a)\s+wrong\s+\w+", 0.8),
    _c(r"\b(?:i|we)\s+(?:was|were)\s+wrong\b", 0.95),
    _c(
        r"\b(?:i|we)\s+(?:admit|own|acknowledge|accept)\s+(?:that\s+)?(?:i|we|it|this|that|my|our|what)\b",
        0.8,
    ),
    _c(r"\b(?:u|you)\s+(?:were|was|r|are)\s+right\s+(?:and|n|&)\s+i\s+(?:was|am)\s+wrong\b", 0.95),
    _c(r"\bi\s+stand\s+corrected\b", 0.8),
    _c(r"\b(?:i|we)\s+(?:was|were)\s+the\s+one\s+who\b", 0.75),
    _c(r"\b(?:this|it)\s+was\s+our\s+(?:failure|fault|mistake|error)\b", 0.95),
    _c(
        r"\bthe\s+(?:failure|fault|mistake|error|errors|mistakes|failings?)\s+(?:is|was|were|are|lies\s+with|rests\s+with)\s+(?:entirely\s+|wholly\s+|solely\s+|all\s+)?(?:mine|ours|me|us)\b",
        0.95,
    ),
    _c(r"\b(?:this|that|it)\s+should\s+(?:never|not)\s+have\s+happened\b", 0.75),
    # Service register: the organisation owns what its people or processes did.
    _c(
        r"\b(?:our\s+\w+|the\s+(?!customer\b|client\b|guest\b|courier\b|supplier\b)\w+)\s+(?:should(?:\s+never|\s+not|n'?t)?\s+have|should\s+never|should\s+not|shouldn'?t)\s+(?:been\s+)?\w+"
        r"|\b(?:you|u)\s+should\s+have\s+been\s+(?:told|informed|warned|called|contacted|given|offered|refunded|seen)\b",
        0.7,
    ),
    _c(
        r"\b(?:that|this|it|none\s+of\s+(?:that|this|it)|that\s+advice|that\s+decision)(?:'s|\s+is|\s+was)?\s*(?:not|n'?t|wasn'?t|isn'?t|was\s+not|is\s+not)\s+(?:good\s+enough|acceptable|fair|right|okay|ok|the\s+standard|how\s+we)\b"
        r"|\b(?:that|this)\s+(?:was|is|'s)\s+(?:a\s+)?(?:huge\s+|big\s+|serious\s+|bad\s+|terrible\s+|basic\s+)?(?:mistake|error|failure)\b|\b(?:that|this)\s+(?:advice\s+)?was\s+(?:untrue|wrong|incorrect)\b"
        r"|\b(?:this|that|the)\s+(?:mistake|error|failure)\s+was\s+(?:ours|mine)\b|\ba\s+failure\s+of\s+(?:our|my)\b|\b(?:our|my)\s+(?:failure|failing)\b",
        0.75,
    ),
    _c(r"\b(?:an\s+)?error\s+of\s+judge?ment\s+on\s+my\s+part\b|\bon\s+(?:my|our)\s+part\b", 0.8),
    _c(
        r"\b(?:you|u)\s+(?:deserved|deserve)\s+better\s+(?:from|than)\s+(?:me|that|this)\b|\b(?:you|u)\s+(?:didn'?t|did\s+not|didnt)\s+deserve\s+(?:that|this|it|any)\b",
        0.7,
    ),
    _c(r"\b(?:i|we)\s+(?:could|should)\s+have\s+(?:done|handled|checked|been)\b", 0.7),
]

# A first-person past act ("I forgot", "we sent the wrong size"): ownership when the text apologises
# or judges the act (gated in the analyser).
_IRREGULAR_PAST = (
    r"forgot|broke|took|ate|left|told|put|made|hurt|let|sent|lost|ran|threw|wrote|spoke|said|did|"
    r"went|got|gave|kept|bit|hit|shut|spent|stole|drove|sold|ignored|lied|cheated|snapped|yelled|"
    r"shouted|bailed|ditched|ghosted|blew|overslept|overreacted|misjudged|misread|missed|cancelled|"
    r"canceled|forwarded|approved|crashed|dented|scratched|deleted|shared|posted|skipped|flaked|"
    r"swore|cursed|mocked|laughed|teased|interrupted|dismissed|embarrassed|humiliated|blamed|"
    r"accused|insulted|slammed|stood\s+you\s+up|wasn'?t\s+there|didn'?t\s+\w+|never\s+\w+"
)
OWN_ACT = re.compile(
    r"\b(?:i|we)\s+(?:\w+ly\s+|just\s+|also\s+|then\s+)?(?:have\s+|'ve\s+|had\s+|'d\s+)?(?:been\s+)?"
    r"(?:"
    + _IRREGULAR_PAST
    + r"|(?!(?:need|feed|seed|heed|wanted|needed|started|tried|decided|hoped|"
    r"wished|liked|loved|used|asked|expected|assumed|believed|figured|enjoyed|wondered|seemed|guessed|supposed|imagined|worried|hated|noticed|realised|realized|learned|learnt|booked|arranged|"
    r"ordered|refunded|added|fixed|moved|emailed|messaged|called|contacted|apologised|apologized|"
    r"agreed|talked|spoken|changed|updated|started|signed|deactivated|reached|returned|replaced|"
    r"removed|edited|credited|paid|repaid|filled|notified|reinstated|patched|introduced|"
    r"implemented|hired|launched|cancelled\s+my)\b)[a-z]{2,}ed)\b"
)
JUDGEMENT = re.compile(
    r"\b(?:wrong|not\s+ok(?:ay)?|isn'?t\s+(?:ok(?:ay)?|fair|right)|wasn'?t\s+(?:ok(?:ay)?|fair|right)|"
    r"not\s+fair|unfair|stupid|idiot|awful|terrible|horrible|shitty|crappy|disgusting|ashamed|"
    r"unacceptable|out\s+of\s+line|inexcusable|no\s+excuse|no\s+justification|my\s+fault|on\s+me|"
    r"mistake|error|failure|failed|shouldn'?t|should\s+have|should'?ve|"
    r"uncalled\s+for|thoughtless|careless|rude|selfish|cruel|not\s+good\s+enough|offensive)\b"
)

# Naming one's own act right after an apology word: "sorry I yelled", "sorry for snapping".
ACT_AFTER_APOLOGY = re.compile(
    r"^[\s,\-]*(?:(?:mum|mom|dad|all|guys|everyone|team|folks|babe|hun|love|mate)\s*,?\s+)?(?:forgot|sent|posted|missed|left|broke|lost|deleted|attached|double-booked|misread|mixed\s+up|overslept|ate|used)\b"
    r"|^[\s,\-]*(?:(?:that|about|for|4|because)\s+)?(?:(?:i|we)\s+(?!(?:feel|felt|think|hope|know|guess|mean|want|wanted|have\s+a\s+life|am\s+too|m\s+too)\b)(?:\w+ly\s+)?(?:\w+)"
    r"|(?:not\s+)?(?!(?:everything|anything|nothing|something|the|any|your|ur|all)\b)\w+ing\b"
    r"|(?:what|how|everything|the\s+way)\s+(?:i|we)\s+\w+"
    r"|my\s+(?:\w+\s+)?(?:behaviou?r|outburst|comments?|remarks?|words|tone|actions?|reaction|mistake|part|tweet|post|mess)"
    r")"
)

# ---------------------------------------------------------------- commitment
COMMIT_VERB = (
    r"(?:call|ring|text|bring|come|drive|pay|repay|replace|fix|repair|buy|book|put|set|sort|take|tell|talk|"
    r"stop|start|check|double-check|make\s+sure|send|give|keep|clean|ask|find|go|apologi[sz]e|write|email|"
    r"delete|block|cut|step|leave|move|include|record|resign|donate|implement|introduce|review|publish|"
    r"report|refund|reinstate|compensate|credit|cover|answer|cooperate|co-operate|repaint|return|learn|"
    r"listen|hear|walk|be\s+at|be\s+there|be\s+home|see|spend|handle|confirm|get|pick|do\s+the|do\s+pickup|"
    r"raise|use|test|add|hire|meet|show|help|earn|accept|attend|follow|remove|edit|pin|take|think|"
    r"never|always|not|no\s+longer|stay|limit|read|turn|join|work\s+on\s+(?!myself|me\b|it\b|things\b|being\b))"
)
COMMITMENT: list[Pattern] = [
    _c(
        r"\b(?:"
        + I_WILL
        + "|"
        + WE_WILL
        + "|"
        + GOING
        + r"|i\s+(?:promise|commit|plan|intend|want|would\s+like|'d\s+like)\s+to|we\s+(?:promise|commit|plan|intend|want|would\s+like|'d\s+like)\s+to)\s+(?:"
        + ADV
        + r")(?:"
        + COMMIT_VERB
        + r")\b",
        0.85,
    ),
    _c(
        r"\b(?:won'?t|will\s+not|wont|never|not\s+going\s+to|not\s+gonna)\s+(?:\w+\s+){0,6}?(?:again|anymore|any\s+more)\b",
        0.85,
    ),
    _c(
        r"\b(?:it|this|that)\s+(?:won'?t|will\s+not|wont|will\s+never|can'?t|cannot|doesn'?t|does\s+not)\s+happen\s+again\b",
        0.85,
    ),
    _c(r"\bnever\s+again\b", 0.7),
    _c(
        r"\b(?:from\s+now\s+on|going\s+forward|moving\s+forward|from\s+today|from\s+(?:next|this)\s+\w+|starting\s+(?:today|tonight|tomorrow|now|monday|next\s+\w+)|in\s+(?:the\s+)?future|next\s+time)\b",
        0.7,
    ),
    _c(
        r"\b(?:i|we)(?:'?ve|\s+have)\s+(?:already\s+|now\s+)?(?:booked|started|set\s+up|set|made\s+an\s+appointment|arranged|deleted|blocked|cut|taken|ordered|put|moved|asked|emailed|messaged|sent|paid|repaid|resigned|signed\s+up|stopped|added|fixed|removed|edited|credited|apologi[sz]ed|told|been\s+sober|refunded|withdrawn|appointed|patched|changed|lifted|paused|notified|reinstated|introduced|implemented|hired|updated|launched|called|returned|replaced|cancelled|canceled|deactivated|uninstalled|contacted|spoken|written|reached\s+out)\b",
        0.85,
    ),
    _c(
        r"\b(?:i|we)(?:'?m|'?re|m|\s+am|\s+are)\s+(?:now\s+|already\s+)?(?:taking|driving|heading|coming|booking|paying|buying|putting|deleting|donating|stepping|cutting|seeing|getting|starting|giving|calling|sending|writing(?!\s+(?:to\s+(?:apologi|say|let|tell|ask|inform|express)|this\b|that\b|because\b))|moving|recalling|offering|adding|hiring|reviewing|withdrawing|refunding|changing|introducing|implementing|cancelling|returning|replacing|fixing|running|going\s+to\s+meetings|in\s+therapy|committed\s+to)\b",
        0.8,
    ),
    _c(
        r"\b(?:how|what)\s+can\s+i\s+(?:do\s+to\s+)?make\s+(?:this|it|things)\s+(?:right|up|better)\b|\blet\s+me\s+(?:make|fix|put)\s+(?:this|it|things)\s+right\b|\bi\s+want\s+to\s+make\s+(?:this|it|things)\s+right\b|\bwhat\s+can\s+i\s+do\s+to\b",
        0.75,
    ),
    _c(
        r"\b(?:refund|replacement|corrected\s+\w+|new\s+date|reimbursement)\s+(?:is|are|has\s+been|have\s+been|will\s+be|should)\b",
        0.75,
    ),
    _c(
        r"\b(?:will|shall)\s+(?:be\s+)?(?:refunded|replaced|repaired|compensated|reviewed|fixed|reinstated|credited|corrected|ship|receive|get|need)\b",
        0.7,
    ),
    _c(
        r"\bso\s+(?:it|this|that)\s+(?:doesn'?t|does\s+not|won'?t|can'?t|cannot|never)\s+happen\b",
        0.85,
    ),
    _c(r"\bi\s+promise\b", 0.6),
    _c(
        r"\b(?:"
        + I_WILL
        + "|"
        + WE_WILL
        + "|"
        + GOING
        + r")\s+(?:"
        + ADV
        + r")(?!(?:try|be\s+better|do\s+better|change\b|see|think|let|have\s+to|need|admit|say|be\s+honest|miss|always\s+love|love|be\s+fine|be\s+ok|be\s+okay|be\s+late|be\s+home|be\s+there|work\s+on\s+(?:myself|me|it|things))\b)[a-z]{2,}\b",
        0.6,
    ),
    _c(
        r"\b(?:will|shall)\s+be\s+(?!(?:there|late|home|fine|ok|okay|back|looked|handled|dealt|reviewed\s+in\s+due|learned|learnt)\b)[a-z]{3,}ed\b",
        0.6,
    ),
    _c(
        r"\b(?:here\s+it\s+is|attached\s+is|is\s+attached|the\s+correct\s+\w+\s+is)\b|\bhere\s+(?:is|are|'s)\s+(?:the\s+)?(?:correct|right|updated|corrected|new|proper)\b|\bcorrect\s+(?:date|time|one|version|file|link)\s+is\b",
        0.55,
    ),
    _c(
        r"\b(?:doing|moving|sending|fixing|sorting|resending|re-sending|going\s+out|correcting|changing|updating|deleting|removing|reposting|re-posting)\s+(?:it\s+|that\s+|this\s+|them\s+|my\s+\w+\s+)?(?:now|right\s+now|asap|today|tonight|elsewhere)\b"
        r"|\b(?:is|are|has\s+been|have\s+been)\s+now\s+(?:updated|corrected|fixed|closed|gone|removed|resolved|withdrawn)\b|\b(?:is|are)\s+(?:hereby\s+)?withdrawn\b|\bmy\s+treat\b",
        0.7,
    ),
    # Offers and repairs in conversation and in service register.
    _c(
        r"\b(?:let\s+me|lemme|can\s+i|could\s+i|may\s+i|shall\s+i|i'?d\s+love\s+to|i\s+would\s+love\s+to|wanna|want\s+me\s+to|let\s+us)\s+(?:\w+\s+)?"
        r"(?:take|buy|make|come|call|fix|pay|cover|talk|drive|bring|treat|get|replace|help|cook|sort|ring)\b",
        0.7,
    ),
    _c(
        r"\b(?:drinks?|dinner|lunch|coffee|breakfast|(?:the\s+)?(?:first|next)\s+(?:round|drink|coffee|one|roast|meal|pint))(?:'s|\s+is|\s+are)?\s+on\s+(?:me|us)\b"
        r"|\bnext\s+(?:one|round)(?:'s|\s+is)\s+my\s+round\b",
        0.8,
    ),
    _c(
        r"\b(?:has|have)\s+(?:now\s+|already\s+|just\s+)?been\s+(?:refunded|dispatched|sent|cancelled|canceled|corrected|fixed|resolved|reversed|removed|reinstated|replaced|credited|rebilled|updated|restored|rescheduled|reissued|re-issued|reshipped|banned|suspended|deleted|returned|processed|arranged|rebooked|issued|waived|repaired|refunded|paid)\b",
        0.75,
    ),
    _c(
        r"\b(?:i|we)(?:'?ve|\s+have)\s+(?:already\s+|now\s+|just\s+|also\s+)?(?:reversed|reshipped|re-shipped|pinned|rebooked|rescheduled|corrected|rebilled|waived|restored|resent|re-sent|sorted|cleared|covered|dispatched|reissued|re-issued|rung|rang|phoned|offered|put\s+it\s+back|arranged)\b",
        0.8,
    ),
    _c(
        r"\b(?:fixed|sorted|corrected|updated|changed|reversed)\s+(?:it|that|this|now)\b|\b(?:it'?s|its|is|are)\s+(?:now\s+)?(?:back\s+(?:up|on|online)|on\s+(?:its|their)\s+way)\b|\bworking\s+now\b"
        r"|\b(?:correct|right|updated|new)\s+(?:one|link|file|version|invoice)(?:'s|\s+is)\s+(?:here|attached|below)\b",
        0.65,
    ),
    _c(
        r"\b(?:crews?|engineers?|staff|someone|our\s+\w+|the\s+(?:club|council|company|team|school|trust|board|contractor)|a\s+(?:member\s+of\s+\w+|\w+))\s+will\s+(?:be\s+(?:out|in\s+touch|with\s+you|delivered|sent|returned?|refunded)|contact|call|phone|visit|deliver|cover|replace|repair|refund|fix|clear|collect|send|arrange|reimburse|pay)\b"
        r"|\b(?:every|each|all|any)\s+(?:affected\s+)?(?:\w+\s+){0,2}(?:will|shall)\s+(?:be|have|get|receive)\b",
        0.75,
    ),
    _c(
        r"\b(?:i|we)\s+(?:send|give|make|pay|call|fix|bring|refund|return|cook|buy)\s+(?:\w+\s+){0,3}?(?:now|today|tonight|tomorrow)\b",
        0.65,
    ),
    _c(
        r"\bit'?ll\s+be\s+(?:in|there|back|fixed|sorted|ready|with\s+you|delivered)\b|\b(?:will|should)\s+(?:arrive|reach\s+you)\b",
        0.65,
    ),
    _c(
        r"\bif\s+(?:you|u)\s+want\s+me\s+to\s+(?:talk|call|fix|come|pay|speak|ring|sort|help)\b|\bwould\s+(?:you|u)\s+(?:\w+\s+)?(?:come|let\s+me)\b",
        0.65,
    ),
]
# What does not make a commitment: refusals and promises of no change.
COMMIT_NEGATED = re.compile(
    r"\b(?:won'?t|will\s+not|not\s+going\s+to|not\s+gonna|wont)\s+(?:apologi[sz]e|say\s+sorry|pretend|deny|make\s+excuses|be\s+apologi[sz]ing)"
    r"|\bcan'?t\s+promise|\bdon'?t\s+wait\s+up"
)

VAGUE: list[Pattern] = [
    _c(
        r"\b(?:"
        + I_WILL
        + "|"
        + WE_WILL
        + "|"
        + GOING
        + r"|i\s+promise\s+i'?ll|i\s+promise\s+to)\s+(?:"
        + ADV
        + r")(?:try\s+to\s+)?(?:be|do)\s+better\b",
        0.8,
    ),
    _c(
        r"\b(?:"
        + I_WILL
        + "|"
        + GOING
        + r")\s+(?:really\s+)?try(?:\s+harder|\s+my\s+best)?\b(?!\s+to\s+(?!be\s+better))",
        0.7,
    ),
    _c(
        r"\b(?:"
        + I_WILL
        + "|"
        + GOING
        + r")\s+(?:really\s+)?change\b(?!\s+(?:the|my|our|it|how)\b)",
        0.8,
    ),
    _c(
        r"\b(?:i'?m|im|i\s+am|"
        + I_WILL
        + "|"
        + GOING
        + r")\s+(?:going\s+to\s+)?(?:be\s+)?work(?:ing)?\s+on\s+(?:myself|me|it|things)\b",
        0.75,
    ),
    _c(r"\bmake\s+it\s+up\s+to\s+(?:you|u|ya)\b", 0.7),
    _c(r"\b(?:i|we)\s+will\s+(?:work\s+hard|strive|endeavou?r|try)\s+to\b", 0.7),
    _c(r"\b(?:things|it)\s+(?:will|won'?t)\s+be\s+(?:different|like\s+this)\b", 0.7),
    _c(r"\b(?:" + I_WILL + r")\s+be\s+a\s+better\s+\w+\b", 0.8),
    _c(r"\byou'?ll\s+see\b", 0.5),
    _c(r"\b(?:will|'ll)\s+(?:try\s+to\s+)?do\s+better\b", 0.7),
    _c(
        r"\b(?:be|'ll\s+be|will\s+be)\s+more\s+(?:careful|mindful|thoughtful|considerate|aware|sensitive)\b|\bkeep\s+listening\b|\bcontinue\s+to\s+listen\b"
        r"|\btake\s+(?:this|it|your\s+feedback|that)\s+on\s+board\b|\btake\s+some\s+time\s+to\s+reflect\b|\blessons\s+(?:will\s+be|have\s+been)\s+learn(?:ed|t)\b",
        0.75,
    ),
]

# ---------------------------------------------------------------- secondary
EXPLANATION: list[Pattern] = [
    _c(r"\bbecause\b|\bcos\b|\bcuz\b|\bsince\s+i\b", 0.55),
    _c(
        r"\b(?:i|we)\s+(?:was|were|had\s+been|'d\s+been|'ve\s+been|have\s+been)\s+(?:"
        + ADV
        + r")(?:so\s+|really\s+|too\s+|a\s+bit\s+)?(?:stressed|tired|exhausted|overwhelmed|distracted|scared|nervous|anxious|drunk|in\s+a\s+meeting|dealing|going\s+through|under|covering|busy|worried|afraid|showing\s+off|drinking|jealous|hurt|angry|upset|trying|caught\s+up)\b",
        0.7,
    ),
    _c(
        r"\b(?:i|we)\s+(?:panicked|got\s+caught\s+up|lost\s+track|fell\s+asleep|misread|misunderstood|underestimated|double-booked|didn'?t\s+(?:realise|realize|know|think|check|see)|forgot\s+to|had\s+(?:a|too)\s+(?:\w+\s+)?(?:day|much|panic\s+attack|week)|missed\s+your\s+email|chose\s+to|thought|was\s+thinking|used\s+the\s+old)\b",
        0.6,
    ),
    _c(
        r"\b(?:the|my|our)\s+(?:bus|car|train|laptop|phone|server|system|update|courier|flight)\s+(?:broke|was|had|crashed|died|failed|didn'?t)\b",
        0.65,
    ),
    _c(
        r"\bdue\s+to\b|\bcaused\s+by\b|\bwhat\s+happened\s+(?:was|is)\b|\bthe\s+reason\b|\bthe\s+truth\s+is\b|\bbecause\s+of\b",
        0.6,
    ),
    _c(r"\b(?:a|the)\s+(?:bug|glitch|fault|misconfigured|technical)\b", 0.55),
    _c(r"\b(?:traffic|the\s+weather|the\s+post\s+office|work)\s+(?:was|has\s+been|is)\b", 0.55),
    _c(
        r"\bnever\s+(?:my|our)\s+intention\b|\b(?:was|is)\s+not\s+(?:my|our)\s+intention\b|\b(?:i|we)\s+(?:never\s+meant|didn'?t\s+mean|did\s+not\s+mean|never\s+intended)\s+to\b",
        0.6,
    ),
]

FORGIVENESS_REQUEST: list[Pattern] = [
    _c(r"\bforgive\s+(?:me|us)\b(?!\s+and\s+move\s+on)", 0.85),
    _c(r"\b(?:can|could|will|would)\s+(?:you|u)\s+(?:ever\s+|please\s+)?forgive\b", 0.9),
    _c(
        r"\bhope\s+(?:that\s+)?(?:you|u|one\s+day\s+you)\s+(?:can|will|could|might)\s+(?:\w+\s+){0,3}?forgive\b",
        0.9,
    ),
    _c(
        r"\b(?:ask|asking|beg|begging)\s+(?:\w+\s+){0,5}?(?:for\s+)?(?:your|their|his|her)?\s*forgiveness\b",
        0.9,
    ),
    _c(r"\bforgive\s+(?:an?\s+\w+\s+\w+|the\s+trouble)\b", 0.7),
]

# ---------------------------------------------------------------- flags
CONDITIONAL: list[Pattern] = [
    _c(
        r"\b(?:"
        + APOLOGY_WORD
        + r"|apologies)\s+(?:(?!but\b)\w+\s+){0,2}?if\b(?!\s+(?:this|it)\s+(?:is|'s|sounds|has\s+been)\s+(?:a\s+|the\s+)?(?:dumb|stupid|silly|obvious|wrong|basic|naive|off|already|repost|daft|newbie))",
        0.9,
    ),
    _c(
        r"\bif\s+(?:i|my|anything\s+i|what\s+i|something\s+i|that|this|it|anyone|any\s+of|you\s+(?:were|felt|got|are)|u\s+(?:were|felt)|feelings|i\s+seemed)\b(?:\s+\S+){0,6}?\s+(?:hurt|upset|offend\w*|came\s+(?:across|out)|bothered|seemed|stepped|a\s+bit\s+much|did\s+(?:something|anything)\s+wrong|wrong|short|rude|insensitive|feel\s+(?:bad|hurt|upset|uncomfortable|small|disrespected|unheard))",
        0.85,
    ),
    _c(
        r"\b(?:to\s+)?(?:anyone|anybody|whoever)\s+(?:who|that|i)\s+(?:may\s+|might\s+)?(?:have\s+)?(?:been\s+|felt\s+|was\s+|were\s+|got\s+|feels\s+)?(?:offended|hurt|upset|affected|bothered)\b",
        0.8,
    ),
    _c(
        r"\b(?:to\s+)?(?:everyone|those|people|the\s+people|anyone)\s+(?:who|that|i)\s+(?:may|might)\s+have\b|\b(?:everyone|those|people)\s+who\s+(?:feel|felt|feels)\s+(?:they|offended|hurt)\b",
        0.8,
    ),
    _c(r"\b(?:whoever|anyone)\s+i\s+(?:may|might)\s+have\b", 0.85),
    _c(
        r"\b(?:may|might|could)\s+have\s+(?:been\s+)?(?:caused|offended|hurt|upset|misinterpreted|come\s+across)\b",
        0.8,
    ),
    _c(
        r"\bany\s+(?:offen[cs]e|distress|hurt|upset|harm|pain|confusion|inconvenience|disappointment|frustration)\s+(?:caused|this|that|i|it|we)\b"
        r"|\bfor\s+any\s+(?:\w+\s+)?(?:inconvenience|confusion|disappointment|frustration|upset|distress|offen[cs]e)\b[^.!?\n]{0,30}?\b(?:but|however|although|though)\b",
        0.75,
    ),
    _c(r"\bfor\s+whatever\s+i\s+(?:did|said)\b", 0.85),
    _c(
        r"\b(?:anyone|anybody|those|people)\s+who\s+(?:felt|feels|was|were|got)\s+(?:some\s+(?:type|kind|sort)\s+of\s+way|a\s+(?:certain\s+)?way|uncomfortable|let\s+down)\b",
        0.8,
    ),
    _c(r"\b,?\s*if\s+any\b\s*[.!]?(?=\s|$)", 0.8),
    _c(r"\bin\s+case\s+i\s+(?:hurt|upset|offended)\b", 0.8),
]

FEELINGS_DEFLECTION: list[Pattern] = [
    # "sorry if my comments came across as harsh": the 'if' is about how it was received.
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:\w+\s+){0,2}?if\s+(?:[\w']+\s+){0,5}?(?:came\s+(?:across|off|out)|seemed|sounded|felt\s+(?!like\s+i)|made\s+(?:you|u|anyone|people|some\s+people)\s+(?:to\s+)?feel|offended|was\s+taken|were\s+taken)",
        0.8,
    ),
    _c(
        r"\b(?:"
        + APOLOGY_WORD
        + r"|regrettable)\s+that\s+(?!i\b|we\b)(?:[\w']+\s+){1,4}?(?:(?:was|were|have\s+been|has\s+been)\s+(?:misinterpreted|misunderstood|misconstrued|misread|perceived)"
        r"|feel|felt|feels|have\s+chosen|has\s+chosen|chose|choose)\b",
        0.8,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+to\s+(?:hear|learn|see)\s+(?:that\s+)?(?:you|u)(?:'re|\s+are|\s+were|\s+weren'?t|\s+are\s+not|\s+were\s+not|\s+have\s+been|\s+felt|\s+feel|\s+didn'?t|\s+did\s+not)\s+(?:\w+\s+)?(?:disappointed|unhappy|not\s+happy|happy|upset|dissatisfied|unsatisfied|satisfied|enjoy|like|frustrated)\b",
        0.85,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:that\s+)?(?:you|u)\s+(?:didn'?t|did\s+not|weren'?t|were\s+not)\s+(?:enjoy|like|love|have\s+a\s+(?:good|great|better|nice)|find|happy|satisfied|pleased)\b",
        0.85,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+for\s+(?:your|ur)\s+(?:recent\s+|poor\s+|negative\s+|disappointing\s+|bad\s+)?(?:experience|disappointment|frustration|feelings|perception)\b",
        0.85,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:that\s+)?(?!i\b|we\b)[a-z]+\s+(?:was|were|felt|got|has\s+been|have\s+been)\s+(?:so\s+|very\s+|a\s+little\s+|a\s+bit\s+)?(?:upset|offended|hurt|disappointed|unhappy|distressed|annoyed|put\s+out)\b",
        0.8,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:for\s+|about\s+)?the\s+way\s+(?:in\s+which\s+)?(?:this|it|that|the\s+\w+|my\s+\w+|our\s+\w+)\s+(?:matter\s+)?(?:has\s+been|was|have\s+been|were|is\s+being|had\s+been)\s+(?:portrayed|reported|perceived|interpreted|received|taken|seen|characteri[sz]ed|presented|covered)\b",
        0.85,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:for|about)\s+(?:the|any)\s+(?:reaction|response|backlash|controversy|fuss|outrage|storm|noise)\b",
        0.8,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?!(?:that\s+)?(?:you|u)(?:'re|\s+are|r|\s+have\s+been|'ve\s+been)\s+(?:\w+\s+)?going\s+through)(?:that\s+)?(?:you|u|ya|some\s+people|people|anyone|some|some\s+of\s+you|you\s+all)\b\s*(?:'re|'ve|re\b)?\s*(?:\w+\s+)?(?:feel|felt|think|thought|took|take|were|are|r|got|get|can'?t|cannot|couldn'?t|misunderstood|chose|have\s+chosen|see|saw|was|is|seem|find|found|perceived|'re\s+\w+|re\s+\w+)\b(?!\s+to\s+(?:go|deal|wait|hear))",
        0.85,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:that\s+)?(?:your|ur|you'?re|youre)\s+(?:so\s+|too\s+)?(?:upset|hurt|offended|sensitive|triggered|unhappy|bothered|angry|mad)\b",
        0.85,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:that\s+)?(?:it|this|that|my\s+\w+)\s+(?:came\s+(?:across|out)|upset\s+you|offended|bothered\s+you|was\s+taken)\b",
        0.8,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:for\s+how\s+you\s+feel|that'?s\s+how\s+you\s+(?:feel|see\s+it|took\s+it))\b",
        0.9,
    ),
    _c(
        r"\b(?:"
        + APOLOGY_WORD
        + r")\s+(?:that\s+)?(?:my|our)\s+(?:\w+\s+)?(?:words|comments|joke|jokes|remarks|email|post|tweet|video|statement)\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:perceived|interpreted|taken|misunderstood|misconstrued|misread|seen)\b",
        0.8,
    ),
    _c(
        r"\b"
        + APOLOGY_WORD
        + r"\s+(?:that\s+)?my\s+(?:honesty|opinion|opinions|truth|directness|sense\s+of\s+humou?r)\b",
        0.8,
    ),
]

BLAME_SHIFT: list[Pattern] = [
    _c(
        r"\bbut\s+(?:you|u|ya|your|ur|youre|you'?re)\b(?!\s*(?:'re|are|r|were)?\s*(?:right|welcome))(?!\s+(?:deserve|deserved|didn'?t\s+deserve|did\s+nothing|have\s+every|matter|mean|shouldn'?t\s+have\s+had|were\s+only|were\s+right|are\s+right|know\s+i\s+love|should\s+know\s+that\s+i))",
        0.75,
    ),
    _c(r"\b(?:you|u)\s+made\s+me\b", 0.9),
    _c(
        r"\b(?:you|u)\s+(?:started\s+it|provoked\s+me|pushed\s+me|brought\s+(?:this|it)\s+on|asked\s+for\s+it|said\s+worse|do\s+it\s+too|did\s+the\s+same|gave\s+me\s+the\s+wrong|knew\s+i\s+had|never\s+listen|always\s+do\s+this)\b",
        0.75,
    ),
    _c(
        r"\bif\s+(?:you|u)\s+(?:hadn'?t|had\s+not|hadnt|didn'?t|had\s+(?:just|only|listened|told|been)|would(?!\s+(?:like|prefer|rather))|just|actually)\b",
        0.8,
    ),
    _c(
        r"\b(?:fault|blame)\s+lies\s+with\s+(?!me\b|us\b|myself\b)|\bif\s+(?:you|u)\s+can'?t\s+(?:take|handle)\b",
        0.8,
    ),
    _c(
        r"\bour\s+(?:terms|policy|policies|t&cs|conditions)\s+(?:clearly\s+)?(?:state|say|says|states)\b",
        0.7,
    ),
    _c(r"\bif\s+people\s+(?:actually|just|would)\b", 0.8),
    _c(r"\b(?:you|u)(?:'re|\s+are|\s+were|r)\s+the\s+one\s+(?:who|that|making)\b", 0.85),
    _c(r"\bbecause\s+(?:you|u)\s+(?:\w+\s+)?(?:never|always|kept|didn'?t|wouldn'?t)\b", 0.75),
    _c(r"\b(?:twisted|twist)\s+(?:what|everything|my\s+words)\b|\bthe\s+media\b", 0.7),
    _c(
        r"\b(?:courier|union|design\s+team|qa|supplier|contractor|media|vendor|the\s+other\s+team)\b[^.]{0,40}?\b(?:is|are|was|were)?\s*(?:responsible|to\s+blame|at\s+fault|kept\s+changing|didn'?t\s+give|left\s+us)\b",
        0.75,
    ),
    _c(
        r"\b(?:the|your)\s+(?:brief|spec|specs|instructions|email|address)\s+(?:you\s+sent\s+)?(?:was|were)\s+(?:unclear|wrong|confusing)\b",
        0.8,
    ),
    _c(r"\bi\s+only\s+received\b[^.]{0,40}\bfrom\s+your\b", 0.75),
    _c(r"\bto\s+be\s+fair,?\s+(?!i\b)\w+", 0.6),
    _c(
        r"\bi\s+was\s+(?:still\s+)?waiting\s+(?:on|for)\s+(?!you\b)\w+|\bcaused\s+by\s+the\s+(?:customer|user|client|guest|passenger)\b|\b(?:you|u)\s+could(?:'?ve|\s+have)\s+(?:reminded|told|warned|said)\b",
        0.75,
    ),
    _c(
        r"\bit\s+takes\s+two\b|\bwhat\s+about\s+(?:you|u)\b|\b(?:you|u)\s+(?:kind\s+of|kinda)\b",
        0.7,
    ),
    _c(r"\bpeople\s+(?:looking\s+to\s+be\s+offended|in\s+my\s+comments)\b", 0.75),
    _c(r"\bdon'?t\s+(?:you\s+dare\s+)?put\s+this\s+on\s+me\b", 0.8),
    _c(
        r"\bif\s+(?:you|u)'?d\s+(?:just\s+|only\s+|actually\s+)?(?:read|listened|told|checked|asked|been|done|followed)\b|\b(?:nobody|no\s+one|no-one)\s+told\s+me\b"
        r"|\b(?:that'?s|thats|it'?s|its|that\s+is)\s+(?:kind\s+of\s+|kinda\s+|really\s+|all\s+|entirely\s+)?on\s+(?:them|her|him|you|u)\b"
        r"|\b(?:my\s+)?(?:opponents|critics|detractors|haters)\s+(?:have|has)\s+(?:sought|tried|chosen|decided)\b|\bhalf\s+of\s+you\s+were\b"
        r"|\b(?:you'?re|you\s+are|ur)\s+only\s+(?:jumping|coming|going)\b|\bi\s+did\s+send\b|\bhow\s+some\s+of\s+you\s+missed\b",
        0.8,
    ),
]

EXCUSE: list[Pattern] = [
    _c(r"\bi\s+was\s+(?:just|only)\s+(?!joking|kidding)\w+", 0.8),
    _c(
        r"\b(?:i'?m|im|i\s+am|i'?ve\s+been|i\s+have\s+been)\s+(?:just|only)\s+(?:so\s+|really\s+)?(?:under|stressed|tired|exhausted|busy|overwhelmed|swamped|being|trying|human)\b",
        0.8,
    ),
    _c(
        r"\bin\s+the\s+heat\s+of\s+the\s+moment\b|\bu\s+know\s+how\s+it\s+is\b|\byou\s+know\s+how\s+it\s+is\b",
        0.75,
    ),
    _c(
        r"\b(?:wasn'?t|isn'?t|was\s+not|is\s+not|not)\s+(?:really\s+|even\s+|entirely\s+)?my\s+fault\b",
        0.9,
    ),
    _c(r"\bi\s+(?:couldn'?t|could\s+not|cant|can'?t)\s+help\s+(?:it|myself|how)\b", 0.85),
    _c(
        r"\b(?:i|we)\s+(?:literally\s+)?had\s+no\s+(?:choice|alternative|option)\b|\bleft\s+(?:us|me)\s+with\s+no\s+(?:alternative|choice|option)\b",
        0.85,
    ),
    _c(
        r"\b(?:there'?s|there\s+is|there\s+was|there\s+wasn'?t)\s+(?:literally\s+)?(?:nothing|not\s+much)\s+(?:i|we)\s+(?:can|could)\s+do\b|\bnothing\s+(?:i|we)\s+could\s+(?:do|have\s+done)\b",
        0.8,
    ),
    _c(
        r"\bwhat\s+was\s+i\s+supposed\s+to\s+do\b|\b(?:anyone|anybody|any\s+(?:parent|person|mother|father|mum|mom|dad|one|body|manager|normal\s+person))\s+(?:in\s+my\s+(?:position|shoes)\s+)?would\s+have\b",
        0.85,
    ),
    _c(
        r"\b(?:simply\s+|just\s+)?impossible\s+to\b|\b(?:beyond|outside(?:\s+of)?)\s+(?:anyone'?s|our|my|their)\s+control\b|\b(?:there\s+was|there'?s|there\s+is)\s+no\s+way\s+(?:to|i|we)\b|\byou\s+(?:must|have\s+to|need\s+to)\s+understand\b|\btaken\s+out\s+of\s+context\b|\bmust\s+be\s+seen\s+in\b",
        0.8,
    ),
    _c(r"\bi\s+(?:don'?t|do\s+not)\s+(?:even\s+)?remember\b", 0.6),
    _c(
        r"\bjust\s+how\s+things\s+(?:were|are)\s+done\b|\bi'?m\s+only\s+human\b|\beveryone\s+does\s+it\b|\bthat'?s\s+just\s+(?:how|who)\s+i\s+am\b",
        0.8,
    ),
    _c(r"\bi\s+did\s+the\s+best\s+i\s+could\b|\bnobody\s+gave\s+me\b", 0.7),
    _c(r"\b(?:work|life|things)\s+(?:has|have)\s+been\s+(?:insane|crazy|mad|nuts|hectic)\b", 0.6),
    _c(
        r"\b(?:i|we)\s+(?:was|were|have\s+been|'ve\s+been)\s+(?:under\s+(?:enormous|extraordinary|a\s+lot\s+of|so\s+much)\s+(?:pressure|stress)|covering\s+\w+\s+(?:roles|jobs)|covering\s+for)\b",
        0.6,
    ),
    _c(
        r"\b(?:but|because)\s+i\s+was\s+(?:so\s+|really\s+)?(?:drunk|tired|exhausted|stressed)\b",
        0.6,
    ),
    _c(r"\bwork\s+has\s+been\b", 0.5),
    _c(
        r"\bbut\s+(?:honestly|let'?s\s+be\s+honest|tbh|in\s+my\s+defen[cs]e|to\s+be\s+fair|in\s+fairness|people\s+need\s+to\s+understand|some\s+of\s+you\s+(?:really\s+)?needed"
        r"|we\s+have\s+to\s+(?:disagree|respond|point)|i'?m\s+not\s+(?:going\s+to|gonna)\s+(?:apologi|pretend|let)|i\s+was\s+(?:honestly\s+)?just\s+being|i\s+think\s+(?:people|everyone|most|the\s+public))\b"
        r"|\bemotions\s+(?:were|was|are)\s+running\s+high\b|\b(?:it'?s|that'?s|it\s+is|that\s+is|it\s+was)\s+not\s+(?:really\s+|entirely\s+|all\s+)?on\s+me\b"
        r"|\bas\s+(?:clearly\s+)?stated\s+(?:on|in)\b",
        0.85,
    ),
    # A defence of the act or of oneself in public and service register.
    _c(
        r"\bi\s+(?:would\s+)?(?:simply\s+)?(?:point\s+out|remind)\b|\bi\s+reject\b|\b(?:people|you|u|everyone)\s+needs?\s+to\s+(?:see|understand|know|hear)\b"
        r"|\bnot\s+taking\s+(?:it|this)\s+down\b|\bwon'?t\s+be\s+(?:deleting|removing|taking)\b|\bwe(?:'re|\s+are)\s+unable\s+to\b"
        r"|\bwithin\s+(?:our\s+|the\s+)?(?:normal|acceptable|expected|permitted)\b|\bfollows?\s+strict\b|\b(?:caused\s+by|due\s+to)\s+(?:a\s+)?third[-\s]party\b"
        r"|\bworked\s+tirelessly\b|\b(?:we|i)\s+did\s+(?:our|my)\s+best\b|\bno\s+evidence\s+of\b|\babundance\s+of\s+caution\b|\bi\s+only\s+said\s+what\b"
        r"|\bcan'?t\s+blame\s+me\b|\bwas\s+meant\s+as\s+a\b|\bwould\s+never\s+intentionally\b|\bi\s+was\s+(?:simply|merely)\s+\w+ing\b|\bthrough\s+misuse\b"
        r"|\b(?:it'?s|its|that'?s|thats)\s+(?:just\s+)?(?:the\s+truth|comedy)\b|\byou\s+(?:all\s+)?knew\s+i\s+had\b|\byou\s+know\s+i'?m\s+right\b",
        0.85,
    ),
    _c(
        r"\bwas\s+(?:just|only)\s+(?:tired|stressed|exhausted|busy|hungry|in\s+a\s+rush|knackered)\b",
        0.8,
    ),
    _c(
        r"\b(?:i|we)\s+(?:still\s+|fully\s+|firmly\s+)?stand\s+by\b|\bwas\s+(?:the\s+)?(?:right|correct)\s+(?:one|decision|call|thing\s+to\s+do|choice)\b"
        r"|\b(?:i|we)\s+(?:still\s+)?(?:believe|maintain|think|feel)\s+(?:that\s+)?(?:it|they|this|that|the\s+\w+|my\s+\w+|our\s+\w+|i|we)\s+(?:was|were|is|are|acted|did|made)\s+(?:\w+\s+)?(?:fair|right|correct|justified|appropriate|proportionate|necessary|reasonable|the\s+right)\b"
        r"|\b(?:like\s+to|must|have\s+to|need\s+to)\s+(?:respond\s+to|point\s+out)\b|\bwe\s+(?:would\s+like\s+to|must)\s+point\s+out\b"
        r"|\b(?:i'?m|im|i\s+am|we're|we\s+are)\s+not\s+(?:deleting|retracting|withdrawing|taking\s+(?:it|that|anything)\s+back)\b"
        r"|\b(?:acted|has\s+always\s+acted|have\s+always\s+acted)\s+(?:in\s+accordance|within|appropriately|correctly|properly|in\s+line)\b"
        r"|\bclearly\s+(?:advertised|stated|marked|signposted|explained|displayed)\b|\bin\s+the\s+(?:long-term\s+|best\s+)*interests?\s+of\b"
        r"|\b(?:don'?t|do\s+not|fail\s+to|can'?t|cannot)\s+see\s+what\s+(?:i|we)\s+did\s+wrong\b|\b(?:i|we)\s+(?:did|have\s+done|'ve\s+done)\s+nothing\s+wrong\b"
        r"|\b(?:cannot|can'?t)\s+be\s+held\s+responsible\b|\bunable\s+to\s+make\s+exceptions\b|\b(?:i\s+was|i'?m)\s+(?:simply|just)\s+being\s+honest\b",
        0.85,
    ),
    _c(
        r"\b(?:i|we)\s+(?:was|were|'ve\s+been|have\s+been)\s+(?:so\s+|really\s+|very\s+|super\s+|completely\s+)?(?:stressed|tired|exhausted|overwhelmed|hungover|swamped|under\s+pressure)\s*(?:[.!]|$|,\s*(?:ok|okay|alright)\b)",
        0.6,
    ),
]
# Ownership after the account turns an excuse back into an explanation.
EXCUSE_NEUTRALISER = re.compile(
    r"\bno\s+excuse|\bnot\s+an\s+excuse|\bisn'?t\s+an\s+excuse|\bdoesn'?t\s+excuse|\bdoes\s+not\s+excuse"
    r"|\bdoesn'?t\s+make\s+it|\bthat'?s\s+not\s+on\s+you|\bnot\s+your\s+fault|\bi\s+should\s+have|\bbut\s+i\s+should"
    r"|\bthat'?s\s+on\s+me|(?<!not\s)\bmy\s+fault\b|\bi\s+own\s+it"
)
EXCUSE_STRONG = 0.8  # patterns at or above this weight are excuses even with a neutraliser

MINIMISING: list[Pattern] = [
    _c(
        r"\b(?:only|just)\s+(?:a\s+)?(?:joke|joking|kidding|banter|messing\s+(?:around|about)|a\s+bit\s+of\s+(?:fun|banter))\b|\bjk\b|\blol\s+jk\b",
        0.85,
    ),
    _c(
        r"\b(?:it|that|this)(?:\s+was|\s+is|'s|s)\s+(?:really\s+)?(?:nothing|no\s+big\s+deal|not\s+(?:a\s+big\s+deal|that\s+(?:bad|deep|serious|big))|only\s+\w+|just\s+a\s+\w+)\b|\bno\s+big\s+deal\b|\bnot\s+a\s+big\s+deal\b|\bnot\s+that\s+deep\b|\bits\s+not\s+that\s+deep\b",
        0.85,
    ),
    _c(
        r"\b(?:you'?re|you\s+are|ur|your|youre|u\s+r|you\s+were|u\s+were|you'?re\s+being|you\s+are\s+being)\s+(?:so\s+|being\s+|way\s+|too\s+|all\s+)*(?:overreacting|dramatic|sensitive|triggered|blowing|touchy|hysterical|making\s+a\s+(?:big\s+)?deal)\b",
        0.9,
    ),
    _c(
        r"\b(?<!i\s)overreact(?:ing|ed)?\b|\bcalm\s+down\b|\blighten\s+up\b|\bcan'?t\s+take\s+a\s+joke\b",
        0.75,
    ),
    _c(
        r"\b(?:blown|blowing|blow)\s+(?:this|it|things)?\s*(?:\w+\s+)?out\s+of\s+proportion\b|\boverblown\b|\bmountain\s+out\s+of\b|\b(?:a\s+)?(?:big\s+)?deal\s+(?:out\s+of|over|about)\s+nothing\b",
        0.85,
    ),
    _c(
        r"\bit\s+was\s+(?:one|only\s+one|just\s+one)\s+\w+|\bit'?s\s+not\s+like\s+i\b|\ball\s+i\s+did\s+was\b",
        0.8,
    ),
    _c(
        r"\b(?:tiny|small|little|minor)\s+(?:scratch|thing|amount|delay|delays|issue|mistake|comment)\b|\bsmall\s+number\s+of\b|\bnothing\s+major\b|\bslightly\s+off\b|\bonly\s+a\s+\d+\s+\w+\s+delay\b|\bonly\s+a\s+\w+\s+(?:delay|minutes?)\b",
        0.7,
    ),
    _c(
        r"\bdidn'?t\s+think\s+(?:u|you)\s+(?:would|'d)\s+care\b|\beveryone\s+jokes\b|\bby\s+facts\b|\ba\s+reddit\s+comment\b|\bnever\s+even\s+wear\b|\bthese\s+things\s+happen\b",
        0.7,
    ),
    _c(
        r"\b(?:such|that)\s+a\s+(?:big\s+)?deal\b|\bnobody\s+died\b|\bno\s+one\s+died\b|\br(?<![a-z]\sr)elax\b|\bhandful\s+of\b|\bbrief\s+(?:delay|interruption|outage|disruption)\b",
        0.75,
    ),
    _c(
        r"\bit'?s\s+in\s+the\s+past\b|\bwater\s+under\s+the\s+bridge\b|\bnobody\s+cares\b|\bno\s+one\s+cares\b",
        0.7,
    ),
    _c(
        r"\bit\s+was\s+(?:only\s+|just\s+)?a\s+(?:joke|prank|laugh|bit\s+of\s+fun|game)\b|\bit'?s\s+(?:only\s+|just\s+)?a\s+(?:joke|prank|game)\b",
        0.8,
    ),
]

MINIMISING.append(
    _c(
        r"\ba\s+(?:very\s+)?(?:few|tiny\s+minority\s+of|small\s+minority\s+of)\s+(?:\w+\s+)?(?:people|residents|customers|users|fans|guests|members|passengers|individuals|parents)\b"
        r"|\bthe\s+vast\s+majority\s+of\b|\ba\s+one-off\b|\ba\s+few\s+seconds\b|\bperhaps\s+ill-chosen\b|\bnobody\s+else\b[^.!?\n]{0,40}\bcomplained\b"
        r"|\bobviously\s+a\s+joke\b|\bon\s+a\s+single\s+day\b|\bminor\s+(?:disturbance|inconvenience|issue|delay)s?\b",
        0.75,
    )
)

PASSIVE_VOICE: list[Pattern] = [
    _c(
        r"\b(?:mistakes|errors|an\s+error|a\s+mistake|some\s+errors|some\s+mistakes)\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+made\b(?!\s+by\s+(?:me|us))",
        0.95,
    ),
    _c(r"\b(?:action|steps)\s+(?:has|have|was|were|will\s+be)\s+(?:been\s+)?taken\b", 0.7),
    _c(
        r"\b(?:the|a|an|some)\s+(?:wrong\s+)?\w+\s+(?:was|were|has\s+been|had\s+been|got)\s+(?:put|sent|given|left|lost|posted|published|printed|deleted|shared|missed|forgotten|overlooked|mislabell?ed|misplaced|used|damaged|broken)\b(?!\s+by\s+(?:me|us)\b)",
        0.65,
    ),
    _c(
        r"\b(?:mistakes|errors|problems|issues|(?:a\s+)?miscommunication|(?:a\s+)?misunderstanding|(?:a\s+)?mix-up|(?:an\s+)?oversight)\s+(?:may\s+have\s+|might\s+have\s+|have\s+|has\s+)?(?:occurred|happened|arisen|arose)\b|\b(?:contained|there\s+were)\s+(?:some\s+|several\s+|a\s+few\s+)?(?:errors|mistakes|inaccuracies)\b",
        0.8,
    ),
    _c(
        r"\b(?<!my\s)(?<!our\s)(?:things|words|harsh\s+words|remarks|some\s+remarks|comments|some\s+things)\s+(?:were|got)\s+(?:said|made|exchanged)\b",
        0.9,
    ),
    _c(r"\bfeelings\s+(?:were|got)\s+hurt\b|\bpeople\s+(?:were|got)\s+hurt\b", 0.85),
    _c(
        r"\b(?:was|were|has\s+been|have\s+been)\s+(?:handled|managed|dealt\s+with)\s+(?:poorly|badly)\b",
        0.85,
    ),
    _c(
        r"\bit\s+(?:is|was)\s+(?:\w+\s+)?(?:regrettable|unfortunate)\b|\bregrettably,?\s+(?!i\b|we\b)|\b(?:it'?s|it\s+is)\s+unfortunate\s+that\b",
        0.8,
    ),
    _c(
        r"\ban\s+error\s+occurred\b|\bwas\s+(?:an\s+)?oversight\b(?!\s+on\s+my)|\b(?:was|were)\s+missed\s+due\s+to\b|\b(?:were|been)\s+(?:misinterpreted|perceived)\b|\bwere\s+not\s+met\b",
        0.8,
    ),
    _c(
        r"\bthings(?<!way\sthings)\s+(?:got|went|happened)\b(?:\s+(?:out\s+of\s+hand|wrong|heated|that))?|\bthings\s+happened\b",
        0.7,
    ),
    _c(
        r"\blessons\s+have\s+been\s+learn(?:ed|t)\b|\bprocedures\s+have\s+been\s+updated\b|\bwill\s+be\s+looked\s+into\b|\bwas\s+submitted\s+late\b|\bgot\s+removed\b|\bwent\s+to\s+the\s+wrong\b",
        0.75,
    ),
    _c(r"\b(?:offen[cs]e|distress|hurt)\s+(?:was\s+)?caused\b(?!\s+by\s+(?:me|us|my|our))", 0.7),
    _c(
        r"\bit\s+(?:appears|seems)\s+(?:that\s+)?(?:some|the|an?)\b|\bdid\s+not\s+go\s+as\s+planned\b|\bthe\s+wrong\s+\w+\s+were\s+published\b|\b(?:was|were)\s+not\s+informed\b|\bthat\s+caused\s+distress\b",
        0.7,
    ),
]

FORGIVENESS_PRESSURE: list[Pattern] = [
    _c(
        r"\bcan\s+(?:we|u|you)\s+(?:please\s+)?(?:just\s+)?(?:move\s+on|drop\s+it|forget\s+(?:it|about\s+it)|get\s+past|let\s+it\s+go|stop\s+talking|get\s+back|just\s+have|not\s+make|not\s+do\s+this)\b",
        0.9,
    ),
    _c(
        r"\blet'?s\s+(?:just\s+)?(?:move\s+on|forget|drop|not\s+(?:make|let|dwell)|put\s+this\s+behind|keep\s+things\s+professional\s+and\s+move)\b",
        0.85,
    ),
    _c(
        r"\bi\s+(?:already\s+)?(?:said|'ve\s+said|have\s+said)\s+(?:i'?m\s+|im\s+|i\s+am\s+)?(?:sorry|sry)\b|\bi\s+already\s+apologi[sz]ed\b|\bapologi[sz]ed\s+(?:\w+\s+){0,4}?already\b",
        0.85,
    ),
    _c(r"\bwhat\s+more\s+do\s+(?:you|u)\s+want\b|\bhow\s+many\s+times\s+do\s+i\b", 0.9),
    _c(r"\b(?:are\s+)?we\s+(?:good|ok|okay|cool)\s*(?:now)?\s*\?|\bso\s+we'?re\s+good\b", 0.85),
    _c(
        r"\b(?:you|u)\s+(?:need|have|ought)\s+to\s+(?:forgive|move\s+on|get\s+over)|\bjust\s+forgive\s+me\b|\byou\s+should\s+forgive\b",
        0.9,
    ),
    _c(
        r"\b(?:please\s+)?don'?t\s+be\s+mad\b(?!\s+but)|\bstop\s+(?:being\s+mad|giving\s+me\s+the\s+silent|being\s+upset)\b|\bcan\s+(?:u|you)\s+stop\s+being\s+mad\b",
        0.8,
    ),
    _c(
        r"\bget\s+over\s+it\b|\blet\s+it\s+go\b(?!\s+on)|\bconsiders?\s+(?:this|the)\s+matter\s+closed\b|\basks?\s+everyone\s+to\s+move\s+on\b",
        0.8,
    ),
    _c(
        r"\bhappy\s+now\s*\?|\bthere,?\s+happy\b|\bcall\s+it\s+even\b|\bdon'?t\s+make\s+this\s+a\s+(?:whole\s+)?thing\b|\bmaking\s+this\s+into\s+a\s+thing\b|\binstead\s+of\s+dragging\b|\bstop\s+talking\s+about\s+it\b|\bnot\s+make\s+this\s+a\b",
        0.8,
    ),
    _c(
        r"\bcan\s+we\s+(?:please\s+)?(?:just\s+)?(?:drop|forget|leave|skip)\s+(?:it|this|that)\b|\bdrop\s+it\s+now\b",
        0.8,
    ),
]

FLAG_PATTERNS: dict[str, list[Pattern]] = {
    "conditional": CONDITIONAL,
    "feelings_deflection": FEELINGS_DEFLECTION,
    "blame_shift": BLAME_SHIFT,
    "excuse": EXCUSE,
    "minimising": MINIMISING,
    "passive_voice": PASSIVE_VOICE,
    "forgiveness_pressure": FORGIVENESS_PRESSURE,
    "vague_commitment": VAGUE,
}

# First person: the writer is the subject. Other subjects: someone else's apology.
FIRST_PERSON_BEFORE = re.compile(
    r"(?:\b(?:i|i'?m|im|i'?d|i'?ve|we|we'?re|we'?d|we'?ve|me|my|our|us|let\s+me|please\s+accept)\b[^,;.!?]*$)"
)
OTHER_SUBJECT_BEFORE = re.compile(
    r"\b(?:he|she|they|him|her|them|his|their|it|you|u|ya|everyone|nobody|someone|somebody|no\s+one|"
    r"[a-z]+\s+(?:said|says|say|wants\s+to\s+say|texted|wrote|told\s+\w+))\b"
    r"(?:\s+\w+){0,3}\s*$"
)
NEGATION_BEFORE = re.compile(
    r"\b(?:done|stop|stopped|quit|tired\s+of|sick\s+of|refuse\s+to|refused\s+to|refuses\s+to|refusing\s+to|without)\s+$|"
    r"\b(?:not|never|no|n'?t|nt|dont|wont|cant|didnt|isnt|aren'?t|without|nothing)\b(?:\s+\w+){0,3}\s*$|n't(?:\s+\w+){0,3}\s*$"
)
NEGATION_CANCEL = re.compile(
    r"(?:can'?t|cannot|can\s+not|couldn'?t)\s+(?:even\s+)?(?:tell|say|express|describe|begin|put\s+into\s+words|explain)\s*(?:to\s+)?(?:you\s+|u\s+)?(?:how\s+)?(?:\w+\s+)?$"
    r"|\bnot\s+(?:just|only|merely)\s+$|\bno\s+words\b.*$|\bnot\s+a\s+day\s+goes\s+by\b.*$"
)
DOUBLE_NEGATION = re.compile(r"\b(?:don'?t|do\s+not|never)\s+(?:think|believe|imagine|assume)\b")

# Patterns that can only match at an apology word: skipped when the text has none.
APOLOGY_WORD_RX = re.compile(APOLOGY_WORD)
APOLOGY_LED = frozenset(
    rx
    for group in (REGRET, SARCASM, *FLAG_PATTERNS.values())
    for rx, _w, _b in group
    if rx.pattern.lstrip("(?:").startswith(("s+o+r+r*y+", "apologi"))
)


# A pattern whose every match contains one of a few literal strings cannot match a text holding
# none of them; `str.__contains__` rules that out several times faster than a regex scan, and most
# of the ~200 patterns find nothing in a given text. Derived from the parsed pattern, so a pattern
# edit can never leave a stale hand-written list behind.
_MIN_LITERAL = 3
_MAX_LITERALS = 64


def _required(items: Any) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence `items` contains (None: unknown)."""
    best: frozenset[str] | None = None

    def consider(cand: frozenset[str] | None) -> None:
        nonlocal best
        if not cand or len(cand) > _MAX_LITERALS:
            return
        if best is None or (min(map(len, cand)), -len(cand)) > (min(map(len, best)), -len(best)):
            best = cand

    run: list[str] = []
    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider(frozenset({"".join(run)}))
            run = []
        if op is _C.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.IGNORECASE:
                consider(_required(sub))
        elif op is _C.BRANCH:
            found: set[str] = set()
            for alt in av[1]:
                got = _required(alt)
                if got is None:
                    found = set()
                    break
                found |= got
            consider(frozenset(found) if found else None)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_required(av[2]))
        elif op is _C.ATOMIC_GROUP:
            consider(_required(av))
    if run:
        consider(frozenset({"".join(run)}))
    return best


def required_literals(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which any match of `rx` contains; None when there is no such short list."""
    if rx.flags & re.IGNORECASE:
        return None
    found = _required(_parser.parse(rx.pattern, rx.flags))
    if found is None or min(map(len, found)) < _MIN_LITERAL:
        return None
    return tuple(sorted(found))
