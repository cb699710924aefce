"""Offline apology analyser: the three parts of a genuine apology and the patterns that undo it."""

from mend.domain.apology.analyser import (
    COMPONENTS,
    FLAG_KINDS,
    SECONDARY,
    VERDICTS,
    analyze,
    uses_apology_words,
)
from mend.domain.apology.errors import ApologyInputError

__all__ = [
    "COMPONENTS",
    "FLAG_KINDS",
    "SECONDARY",
    "VERDICTS",
    "ApologyInputError",
    "analyze",
    "uses_apology_words",
]
