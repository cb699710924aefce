"""Benchmark the questionnaire engine (mend.domain.instruments): checking a definition and
scoring answers, for the built-in CSI-4 and a synthetic 200-item definition (the largest the
validator accepts), in-process, no Django.

Run: .venv/bin/python benchmarks/bench_instruments.py [--repeat 2000]

Why it matters: a results list parses each result's definition once per row (500 rows at
most), and every import checks the whole file.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import checkout  # noqa: F401  (this tree's src first on the path)
from mend.domain.instruments import (
    MAX_ITEMS,
    builtin_definitions,
    parse_definition,
    score_instrument,
)


def synthetic(items: int) -> dict[str, Any]:
    """A made-up definition (not a published instrument): 5-point items, every third reversed,
    four subscales, a cut-off on the total and on each subscale."""
    ids = [f"q{n}" for n in range(items)]
    subscales = [{"id": f"s{k}", "name": f"Scale {k}", "items": ids[k::4]} for k in range(4)]
    return {
        "format": 1,
        "key": "synthetic",
        "version": "1",
        "name": "Synthetic",
        "short_name": "SYN",
        "citation": "None: a benchmark fixture.",
        "terms": "Benchmark only.",
        "language": "en",
        "languages": ["en"],
        "instructions": "Answer each item.",
        "response_sets": {"five": [{"value": v, "label": str(v)} for v in range(1, 6)]},
        "items": [{"id": i, "text": f"Item {i}", "options": "five"} for i in ids],
        "reverse_keyed": ids[::3],
        "subscales": subscales,
        "scoring": {"method": "mean", "reverse": "min + max - answer"},
        "cutoffs": [{"value": 3, "label": "mid", "source": "none"}]
        + [{"applies_to": f"s{k}", "value": 3, "label": "mid", "source": "none"} for k in range(4)],
    }


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median and 95th percentile, in microseconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1e6)
    runs.sort()
    return statistics.median(runs), runs[int(len(runs) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    print("$", shlex.join([Path(sys.executable).name, *sys.argv]))
    cases = {
        "CSI-4 (4 items)": builtin_definitions()["csi4"],
        f"synthetic ({MAX_ITEMS} items)": synthetic(MAX_ITEMS),
    }
    print(f"{'definition':<24} {'check (µs) median / p95':>26} {'score (µs) median / p95':>26}")
    for name, data in cases.items():
        instrument = parse_definition(data)
        answers = {item.id: item.options[-1].value for item in instrument.items}
        repeat = args.repeat if len(instrument.items) < 50 else max(50, args.repeat // 20)
        check = timed(lambda d=data: parse_definition(d), repeat)
        score = timed(lambda i=instrument, a=answers: score_instrument(i, a), repeat)
        cells = f"{check[0]:>12.1f} / {check[1]:<11.1f} {score[0]:>12.1f} / {score[1]:<11.1f}"
        print(f"{name:<24} {cells}")


if __name__ == "__main__":
    main()
