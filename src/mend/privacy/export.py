"""Data rights: everything a person owns, as JSON; and erasure of an account.

Other people appear in an export only as opaque ids (``user:17``), never with their names,
e-mail addresses or records.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from mend.audit.models import AuditEvent
from mend.notify.models import Notification, Preferences, PushSubscription
from mend.spaces.models import Membership
from mend.spaces.services import bump_revision
from mend.spaces.visibility import OwnedRecord

# Fields that hold secrets or ciphertext are never exported as such; an app can list its own
# decrypted view by defining ``export_fields()`` on the model.
_SKIP = {"digest", "ciphertext", "wrapped_key", "seal_uid"}


def owned_models() -> list[type[OwnedRecord]]:
    return [m for m in apps.get_models() if issubclass(m, OwnedRecord) and not m._meta.abstract]


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _serialise(record: models.Model) -> dict[str, Any]:
    if hasattr(record, "export_fields"):
        return {k: _value(v) for k, v in record.export_fields().items()}
    data: dict[str, Any] = {}
    for field in record._meta.concrete_fields:
        if field.name in _SKIP:
            continue
        if field.is_relation:
            raw = getattr(record, field.attname)
            target = field.related_model._meta.label_lower if field.related_model else ""
            data[field.name] = None if raw is None else f"{target.split('.')[-1]}:{raw}"
        else:
            data[field.name] = _value(getattr(record, field.attname))
    return data


def export_user_data(user: Any) -> dict[str, Any]:
    records: dict[str, list[dict[str, Any]]] = {}
    for model in owned_models():
        rows = [
            _serialise(r) for r in model.objects.filter(owner=user).order_by("created_at", "pk")
        ]
        if rows:
            records[model._meta.label_lower] = rows
    memberships = [
        {
            "space": f"space:{m.space_id}",
            "space_name": m.space.name,
            "joined_at": _value(m.joined_at),
            "left_at": _value(m.left_at),
        }
        for m in user.memberships.select_related("space").order_by("joined_at", "pk")
    ]
    return {
        "format": "mend-export/1",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": f"user:{user.pk}",
            "email": user.email,
            "display_name": user.display_name,
            "time_zone": user.time_zone,
            "date_joined": _value(user.date_joined),
        },
        "memberships": memberships,
        "records": records,
        "notifications": _notifications(user),
        "access_log": [
            {
                "at": _value(e.created_at),
                "who": e.actor_name if e.actor_id == user.pk else f"user:{e.actor_id}",
                "role": e.actor_role,
                "action": e.action,
                "summary": e.summary,
            }
            for e in AuditEvent.objects.filter(subject=user).order_by("created_at", "pk")
        ],
    }


def _notifications(user: Any) -> dict[str, Any]:
    """What Mend told the person and how they asked to be told (push endpoints are named only
    by when they were added: the address is the browser maker's, not the person's data)."""
    prefs = Preferences.objects.filter(user=user).first()
    return {
        "items": [
            {
                "kind": n.kind,
                "space": f"space:{n.space_id}",
                "created_at": _value(n.created_at),
                "read_at": _value(n.read_at),
                "emailed_at": _value(n.emailed_at),
                "pushed_at": _value(n.pushed_at),
            }
            for n in Notification.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "preferences": _serialise(prefs) if prefs is not None else None,
        "push_subscriptions": [
            {"added_at": _value(p.created_at)}
            for p in PushSubscription.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }


@transaction.atomic
def delete_account(*, user: Any) -> None:
    """Erase an account and everything it owns.

    The rule for shared records: they are erased too. A space's other members keep their
    own records; where one of theirs points at the deleted person (a moment they received,
    say), the pointer becomes empty and the record reads "a former member".
    """
    # Every space the person was ever in: their records leave it, and so may records of others
    # that pointed at them, so summaries built from any of them are rebuilt.
    space_ids = list(Membership.objects.filter(user=user).values_list("space_id", flat=True))
    for model in owned_models():
        model.objects.filter(owner=user).delete()
    user.delete()
    bump_revision(space_ids=space_ids)
