"""Precision, recall and F1 of predictions against the labelled set."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mend.domain.apology.analyser import COMPONENTS, FLAG_KINDS, SECONDARY, VERDICTS

# A prediction in the labels' own shape: verdict, components/secondary as bools, flags as kinds.
Prediction = dict[str, Any]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int


def prf(tp: int, fp: int, fn: int) -> PRF:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f, tp + fn)


def binary(pairs: Iterable[tuple[bool, bool]]) -> PRF:
    tp = fp = fn = 0
    for gold, pred in pairs:
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    return prf(tp, fp, fn)


def from_result(result: dict[str, Any]) -> Prediction:
    """Reduce an analyze() result to the label shape."""
    return {
        "verdict": result["verdict"],
        "components": {c: result["components"][c]["present"] for c in COMPONENTS},
        "secondary": {s: result["secondary"][s]["present"] for s in SECONDARY},
        "flags": sorted({f["kind"] for f in result["flags"]}),
    }


def score(items: list[dict[str, Any]], predict: Callable[[str], Prediction]) -> dict[str, Any]:
    """Per-component, per-flag and per-verdict PRF, plus verdict macro-F1 and accuracy."""
    preds = [predict(it["text"]) for it in items]
    pairs = list(zip(items, preds, strict=True))
    out: dict[str, Any] = {"components": {}, "secondary": {}, "flags": {}, "verdict": {}}
    for c in COMPONENTS:
        out["components"][c] = binary((g["components"][c], p["components"][c]) for g, p in pairs)
    for s in SECONDARY:
        out["secondary"][s] = binary((g["secondary"][s], p["secondary"][s]) for g, p in pairs)
    for k in FLAG_KINDS:
        out["flags"][k] = binary((k in g["flags"], k in p["flags"]) for g, p in pairs)
    for v in VERDICTS:
        out["verdict"][v] = binary((g["verdict"] == v, p["verdict"] == v) for g, p in pairs)
    out["verdict_macro_f1"] = sum(r.f1 for r in out["verdict"].values()) / len(VERDICTS)
    correct = sum(g["verdict"] == p["verdict"] for g, p in pairs)
    out["verdict_accuracy"] = correct / max(1, len(items))
    out["flag_macro_f1"] = sum(r.f1 for r in out["flags"].values()) / len(FLAG_KINDS)
    out["component_macro_f1"] = sum(r.f1 for r in out["components"].values()) / len(COMPONENTS)
    out["predictions"] = preds
    return out
