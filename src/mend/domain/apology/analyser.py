"""Find the parts of an apology and the patterns that undo it.

Deterministic, offline, pure Python. `analyze(text)` returns the plain dict of the fixed interface.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mend.domain.apology import patterns as P
from mend.domain.apology.advice import FLAG_ADVICE, suggestions_for
from mend.domain.apology.model import LinearModel, load_model, rule_features, text_features
from mend.domain.apology.text import Prepared, check_input, mask_quotes, normalise, sentences

COMPONENTS = ("regret", "responsibility", "commitment")
SECONDARY = ("explanation", "forgiveness_request")
FLAG_KINDS = tuple(P.FLAG_PATTERNS)
VERDICTS = ("genuine", "partial", "non_apology", "none")

# Flags that take back the apology (see data/apology/GUIDE.md); the other two only weaken it.
UNDOING = frozenset(
    {
        "conditional",
        "feelings_deflection",
        "blame_shift",
        "excuse",
        "minimising",
        "passive_voice",
    }
)
ATTEMPT_FLAGS = frozenset({"conditional", "feelings_deflection", "passive_voice"})

# Lewicki, Polin & Lount (2016), N = 755: acknowledgement of responsibility rated most effective,
# then an offer of repair, then regret and explanation; a request for forgiveness least.
SCORE_WEIGHTS = {
    "responsibility": 0.34,
    "commitment": 0.28,
    "regret": 0.22,
    "explanation": 0.10,
    "forgiveness_request": 0.06,
}
FLAG_PENALTY = {kind: (0.18 if kind in UNDOING else 0.08) for kind in FLAG_KINDS}

_CLAUSE_BREAK = re.compile(r"[,;:()\-]|\bbut\b|\bhowever\b|\bthough\b")
_PRONOUN = re.compile(
    r"\b(i|i'm|im|i'd|i've|i'll|me|my|we|we're|we'd|we've|we'll|us|our|"
    r"he|he's|hes|he'd|she|she's|shes|she'd|they|they're|theyre|they'd|you|you're|youre|u|ya|your|ur|his|her|their|"
    r"everyone|everybody|nobody|someone|somebody|anyone)\b"
)
_FIRST = frozenset(["i", "i'm", "im", "i'd", "i've", "i'll", "me", "my", "we", "we're", "we'd"])
_FIRST = _FIRST | {"we've", "we'll", "us", "our"}
_OBJECT_BEFORE = re.compile(
    r"\b(?:tell|told|to|for|with|at|owe|show|give|ask|let|hurt|thank|assure|promise)\s+$"
)
_SPEECH = re.compile(
    r"\b(?!i\b|we\b)[a-z]+\s+(?:said|says|wants\s+to\s+say|texted|wrote)\s+$"
    r"|\b(?!i\b|we\b)[a-z]+\s+(?:\w+\s+)?(?:rang|called|phoned|messaged|texted|wrote|came\s+(?:round|over|by))\s+"
    r"(?:\w+\s+)?to\s+(?:say\s+)?$"
)
# "Dad texted: I'm sorry" — someone else named as the speaker of what follows the colon.
_SPEECH_LEAD = re.compile(
    r"\b(?!i\b|we\b)[a-z]+\s+(?:said|says|texted|wrote|messaged|replied|posted|sent|commented)\s*:[^:]*$"
)
# Talk about apologies rather than one: "how do I apologise?", "should I say sorry".
_ABOUT_APOLOGY = re.compile(
    r"(?:\bhow\s+(?:do|should|can|would|could)\s+(?:i|we|you|u|one)\s+|\bhow\s+to\s+|\bshould\s+(?:i|we)\s+(?:\w+\s+)?"
    r"|\b(?:do|did)\s+(?:i|we)\s+(?:have|need)\s+to\s+(?:\w+\s+)?|\bwhether\s+to\s+|\bwhen\s+to\s+"
    r"|\b(?:forced|made|supposed|taught|teach|teaching)\s+(?:\w+\s+)?to\s+(?:say\s+)?"
    r"|\b(?:want|wants|wanted|expect|expects|expected|told|tell|asked|ask|make|makes)\s+(?:me|him|her|them|us|you|u|kids|children|people)\s+to\s+(?:say\s+)?"
    r"|\b(?:keeps|kept|keep|started|stopped)\s+(?:\w+\s+)?|\bthe\s+word\s+|\bsaying\s+"
    r"|\b(?:made|make|makes|making|let|hear|heard)\s+(?:me|him|her|them|us|you|u|kids|children|[a-z]+)\s+(?:to\s+)?say\s+"
    r"|\b(?:get|got|getting)\s+(?:\w+\s+){1,2}to\s+(?:say\s+)?|\b(?:had|has)\s+to\s+say\s+"
    r"|\bif\s+(?!i\b|we\b)\w+(?:\s+\w+)?\s+(?:is|was|were|are)\s+(?:\w+\s+)?)$"
)
# The noun after a determiner or someone else's name: "a forced sorry", "the mayor's apology".
_NOUN_USE = re.compile(
    r"(?:\b(?:a|an|the|any|another|every|their)|'s)\s+"
    r"(?:(?!i\b|im\b|we\b|so\b|really\b|very\b|truly\b|deeply\b|sincerely\b)\w+\s+){0,2}$"
)
_VERB_FORM = re.compile(r"apologi[sz]e")
# "sorry, are we still on for 11?": an apology word opening a question to the reader.
_QUESTION_AFTER = re.compile(
    r"(?:^|[,;:\-]|\bbut\b)\s*(?:can|could|would|will|do|does|did|is|are|was|were|has|have|where|what|when|who|how|which|any|anyone|should"
    r"|i\s+think|i\s+wonder|just\s+wondering)\b"
)
_OWN_ACT_AFTER = re.compile(
    r"^\W*(?:for\s+|that\s+|about\s+)?(?:i|we)\b(?!\s+(?:didn'?t\s+(?:quite\s+)?catch|think|wonder)\b)"
)
_APOLOGY_WORD = re.compile(P.APOLOGY_WORD)
_CONDITIONAL_AFTER = re.compile(
    r"^\s+for\s+whatever\b|^\s*(?:(?!but\b)\w+\s+){0,2}?if\b|^\s+to\s+(?:anyone|anybody|whoever|those)\b"
)
_REGRET_THAT_OTHER = re.compile(r"^\s+that\s+(?!i\b|we\b|i'|we')")
_STRONG_COMMIT = re.compile(
    r"again|from now on|going forward|moving forward|next time|promise|in future|starting|"
    r"happen|i've|we've|we have|i have"
)
_ACT_NEGATED = re.compile(r"\b(?:not|never|no|nor)\s+(?:\w+\s+)?$|\bnot\s+that\s+$")
_NOTHING_AFTER = re.compile(r"\s+(?:nothing|no\s+wrong|not\b)")
_NOT_A_PROMISE = re.compile(r"(?:want|would\s+like|'d\s+like|wanted)\s+to\s+(?:\w+\s+)?apologi")
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|in\s+case|unless)\b")
_FORGIVE_PRESSURE_BEFORE = re.compile(r"(?:need|have|ought)\s+to\s+$|\bjust\s+$|\bshould\s+$")


@dataclass
class Hit:
    """One piece of evidence in normalised coordinates."""

    start: int
    end: int
    weight: float


@dataclass
class Findings:
    parts: dict[str, list[Hit]] = field(
        default_factory=lambda: {k: [] for k in COMPONENTS + SECONDARY}
    )
    flags: dict[str, list[Hit]] = field(default_factory=lambda: {k: [] for k in FLAG_KINDS})
    negated_regret: int = 0
    sarcastic: bool = False
    acts: list[tuple[int, int]] = field(default_factory=list)
    own_acts: list[Hit] = field(default_factory=list)
    sympathy_nearby: bool = False
    masked: str = ""
    cue_sentences: set[int] | None = None
    about_apologies: bool = False


def _clause_bounds(seg: str, rel_start: int, rel_end: int) -> tuple[int, int]:
    left = 0
    for m in _CLAUSE_BREAK.finditer(seg, 0, rel_start):
        left = m.end()
    right = len(seg)
    m2 = re.search(r"[,;:()!?.]|\bbut\b", seg[rel_end:])
    if m2:
        right = rel_end + m2.start()
    return left, right


def _speaker_ok(prefix: str) -> bool:
    """True when the nearest subject before an apology word is the writer (or none is given)."""
    if _SPEECH.search(prefix):
        return False
    subject = None
    for m in _PRONOUN.finditer(prefix):
        word = m.group(1)
        if word in ("you", "u") and _OBJECT_BEFORE.search(prefix, 0, m.start()):
            continue  # "tell you how sorry": an object, not the speaker
        if word in ("him", "them"):
            continue  # "I've rung him to say sorry": an object
        subject = word
    return subject is None or subject in _FIRST


def _negated(clause_prefix: str, sentence_prefix: str) -> bool:
    if not P.NEGATION_BEFORE.search(clause_prefix):
        return False
    if P.NEGATION_CANCEL.search(clause_prefix):
        return False
    return not P.DOUBLE_NEGATION.search(sentence_prefix)


# Per pattern: (pattern, needs an apology word, literals one of which a match contains). Keyed by
# id() with the pattern kept alive and checked: hashing a compiled pattern hashes its whole
# program, which cost more than the searches it guards.
_GATES: dict[int, tuple[re.Pattern[str], bool, tuple[str, ...] | None]] = {}


def _gate(rx: re.Pattern[str]) -> tuple[re.Pattern[str], bool, tuple[str, ...] | None]:
    entry = _GATES[id(rx)] = (rx, rx in P.APOLOGY_LED, P.required_literals(rx))
    return entry


class _Sentences:
    """Sentence spans of the masked text, to run each pattern once over the whole text."""

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self.spans = sentences(masked)
        self.starts = [a for a, _b in self.spans]
        self.has_apology_word = bool(P.APOLOGY_WORD_RX.search(masked))

    def matches(self, plist: list[P.Pattern]) -> Iterator[tuple[str, int, int, int, float, str]]:
        """(sentence text, sentence start, match start, match end, weight, matched text).

        Match offsets are relative to the sentence; matches that cross a sentence end are dropped.
        """
        masked = self.masked
        for rx, w, boundary in plist:
            entry = _GATES.get(id(rx))
            if entry is None or entry[0] is not rx:
                entry = _gate(rx)
            _rx, led, need = entry
            if led and not self.has_apology_word:
                continue
            if need is not None:
                # A plain loop: cheaper than any() over a generator; this runs ~200 times a text.
                for lit in need:
                    if lit in masked:
                        break
                else:
                    continue
            yield from self._run(rx, w, boundary)

    def _run(
        self, rx: re.Pattern[str], w: float, boundary: bool
    ) -> Iterator[tuple[str, int, int, int, float, str]]:
        masked = self.masked
        pos = 0
        while True:
            m = rx.search(masked, pos)
            if m is None:
                return
            s, e = m.start(), m.end()
            if boundary and not P.at_boundary(masked, s):
                pos = s + 1  # not a word start: look again just after it
                continue
            pos = e if e > s else s + 1
            if e <= s:
                continue
            i = bisect_right(self.starts, s) - 1
            if i < 0:
                continue
            a, b = self.spans[i]
            if e > b:
                continue
            yield masked[a:b], a, s - a, e - a, w, m.group(0)


def _scan(prep: Prepared) -> Findings:
    f = Findings(masked=prep.masked)
    sents = _Sentences(prep.masked)
    if sents.has_apology_word:
        f.sympathy_nearby = bool(P.SYMPATHY_CUE.search(prep.masked))
    f.about_apologies = bool(P.ABOUT_APOLOGIES.search(prep.masked))
    sarcasm_spans = []
    for _seg, a, ms, me, _w, _t in sents.matches(P.SARCASM):
        sarcasm_spans.append((a + ms, a + me))
        f.sarcastic = True
    for kind, plist in P.FLAG_PATTERNS.items():
        for _seg, a, ms, me, w, _t in sents.matches(plist):
            f.flags[kind].append(Hit(a + ms, a + me, w))
    _scan_regret(f, sents, sarcasm_spans)
    deflections = [h.start for h in f.flags["feelings_deflection"]]
    _scan_generic(
        f,
        "responsibility",
        sents.matches(P.RESPONSIBILITY),
        check_negation=True,
        after_deflection=deflections,
    )
    _scan_generic(f, "explanation", sents.matches(P.EXPLANATION))
    for seg, a, ms, me, _w, _t in sents.matches([(P.OWN_ACT, 0.6, False)]):
        left, right = _clause_bounds(seg, ms, me)
        before = seg[left:ms]
        if _ACT_NEGATED.search(before) or _HYPOTHETICAL.search(before):
            continue
        if _NOTHING_AFTER.match(seg, me):
            continue
        f.own_acts.append(Hit(a + ms, a + max(right, me), 0.6))
    for seg, a, ms, me, w, _t in sents.matches(P.FORGIVENESS_REQUEST):
        if _FORGIVE_PRESSURE_BEFORE.search(seg[:ms]):
            continue
        if _negated(seg[max(0, ms - 25) : ms], seg[:ms]):
            continue
        f.parts["forgiveness_request"].append(Hit(a + ms, a + me, w))
    vague_spans = []
    for h in f.flags["vague_commitment"]:
        _l, r = _widen(prep.masked, h.start, h.end)
        vague_spans.append((h.start, max(r, h.end)))
    for seg, a, ms, me, w, matched in sents.matches(P.COMMITMENT):
        s, e = a + ms, a + me
        if _NOT_A_PROMISE.search(matched):
            continue
        if any(vs < e and s < ve for vs, ve in vague_spans):
            continue
        if P.COMMIT_NEGATED.search(seg):
            continue
        f.parts["commitment"].append(Hit(s, e, w))
    return f


def _scan_regret(f: Findings, sents: _Sentences, sarcasm_spans: list[tuple[int, int]]) -> None:
    for seg, a, ms, me, w, matched in sents.matches(P.REGRET):
        if any(ss <= a + ms < se for ss, se in sarcasm_spans):
            continue
        after = seg[me:]
        is_word = bool(_APOLOGY_WORD.search(matched))
        if is_word and not _words_are_an_apology(seg, a, ms, me, f):
            continue
        if P.NOT_APOLOGY_AFTER.match(after):
            continue
        if is_word and after.lstrip(" !").startswith("?"):
            continue  # "sorry?" asks to repeat
        if any(a <= h.start and h.end <= a + ms for h in f.flags["conditional"]):
            continue  # "if that happened, I'm sorry" / "to anyone who felt hurt, I'm sorry"
        if _CONDITIONAL_AFTER.match(after):
            continue
        if is_word and _deflects(seg[ms:]):
            continue
        if "regret" in matched and _REGRET_THAT_OTHER.match(after):
            continue
        left, _right = _clause_bounds(seg, ms, me)
        clause_prefix = seg[left:ms]
        if not _speaker_ok(clause_prefix):
            continue
        if _negated(clause_prefix, seg[:ms]):
            f.negated_regret += 1
            continue
        f.parts["regret"].append(Hit(a + ms, a + me, w))
        act = P.ACT_AFTER_APOLOGY.match(after)
        if act and is_word:
            _l, r = _clause_bounds(seg, me, me + act.end())
            f.parts["responsibility"].append(Hit(a + ms, a + max(r, me + act.end()), 0.65))
            f.acts.append((a + me, a + max(r, me + act.end())))


def _words_are_an_apology(seg: str, seg_start: int, ms: int, me: int, f: Findings) -> bool:
    """False when an apology word is used for something else: sarcasm, a question, talk about it."""
    before, after = seg[:ms], seg[me:]
    if f.cue_sentences is None:
        # Once per text, and only for texts with an apology word in them.
        f.cue_sentences = {m.start() for m in P.SARCASM_CUE.finditer(f.masked)}
        f.cue_sentences |= {m.start() for m in P.SARCASM_MARKS.finditer(f.masked)}
    if any(0 <= c - seg_start < len(seg) for c in f.cue_sentences):
        f.sarcastic = True
        return False
    if f.sympathy_nearby and not _OWN_ACT_AFTER.match(after):
        return False
    if _ABOUT_APOLOGY.search(before) or _SPEECH_LEAD.search(before):
        return False
    if _NOUN_USE.search(before) and not _VERB_FORM.search(seg, ms, me):
        return False
    is_question = seg.rstrip().endswith("?")
    opens = not before.strip(" \t\"'(-") or re.fullmatch(r"\W*(?:oh|um|erm|hi|hey|ah)\W*", before)
    return not (
        is_question and opens and _QUESTION_AFTER.search(after) and not _OWN_ACT_AFTER.match(after)
    )


def _deflects(text_from_word: str) -> bool:
    return any(rx.match(text_from_word) for rx, _w, _b in P.FEELINGS_DEFLECTION)


def _scan_generic(
    f: Findings,
    part: str,
    found: Iterator[tuple[str, int, int, int, float, str]],
    *,
    check_negation: bool = False,
    after_deflection: list[int] | None = None,
) -> None:
    for seg, a, ms, me, w, _t in found:
        if after_deflection and any(a <= d < a + ms for d in after_deflection):
            continue  # "I regret that you feel my comments were inappropriate": their verdict
        if check_negation:
            left, _r = _clause_bounds(seg, ms, me)
            if _negated(seg[left:ms], seg[:ms]) or _HYPOTHETICAL.search(seg[left:ms]):
                continue
        f.parts[part].append(Hit(a + ms, a + me, w))


def _has_context(f: Findings) -> bool:
    return bool(f.parts["regret"] or f.parts["responsibility"]) or any(
        f.flags[k] for k in ATTEMPT_FLAGS
    )


def _resolve(f: Findings, prep: Prepared) -> tuple[dict[str, bool], set[str]]:
    """Turn raw hits into presence decisions and the set of flag kinds."""
    flags = {k for k, hits in f.flags.items() if hits}
    text = prep.masked
    if "excuse" in flags and P.EXCUSE_NEUTRALISER.search(text):
        strong = [h for h in f.flags["excuse"] if h.weight >= P.EXCUSE_STRONG]
        f.flags["excuse"] = strong
        if not strong:
            flags.discard("excuse")
    if "vague_commitment" in flags and not _has_context(f):
        f.flags["vague_commitment"] = []
        flags.discard("vague_commitment")
    if f.flags["excuse"]:
        f.parts["explanation"].extend(f.flags["excuse"])
    if f.own_acts and (f.parts["regret"] or P.JUDGEMENT.search(text)):
        f.parts["responsibility"].extend(f.own_acts)
        f.acts.extend((h.start, h.end) for h in f.own_acts)
    present = {k: bool(v) for k, v in f.parts.items()}
    if f.about_apologies:
        # Advice sought or apologies discussed: what the text says is not said to the reader.
        return dict.fromkeys(present, False), set()
    if f.sarcastic and not present["regret"]:
        present["commitment"] = False
        f.parts["commitment"] = []
    if present["commitment"] and not _has_context(f):
        strong = [
            h for h in f.parts["commitment"] if _STRONG_COMMIT.search(text[h.start : h.end + 40])
        ]
        present["commitment"] = bool(strong)
        f.parts["commitment"] = strong
    # An excuse, a blame shift or minimising takes ownership back (GUIDE.md).
    if present["responsibility"] and flags & {"excuse", "blame_shift", "minimising"}:
        explicit = [h for h in f.parts["responsibility"] if h.weight >= 0.85]
        if not explicit:
            present["responsibility"] = False
    return present, flags


def _verdict(present: dict[str, bool], flags: set[str], sarcastic: bool) -> str:
    if all(present[c] for c in COMPONENTS) and not (flags - {"vague_commitment"}):
        return "genuine"
    if not present["regret"] and not present["responsibility"]:
        if flags & ATTEMPT_FLAGS or sarcastic:
            return "non_apology"
        return "none"
    if not present["responsibility"] and flags & UNDOING:
        return "non_apology"
    return "partial"


_CLAUSE_END = re.compile(r"[,;:.!?\n]")
_WIDEST = 160


def _widen(masked: str, start: int, end: int) -> tuple[int, int]:
    """Grow a hit to its clause so the evidence reads as a phrase, unless the clause is long."""
    left = start
    while left > 0 and not _CLAUSE_END.match(masked[left - 1]):
        left -= 1
    m = _CLAUSE_END.search(masked, end)
    right = m.start() if m else len(masked)
    if right - left > _WIDEST:
        return start, end
    return left, max(right, end)


def _evidence(prep: Prepared, hits: list[Hit], *, widen: bool = False) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    ordered = sorted(
        (_widen(prep.masked, h.start, h.end) if widen else (h.start, h.end)) for h in hits
    )
    for s, e in ordered:
        if spans and s < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], e))
        else:
            spans.append((s, e))
    for s, e in spans:
        while s < e and prep.norm[s].isspace():
            s += 1
        while e > s and prep.norm[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        os_, oe = prep.span(s, e)
        out.append({"start": os_, "end": oe, "text": prep.original[os_:oe]})
    return out


def _confidence(hits: list[Hit], present: bool) -> float:
    if not hits:
        return 0.1 if not present else 0.5
    best = max(h.weight for h in hits)
    conf = min(0.99, best + 0.04 * (len(hits) - 1))
    return round(conf if present else min(conf, 0.4) * 0.5, 3)


def uses_apology_words(text: str) -> bool:
    """True when the writer's own words (quotes of others aside) contain "sorry", "apologise"…"""
    return bool(P.APOLOGY_WORD_RX.search(prepare(text).masked))


