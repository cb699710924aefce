"""Seal and open a person's private text with their data key: the one way records encrypt.

A record's ``ref`` names it among all sealed records (for example ``str(entry.uid)`` or
``"session-note:<uid>"``); it becomes associated data, so a ciphertext moved to another record
or another person fails to open. Model fields use this through ``mend.vault.fields``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mend.vault import crypto, keys, personal
from mend.vault.keys import Holder


def seal(text: str, *, owner: Any, ref: str) -> bytes:
    return seal_for(owner.pk, text, ref=ref)


def seal_for(holder: Holder, text: str, *, ref: str, key: bytes | None = None) -> bytes:
    """Seal ``text`` with the holder's key (a user id or a scope such as ``practice:3``)."""
    key = key_for_holder(holder) if key is None else key
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
            raise missing_key(holder)
        texts.append(
            crypto.decrypt_text(
                bytes(blob), data_key=unwrapped[holder], owner_id=holder, record_ref=ref
            )
        )
    return texts


def key_for_holder(holder: Holder) -> bytes:
    """The key that seals the holder's text, made the first time (a personal key under a
    passphrase only while this session has unlocked it: ``VaultLocked`` otherwise)."""
    if personal.is_personal(holder):
        return personal.key_for(personal.user_of(str(holder)))
    return keys.key_for_holder(holder)


def missing_key(holder: Holder) -> crypto.VaultKeyError:
    if personal.is_personal(holder) and personal.user_has_passphrase(personal.user_of(str(holder))):
        return crypto.VaultLocked(personal.LOCKED_MESSAGE)
    return crypto.VaultKeyError("The key for this text is missing.")


def unwrapped_keys(holders: set[Holder]) -> dict[Holder, bytes]:
    """The holders' data keys that exist and can be opened here, unwrapped: one query per kind
    of holder (a locked personal key is left out)."""
    own = {h for h in holders if personal.is_personal(h)}
    found: dict[Holder, bytes] = {}
    if own:
        opened = personal.unwrapped({personal.user_of(str(h)) for h in own})
        found.update({personal.holder_for(uid): key for uid, key in opened.items()})
    wrapped = keys.stored_keys_for(holders - own)
    if wrapped:
        kek = keys.current_kek()
        found.update({holder: keys.unwrap(row, kek) for holder, row in wrapped.items()})
    return found
