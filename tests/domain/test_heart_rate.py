from __future__ import annotations

import contextlib
import random
import re
import struct
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.domain.heart_rate import (
    HeartRateImportError,
    Sample,
    detect_format,
    parse_csv,
    parse_fit,
    parse_heart_rate_file,
)

from .fit_fixtures import encode_records, fit_crc, fit_timestamp

T0 = datetime(2024, 5, 1, 20, 0, tzinfo=UTC)


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_with_header_and_offsets() -> None:
    data = (
        b"timestamp,bpm\n"
        b"2024-05-01T21:00:05+01:00,72\n"
        b"2024-05-01T20:00:00Z,70\n"
        b"2024-05-01 20:00:10,101\n"
    )
    assert parse_csv(data) == [
        Sample(T0, 70),
        Sample(T0 + timedelta(seconds=5), 72),
        Sample(T0 + timedelta(seconds=10), 101),
    ]


def test_csv_without_header_epoch_and_blank_lines_crlf_bom() -> None:
    epoch = int(T0.timestamp())
    data = f"\ufeff{epoch},60\r\n\r\n{epoch + 1}, 61 \r\n".encode()
    assert parse_csv(data) == [Sample(T0, 60), Sample(T0 + timedelta(seconds=1), 61)]


def test_csv_naive_timestamps_use_default_tz() -> None:
    plus_two = timezone(timedelta(hours=2))
    samples = parse_csv(b"2024-05-01T22:00:00,70\n", default_tz=plus_two)
    assert samples == [Sample(T0, 70)]
    assert samples[0].at.tzinfo == UTC


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (b"timestamp,bpm\n2024-05-01T20:00:00Z,70\nyesterday,71\n", 3, "not an ISO-8601"),
        (b"2024-05-01T20:00:00Z,72.5\n", 1, "not a whole number"),
        (b"2024-05-01T20:00:00Z,abc\n", 1, "not a whole number"),
        (b"2024-05-01T20:00:00Z,\n", 1, "not a whole number"),
        (b"2024-05-01T20:00:00Z,70\n2024-05-01T20:00:01Z,300\n", 2, "300 bpm is not plausible"),
        (b"2024-05-01T20:00:00Z,24\n", 1, "24 bpm is not plausible"),
        (b"2024-05-01T20:00:00Z,70,extra\n", 1, "expected 2 columns"),
        (b"2024-05-01T20:00:00Z\n", 1, "expected 2 columns"),
        (b"1714593600000,70\n", 1, "milliseconds"),
        (b'"2024-05-01T20:00:00Z,70\n', 1, "expected 2 columns"),
    ],
)
def test_csv_rejects_whole_file_naming_the_line(data: bytes, line: int, fragment: str) -> None:
    with pytest.raises(
        HeartRateImportError, match=rf"^Line {line}: .*{re.escape(fragment)}"
    ) as caught:
        parse_csv(data)
    assert caught.value.line == line
    assert f"Line {line}:" in str(caught.value)
    assert fragment in str(caught.value)
    assert "Nothing was imported" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"timestamp,bpm\n"])
def test_csv_empty(data: bytes) -> None:
    with pytest.raises(HeartRateImportError, match=r"empty|no heart-rate readings"):
        parse_csv(data)


def test_csv_not_utf8() -> None:
    with pytest.raises(HeartRateImportError, match="not UTF-8"):
        parse_csv(b"2024-05-01T20:00:00Z,70\n\xff\xfe,71\n")


def test_csv_binary_with_nul() -> None:
    with pytest.raises(HeartRateImportError, match="binary"):
        parse_csv(b"2024-05-01T20:00:00Z,70\x00\n")


def test_csv_too_large_and_too_many_rows() -> None:
    row = b"2024-05-01T20:00:00Z,70\n"
    with pytest.raises(HeartRateImportError, match="limit is 100 bytes"):
        parse_csv(row * 5, max_bytes=100)
    assert len(parse_csv(row * 3, max_rows=3)) == 3
    with pytest.raises(HeartRateImportError, match="more than 3 readings"):
        parse_csv(row * 4, max_rows=3)


def test_csv_default_limits_reject_over_two_megabytes() -> None:
    with pytest.raises(HeartRateImportError, match="limit is 2,000,000 bytes"):
        parse_csv(b"x" * 2_000_001)


def test_csv_error_late_in_file_imports_nothing() -> None:
    good = "".join(f"{int(T0.timestamp()) + i},70\n" for i in range(1000))
    with pytest.raises(HeartRateImportError, match="Line 1001"):
        parse_csv((good + "not-a-time,70\n").encode())


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(25, 250)), min_size=1, max_size=50))
def test_csv_round_trip(rows: list[tuple[int, int]]) -> None:
    base = int(T0.timestamp())
    text = "timestamp,bpm\n" + "".join(f"{base + s},{bpm}\n" for s, bpm in rows)
    samples = parse_csv(text.encode())
    assert sorted((s.at, s.bpm) for s in samples) == sorted(
        (T0 + timedelta(seconds=s), bpm) for s, bpm in rows
    )
    assert [s.at for s in samples] == sorted(s.at for s in samples)


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_csv_never_raises_anything_else(data: bytes) -> None:
    with contextlib.suppress(HeartRateImportError):
        parse_csv(data)


# --- FIT ---------------------------------------------------------------------------------------


def _good_fit(n: int = 5) -> bytes:
    return encode_records([(T0 + timedelta(seconds=i), 60 + i) for i in range(n)])


