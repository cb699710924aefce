"""Writes to the audit log. Callers decide what is worth logging; this keeps the shape."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from mend.audit.models import AuditEvent

T = TypeVar("T")


def _kind(record: Any) -> str:
    return str(record._meta.verbose_name)


def _by(actor: Any, role: str) -> dict[str, Any]:
    """Who acted, as an event's fields: the user, their name as it was then (kept when the
    account is gone) and the role they acted in."""
    return {"actor": actor, "actor_name": str(actor)[:80], "actor_role": role}


def read_logged(actor: Any, records: Iterable[T], *, role: str = "member") -> list[T]:
    """``records``, read now as a list by ``actor``, their reading logged (``log_reads``)."""
    found = list(records)
    log_reads(actor=actor, records=found, role=role)
    return found


def log_reads(*, actor: Any, records: Iterable[Any], role: str = "member") -> None:
    """Log that a counsellor or practice staff viewed records owned by other people: one row
    per owner and kind.

    A member's reading of what others shared with the space is not logged: a timed, itemised
    record of it would let one partner watch when the other uses Mend. The access log says
    instead what each person's sharing lets the others see (``mend.privacy``).
    """
    if role == "member":
        return
    groups: dict[tuple[int, int, str], list[Any]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for record in records:
        # A page may pass one record twice (listed, and counted in a number): log it once.
        key = (_kind(record), record.pk)
        if record.owner_id != actor.pk and key not in seen:
            seen.add(key)
            groups[(record.owner_id, record.space_id, key[0])].append(record)
    events = []
    for (owner_id, space_id, kind), items in groups.items():
        single = items[0] if len(items) == 1 else None
        events.append(
            AuditEvent(
                **_by(actor, role),
                subject_id=owner_id,
                space_id=space_id,
                action=AuditEvent.Action.READ,
                object_kind=kind,
                object_id=single.pk if single else None,
                summary=(
                    f"your {kind} “{str(single)[:120]}”"
                    if single
                    else f"{len(items)} of your {kind} records"
                ),
            )
        )
    if events:
        AuditEvent.objects.bulk_create(events)


def log_event(
    *,
    actor: Any,
    subject: Any,
    action: str,
    summary: str,
    space: Any = None,
    record: Any = None,
    role: str = "member",
) -> AuditEvent:
    return AuditEvent.objects.create(
        **_by(actor, role),
        subject=subject,
        space=space,
        action=action,
        object_kind=_kind(record) if record is not None else "",
        object_id=record.pk if record is not None else None,
        summary=summary[:200],
    )


def log_space_change(action: str, actor: Any, subject: Any, space: Any, summary: str) -> AuditEvent:
    """A change in ``space`` (who is in it, who may read it) by ``actor``, for ``subject``."""
    return log_event(actor=actor, subject=subject, action=action, summary=summary, space=space)