def prepare(text: str) -> Prepared:
    norm, omap = normalise(text)
    return Prepared(original=text, norm=norm, masked=mask_quotes(norm), omap=omap)


@dataclass
class Reading:
    """What the rules decided about one text, before the model has its say."""

    prep: Prepared
    found: Findings
    present: dict[str, bool]
    flags: set[str]
    verdict: str


def read_rules(text: str) -> Reading:
    """The rules' reading of `text` (raises ApologyInputError like `analyze`)."""
    check_input(text)
    prep = prepare(text)
    found = _scan(prep)
    present, flags = _resolve(found, prep)
    return Reading(prep, found, present, flags, _verdict(present, flags, found.sarcastic))


def model_features(reading: Reading) -> list[str]:
    """The model's input: the text's n-grams and what the rules found in it."""
    f = reading.found
    extras = [
        name
        for name, on in (
            ("sarcastic", f.sarcastic),
            ("about", f.about_apologies),
            ("sympathy", f.sympathy_nearby),
            ("negated_regret", f.negated_regret > 0),
            ("act", bool(f.acts)),
            ("own_act", bool(f.own_acts)),
            ("apology_word", bool(P.APOLOGY_WORD_RX.search(f.masked))),
        )
        if on
    ]
    raw = {k: len(v) for k, v in f.parts.items()}
    raw.update({"flag_" + k: len(v) for k, v in f.flags.items() if v and k not in reading.flags})
    return text_features(f.masked) + rule_features(
        reading.present, raw, sorted(reading.flags), reading.verdict, extras
    )


