"""The envelope encryption on its own: wrapping, associated data, tampering, formats."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.vault import crypto
from mend.vault.config import decode_kek, encode_kek, generate_kek

KEK = secrets.token_bytes(32)


def test_wrapped_key_round_trips_and_is_bound_to_its_user() -> None:
    key = crypto.new_data_key()
    wrapped = crypto.wrap_data_key(key, kek=KEK, user_id=7)
    assert key not in wrapped
    assert crypto.unwrap_data_key(wrapped, kek=KEK, user_id=7) == key
    with pytest.raises(crypto.VaultKeyError, match="The data key cannot be decrypted"):
        crypto.unwrap_data_key(wrapped, kek=KEK, user_id=8)


def test_wrong_kek_fails_cleanly() -> None:
    wrapped = crypto.wrap_data_key(crypto.new_data_key(), kek=KEK, user_id=1)
    with pytest.raises(crypto.VaultKeyError, match="cannot be decrypted"):
        crypto.unwrap_data_key(wrapped, kek=secrets.token_bytes(32), user_id=1)


def test_each_encryption_uses_a_fresh_nonce() -> None:
    key = crypto.new_data_key()
    a = crypto.encrypt_text("same", data_key=key, owner_id=1, record_ref="u")
    b = crypto.encrypt_text("same", data_key=key, owner_id=1, record_ref="u")
    assert a != b
    assert a[1:13] != b[1:13]


@pytest.mark.parametrize(("owner", "uid"), [(2, "entry-1"), (1, "entry-2")])
def test_ciphertext_is_bound_to_owner_and_entry(owner: int, uid: str) -> None:
    key = crypto.new_data_key()
    blob = crypto.encrypt_text("secret", data_key=key, owner_id=1, record_ref="entry-1")
    with pytest.raises(crypto.VaultKeyError, match="The private text cannot be decrypted"):
        crypto.decrypt_text(blob, data_key=key, owner_id=owner, record_ref=uid)


@pytest.mark.parametrize(
    ("position", "message"),
    [
        # The first byte is the format version, so changing it makes the blob unreadable.
        (0, "The private text is not in a format Mend can read"),
        (5, "The private text cannot be decrypted"),
        (13, "The private text cannot be decrypted"),
        (-1, "The private text cannot be decrypted"),
    ],
)
def test_any_changed_byte_is_detected(position: int, message: str) -> None:
    key = crypto.new_data_key()
    blob = bytearray(crypto.encrypt_text("secret", data_key=key, owner_id=1, record_ref="u"))
    blob[position] ^= 0x01
    with pytest.raises(crypto.VaultKeyError, match=message):
        crypto.decrypt_text(bytes(blob), data_key=key, owner_id=1, record_ref="u")


def test_truncated_blob_is_refused() -> None:
    with pytest.raises(crypto.VaultKeyError, match="format"):
        crypto.decrypt_text(
            b"\x01short", data_key=crypto.new_data_key(), owner_id=1, record_ref="u"
        )


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=500))
def test_round_trip_any_text(text: str) -> None:
    key = crypto.new_data_key()
    blob = crypto.encrypt_text(text, data_key=key, owner_id=3, record_ref="x")
    assert crypto.decrypt_text(blob, data_key=key, owner_id=3, record_ref="x") == text


def test_kek_setting_format() -> None:
    value = generate_kek()
    assert len(decode_kek(value)) == 32
    assert decode_kek(encode_kek(KEK)) == KEK
    for bad in ("not base64 !!", encode_kek(b"short")):
        with pytest.raises(ValueError, match="key-encryption key"):
            decode_kek(bad)
