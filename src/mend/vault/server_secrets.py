"""Secrets the server itself must read back (a two-factor key), sealed under the KEK.

Unlike private text, these belong to no one's data key: the server needs them while the person
signs in. Each purpose gets its own AES-256-GCM key derived from the KEK (HKDF-SHA256), so a
database copy without the KEK holds only ciphertext. Sealed values are text (they live in JSON
fields): ``"mendv1:" + urlsafe-base64(nonce || ciphertext+tag)``. A value without the prefix was
stored before encryption and is returned as it is, so existing authenticators keep working
(re-saved sealed the next time they are written).
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mend.vault import crypto, keys

PREFIX = "mendv1:"


def _key(purpose: str, kek: bytes | None = None) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"mend-server-secret:" + purpose.encode(),
    ).derive(keys.current_kek() if kek is None else kek)


def seal(text: str, *, purpose: str, kek: bytes | None = None) -> str:
    nonce = secrets.token_bytes(crypto.NONCE_BYTES)
    body = AESGCM(_key(purpose, kek)).encrypt(nonce, text.encode(), purpose.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + body).decode()


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def open_sealed(value: str, *, purpose: str, kek: bytes | None = None) -> str:
    if not is_sealed(value):
        return value
    blob = base64.urlsafe_b64decode(value[len(PREFIX) :])
    nonce, body = blob[: crypto.NONCE_BYTES], blob[crypto.NONCE_BYTES :]
    try:
        return AESGCM(_key(purpose, kek)).decrypt(nonce, body, purpose.encode()).decode()
    except InvalidTag as exc:  # another key, or tampered
        raise crypto.VaultKeyError("A stored secret cannot be opened with this key.") from exc


def reseal(value: str, *, purpose: str, old: bytes, new: bytes) -> str:
    """The same secret sealed under a new KEK (``mend rotate-kek``)."""
    return seal(open_sealed(value, purpose=purpose, kek=old), purpose=purpose, kek=new)
