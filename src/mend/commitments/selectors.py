"""Reads for commitments. Every read starts from ``Commitment.objects.visible_to(viewer)``.

Other apps may call ``occurrences_visible_to`` (timeline, triage) and ``commitments_visible_to``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db.models import Count, Q, QuerySet

from mend.commitments.models import (
    CalendarFeed,
    Commitment,
    CommitmentVersion,
    Occurrence,
    TermsProposal,
)
from mend.commitments.occurrences import REPORT_EARLY_TOLERANCE
from mend.spaces.models import Space

Status = Commitment.Status


def commitments_visible_to(viewer: Any, space: Space | None = None) -> QuerySet[Commitment]:
    """Commitments ``viewer`` may see (in ``space`` if given), with the people and counts."""
    qs = Commitment.objects.visible_to(viewer)
    if space is not None:
        qs = qs.filter(space=space)
    return (
        qs.select_related("owner", "made_to", "proposed_by")
        .annotate(
            kept_count=Count(
                "occurrences",
                filter=Q(occurrences__reported_outcome="kept")
                & ~Q(occurrences__response="disputed"),
            ),
            missed_count=Count(
                "occurrences",
                filter=Q(occurrences__reported_outcome="missed")
                & ~Q(occurrences__response="disputed"),
            ),
            disputed_count=Count("occurrences", filter=Q(occurrences__response="disputed")),
            waiting_count=Count(
                "occurrences",
                filter=~Q(occurrences__reported_outcome="") & Q(occurrences__response=""),
            ),
        )
        .order_by("-created_at", "-id")
    )


@dataclass
class CommitmentLists:
    mine: list[Commitment] = field(default_factory=list)
    to_me: list[Commitment] = field(default_factory=list)
    proposals_for_me: list[Commitment] = field(default_factory=list)  # I am asked to commit
    proposals_by_me: list[Commitment] = field(default_factory=list)  # I asked, waiting
    between_others: list[Commitment] = field(default_factory=list)  # families and teams
    closed: list[Commitment] = field(default_factory=list)  # ended or declined


def commitment_lists(viewer: Any, space: Space) -> CommitmentLists:
    """The commitments page, in one query."""
    lists = CommitmentLists()
    for c in commitments_visible_to(viewer, space):
        if c.status in (Status.ENDED, Status.DECLINED):
            lists.closed.append(c)
            continue
        proposed = c.status == Status.PROPOSED
        # The other side of a proposal is whoever asked for it; of a commitment, whom it is to.
        other_id = c.proposed_by_id if proposed else c.made_to_id
        if c.owner_id == viewer.pk:
            found = lists.proposals_for_me if proposed else lists.mine
        elif other_id == viewer.pk:
            found = lists.proposals_by_me if proposed else lists.to_me
        else:
            found = lists.between_others
        found.append(c)
    return lists


def occurrences_visible_to(
    viewer: Any,
    *,
    space: Space | None = None,
    spaces: Any = None,
    start: datetime | None = None,
    end: datetime | None = None,
    reported_only: bool = False,
) -> QuerySet[Occurrence]:
    """Occurrences of commitments ``viewer`` may see, oldest first, with their commitment.

    For the timeline and for triage: ``start <= due_at < end``; ``reported_only`` leaves out
    occurrences nobody has reported on yet. ``spaces`` (a query of space ids) narrows the
    commitments looked at to those spaces' before the visibility rule: SQLite otherwise reads
    every commitment of the install to list the visible ones.
    """
    visible = Commitment.objects.visible_to(viewer)
    if space is not None:
        visible = visible.filter(space=space)
    if spaces is not None:
        visible = visible.filter(space_id__in=spaces)
    qs = Occurrence.objects.filter(commitment__in=visible.values("pk"))
    if start is not None:
        qs = qs.filter(due_at__gte=start)
    if end is not None:
        qs = qs.filter(due_at__lt=end)
    if reported_only:
        qs = qs.exclude(reported_outcome="")
    return qs.select_related(
        "commitment", "commitment__owner", "commitment__made_to", "responded_by"
    ).order_by("due_at", "id")


def occurrences_of(
    commitment: Commitment, *, now: datetime, ahead: timedelta = timedelta(days=7), limit: int = 60
) -> list[Occurrence]:
    """The latest occurrences of one (already visible) commitment, newest first."""
    return _of(
        commitment,
        Occurrence.objects.filter(commitment=commitment, due_at__lt=now + ahead)
        .select_related("responded_by")
        .order_by("-due_at", "-id")[:limit],
    )


def versions_of(commitment: Commitment) -> list[CommitmentVersion]:
    return _of(
        commitment,
        CommitmentVersion.objects.filter(commitment=commitment)
        .select_related("changed_by")
        .order_by("-number"),
    )


_Row = TypeVar("_Row", Occurrence, CommitmentVersion, TermsProposal)


def _of(commitment: Commitment, rows: Iterable[_Row]) -> list[_Row]:
    # Their notes are sealed with the committer's key: reading it needs the commitment, which
    # is already here (no query per row to fetch it again).
    found = list(rows)
    for row in found:
        row.commitment = commitment
    return found


def waiting_for_answer(
    viewer: Any, space: Space | None = None, spaces: Any = None
) -> QuerySet[Occurrence]:
    """Reports on commitments made to ``viewer`` that wait for their confirmation."""
    return occurrences_visible_to(viewer, space=space, spaces=spaces).filter(
        commitment__made_to=viewer,
        commitment__status=Status.ACTIVE,
        response="",
        reported_outcome__in=["kept", "missed"],
    )


def due_for_report(viewer: Any, now: datetime, space: Space | None = None) -> QuerySet[Occurrence]:
    """``viewer``'s own occurrences that are due and not yet reported (last 14 days)."""
    return occurrences_visible_to(
        viewer, space=space, start=now - timedelta(days=14), end=now + REPORT_EARLY_TOLERANCE
    ).filter(commitment__owner=viewer, commitment__status=Status.ACTIVE, reported_outcome="")


def active_feed(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()


def pending_terms(commitment: Commitment) -> TermsProposal | None:
    """New terms waiting for the answer of the person the commitment was made to."""
    found = (
        TermsProposal.objects.filter(commitment=commitment, status=TermsProposal.Status.PENDING)
        .select_related("proposed_by")
        .first()
    )
    if found is not None:
        found.commitment = commitment
    return found
