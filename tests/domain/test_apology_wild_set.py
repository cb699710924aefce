"""The wild test set is frozen: tuning happens on the training texts only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

WILD = Path(__file__).resolve().parents[2] / "data" / "apology" / "wild"
# Recorded when the set was frozen, before any rule or model was tuned on new text.
FROZEN_TEST_SHA256 = "93228751ddd7cfcbc2b04d0e17a9603102c9711b60858beb7fe4c0362af6acef"


def test_the_test_split_is_unchanged_since_it_was_frozen() -> None:
    digest = hashlib.sha256((WILD / "test.jsonl").read_bytes()).hexdigest()
    assert digest == FROZEN_TEST_SHA256


def test_test_and_training_texts_do_not_overlap() -> None:
    def texts(name: str) -> set[str]:
        with (WILD / name).open(encoding="utf-8") as fh:
            return {json.loads(line)["text"].strip().lower() for line in fh if line.strip()}

    assert len(texts("test.jsonl")) == 600
    assert not texts("test.jsonl") & texts("train.jsonl")
