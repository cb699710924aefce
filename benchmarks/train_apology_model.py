"""Rebuild the apology analyser's model file (src/mend/domain/apology/apology_model.json).

Trains on the train splits of data/apology/apologies.jsonl and data/apology/wild/train.jsonl,
chooses thresholds and the targets the model decides on their dev splits, and never reads the
frozen wild test set. Seeded: the same data gives the same file, byte for byte.

Run: .venv/bin/python benchmarks/train_apology_model.py [--check]
  --check   rebuild in memory and fail if it differs from the shipped file
"""

from __future__ import annotations

import argparse
import time

from checkout import ROOT
from mend.domain.apology.model import MODEL_PATH
from mend.domain.apology.training import dev_report, digest, dumps, train


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    model = train(print)
    text = dumps(model)
    print(
        f"trained in {time.perf_counter() - t0:.1f} s;"
        f" targets the model decides: {model['targets']}"
    )
    print(f"{len(model['weights'])} features, {len(text) / 1024:.0f} KB, sha256 {digest(text)}")
    if args.check:
        shipped = MODEL_PATH.read_text(encoding="utf-8")
        same = shipped == text
        print("same as the shipped file" if same else "DIFFERS from the shipped file")
        return 0 if same else 1
    MODEL_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    print("\ndev splits (first set + wild training texts), rules alone vs rules with the model:")
    for name, res in dev_report(model).items():
        print(
            f"  {name:<12} verdict macro-F1 {res['verdict_macro_f1']:.3f}"
            f"  accuracy {res['verdict_accuracy']:.3f}"
            f"  component macro-F1 {res['component_macro_f1']:.3f}"
            f"  flag macro-F1 {res['flag_macro_f1']:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
