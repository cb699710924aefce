"""The labelled apology set and its fixed split (see data/apology/GUIDE.md)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def split_of(item_id: str) -> str:
    """train / dev / test from the first 8 hex digits of SHA-256(id) modulo 10 (0-5, 6-7, 8-9)."""
    bucket = int(hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:8], 16) % 10
    if bucket < 6:
        return "train"
    return "dev" if bucket < 8 else "test"


def default_path() -> Path:
    """data/apology/apologies.jsonl at the repository root (three levels above src/mend)."""
    return Path(__file__).resolve().parents[4] / "data" / "apology" / "apologies.jsonl"


def load(path: Path | None = None, split: str | None = None) -> list[dict[str, Any]]:
    """All items, or those of one split."""
    items = []
    with (path or default_path()).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                item = json.loads(line)
                if split is None or split_of(item["id"]) == split:
                    items.append(item)
    return items