# A part the model adds must point at words the writer can see (the studio highlights it): a
# commitment, at a sentence of the writer's own that no other part or flag already accounts for,
# the one whose words weigh most towards a commitment. With no such sentence it is not added.
def _repair_sentence(reading: Reading, model: LinearModel) -> list[Hit]:
    f, masked = reading.found, reading.prep.masked
    taken = [h for hits in (*f.parts.values(), *f.flags.values()) for h in hits]
    free = [
        (s, e)
        for s, e in sentences(masked)
        if masked[s:e].strip() and not any(h.start < e and s < h.end for h in taken)
    ]
    if not free:
        return []
    s, e = max(
        free, key=lambda span: model.weight_of("commitment", text_features(masked[slice(*span)]))
    )
    return [Hit(s, e, 0.5)]


def _apply_model(reading: Reading, model: LinearModel | None) -> None:
    """Let the model settle the questions it was trained for (see model.py)."""
    if model is None:
        return
    decided = model.decide(model_features(reading))
    present, flags = reading.present, reading.flags
    for target, yes in decided.items():
        if target == "commitment" and yes and not present[target]:
            reading.found.parts[target] = _repair_sentence(reading, model)
            present[target] = bool(reading.found.parts[target])
        elif target in present:
            present[target] = yes
        elif target.startswith("flag:") and not yes:
            flags.discard(target[5:])  # the model only ever withdraws a rule's flag
    reading.verdict = _verdict(present, flags, reading.found.sarcastic)


