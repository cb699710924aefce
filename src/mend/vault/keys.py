"""Per-person data keys: created on first use, unwrapped with the configured KEK."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mend.vault import crypto, hooks
from mend.vault.models import DataKey


def current_kek() -> bytes:
    return crypto.kek_from_setting(settings.MEND_KEK)


def unwrap(data_key: DataKey, kek: bytes | None = None) -> bytes:
    kek = current_kek() if kek is None else kek
    if data_key.kek_id != crypto.kek_id(kek):
        raise crypto.VaultKeyError(
            "Private text cannot be unlocked: it was locked with a different server key "
            "(MEND_KEK). Restore the right key, or run `mend rotate-kek` with the old one."
        )
    return crypto.unwrap_data_key(bytes(data_key.wrapped_key), kek=kek, user_id=data_key.user_id)


def data_key_for(user: Any) -> bytes:
    """The user's data key, created (and wrapped) the first time it is needed."""
    existing = DataKey.objects.filter(user_id=user.pk).first()
    if existing is not None:
        return unwrap(existing)
    kek = current_kek()
    raw = crypto.new_data_key()
    try:
        with transaction.atomic():
            DataKey.objects.create(
                user_id=user.pk,
                wrapped_key=crypto.wrap_data_key(raw, kek=kek, user_id=user.pk),
                kek_id=crypto.kek_id(kek),
            )
    except IntegrityError:
        # Another request created it first; use that one.
        return unwrap(DataKey.objects.get(user_id=user.pk))
    return raw


def data_keys_for(user_ids: set[int]) -> dict[int, DataKey]:
    return {k.user_id: k for k in DataKey.objects.filter(user_id__in=user_ids)}


def rotate_kek(*, old: bytes, new: bytes) -> tuple[int, int]:
    """Re-wrap every data key from ``old`` to ``new``, all or nothing: (rewrapped, already new).

    Entries are not re-encrypted: their data keys do not change, only the wrapping does.
    """
    if old == new:
        raise crypto.VaultKeyError("The old and the new key are the same.")
    old_id, new_id = crypto.kek_id(old), crypto.kek_id(new)
    rewrapped = already = 0
    now = timezone.now()
    with transaction.atomic():
        for row in DataKey.objects.select_for_update().order_by("pk"):
            if row.kek_id == new_id:
                already += 1
                continue
            if row.kek_id != old_id:
                raise crypto.VaultKeyError(
                    f"Data key {row.pk} was wrapped by neither the old nor the new key; "
                    "nothing was changed."
                )
            raw = crypto.unwrap_data_key(bytes(row.wrapped_key), kek=old, user_id=row.user_id)
            row.wrapped_key = crypto.wrap_data_key(raw, kek=new, user_id=row.user_id)
            row.kek_id = new_id
            row.rotated_at = now
            row.save(update_fields=["wrapped_key", "kek_id", "rotated_at"])
            rewrapped += 1
        hooks.kek_rotated.send(hooks.KekRotated(old=old, new=new))
    return rewrapped, already
