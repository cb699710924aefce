"""Validated questionnaires shipped with Mend, scored exactly as published.

Each is a definition file in ``instrument_definitions/`` read and checked by
``mend.domain.instruments`` (the one scoring engine); this module names the built-in ones.
Only instruments whose item wording, response options and keying could be checked against
public sources are included; see NOT_INCLUDED for the ones left out and why. Nothing here
guesses an item: an instrument is added only with its exact published wording.
"""

from __future__ import annotations

from collections.abc import Mapping

from mend.domain.instruments import (
    Instrument,
    Item,
    QuestionnaireError,
    Result,
    builtin,
    score_instrument,
)
from mend.domain.scales import ResponseOption

__all__ = [
    "CSI4",
    "CSI4_DISTRESS_CUTOFF",
    "INSTRUMENTS",
    "NOT_INCLUDED",
    "Instrument",
    "Item",
    "QuestionnaireError",
    "ResponseOption",
    "Result",
    "get_instrument",
    "score",
    "score_instrument",
]

# Funk & Rogge (2007): item 1 has seven options scored 0-6, items 2-4 six options scored 0-5,
# total 0-21; scores below 13.5 suggest notable relationship dissatisfaction. All of it is in
# instrument_definitions/csi4.json.
CSI4 = builtin("csi4")
CSI4_DISTRESS_CUTOFF = CSI4.cutoffs[0].value


INSTRUMENTS: dict[str, Instrument] = {CSI4.id: CSI4}

# Instruments the product brief asks for that are not included, with the reason, so the UI
# and README can say so plainly instead of showing an unverified version.
NOT_INCLUDED: dict[str, str] = {
    "dts": (
        "Dyadic Trust Scale (Larzelere & Huston 1980, Journal of Marriage and the Family 42(3), "
        "595-604): the exact wording of all eight items and which are reverse-keyed could not be "
        "checked against the article, so it is left out rather than guessed."
    ),
    "rhz_trust": (
        "Trust Scale (Rempel, Holmes & Zanna 1985, JPSP 49(1), 95-112): versions in circulation "
        "differ from the article in wording and in subscale assignment (one item was moved from "
        "Dependability to Predictability, p. 105), and the full item list could not be checked, "
        "so it is left out."
    ),
    "trim18": (
        "TRIM-18 (McCullough, Root & Cohen 2006, Journal of Consulting and Clinical Psychology "
        "74(5), 887-897; TRIM-12: McCullough et al. 1998, JPSP 75(6), 1586-1603): the structure "
        "(7 Avoidance, 5 Revenge, 6 Benevolence items, 5-point agreement scale) is confirmed, "
        "but not the exact wording of every item, so it is left out rather than guessed."
    ),
}


def get_instrument(instrument_id: str) -> Instrument:
    try:
        return INSTRUMENTS[instrument_id]
    except KeyError:
        raise QuestionnaireError(f"Unknown questionnaire: {instrument_id!r}.") from None


def score(instrument_id: str, answers: Mapping[str, int]) -> Result:
    """Validate every answer and score the instrument as published."""
    return score_instrument(get_instrument(instrument_id), answers)