def analyze(text: str) -> dict[str, Any]:
    """Analyse one apology. Raises ApologyInputError for empty, too long or non-English text."""
    return analyze_with(text, load_model())


def analyze_with(text: str, model: LinearModel | None) -> dict[str, Any]:
    """`analyze` with a given model (None: the rules alone), for training and comparison."""
    reading = read_rules(text)
    _apply_model(reading, model)
    prep, found, present, flags, verdict = (
        reading.prep,
        reading.found,
        reading.present,
        reading.flags,
        reading.verdict,
    )

    def part(name: str) -> dict[str, Any]:
        hits = found.parts[name] if present[name] else []
        return {
            "present": present[name],
            "confidence": _confidence(found.parts[name], present[name]),
            "evidence": _evidence(prep, hits, widen=True),
        }

    flag_list: list[dict[str, Any]] = []
    for kind in FLAG_KINDS:
        if kind not in flags:
            continue
        for ev in _evidence(prep, found.flags[kind]):
            flag_list.append({"kind": kind, **ev, "advice": FLAG_ADVICE[kind]})
    flag_list.sort(key=lambda d: (d["start"], d["kind"]))

    score = sum(SCORE_WEIGHTS[k] for k in SCORE_WEIGHTS if present[k])
    score -= sum(FLAG_PENALTY[k] for k in flags)
    if verdict == "none":
        score = min(score, 0.1)
    score = round(max(0.0, min(1.0, score)), 3)

    components = {c: part(c) for c in COMPONENTS}
    secondary = {s: part(s) for s in SECONDARY}
    acts = [prep.original[slice(*prep.span(s, e))].strip() for s, e in found.acts]
    return {
        "verdict": verdict,
        "score": score,
        "components": components,
        "secondary": secondary,
        "flags": flag_list,
        "suggestions": suggestions_for(verdict, components, flag_list, acts),
    }
