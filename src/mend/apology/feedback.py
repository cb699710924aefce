"""The analyser's result turned into coaching for the writer: highlighted text, parts, advice.

Only the writer ever sees this. Wording coaches rather than grades: the verdict becomes a
sentence about what is there and what could be added, and the score is never shown.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mend.core.exceptions import DomainError
from mend.domain.apology import analyze, uses_apology_words
from mend.domain.apology.errors import ApologyInputError

PARTS = ("regret", "responsibility", "commitment")

# Lewicki, Polin & Lount 2016 (N = 755): acknowledging responsibility was rated the most
# effective component, then an offer of repair; the wording below leans on that order.
PART_WORDS: dict[str, dict[str, str]] = {
    "regret": {
        "label": "Regret",
        "present": "You have said you are sorry — that matters.",
        "missing": (
            "You have not yet said how you feel about what happened. A plain “I’m sorry” "
            "or “I regret …” opens the door."
        ),
        # The writer did say sorry, but the words around it take it back (a flag says which).
        "taken_back": (
            "You have said sorry, but as it stands the words around it take it back — the "
            "notes below show where. Say it for what you did, with no “if” and no “but”."
        ),
        # The writer said sorry, but not for something they did: sympathy, a polite opening,
        # a question, talk about apologies.
        "not_for_an_act": (
            "You have said sorry, but as it stands it does not read as sorry for something "
            "you did. Say what you are sorry for: “I’m sorry I …”."
        ),
    },
    "responsibility": {
        "label": "Responsibility",
        "present": "You have named what you did — that matters.",
        "missing": (
            "Name what you did, in your own words, without “but” or “if”. People who "
            "receive apologies value this part most."
        ),
    },
    "commitment": {
        "label": "Commitment",
        "present": "You have said what you will do differently.",
        "missing": (
            "Say what you will do differently: something concrete they will be able to "
            "notice, and when."
        ),
    },
}

STATUS_WORDS = {
    "present": "there",
    "missing": "not yet",
    "taken_back": "said, then taken back",
    "not_for_an_act": "said, but not for what you did",
}
# Flags that take an apology back (the analyser's UNDOING set): the reason a "sorry" can be there
# and regret still not.
_TAKE_BACK = frozenset(
    {"conditional", "feelings_deflection", "blame_shift", "excuse", "minimising", "passive_voice"}
)

FLAG_LABELS = {
    "conditional": "An “if” apology",
    "feelings_deflection": "Sorry for their feelings",
    "blame_shift": "Shifting blame",
    "excuse": "An excuse",
    "minimising": "Making it smaller",
    "passive_voice": "No one did it",
    "forgiveness_pressure": "Pressure to move on",
    "vague_commitment": "A vague promise",
}

SUMMARY = {
    "genuine": (
        "All three parts are there. Read it once more as they will, and send it when you "
        "are ready — there is no rush."
    ),
    "partial": "A real start. Some parts are not there yet; the notes below say which.",
    "non_apology": (
        "Some words here may take the apology back. The notes below show where, and what "
        "you could say instead."
    ),
    "none": (
        "This does not read as an apology yet. You could start with what you did, and that "
        "you are sorry."
    ),
}

SECONDARY_WORDS = {
    "explanation": (
        "You explain what led to it. Keep it short, so that it does not sound like an excuse."
    ),
    "forgiveness_request": (
        "You ask for forgiveness. That is theirs to give, in their own time; you do not have "
        "to ask for it now."
    ),
}


def _forbidden_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" and ch not in "\n\r\t"


def analyse(text: Any) -> dict[str, Any]:
    """The analyser's object for ``text``; bad input raises ``DomainError`` (422)."""
    if not isinstance(text, str):
        raise DomainError(
            "The apology must be text.", code="not_text", status=422, fields={"text": "not_text"}
        )
    if any(_forbidden_control(ch) for ch in text):
        raise DomainError(
            "The text contains control characters (such as NUL) that cannot be read.",
            code="control_characters",
            status=422,
            fields={"text": "control_characters"},
        )
    try:
        result: dict[str, Any] = analyze(text)
    except ApologyInputError as exc:
        raise DomainError(
            exc.message, code=exc.code, status=422, fields={"text": exc.code}
        ) from exc
    return result


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    css: str
    label: str


def _spans(text: str, result: dict[str, Any]) -> list[_Span]:
    spans: list[_Span] = []
    n = len(text)
    for part in PARTS:
        comp = result.get("components", {}).get(part, {})
        for ev in comp.get("evidence", []):
            spans.append(_Span(ev["start"], ev["end"], f"hl--{part}", PART_WORDS[part]["label"]))
    for flag in result.get("flags", []):
        spans.append(
            _Span(flag["start"], flag["end"], "hl--flag", FLAG_LABELS.get(flag["kind"], "Note"))
        )
    clamped = []
    for s in spans:
        start, end = max(0, min(s.start, n)), max(0, min(s.end, n))
        if end > start:
            clamped.append(_Span(start, end, s.css, s.label))
    return clamped


