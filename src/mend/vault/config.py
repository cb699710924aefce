"""The key-encryption key (KEK) setting, read before Django starts (no Django imports here).

``MEND_KEK`` (or ``MEND_KEK_FILE``) holds 32 random bytes, base64url-encoded. Production
requires it. A local install generates one and keeps it *outside* its data folder — in
``MEND_KEY_DIR``, by default the user's configuration folder (``~/.config/mend``) — so that a copy
of the data folder (a backup, a synced folder) alone cannot be read.
"""

from __future__ import annotations

import base64
import binascii
import os
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
    key_dir = local_key_dir()
    key_file = key_dir / "kek"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Earlier versions kept the key beside the database: move it out, never copy it.
    legacy = data_dir / "kek"
    value = legacy.read_text(encoding="utf-8").strip() if legacy.exists() else generate_kek()
    key_file.write_text(value, encoding="utf-8")
    key_file.chmod(0o600)
    legacy.unlink(missing_ok=True)
    return value


def local_key_dir() -> Path:
    """Where a local install keeps its generated key: never inside the data folder."""
    configured = env_str("MEND_KEY_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "mend"
