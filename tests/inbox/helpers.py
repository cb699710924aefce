"""What the inbox tests share: the kinds of what waits for someone, and a reported occurrence."""

from __future__ import annotations

from typing import Any

from mend.commitments import services as commitment_services
from mend.commitments.models import Occurrence
from mend.inbox.selectors import inbox_for
from tests.commitments.helpers import first_occurrence, make_commitment


def kinds(user: Any, **options: Any) -> list[str]:
    return [i.kind for i in inbox_for(user, **options)]


def reported_kept(space: Any, owner: Any, made_to: Any) -> Occurrence:
    """``owner`` commits to ``made_to`` and reports the first occurrence kept."""
    occurrence = first_occurrence(make_commitment(space, owner, made_to))
    commitment_services.report_occurrence(occurrence=occurrence, user=owner, outcome="kept")
    return occurrence
