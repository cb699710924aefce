"""The key-encryption key (KEK) setting, read before Django starts (no Django imports here).

``MEND_KEK`` (or ``MEND_KEK_FILE``) holds 32 random bytes, base64url-encoded. Production
requires it; a local install generates one and keeps it in its data folder, like SECRET_KEY.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from pathlib import Path

from mend.core.env import ImproperlyConfiguredEnv, env_str

KEK_BYTES = 32


def encode_kek(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_kek(value: str) -> bytes:
    """The raw key, or ValueError with a message that says what is wrong (never the key)."""
    text = value.strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the key-encryption key is not valid base64url") from exc
    if len(raw) != KEK_BYTES:
        raise ValueError(
            f"the key-encryption key must be {KEK_BYTES} bytes (base64url), not {len(raw)}"
        )
    return raw


def generate_kek() -> str:
    return encode_kek(secrets.token_bytes(KEK_BYTES))


def load_kek(*, data_dir: Path, production: bool) -> str:
    value = env_str("MEND_KEK")
    if value:
        try:
            decode_kek(value)
        except ValueError as exc:
            raise ImproperlyConfiguredEnv(f"MEND_KEK: {exc}") from exc
        return value.strip()
    if production:
        raise ImproperlyConfiguredEnv(
            "MEND_KEK (or MEND_KEK_FILE) is required in production: 32 random bytes, base64url. "
            "Generate one with `mend generate-kek`."
        )
    key_file = data_dir / "kek"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = generate_kek()
    key_file.write_text(value, encoding="utf-8")
    key_file.chmod(0o600)
    return value
