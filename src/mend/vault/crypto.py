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
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from mend.vault.config import decode_kek

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12  # 96 bits: the size GCM is specified for (NIST SP 800-38D, 8.2)
DATA_KEY_BYTES = 32


class VaultKeyError(Exception):
    """A wrapped key or a ciphertext that the configured key cannot open."""


class VaultLocked(VaultKeyError):
    """Text under a person's own passphrase, and this session has not unlocked it."""


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


def _open_data_key(wrapping: bytes, wrapped: bytes, aad: bytes) -> bytes:
    key = _open(wrapping, wrapped, aad, "data key")
    if len(key) != DATA_KEY_BYTES:
        raise VaultKeyError("The data key has the wrong length.")
    return key


def unwrap_data_key(wrapped: bytes, *, kek: bytes, user_id: int) -> bytes:
    return _open_data_key(kek, wrapped, _key_aad(user_id))


def wrap_scoped_key(data_key: bytes, *, kek: bytes, scope: str) -> bytes:
    return _seal(kek, data_key, _scoped_key_aad(scope))


def unwrap_scoped_key(wrapped: bytes, *, kek: bytes, scope: str) -> bytes:
    return _open_data_key(kek, wrapped, _scoped_key_aad(scope))


def encrypt_text(plaintext: str, *, data_key: bytes, owner_id: int | str, record_ref: str) -> bytes:
    return _seal(data_key, plaintext.encode("utf-8"), record_aad(owner_id, record_ref))


def decrypt_text(blob: bytes, *, data_key: bytes, owner_id: int | str, record_ref: str) -> str:
    raw = _open(data_key, blob, record_aad(owner_id, record_ref), "private text")
    return raw.decode("utf-8")


# --- A person's own lock: the self-trust key wrapped by a passphrase or a recovery code.
#
# A passphrase is stretched with scrypt (memory-hard: every guess costs the guesser the same
# memory as the server, so graphics cards and custom chips gain little). The parameters are
# stored beside each wrapped key, so raising them later does not lock anyone out.
# Recovery codes are random (80 bits each): no guessing can find one, so a fast key derivation
# (HKDF-SHA256) is enough and setting a passphrase does not cost ten scrypt runs.


def passphrase_key(passphrase: str, *, salt: bytes, n: int, r: int, p: int) -> bytes:
    text = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=DATA_KEY_BYTES, n=n, r=r, p=p).derive(text)


def recovery_key(code: str, *, salt: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=DATA_KEY_BYTES, salt=salt, info=b"mend-recovery-code"
    ).derive(normalise_code(code).encode("ascii"))


def normalise_code(code: str) -> str:
    """Recovery codes are read aloud and copied by hand: case, spaces and dashes do not count."""
    return "".join(c for c in code.upper() if c.isalnum() and c.isascii())


def _personal_aad(user_id: int, how: str) -> bytes:
    return f"mend:self-key:v1:user:{user_id}:{how}".encode()


def wrap_personal_key(key: bytes, *, wrapping: bytes, user_id: int, how: str) -> bytes:
    """``how`` is "kek", "passphrase" or "recovery": a key wrapped one way opens no other way."""
    return _seal(wrapping, key, _personal_aad(user_id, how))


def unwrap_personal_key(wrapped: bytes, *, wrapping: bytes, user_id: int, how: str) -> bytes:
    return _open_data_key(wrapping, wrapped, _personal_aad(user_id, how))


def seal_for_session(key: bytes, *, cookie_key: bytes, user_id: int) -> bytes:
    return _seal(cookie_key, key, _personal_aad(user_id, "session"))


def open_from_session(blob: bytes, *, cookie_key: bytes, user_id: int) -> bytes:
    return unwrap_personal_key(blob, wrapping=cookie_key, user_id=user_id, how="session")
