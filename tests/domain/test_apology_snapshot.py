"""Every held text's analysis is pinned: a rule that changes any of them must be reviewed.

The per-rule tests show what each rule is for; this one notices when an edit to a pattern changes
the reading of any text the project holds (the first labelled set and the wild training texts;
never the frozen wild test file). After a deliberate change, review the differences it prints and
rewrite the snapshot:

    PYTHONPATH=src .venv/bin/python tests/domain/test_apology_snapshot.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("apology_snapshot.json")


def _texts() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in (
        ROOT / "data" / "apology" / "apologies.jsonl",
        ROOT / "data" / "apology" / "wild" / "train.jsonl",
    ):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    item = json.loads(line)
                    out[item["id"]] = item["text"]
    return out


def _reading(text: str) -> list[Any]:
    from mend.domain.apology import analyze

    r = analyze(text)
    parts = "".join(
        "1" if r[group][name]["present"] else "0"
        for group in ("components", "secondary")
        for name in r[group]
    )
    return [r["verdict"], parts, sorted({f["kind"] for f in r["flags"]}), r["score"]]


def current() -> dict[str, list[Any]]:
    return {item_id: _reading(text) for item_id, text in _texts().items()}


def test_no_held_text_is_read_differently_without_review() -> None:
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = current()
    changed = {k: (pinned.get(k), v) for k, v in now.items() if pinned.get(k) != v}
    assert not changed, "\n".join(f"{k}: {a} -> {b}" for k, (a, b) in list(changed.items())[:20])
    assert set(pinned) == set(now)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    data = current()
    SNAPSHOT.write_text(
        "{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in data.items()) + "\n}\n",
        encoding="utf-8",
    )
    print(f"wrote {len(data)} readings to {SNAPSHOT.name}")