def test_fit_fixture_crc_matches_known_value() -> None:
    # CRC-16/ARC of "123456789" is 0xBB3D; the FIT CRC is the same polynomial.
    assert fit_crc(b"123456789") == 0xBB3D
    assert fit_timestamp(datetime(1989, 12, 31, tzinfo=UTC)) == 0


def test_fit_good_file() -> None:
    assert parse_fit(_good_fit()) == [Sample(T0 + timedelta(seconds=i), 60 + i) for i in range(5)]


def test_fit_skips_records_without_heart_rate() -> None:
    data = encode_records([(T0, 70), (T0 + timedelta(seconds=1), None), (T0 + timedelta(2), 71)])
    assert [s.bpm for s in parse_fit(data)] == [70, 71]


def test_fit_with_no_heart_rate_records() -> None:
    with pytest.raises(HeartRateImportError, match="no heart-rate records"):
        parse_fit(encode_records([(T0, 0), (T0, 0)], with_heart_rate=False))
    with pytest.raises(HeartRateImportError, match="no heart-rate records"):
        parse_fit(encode_records([(T0, None)]))


def test_fit_with_implausible_heart_rate_imports_nothing() -> None:
    data = encode_records([(T0, 70), (T0 + timedelta(seconds=1), 20)])
    with pytest.raises(
        HeartRateImportError, match=r"Record 2: .*20 bpm is not plausible"
    ) as caught:
        parse_fit(data)
    assert caught.value.record == 2


@pytest.mark.parametrize("cut", [1, 2, 3, 10])
def test_fit_truncated(cut: int) -> None:
    with pytest.raises(HeartRateImportError, match="damaged or incomplete"):
        parse_fit(_good_fit()[:-cut])


def test_fit_truncated_inside_header() -> None:
    with pytest.raises(HeartRateImportError, match="This is not a FIT file"):
        parse_fit(_good_fit()[:13])


def test_fit_bad_file_crc() -> None:
    data = bytearray(_good_fit())
    data[-1] ^= 0x01
    with pytest.raises(HeartRateImportError, match="damaged or incomplete"):
        parse_fit(bytes(data))


def test_fit_flipped_payload_byte_fails_crc() -> None:
    data = bytearray(_good_fit())
    data[20] ^= 0x40
    with pytest.raises(HeartRateImportError, match="damaged or incomplete"):
        parse_fit(bytes(data))


def test_fit_with_valid_crc_but_undefined_message_is_rejected() -> None:
    # A data message for local type 3, which was never defined; CRCs are correct.
    body = struct.pack("<BIB", 0x03, fit_timestamp(T0), 70)
    head = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    head += struct.pack("<H", fit_crc(head))
    content = head + body
    data = content + struct.pack("<H", fit_crc(content))
    with pytest.raises(HeartRateImportError, match="could not be read"):
        parse_fit(data)


def test_fit_random_bytes_and_not_fit() -> None:
    rng = random.Random(6)
    with pytest.raises(HeartRateImportError, match="not a FIT file"):
        parse_fit(bytes(rng.randrange(256) for _ in range(4096)))
    with pytest.raises(HeartRateImportError, match="not a FIT file"):
        parse_fit(b"timestamp,bpm\n2024-05-01T20:00:00Z,70\n")
    with pytest.raises(HeartRateImportError, match="empty"):
        parse_fit(b"")


def test_fit_too_large() -> None:
    with pytest.raises(HeartRateImportError, match="limit is 100 bytes"):
        parse_fit(_good_fit(50), max_bytes=100)


def test_fit_too_many_records() -> None:
    with pytest.raises(HeartRateImportError, match="more than 3 heart-rate records"):
        parse_fit(_good_fit(4), max_records=3)


@settings(max_examples=150)
@given(st.integers(0, 200), st.integers(0, 255))
def test_fit_single_byte_corruption_never_leaks(position: int, value: int) -> None:
    data = bytearray(_good_fit(10))
    position %= len(data)
    data[position] = value
    try:
        samples = parse_fit(bytes(data))
    except HeartRateImportError:
        return
    # Only a no-op change can still parse, and then it must parse to the original readings.
    assert samples == parse_fit(_good_fit(10))


@settings(max_examples=150)
@given(st.binary(min_size=12, max_size=200))
def test_fit_header_shaped_garbage_never_leaks(tail: bytes) -> None:
    data = struct.pack("<BBHI4s", 14, 0x20, 2132, len(tail), b".FIT") + b"\x00\x00" + tail
    with contextlib.suppress(HeartRateImportError):
        parse_fit(data)


# --- format detection --------------------------------------------------------------------------


def test_detect_format_by_content_then_name() -> None:
    assert detect_format("upload.bin", _good_fit()) == "fit"
    assert detect_format("watch.FIT", b"garbage") == "fit"
    assert detect_format("export.csv", _good_fit()) == "fit"  # content wins
    assert detect_format("export.csv", b"\xff\xfe") == "csv"
    assert detect_format("hr", b"timestamp,bpm\n") == "csv"


def test_detect_format_rejects_unknown_binary() -> None:
    with pytest.raises(HeartRateImportError, match="Unrecognised file"):
        detect_format("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF")


def test_parse_heart_rate_file_dispatches() -> None:
    assert parse_heart_rate_file("a.fit", _good_fit(2))[1].bpm == 61
    assert parse_heart_rate_file("a.csv", b"2024-05-01T20:00:00Z,70\n") == [Sample(T0, 70)]
