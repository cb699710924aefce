"""Envelope encryption for the journal: AES-256-GCM everywhere.

Key hierarchy:
- the key-encryption key (KEK) comes from settings (``MEND_KEK``) and never touches the database;
- each person has one random 256-bit data key, stored only wrapped (encrypted) by the KEK, with
  the person's id as associated data, so a wrapped key cannot be moved to another account;
- each journal entry is encrypted with its owner's data key, a fresh random 96-bit nonce, and the
  owner's id and the entry's id as associated data, so a ciphertext copied onto another person's
  or another entry's row fails to decrypt instead of showing the wrong text.

Stored blobs are ``version (1 byte) || nonce (12 bytes) || ciphertext+tag``.
"""

from __future__ import annotations

import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mend.selftrust.keyconfig import decode_kek

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12  # 96 bits: the size GCM is specified for (NIST SP 800-38D, 8.2)
DATA_KEY_BYTES = 32


class JournalKeyError(Exception):
    """A wrapped key or a ciphertext that the configured key cannot open."""


def kek_id(kek: bytes) -> str:
    """A short public fingerprint of a KEK, stored beside each wrapped key (not secret)."""
    return hashlib.sha256(b"mend-kek-id:" + kek).hexdigest()[:16]


def kek_from_setting(value: str) -> bytes:
    try:
        return decode_kek(value)
    except ValueError as exc:
        raise JournalKeyError(str(exc)) from exc


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=DATA_KEY_BYTES * 8)


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes, what: str) -> bytes:
    blob = bytes(blob)
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != FORMAT_VERSION:
        raise JournalKeyError(f"The {what} is not in a format Mend can read.")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag as exc:
        raise JournalKeyError(
            f"The {what} cannot be decrypted: the key is wrong or the data was changed or moved."
        ) from exc


def _key_aad(user_id: int) -> bytes:
    return f"mend:data-key:v1:user:{user_id}".encode()


def entry_aad(owner_id: int, entry_uid: str) -> bytes:
    return f"mend:journal:v1:owner:{owner_id}:entry:{entry_uid}".encode()


def wrap_data_key(data_key: bytes, *, kek: bytes, user_id: int) -> bytes:
    return _seal(kek, data_key, _key_aad(user_id))


def unwrap_data_key(wrapped: bytes, *, kek: bytes, user_id: int) -> bytes:
    key = _open(kek, wrapped, _key_aad(user_id), "journal key")
    if len(key) != DATA_KEY_BYTES:
        raise JournalKeyError("The journal key has the wrong length.")
    return key


def encrypt_text(plaintext: str, *, data_key: bytes, owner_id: int, entry_uid: str) -> bytes:
    return _seal(data_key, plaintext.encode("utf-8"), entry_aad(owner_id, entry_uid))


def decrypt_text(blob: bytes, *, data_key: bytes, owner_id: int, entry_uid: str) -> str:
    raw = _open(data_key, blob, entry_aad(owner_id, entry_uid), "journal entry")
    return raw.decode("utf-8")
