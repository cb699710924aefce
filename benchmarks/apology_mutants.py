"""A mutation sample over the apology analyser's pattern tables: do the tests notice?

Each mutant drops one top-level alternative of one pattern (or the whole pattern when it has only
one), the way a careless edit would. The apology tests run in process against each mutant; a
mutant is killed when a test fails. Mutants that change no analysis of any text the project holds
(the labelled sets and the wild training texts) are equivalent and left out of the score.

Run: .venv/bin/python benchmarks/apology_mutants.py [--sample N] [--seed S]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pytest  # noqa: E402

from mend.domain.apology import analyze  # noqa: E402
from mend.domain.apology import patterns as P  # noqa: E402
from mend.domain.apology.dataset import load  # noqa: E402
from mend.domain.apology.evaluate import from_result  # noqa: E402

TESTS = [
    "tests/domain/test_apology_snapshot.py",
    "tests/domain/test_apology_in_the_wild.py",
    "tests/domain/test_apology_analyser.py",
    "tests/domain/test_apology_quality.py",
]
TABLES = {
    "REGRET": P.REGRET,
    "SARCASM": P.SARCASM,
    "RESPONSIBILITY": P.RESPONSIBILITY,
    "COMMITMENT": P.COMMITMENT,
    "EXPLANATION": P.EXPLANATION,
    **{k.upper(): v for k, v in P.FLAG_PATTERNS.items()},
}
NEVER = re.compile(r"(?!x)x")  # matches nothing


def _alternatives(pattern: str) -> list[str]:
    """Top-level alternatives, looking inside the one group `_c` wraps them in."""
    alts = P._top_level_alternatives(pattern)
    if len(alts) == 1 and pattern.startswith("(?:") and pattern.endswith(")"):
        inner = P._top_level_alternatives(pattern[3:-1])
        if len(inner) > 1 and "(?:" + "|".join(inner) + ")" == pattern:
            return ["(?:" + a + ")" for a in inner]
    return alts


def mutants() -> list[tuple[str, int, int, P.Pattern]]:
    out = []
    for name, table in TABLES.items():
        for i, (rx, w, b) in enumerate(table):
            alts = _alternatives(rx.pattern)
            if len(alts) == 1:
                out.append((name, i, -1, (NEVER, w, b)))
                continue
            for j in range(len(alts)):
                rest = "|".join(a for k, a in enumerate(alts) if k != j)
                out.append((name, i, j, (re.compile(rest), w, b)))
    return out


def texts() -> list[str]:
    wild = ROOT / "data" / "apology" / "wild" / "train.jsonl"
    with wild.open(encoding="utf-8") as fh:
        return [it["text"] for it in load()] + [json.loads(x)["text"] for x in fh if x.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sample", type=int, default=60)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--no-snapshot", action="store_true", help="leave the pinned readings out")
    args = ap.parse_args()
    if args.no_snapshot:
        TESTS.remove("tests/domain/test_apology_snapshot.py")
    shown = f"--sample {args.sample} --seed {args.seed}" + (" --no-snapshot" * args.no_snapshot)
    print(f"$ .venv/bin/python benchmarks/apology_mutants.py {shown}")
    corpus = texts()
    base = [from_result(analyze(t)) for t in corpus]
    every = mutants()
    chosen = random.Random(args.seed).sample(every, min(args.sample, len(every)))
    killed = equivalent = 0
    survivors = []
    t0 = time.perf_counter()
    for name, i, j, mutant in chosen:
        table = TABLES[name]
        original = table[i]
        table[i] = mutant
        try:
            if [from_result(analyze(t)) for t in corpus] == base:
                equivalent += 1
                continue
            with contextlib.redirect_stdout(io.StringIO()):
                code = pytest.main(["-x", "-q", "-p", "no:cacheprovider", *TESTS])
            if code != 0:
                killed += 1
            else:
                survivors.append(f"{name}[{i}] alternative {j}")
        finally:
            table[i] = original
    live = len(chosen) - equivalent
    print(f"pattern alternatives in the tables: {len(every)}; sampled {len(chosen)}")
    print(f"equivalent (no analysis of {len(corpus)} held texts changes): {equivalent}")
    print(f"behaviour-changing mutants: {live}; killed by the tests: {killed}")
    print(f"mutation score: {killed / max(1, live):.0%}  ({time.perf_counter() - t0:.0f} s)")
    for s in survivors:
        print(f"  survived: {s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
