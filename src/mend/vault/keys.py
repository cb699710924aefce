"""Per-person data keys: created on first use, unwrapped with the configured KEK."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mend.vault import crypto, hooks
from mend.vault.models import DataKey, PersonalKey, ScopedKey

# Whose key seals a text: a user id, or a named scope such as "practice:3" (see ScopedKey).
Holder = int | str


def current_kek() -> bytes:
    return crypto.kek_from_setting(settings.MEND_KEK)


def unwrap(data_key: DataKey | ScopedKey, kek: bytes | None = None) -> bytes:
    kek = current_kek() if kek is None else kek
    if data_key.kek_id != crypto.kek_id(kek):
        raise crypto.VaultKeyError(
            "Private text cannot be unlocked: it was locked with a different server key "
            "(MEND_KEK). Restore the right key, or run `mend rotate-kek` with the old one."
        )
    if isinstance(data_key, ScopedKey):
        return crypto.unwrap_scoped_key(bytes(data_key.wrapped_key), kek=kek, scope=data_key.scope)
    return crypto.unwrap_data_key(bytes(data_key.wrapped_key), kek=kek, user_id=data_key.user_id)


def key_for_holder(holder: Holder) -> bytes:
    """The holder's data key, created the first time it is needed."""
    if isinstance(holder, int):
        return _key_for_user_id(holder)
    return _get_or_create(
        ScopedKey,
        {"scope": holder},
        lambda raw, kek: crypto.wrap_scoped_key(raw, kek=kek, scope=holder),
    )


def stored_keys_for(holders: set[Holder]) -> dict[Holder, DataKey | ScopedKey]:
    """The wrapped keys of these holders: one query per kind of holder present."""
    user_ids = {h for h in holders if isinstance(h, int)}
    scopes = {h for h in holders if isinstance(h, str)}
    found: dict[Holder, DataKey | ScopedKey] = {}
    if user_ids:
        found.update({k.user_id: k for k in DataKey.objects.filter(user_id__in=user_ids)})
    if scopes:
        found.update({k.scope: k for k in ScopedKey.objects.filter(scope__in=scopes)})
    return found


def data_key_for(user: Any) -> bytes:
    """The user's data key, created (and wrapped) the first time it is needed."""
    return _key_for_user_id(user.pk)


def _key_for_user_id(user_id: int) -> bytes:
    return _get_or_create(
        DataKey,
        {"user_id": user_id},
        lambda raw, kek: crypto.wrap_data_key(raw, kek=kek, user_id=user_id),
    )


def _get_or_create(
    model: type[DataKey] | type[ScopedKey],
    lookup: dict[str, Any],
    wrap: Callable[[bytes, bytes], bytes],
) -> bytes:
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        return unwrap(existing)
    kek = current_kek()
    raw = crypto.new_data_key()
    try:
        with transaction.atomic():
            model.objects.create(**lookup, wrapped_key=wrap(raw, kek), kek_id=crypto.kek_id(kek))
    except IntegrityError:
        # Another request created it first; use that one.
        return unwrap(model.objects.get(**lookup))
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
    rows: list[DataKey | ScopedKey | PersonalKey]
    with transaction.atomic():
        rows = [
            *DataKey.objects.select_for_update().order_by("pk"),
            *ScopedKey.objects.select_for_update().order_by("pk"),
            # A personal key under a passphrase is not wrapped by any KEK: nothing to rotate.
            *PersonalKey.objects.select_for_update().exclude(kek_id="").order_by("pk"),
        ]
        for row in rows:
            if row.kek_id == new_id:
                already += 1
                continue
            if row.kek_id != old_id:
                raise crypto.VaultKeyError(
                    f"The {row} was wrapped by neither the old nor the new key; "
                    "nothing was changed."
                )
            if isinstance(row, PersonalKey):
                _rewrap_personal(row, old=old, new=new)
                row.rotated_at = now
                row.save(update_fields=["wrapped_key", "kek_id", "rotated_at"])
                rewrapped += 1
                continue
            raw = unwrap(row, old)
            if isinstance(row, ScopedKey):
                row.wrapped_key = crypto.wrap_scoped_key(raw, kek=new, scope=row.scope)
            else:
                row.wrapped_key = crypto.wrap_data_key(raw, kek=new, user_id=row.user_id)
            row.kek_id = new_id
            row.rotated_at = now
            row.save(update_fields=["wrapped_key", "kek_id", "rotated_at"])
            rewrapped += 1
        hooks.kek_rotated.send(hooks.KekRotated(old=old, new=new))
    return rewrapped, already


def _rewrap_personal(row: PersonalKey, *, old: bytes, new: bytes) -> None:
    raw = crypto.unwrap_personal_key(
        bytes(row.wrapped_key), wrapping=old, user_id=row.user_id, how="kek"
    )
    row.wrapped_key = crypto.wrap_personal_key(raw, wrapping=new, user_id=row.user_id, how="kek")
    row.kek_id = crypto.kek_id(new)
