"""Access to commitments and their occurrences: one helper per object kind.

A commitment follows the one visibility rule (``OwnedRecord``). An occurrence, a version and a
feed belong to their commitment: whoever may see the commitment may see them; anyone else gets
404. Who may *act* (report, confirm, dispute) is decided by the services, with 403.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from mend.audit.services import log_reads
from mend.commitments.models import Commitment, Occurrence
from mend.spaces.access import get_record_for_owner, get_record_for_viewer, viewer_role


def get_commitment_for_viewer(user: Any, pk: int | str) -> Commitment:
    return get_record_for_viewer(Commitment, user, pk)


def get_commitment_for_committer(user: Any, pk: int | str) -> Commitment:
    """For pause, resume, end, renegotiate, sharing: visible but not owned is 403."""
    return get_record_for_owner(Commitment, user, pk)


def get_occurrence_for_viewer(user: Any, pk: int | str) -> Occurrence:
    """An occurrence of a commitment ``user`` may see; reads of others' are logged."""
    if not user.is_authenticated:
        raise Http404
    try:
        occurrence = (
            Occurrence.objects.select_related("commitment", "commitment__space")
            .filter(commitment__in=Commitment.objects.visible_to(user).values("pk"))
            .get(pk=int(pk))
        )
    except (Occurrence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    commitment = occurrence.commitment
    if commitment.owner_id != user.pk:
        log_reads(actor=user, records=[commitment], role=viewer_role(user, commitment.space))
    return occurrence
