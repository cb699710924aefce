"""One labelled text per rule that the rule is needed for (apology_rule_witnesses.json).

Each witness is a text from the training or dev splits (never a test split) that the analyser
reads right on one field (a part, a flag, or the verdict) and that goes wrong on that field when
the rule it guards is broken: one pattern alternative dropped, or one operator in the analyser's
code changed. Unlike the snapshot, it asserts the annotators' label, not the current output.
Rebuild after a deliberate change (it lists every mutant the hand-written tests miss):

    PYTHONPATH=src .venv/bin/python benchmarks/apology_mutants.py --write-witnesses
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from mend.domain.apology import analyze
from mend.domain.apology.dataset import default_path, load
from mend.domain.apology.evaluate import from_result

WITNESSES = Path(__file__).with_name("apology_rule_witnesses.json")


@cache
def _items() -> dict[str, dict[str, Any]]:
    with (default_path().parent / "wild" / "train.jsonl").open(encoding="utf-8") as fh:
        wild = [json.loads(line) for line in fh if line.strip()]
    return {it["id"]: it for it in load() + wild}


def _field(labels: dict[str, Any], field: str) -> Any:
    if field == "verdict":
        return labels["verdict"]
    group, name = field.split(".")
    if group == "flags":
        return name in labels["flags"]
    return labels[group][name]


def test_every_rule_witness_is_read_as_labelled() -> None:
    witnesses = json.loads(WITNESSES.read_text(encoding="utf-8"))
    assert witnesses
    wrong = []
    for w in witnesses:
        item = _items()[w["id"]]
        got = _field(from_result(analyze(item["text"])), w["field"])
        if got != _field(item, w["field"]):
            wrong.append(f"{w['id']} {w['field']}: {got!r} (guards {w['guards']})")
    assert not wrong, "\n".join(wrong)
