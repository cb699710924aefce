"""Seal and open a person's private text with their data key: the one way records encrypt.

A record's ``ref`` names it among all sealed records (for example ``str(entry.uid)`` or
``"session-note:<uid>"``); it becomes associated data, so a ciphertext moved to another record
or another person fails to open. Model fields use this through ``mend.vault.fields``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mend.vault import crypto, keys
from mend.vault.keys import Holder


def seal(text: str, *, owner: Any, ref: str) -> bytes:
    return seal_for(owner.pk, text, ref=ref)


def seal_for(holder: Holder, text: str, *, ref: str, key: bytes | None = None) -> bytes:
    """Seal ``text`` with the holder's key (a user id or a scope such as ``practice:3``)."""
    key = keys.key_for_holder(holder) if key is None else key
    return crypto.encrypt_text(text, data_key=key, owner_id=holder, record_ref=ref)


def open_one(blob: bytes | memoryview, *, owner_id: Holder, ref: str) -> str:
    return open_many([(owner_id, blob, ref)])[0]


def open_many(sealed: Iterable[tuple[Holder, bytes | memoryview, str]]) -> list[str]:
    """Open ``(holder, blob, ref)`` triples in order, with one query for all holders' keys."""
    items: Sequence[tuple[Holder, bytes | memoryview, str]] = list(sealed)
    if not items:
        return []
    unwrapped = unwrapped_keys({holder for holder, _, _ in items})
    texts: list[str] = []
    for holder, blob, ref in items:
        if holder not in unwrapped:
            raise crypto.VaultKeyError("The key for this text is missing.")
        texts.append(
            crypto.decrypt_text(
                bytes(blob), data_key=unwrapped[holder], owner_id=holder, record_ref=ref
            )
        )
    return texts


def unwrapped_keys(holders: set[Holder]) -> dict[Holder, bytes]:
    """The holders' data keys that exist, unwrapped: one query per kind of holder."""
    wrapped = keys.stored_keys_for(holders)
    if not wrapped:
        return {}
    kek = keys.current_kek()
    return {holder: keys.unwrap(row, kek) for holder, row in wrapped.items()}
