"""Envelope encryption of private text: AES-256-GCM everywhere (no Django import).

Key hierarchy:
- the key-encryption key (KEK) comes from settings (``MEND_KEK``) and never touches the database;
- each person has one random 256-bit data key, stored only wrapped (encrypted) by the KEK, with
  the person's id as associated data, so a wrapped key cannot be moved to another account;
- each record's text is encrypted with its owner's data key, a fresh random 96-bit nonce, and the
  owner's id and the record's own reference as associated data, so a ciphertext copied onto another
  person's or another record's row fails to decrypt instead of showing the wrong text.

Stored blobs are ``version (1 byte) || nonce (12 bytes) || ciphertext+tag``.
"""

from __future__ import annotations

import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mend.vault.config import decode_kek

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12  # 96 bits: the size GCM is specified for (NIST SP 800-38D, 8.2)
DATA_KEY_BYTES = 32


class VaultKeyError(Exception):
    """A wrapped key or a ciphertext that the configured key cannot open."""


def kek_id(kek: bytes) -> str:
    """A short public fingerprint of a KEK, stored beside each wrapped key (not secret)."""
    return hashlib.sha256(b"mend-kek-id:" + kek).hexdigest()[:16]


def kek_from_setting(value: str) -> bytes:
    try:
        return decode_kek(value)
    except ValueError as exc:
        raise VaultKeyError(str(exc)) from exc


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=DATA_KEY_BYTES * 8)


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes, what: str) -> bytes:
    blob = bytes(blob)
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != FORMAT_VERSION:
        raise VaultKeyError(f"The {what} is not in a format Mend can read.")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag as exc:
        raise VaultKeyError(
            f"The {what} cannot be decrypted: the key is wrong or the data was changed or moved."
        ) from exc


def _key_aad(user_id: int) -> bytes:
    return f"mend:data-key:v1:user:{user_id}".encode()


def _scoped_key_aad(scope: str) -> bytes:
    return f"mend:data-key:v1:scope:{scope}".encode()


def record_aad(owner_id: int | str, record_ref: str) -> bytes:
    # The "journal" prefix predates the other record kinds; changing it would make every stored
    # ciphertext unreadable, so the record's own reference tells the kinds apart.
    return f"mend:journal:v1:owner:{owner_id}:entry:{record_ref}".encode()


def wrap_data_key(data_key: bytes, *, kek: bytes, user_id: int) -> bytes:
    return _seal(kek, data_key, _key_aad(user_id))


def unwrap_data_key(wrapped: bytes, *, kek: bytes, user_id: int) -> bytes:
    key = _open(kek, wrapped, _key_aad(user_id), "data key")
    if len(key) != DATA_KEY_BYTES:
        raise VaultKeyError("The data key has the wrong length.")
    return key


def wrap_scoped_key(data_key: bytes, *, kek: bytes, scope: str) -> bytes:
    return _seal(kek, data_key, _scoped_key_aad(scope))


def unwrap_scoped_key(wrapped: bytes, *, kek: bytes, scope: str) -> bytes:
    key = _open(kek, wrapped, _scoped_key_aad(scope), "data key")
    if len(key) != DATA_KEY_BYTES:
        raise VaultKeyError("The data key has the wrong length.")
    return key


def encrypt_text(plaintext: str, *, data_key: bytes, owner_id: int | str, record_ref: str) -> bytes:
    return _seal(data_key, plaintext.encode("utf-8"), record_aad(owner_id, record_ref))


def decrypt_text(blob: bytes, *, data_key: bytes, owner_id: int | str, record_ref: str) -> str:
    raw = _open(data_key, blob, record_aad(owner_id, record_ref), "private text")
    return raw.decode("utf-8")
