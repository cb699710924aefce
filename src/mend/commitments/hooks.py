"""What other apps may react to in commitments (see ``mend.core.hooks``)."""

from __future__ import annotations

from dataclasses import dataclass

from mend.commitments.models import Commitment, Occurrence
from mend.core.hooks import Hook


@dataclass(frozen=True)
class OccurrenceChanged:
    commitment: Commitment
    occurrence: Occurrence  # in its new state
    before_outcome: str  # reported_outcome before the change ("" if none)
    before_response: str  # response before the change ("" if none)


# An occurrence was reported, confirmed or disputed.
occurrence_changed: Hook[OccurrenceChanged, None] = Hook("commitments.occurrence_changed")
# A commitment's terms were rewritten (renegotiated): anything derived from its past is recomputed.
commitment_rewritten: Hook[Commitment, None] = Hook("commitments.commitment_rewritten")
