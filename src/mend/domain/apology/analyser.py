"""Find the parts of an apology and the patterns that undo it.

Deterministic, offline, pure Python. `analyze(text)` returns the plain dict of the fixed interface.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mend.domain.apology import patterns as P
from mend.domain.apology.advice import FLAG_ADVICE, suggestions_for
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
    r"he|he's|she|she's|they|they're|you|you're|youre|u|ya|your|ur|his|her|their|"
    r"everyone|everybody|nobody|someone|somebody|anyone)\b"
)
_FIRST = frozenset(["i", "i'm", "im", "i'd", "i've", "i'll", "me", "my", "we", "we're", "we'd"])
_FIRST = _FIRST | {"we've", "we'll", "us", "our"}
_SPEECH = re.compile(r"\b[a-z]+\s+(?:said|says|wants\s+to\s+say|texted|wrote)\s+$")
_APOLOGY_WORD = re.compile(P.APOLOGY_WORD)
_CONDITIONAL_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?if\b|^\s+to\s+(?:anyone|anybody|whoever|those)\b"
)
_REGRET_THAT_OTHER = re.compile(r"^\s+that\s+(?!i\b|we\b|i'|we')")
_STRONG_COMMIT = re.compile(
    r"again|from now on|going forward|moving forward|next time|promise|in future|starting|"
    r"happen|i've|we've|we have|i have"
)
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
    words = _PRONOUN.findall(prefix)
    if not words:
        return True
    return words[-1] in _FIRST


def _negated(clause_prefix: str, sentence_prefix: str) -> bool:
    if not P.NEGATION_BEFORE.search(clause_prefix):
        return False
    if P.NEGATION_CANCEL.search(clause_prefix):
        return False
    return not P.DOUBLE_NEGATION.search(sentence_prefix)


def _scan(prep: Prepared) -> Findings:
    f = Findings()
    masked = prep.masked
    for a, b in sentences(masked):
        seg = masked[a:b]
        sarcasm_spans = []
        for rx, _w in P.SARCASM:
            for m in rx.finditer(seg):
                sarcasm_spans.append((m.start(), m.end()))
                f.sarcastic = True
        _scan_regret(f, seg, a, sarcasm_spans)
        _scan_generic(f, "responsibility", P.RESPONSIBILITY, seg, a, check_negation=True)
        _scan_generic(f, "explanation", P.EXPLANATION, seg, a)
        for m in P.OWN_ACT.finditer(seg):
            left, right = _clause_bounds(seg, m.start(), m.end())
            before = seg[left : m.start()]
            if _negated(before, seg[: m.start()]) or _HYPOTHETICAL.search(before):
                continue
            f.own_acts.append(Hit(a + m.start(), a + max(right, m.end()), 0.6))
        for rx, w in P.FORGIVENESS_REQUEST:
            for m in rx.finditer(seg):
                if _FORGIVE_PRESSURE_BEFORE.search(seg[: m.start()]):
                    continue
                if _negated(seg[max(0, m.start() - 25) : m.start()], seg[: m.start()]):
                    continue
                f.parts["forgiveness_request"].append(Hit(a + m.start(), a + m.end(), w))
        for kind, plist in P.FLAG_PATTERNS.items():
            for rx, w in plist:
                for m in rx.finditer(seg):
                    if m.end() > m.start():
                        f.flags[kind].append(Hit(a + m.start(), a + m.end(), w))
        vague_spans = []
        for h in f.flags["vague_commitment"]:
            if a <= h.start < b:
                _l, r = _clause_bounds(seg, h.start - a, h.end - a)
                vague_spans.append((h.start, a + max(r, h.end - a)))
        for rx, w in P.COMMITMENT:
            for m in rx.finditer(seg):
                s, e = a + m.start(), a + m.end()
                if any(vs < e and s < ve for vs, ve in vague_spans):
                    continue
                if P.COMMIT_NEGATED.search(seg):
                    continue
                f.parts["commitment"].append(Hit(s, e, w))
    return f


def _scan_regret(f: Findings, seg: str, a: int, sarcasm_spans: list[tuple[int, int]]) -> None:
    for rx, w in P.REGRET:
        for m in rx.finditer(seg):
            ms, me = m.start(), m.end()
            if any(ss <= ms < se for ss, se in sarcasm_spans):
                continue
            after = seg[me:]
            if P.NOT_APOLOGY_AFTER.match(after) or after.lstrip(" !").startswith("?"):
                continue
            if _CONDITIONAL_AFTER.match(after):
                continue
            if _APOLOGY_WORD.search(m.group(0)) and _deflects(seg[ms:]):
                continue
            if "regret" in m.group(0) and _REGRET_THAT_OTHER.match(after):
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
            if act and _APOLOGY_WORD.search(m.group(0)):
                _l, r = _clause_bounds(seg, me, me + act.end())
                f.parts["responsibility"].append(Hit(a + ms, a + max(r, me + act.end()), 0.65))
                f.acts.append((a + me, a + max(r, me + act.end())))


def _deflects(text_from_word: str) -> bool:
    return any(rx.match(text_from_word) for rx, _w in P.FEELINGS_DEFLECTION)


def _scan_generic(
    f: Findings,
    part: str,
    plist: list[P.Pattern],
    seg: str,
    a: int,
    *,
    check_negation: bool = False,
) -> None:
    for rx, w in plist:
        for m in rx.finditer(seg):
            ms, me = m.start(), m.end()
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


def _evidence(prep: Prepared, hits: list[Hit]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if any(s <= h.start and h.end <= e for s, e in spans):
            continue
        spans = [(s, e) for s, e in spans if not (h.start <= s and e <= h.end)]
        spans.append((h.start, h.end))
    for s, e in sorted(spans):
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


def prepare(text: str) -> Prepared:
    norm, omap = normalise(text)
    return Prepared(original=text, norm=norm, masked=mask_quotes(norm), omap=omap)


def analyze(text: str) -> dict[str, Any]:
    """Analyse one apology. Raises ApologyInputError for empty, too long or non-English text."""
    check_input(text)
    prep = prepare(text)
    found = _scan(prep)
    present, flags = _resolve(found, prep)
    verdict = _verdict(present, flags, found.sarcastic)

    def part(name: str) -> dict[str, Any]:
        hits = found.parts[name] if present[name] else []
        return {
            "present": present[name],
            "confidence": _confidence(found.parts[name], present[name]),
            "evidence": _evidence(prep, hits),
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
