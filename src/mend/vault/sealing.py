"""Seal and open a person's private text with their data key: the one way records encrypt.

A record's ``ref`` names it among all sealed records (for example ``str(entry.uid)`` or
``"session-note:<uid>"``); it becomes associated data, so a ciphertext moved to another record
or another person fails to open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mend.vault import crypto, keys


def seal(text: str, *, owner: Any, ref: str) -> bytes:
    return crypto.encrypt_text(
        text, data_key=keys.data_key_for(owner), owner_id=owner.pk, record_ref=ref
    )


def open_one(blob: bytes | memoryview, *, owner_id: int, ref: str) -> str:
    return open_many([(owner_id, blob, ref)])[0]


def open_many(sealed: Iterable[tuple[int, bytes | memoryview, str]]) -> list[str]:
    """Open ``(owner_id, blob, ref)`` triples in order, with one query for all owners' keys."""
    items: Sequence[tuple[int, bytes | memoryview, str]] = list(sealed)
    if not items:
        return []
    wrapped = keys.data_keys_for({owner_id for owner_id, _, _ in items})
    kek = keys.current_kek()
    unwrapped: dict[int, bytes] = {}
    texts: list[str] = []
    for owner_id, blob, ref in items:
        if owner_id not in wrapped:
            raise crypto.VaultKeyError("The key for this text is missing.")
        if owner_id not in unwrapped:
            unwrapped[owner_id] = keys.unwrap(wrapped[owner_id], kek)
        texts.append(
            crypto.decrypt_text(
                bytes(blob), data_key=unwrapped[owner_id], owner_id=owner_id, record_ref=ref
            )
        )
    return texts
