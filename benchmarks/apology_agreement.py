"""Agreement between the two independent annotators of the wild test set (Cohen's kappa).

python benchmarks/apology_agreement.py
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from checkout import ROOT
from mend.domain.apology.analyser import COMPONENTS, FLAG_KINDS, SECONDARY

WILD = ROOT / "data" / "apology" / "wild" / "annotations"


def _load(name: str) -> dict[str, dict[str, Any]]:
    with (WILD / name).open(encoding="utf-8") as fh:
        return {d["id"]: d for d in map(json.loads, fh) if d}


def kappa(xs: Sequence[Any], ys: Sequence[Any]) -> tuple[float, float]:
    """Observed agreement and Cohen's kappa of two equally long label lists."""
    n = len(xs)
    observed = sum(x == y for x, y in zip(xs, ys, strict=True)) / n
    cx, cy = Counter(xs), Counter(ys)
    expected = sum(cx[k] * cy[k] for k in set(cx) | set(cy)) / (n * n)
    return observed, (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main() -> None:
    a, b = _load("test_annotator_a.jsonl"), _load("test_annotator_b.jsonl")
    ids = sorted(a)
    labels: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        ("verdict", lambda d: d["verdict"]),
        ("apology (verdict != none)", lambda d: d["verdict"] != "none"),
    ]
    labels += [(c, lambda d, c=c: d["components"][c]) for c in COMPONENTS]
    labels += [(c, lambda d, c=c: d["secondary"][c]) for c in SECONDARY]
    labels += [(f, lambda d, f=f: f in d["flags"]) for f in FLAG_KINDS]
    labels.append(("sarcastic", lambda d: bool(d.get("sarcastic"))))
    print(f"{len(ids)} items; command: python benchmarks/apology_agreement.py")
    print(f"{'label':28} {'agree':>6} {'kappa':>6} {'differ':>6}")
    for name, get in labels:
        xs, ys = [get(a[i]) for i in ids], [get(b[i]) for i in ids]
        observed, k = kappa(xs, ys)
        differ = sum(x != y for x, y in zip(xs, ys, strict=True))
        print(f"{name:28} {observed:6.3f} {k:6.3f} {differ:6d}")


if __name__ == "__main__":
    main()