def highlight(text: str, result: dict[str, Any]) -> SafeString:
    """``text`` as HTML with <mark>s over evidence and flags, built only from escaped slices."""
    spans = _spans(text, result)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces: list[str] = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in spans if s.start <= a and s.end >= b]
        if not covering:
            pieces.append(escape(text[a:b]))
            continue
        css = " ".join(sorted({s.css for s in covering}))
        title = ", ".join(dict.fromkeys(s.label for s in covering))
        pieces.append(
            format_html('<mark class="hl {}" title="{}">{}</mark>', css, title, text[a:b])
        )
    # Every piece above is escaped (escape / format_html), so the join is safe.
    return mark_safe("".join(pieces))  # noqa: S308


_SENTENCE_END = re.compile(r"[.!?\n]")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds the span, trimmed, at most 200 characters."""
    left = max((text.rfind(ch, 0, start) for ch in ".!?\n"), default=-1) + 1
    match = _SENTENCE_END.search(text, max(end, left))
    right = match.end() if match else len(text)
    sentence = " ".join(text[left:right].split())
    return sentence[:200]


def commitment_sentences(text: str, result: dict[str, Any]) -> list[str]:
    comp = result.get("components", {}).get("commitment", {})
    found = [sentence_around(text, ev["start"], ev["end"]) for ev in comp.get("evidence", [])]
    return [s for s in dict.fromkeys(found) if s]


def commitment_link(*, space_id: int, what: str, to: int | None) -> str | None:
    """A link to the commitments app's create form, prefilled; None if that app is absent.

    The prefill parameters are ``what`` (the sentence) and ``to`` (the recipient's user id).
    """
    params = {"what": what}
    if to is not None:
        params["to"] = str(to)
    return f"{reverse('commitments:new', args=[space_id])}?{urlencode(params)}"


def _not_repeating(suggestions: list[str], flags: list[dict[str, Any]]) -> list[str]:
    """Suggestions minus those that only repeat a flag's advice, already shown beside the flag."""
    advice = [f["advice"] for f in flags if f["advice"]]
    return [s for s in suggestions if not any(a in s for a in advice)]


@dataclass
class Coaching:
    """What the writer's feedback panel shows."""

    html: SafeString
    summary: str
    parts: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    suggestions: list[str]
    secondary: list[str]
    commitments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status_line(self) -> str:
        bits = [f"{p['label']} {p['status']}" for p in self.parts]
        return "Feedback updated: " + ", ".join(bits) + "."


def coach(
    text: str, result: dict[str, Any], *, space_id: int, recipient_id: int | None
) -> Coaching:
    parts = []
    components = result.get("components", {})
    # Never tell someone who wrote "I'm sorry" that regret is not there yet: say what undid it.
    said_sorry = uses_apology_words(text)
    taken_back = any(f.get("kind") in _TAKE_BACK for f in result.get("flags", []))
    for part in PARTS:
        present = bool(components.get(part, {}).get("present"))
        words = PART_WORDS[part]
        state = "present" if present else "missing"
        if not present and said_sorry and "taken_back" in words:
            state = "taken_back" if taken_back else "not_for_an_act"
        parts.append(
            {
                "key": part,
                "label": words["label"],
                "present": present,
                "status": STATUS_WORDS[state],
                "message": words[state],
            }
        )
    flags = [
        {
            "kind": f["kind"],
            "label": FLAG_LABELS.get(f["kind"], "A note"),
            "text": text[max(0, f["start"]) : max(0, f["end"])],
            "advice": f.get("advice", ""),
        }
        for f in result.get("flags", [])
    ]
    secondary = [
        SECONDARY_WORDS[k]
        for k in ("explanation", "forgiveness_request")
        if result.get("secondary", {}).get(k, {}).get("present")
    ]
    commitments = [
        {
            "sentence": s,
            "url": commitment_link(space_id=space_id, what=s, to=recipient_id),
        }
        for s in commitment_sentences(text, result)
    ]
    return Coaching(
        html=highlight(text, result),
        summary=SUMMARY.get(str(result.get("verdict")), SUMMARY["partial"]),
        parts=parts,
        flags=flags,
        suggestions=_not_repeating(list(result.get("suggestions", [])), flags),
        secondary=secondary,
        commitments=commitments,
    )
