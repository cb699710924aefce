"""Heart-rate import from CSV (timestamp,bpm) or a FIT activity file. All or nothing.

Every failure is a HeartRateImportError whose message a person can act on; nothing raised
inside the FIT parser leaks out, and a file with any bad reading imports nothing.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal, NamedTuple

from mend.domain.flooding import ImplausibleHeartRateError, validate_bpm

CSV_MAX_BYTES = 2_000_000
CSV_MAX_ROWS = 200_000
# A day of 1-second records is roughly 1-3 MB of FIT data; 10 MB leaves room for several days.
FIT_MAX_BYTES = 10_000_000
FIT_MAX_RECORDS = 200_000

_HEADER_NAMES = {"timestamp", "time", "datetime", "date", "bpm", "heart_rate", "heartrate", "hr"}
_INTEGER = re.compile(r"^\+?\d+$")
_EPOCH = re.compile(r"^\d+(\.\d+)?$")
# Epoch seconds accepted: 2000-01-01 .. 2100-01-01. Larger values are usually milliseconds.
_EPOCH_MIN = 946_684_800
_EPOCH_MAX = 4_102_444_800

Format = Literal["csv", "fit"]


class Sample(NamedTuple):
    at: datetime
    bpm: int


class HeartRateImportError(ValueError):
    """The whole file was rejected; `line` (CSV) or `record` (FIT) says where, when known."""

    def __init__(self, message: str, *, line: int | None = None, record: int | None = None):
        super().__init__(message)
        self.line = line
        self.record = record


def _at_line(line: int, problem: str) -> HeartRateImportError:
    return HeartRateImportError(f"Line {line}: {problem} Nothing was imported.", line=line)


def _parse_timestamp(text: str, default_tz: tzinfo, line: int) -> datetime:
    if _EPOCH.match(text):
        seconds = float(text)
        if not _EPOCH_MIN <= seconds <= _EPOCH_MAX:
            raise _at_line(
                line,
                f"the timestamp {text!r} is not a date between 2000 and 2100 in epoch seconds "
                "(is it in milliseconds?).",
            )
        return datetime.fromtimestamp(seconds, UTC)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise _at_line(
            line,
            f"the timestamp {text!r} is not an ISO-8601 date and time "
            "(for example 2024-05-01T21:30:00+01:00).",
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.astimezone(UTC)


def _parse_bpm(text: str, line: int) -> int:
    if not _INTEGER.match(text):
        raise _at_line(line, f"the heart rate {text!r} is not a whole number of beats per minute.")
    try:
        return validate_bpm(int(text))
    except ImplausibleHeartRateError as error:
        raise _at_line(line, str(error)) from None


def _is_header(row: list[str]) -> bool:
    return bool(row) and all(cell.strip().lower() in _HEADER_NAMES for cell in row)


def parse_csv(
    data: bytes,
    *,
    max_bytes: int = CSV_MAX_BYTES,
    max_rows: int = CSV_MAX_ROWS,
    default_tz: tzinfo = UTC,
) -> list[Sample]:
    """Parse `timestamp,bpm` rows (optional header). Naive timestamps are read in default_tz.

    Timestamps may be ISO-8601 (with or without offset) or epoch seconds. Returns the samples
    in time order, in UTC.
    """
    if len(data) > max_bytes:
        raise HeartRateImportError(
            f"The file is {len(data):,} bytes; the limit is {max_bytes:,} bytes. "
            "Nothing was imported."
        )
    if not data.strip():
        raise HeartRateImportError("The file is empty. Nothing was imported.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HeartRateImportError(
            f"The file is not UTF-8 text (bad byte at position {error.start}). "
            "Nothing was imported."
        ) from None
    if "\x00" in text:
        raise HeartRateImportError(
            "The file contains binary data, not CSV text. Nothing was imported."
        )

    samples: list[Sample] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    first_row = True
    try:
        for row in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if first_row:
                first_row = False
                if _is_header(cells):
                    continue
            if len(cells) != 2:
                raise _at_line(line, f"expected 2 columns (timestamp,bpm), found {len(cells)}.")
            if len(samples) >= max_rows:
                raise HeartRateImportError(
                    f"The file has more than {max_rows:,} readings. Nothing was imported.",
                    line=line,
                )
            at = _parse_timestamp(cells[0], default_tz, line)
            bpm = _parse_bpm(cells[1], line)
            samples.append(Sample(at, bpm))
    except csv.Error as error:
        raise _at_line(reader.line_num, f"the CSV could not be read ({error}).") from None
    if not samples:
        raise HeartRateImportError("The file has no heart-rate readings. Nothing was imported.")
    samples.sort(key=lambda sample: sample.at)
    return samples


def _looks_like_fit(data: bytes) -> bool:
    return len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT"


def parse_fit(
    data: bytes, *, max_bytes: int = FIT_MAX_BYTES, max_records: int = FIT_MAX_RECORDS
) -> list[Sample]:
    """Read (timestamp, heart_rate) from the `record` messages of a FIT file, checking its CRC."""
    if len(data) > max_bytes:
        raise HeartRateImportError(
            f"The file is {len(data):,} bytes; the limit is {max_bytes:,} bytes. "
            "Nothing was imported."
        )
    if not data:
        raise HeartRateImportError("The file is empty. Nothing was imported.")
    if not _looks_like_fit(data):
        raise HeartRateImportError("This is not a FIT file. Nothing was imported.")
    messages = _decode_fit(data)
    records = messages.get("record_mesgs") or []
    samples: list[Sample] = []
    for index, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        heart_rate = record.get("heart_rate")
        timestamp = record.get("timestamp")
        if heart_rate is None:
            continue
        if not isinstance(timestamp, datetime):
            raise HeartRateImportError(
                f"Record {index} has a heart rate but no timestamp. Nothing was imported.",
                record=index,
            )
        try:
            bpm = validate_bpm(heart_rate)
        except ImplausibleHeartRateError as error:
            raise HeartRateImportError(
                f"Record {index}: {error} Nothing was imported.", record=index
            ) from None
        if len(samples) >= max_records:
            raise HeartRateImportError(
                f"The file has more than {max_records:,} heart-rate records. Nothing was imported."
            )
        at = timestamp if timestamp.tzinfo is not None else timestamp.replace(tzinfo=UTC)
        samples.append(Sample(at.astimezone(UTC), bpm))
    if not samples:
        raise HeartRateImportError("The FIT file has no heart-rate records. Nothing was imported.")
    samples.sort(key=lambda sample: sample.at)
    return samples


def _decode_fit(data: bytes) -> dict[str, Any]:
    # Imported here so that CSV import and the rest of the domain work without the FIT SDK.
    try:
        from garmin_fit_sdk import Decoder, Stream
    except ImportError:  # pragma: no cover - depends on the deployment
        raise HeartRateImportError(
            "FIT import is not available on this server (garmin-fit-sdk is not installed)."
        ) from None
    try:
        decoder = Decoder(Stream.from_byte_array(bytearray(data)))
        if not decoder.is_fit():
            raise HeartRateImportError("This is not a FIT file. Nothing was imported.")
        if not decoder.check_integrity():
            raise HeartRateImportError(
                "The FIT file is damaged or incomplete (its size or checksum does not match). "
                "Nothing was imported."
            )
        decoder = Decoder(Stream.from_byte_array(bytearray(data)))
        messages, errors = decoder.read(merge_heart_rates=False)
    except HeartRateImportError:
        raise
    except Exception:  # the parser's own errors must not leak: any failure rejects the file
        raise HeartRateImportError(
            "The FIT file could not be read. Nothing was imported."
        ) from None
    if errors:
        raise HeartRateImportError(
            "The FIT file could not be read completely. Nothing was imported."
        )
    if not isinstance(messages, dict):
        raise HeartRateImportError("The FIT file could not be read. Nothing was imported.")
    return dict(messages)


def detect_format(filename: str, data: bytes) -> Format:
    """'fit' or 'csv', from the content first and the file name second."""
    if _looks_like_fit(data):
        return "fit"
    name = filename.lower()
    if name.endswith(".fit"):
        return "fit"
    if name.endswith((".csv", ".txt")):
        return "csv"
    try:
        data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        # A multi-byte character cut at 4096 would land here; check the whole file before giving up.
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise HeartRateImportError(
                "Unrecognised file: upload a CSV (timestamp,bpm) or a FIT file from a watch."
            ) from None
    return "csv"


def parse_heart_rate_file(
    filename: str, data: bytes, *, max_csv_bytes: int = CSV_MAX_BYTES
) -> list[Sample]:
    """Detect the format and parse (a CSV up to ``max_csv_bytes``, the deployment's limit)."""
    if detect_format(filename, data) == "fit":
        return parse_fit(data)
    return parse_csv(data, max_bytes=max_csv_bytes)
