"""E-mail reminders: to the committer before an occurrence falls due, and to the other person
when a report waits for their answer. Each occurrence is reminded once (``reminded_at`` and
``response_reminded_at``), so running the command twice sends nothing new.

The e-mails name only the commitment's own title: never notes, reports or other records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from mend.accounts.timezones import zone_of
from mend.commitments.models import Commitment, Occurrence
from mend.commitments.occurrences import materialise_due
from mend.spaces.models import Membership
from mend.spaces.visibility import SPACE_LEVELS

ACTIVE = Commitment.Status.ACTIVE


@dataclass(frozen=True)
class ReminderRun:
    due_emails: int
    due_occurrences: int
    answer_emails: int
    answer_occurrences: int


def _local(moment: datetime, user: Any) -> str:
    zone = zone_of(user)
    local = moment.astimezone(zone)
    return f"{local:%A %-d %B} at {local:%H:%M} ({zone.key})"


def _claim(qs: QuerySet[Occurrence], field: str, now: datetime) -> list[Occurrence]:
    """Lock and mark the rows, so two runs at once never remind twice (PostgreSQL skips rows
    another run holds; SQLite serialises writers)."""
    ids = list(qs.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True))
    if not ids:
        return []
    Occurrence.objects.filter(pk__in=ids).update(**{field: now})
    return list(
        Occurrence.objects.filter(pk__in=ids)
        .select_related("commitment", "commitment__owner", "commitment__made_to")
        .order_by("due_at", "id")
    )


def _member(user_field: str) -> Exists:
    return Exists(
        Membership.objects.active().filter(
            space_id=OuterRef("commitment__space_id"), user_id=OuterRef(user_field)
        )
    )


def _link(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}" if base_url else ""


def send_reminders(*, now: datetime, hours: int = 24, base_url: str = "") -> ReminderRun:
    materialise_due(now, horizon=timedelta(hours=hours))
    with transaction.atomic():
        due = _claim(
            Occurrence.objects.filter(
                due_at__gte=now,
                due_at__lt=now + timedelta(hours=hours),
                reminded_at__isnull=True,
                reported_outcome="",
                commitment__status=ACTIVE,
            ).filter(_member("commitment__owner_id")),
            "reminded_at",
            now,
        )
        by_owner: dict[Any, list[Occurrence]] = defaultdict(list)
        for occurrence in due:
            by_owner[occurrence.commitment.owner].append(occurrence)
        for owner, items in by_owner.items():
            _send_due(owner, items, base_url)

        waiting = _claim(
            Occurrence.objects.filter(
                response="",
                response_reminded_at__isnull=True,
                commitment__status=ACTIVE,
                commitment__made_to__isnull=False,
                commitment__visibility__in=SPACE_LEVELS,
            )
            .exclude(reported_outcome="")
            .filter(_member("commitment__owner_id"), _member("commitment__made_to_id")),
            "response_reminded_at",
            now,
        )
        by_recipient: dict[Any, list[Occurrence]] = defaultdict(list)
        for occurrence in waiting:
            by_recipient[occurrence.commitment.made_to].append(occurrence)
        for recipient, items in by_recipient.items():
            _send_waiting(recipient, items, base_url)
    return ReminderRun(len(by_owner), len(due), len(by_recipient), len(waiting))


def _send_due(owner: Any, items: list[Occurrence], base_url: str) -> None:
    lines = [f"Hello {owner},", "", "A gentle reminder of what you committed to in Mend:", ""]
    for occurrence in items:
        lines.append(f"- “{occurrence.commitment.what}”, {_local(occurrence.due_at, owner)}")
        link = _link(base_url, reverse("commitments:detail", args=[occurrence.commitment_id]))
        if link:
            lines.append(f"  {link}")
    lines += [
        "",
        "Afterwards you can note in Mend how it went. If something got in the way, saying so "
        "openly counts too.",
        "",
        "Mend",
    ]
    subject = (
        "Mend: a gentle reminder" if len(items) == 1 else f"Mend: {len(items)} gentle reminders"
    )
    send_mail(subject, "\n".join(lines), None, [owner.email])


def _send_waiting(recipient: Any, items: list[Occurrence], base_url: str) -> None:
    lines = [f"Hello {recipient},", ""]
    for occurrence in items:
        owner = occurrence.commitment.owner
        lines.append(
            f"- {owner} noted how “{occurrence.commitment.what}” went "
            f"({_local(occurrence.due_at, recipient)})."
        )
        link = _link(base_url, reverse("commitments:detail", args=[occurrence.commitment_id]))
        if link:
            lines.append(f"  {link}")
    lines += [
        "",
        "When you have a moment, you can confirm it, or say how you saw it differently. "
        "There is no rush.",
        "",
        "Mend",
    ]
    subject = (
        "Mend: a report is waiting for you"
        if len(items) == 1
        else f"Mend: {len(items)} reports are waiting for you"
    )
    send_mail(subject, "\n".join(lines), None, [recipient.email])
