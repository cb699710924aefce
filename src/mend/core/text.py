"""Validation of free text that people type: one rule for forms and the API."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

# Characters that render as nothing; a field holding only these is empty to a reader.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
# Bidirectional embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI)
# can make a name or a title read as something else ("Trojan Source"); right-to-left text
# itself needs none of them.
_BIDI_OVERRIDES = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _is_forbidden_control(char: str) -> bool:
    # NUL cannot be stored by PostgreSQL and other C0/C1 controls are never typed on purpose;
    # newlines and tabs are kept. A lone surrogate (from JSON "\\ud800") is not text at all.
    category = unicodedata.category(char)
    return (category == "Cc" and char not in "\n\r\t") or category == "Cs"


def clean_user_text(
    value: str, *, field: str, max_length: int, required: bool = True, multiline: bool = False
) -> str:
    text = value.translate(_BIDI_OVERRIDES).strip()
    if any(_is_forbidden_control(ch) for ch in text):
        raise ValidationError(
            f"{field} contains control characters (such as NUL) or broken characters that "
            "cannot be saved."
        )
    if not multiline and ("\n" in text or "\r" in text):
        text = " ".join(text.split())
    visible = "".join(ch for ch in text if ch not in _INVISIBLE and not ch.isspace())
    if required and not visible:
        raise ValidationError(f"{field} cannot be empty.")
    if len(text) > max_length:
        raise ValidationError(f"{field} is {len(text)} characters long; the limit is {max_length}.")
    return text
