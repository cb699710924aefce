"""A tiny FIT encoder for tests: real FIT bytes with `record` (global message 20) messages.

Written from the FIT protocol description (file header, definition and data messages,
CRC-16), independently of the SDK under test.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import UTC, datetime

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
RECORD_MESG_NUM = 20
FIELD_TIMESTAMP = 253
FIELD_HEART_RATE = 3
BASE_UINT8 = 0x02
BASE_UINT32 = 0x86
UINT8_INVALID = 0xFF

_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 (polynomial 0xA001, processed a nibble at a time)."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def fit_timestamp(at: datetime) -> int:
    return int((at - FIT_EPOCH).total_seconds())


def _header(data_size: int) -> bytes:
    head = struct.pack("<BBHI4s", 14, 0x20, 2132, data_size, b".FIT")
    return head + struct.pack("<H", fit_crc(head))


def _record_definition(local: int = 0, with_heart_rate: bool = True) -> bytes:
    fields = [(FIELD_TIMESTAMP, 4, BASE_UINT32)]
    if with_heart_rate:
        fields.append((FIELD_HEART_RATE, 1, BASE_UINT8))
    body = struct.pack("<BBBHB", 0x40 | local, 0, 0, RECORD_MESG_NUM, len(fields))
    return body + b"".join(struct.pack("<BBB", *f) for f in fields)


def encode_records(
    samples: Sequence[tuple[datetime, int | None]], *, with_heart_rate: bool = True
) -> bytes:
    """A complete FIT file with one `record` message per (time, bpm); None bpm = invalid (0xFF)."""
    body = bytearray(_record_definition(with_heart_rate=with_heart_rate))
    for at, bpm in samples:
        body += struct.pack("<BI", 0x00, fit_timestamp(at))
        if with_heart_rate:
            body += struct.pack("<B", UINT8_INVALID if bpm is None else bpm)
    content = _header(len(body)) + bytes(body)
    return content + struct.pack("<H", fit_crc(content))
