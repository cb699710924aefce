"""Text preparation with offsets kept: normalise, mask quotes, split sentences, check language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from mend.domain.apology.errors import ApologyInputError

MAX_CHARS = 5000

_DROP = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"}
_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": ".",
}


@dataclass(frozen=True)
class Prepared:
    """`norm`: lower-cased, cleaned copy of the input; `omap[i]`: input index of norm[i]."""

    original: str
    norm: str
    masked: str
    omap: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `norm` back to the original input."""
        if end <= start:
            return self.omap[start], self.omap[start]
        return self.omap[start], self.omap[end - 1] + 1


_ASCII_TABLE = {i: " " for i in range(32) if i != 10} | {127: " ", ord("`"): "'"}


def normalise(text: str) -> tuple[str, Sequence[int]]:
    """Lower-case and clean `text` one character at a time so each kept char maps to its source."""
    if text.isascii():
        # Same length, same positions: the common case needs no per-character work.
        return text.lower().translate(_ASCII_TABLE), range(len(text))
    # Decide each distinct character once; when none is dropped, positions are kept and one
    # str.translate does the per-character work.
    table: dict[int, str] = {}
    for ch in set(text):
        mapped = _map_char(ch)
        if mapped is None:
            break
        table[ord(ch)] = mapped
    else:
        return text.translate(table), range(len(text))
    out: list[str] = []
    omap: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me"):
            continue
        if ch in _MAP:
            mapped = _MAP[ch]
        elif ch == "\n":
            mapped = "\n"
        elif cat.startswith("C") or cat in ("Zl", "Zp", "Zs"):
            mapped = " "
        else:
            low = ch.lower()
            mapped = low if len(low) == 1 else ch
        out.append(mapped)
        omap.append(i)
    return "".join(out), tuple(omap)


def _map_char(ch: str) -> str | None:
    """What `normalise` makes of one character; None when it drops it."""
    if ch in _DROP:
        return None
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me"):
        return None
    if ch in _MAP:
        return _MAP[ch]
    if ch == "\n":
        return "\n"
    if cat.startswith("C") or cat in ("Zl", "Zp", "Zs"):
        return " "
    low = ch.lower()
    return low if len(low) == 1 else ch


# A quote is someone else's words unless the writer introduces it as their own.
_QUOTE = re.compile(r'"([^"\n]{1,400})"')
_OWN_QUOTE = re.compile(
    r"\b(i|we)\s+(just\s+)?(want(ed)?\s+to\s+say|said|say|wrote|meant|mean|told\s+\w+)\W{0,3}$"
)


# A source line around a pasted statement ("Statement from the club:", "- J. Smith, chair") is the
# writer presenting their own words; "she said", "he texted" around it makes it reported speech.
_REPORTING = re.compile(
    r"\b(?!i\b|we\b)[a-z]+\s+(?:\w+\s+)?(?:said|says|say|wrote|writes|texted|messaged|replied|"
    r"told|tweeted|posted|sent|added|apologi[sz]ed|claimed|insisted|announced)\b"
)
_REPORTED_AFTER = re.compile(r"^\W*(?:said|says|added|wrote|replied|continued)\b")
_WHOLE_QUOTE_SHARE = 0.6
_SOURCE_LINE = 120


def whole_quotation(norm: str) -> tuple[int, int] | None:
    """(open, close) positions of the quotation marks when the text is one quoted statement.

    The quotation must hold most of the text, with at most a short source line around it, and no
    one else may be named as saying it.
    """
    first, last = norm.find('"'), norm.rfind('"')
    if first < 0 or last <= first:
        return None
    head, tail = norm[:first], norm[last + 1 :]
    if len(head.strip()) > _SOURCE_LINE or len(tail.strip()) > _SOURCE_LINE:
        return None
    if last - first < _WHOLE_QUOTE_SHARE * len(norm.strip()):
        return None
    if _REPORTING.search(head) or _REPORTING.search(tail):
        return None
    # '"We are sorry," said a spokesperson, "and ..."': a speaker named between two quotations.
    marks = [i for i in range(first, last + 1) if norm[i] == '"']
    for a, b in zip(marks[1::2], marks[2::2], strict=False):
        between = norm[a + 1 : b]
        if len(between) <= _SOURCE_LINE and (
            _REPORTING.search(between) or _REPORTED_AFTER.match(between)
        ):
            return None
    return first, last


def mask_quotes(norm: str) -> str:
    """Blank out quoted speech (keeping length) so it never counts as the writer's apology.

    A text that is wholly one quotation (a pasted statement) is the writer's own words; quotations
    inside it are still someone else's.
    """
    chars = list(norm)
    lo, hi = 0, len(norm)
    whole = whole_quotation(norm)
    if whole is not None:
        lo, hi = whole[0] + 1, whole[1]
    for m in _QUOTE.finditer(norm, lo, hi):
        before = norm[max(0, m.start() - 40) : m.start()]
        if _OWN_QUOTE.search(before):
            continue
        for k in range(m.start(1), m.end(1)):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


_SENT_END = re.compile(r"(?<=[.!?])[\s\"')]+|\n+|(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF])\s+")


def sentences(masked: str) -> list[tuple[int, int]]:
    """Sentence spans (in norm coordinates), split at end punctuation, line breaks and emoji."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(masked):
        if m.start() > pos and masked[pos : m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(masked) and masked[pos:].strip():
        spans.append((pos, len(masked)))
    return spans


# Function words only: a text in English uses some; a text in a neighbouring language uses its own.
def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


_EN = _words(
    "i im i'm me my we our you u ur your the a an and but or to of in on at for with it is was "
    "are be been that this not no so just what if all about sorry apologize apologise apologies "
    "will i'll can don't didn't he she they them his her have has had do did sry soz pls"
)
_OTHER = _words(
    "je tu il nous vous les des est une pas que qui pour avec dans sur mais très suis "
    "el los las una por con para pero muy estoy lo siento perdón disculpa es del "
    "ich du und der die das ist nicht ein eine mit bin es tut mir leid entschuldigung "
    "sono mi dispiace scusa non che della di il per ho io het een niet ik ben van "
    "desculpa desculpe não com uma muito eu estou por favor obrigado"
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def check_input(text: object) -> None:
    """Raise ApologyInputError for text the analyser will not analyse."""
    if not isinstance(text, str):
        raise ApologyInputError("not_text", "The apology must be a string of text.")
    if not text.strip() or all(unicodedata.category(c)[0] in "CZ" for c in text):
        raise ApologyInputError("empty", "The text is empty: write the apology first.")
    if len(text) > MAX_CHARS:
        raise ApologyInputError(
            "too_long",
            f"The text has {len(text)} characters; the analyser reads at most {MAX_CHARS}.",
        )
    if text.isascii():
        # Every letter is Latin: only whether there is one matters.
        if not _ASCII_LETTER.search(text):
            return
    else:
        letters = [c for c in text if c.isalpha()]
        if not letters:
            return
        latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
        if latin < 0.5 * len(letters):
            raise ApologyInputError(
                "not_english",
                "This looks like it is not written in English; the analyser only reads English, "
                "so it will not guess.",
            )
    words = _WORD.findall(text.lower())
    if len(words) >= 4:
        en = sum(1 for w in words if w in _EN)
        other = sum(1 for w in words if w in _OTHER)
        if other >= 2 and other > en:
            raise ApologyInputError(
                "not_english",
                "This looks like it is not written in English; the analyser only reads English, "
                "so it will not guess.",
            )
