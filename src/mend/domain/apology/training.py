"""Rebuild the analyser's linear model from the project's own labelled data, reproducibly.

Training texts: the train split of data/apology/apologies.jsonl and of data/apology/wild/train.jsonl
(`split_of(id)`); thresholds and the choice of which targets the model decides are made on the two
dev splits. The frozen wild test set (data/apology/wild/test.jsonl) is never read here.

Logistic regression per target, trained by stochastic gradient descent with AdaGrad steps and an
L2 penalty, in a fixed order drawn from a seeded generator; weights are rounded before they are
written, so the same data gives the same file byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mend.domain.apology.analyser import (
    COMPONENTS,
    FLAG_KINDS,
    SECONDARY,
    analyze_with,
    model_features,
    read_rules,
)
from mend.domain.apology.dataset import default_path, load, split_of
from mend.domain.apology.evaluate import from_result, score
from mend.domain.apology.model import KEEP, LinearModel, final

SEED = 15
EPOCHS = 12
L2 = 1e-3
RATE = 0.1
MIN_COUNT = 3
RULE_DROPOUT = 0.3
DIGITS = 5
# A target is handed to the model only when it beats the rules' F1 on the dev splits. (The rules
# were written while reading the dev texts too, so their dev figure flatters them: the test is
# strict in their favour.)

# Candidate targets: the three parts, the explanation, and each flag (which the model may only
# withdraw, never add: a flag needs the span the rules found).
PART_TARGETS = (*COMPONENTS, "explanation")
FLAG_TARGETS = tuple(f"flag:{k}" for k in FLAG_KINDS)


@dataclass(frozen=True)
class Example:
    feats: tuple[str, ...]
    gold: dict[str, bool]
    rules: dict[str, bool]


def _gold(item: dict[str, Any]) -> dict[str, bool]:
    out = {c: bool(item["components"][c]) for c in COMPONENTS}
    out |= {s: bool(item["secondary"][s]) for s in SECONDARY}
    out |= {f"flag:{k}": k in item["flags"] for k in FLAG_KINDS}
    return out


def _example(item: dict[str, Any]) -> Example:
    reading = read_rules(item["text"])
    rules = dict(reading.present) | {f"flag:{k}": k in reading.flags for k in FLAG_KINDS}
    return Example(tuple(model_features(reading)), _gold(item), rules)


def wild_train_path() -> Path:
    return default_path().parent / "wild" / "train.jsonl"


def load_splits() -> dict[str, list[dict[str, Any]]]:
    """{'train': [...], 'dev': [...]} from the first set and the wild training texts."""
    with wild_train_path().open(encoding="utf-8") as fh:
        wild = [json.loads(line) for line in fh if line.strip()]
    out: dict[str, list[dict[str, Any]]] = {"train": [], "dev": []}
    for split in out:
        out[split] += load(split=split)
        out[split] += [it for it in wild if split_of(it["id"]) == split]
    return out


def _fit(
    rows: Sequence[tuple[list[int], list[int]]],
    ys: Sequence[bool],
    n_feats: int,
    rng: random.Random,
) -> list[float]:
    """Weights for one target. rows: (text feature indices, rule feature indices) per text.

    The rules' features are left out of a step with probability RULE_DROPOUT: the rules were
    written while reading these very texts, so on them they look better than they are on new
    text, and a model that only learnt to copy them would add nothing.
    """
    w = [0.0] * n_feats
    g2 = [1e-8] * n_feats
    order = list(range(len(rows)))
    for _epoch in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            text_idx, rule_idx = rows[i]
            idx = text_idx if rng.random() < RULE_DROPOUT else text_idx + rule_idx
            z = sum(map(w.__getitem__, idx))
            g = _sigmoid(z) - ys[i]
            if -1e-3 < g < 1e-3:
                continue
            for j in idx:
                grad = g + L2 * w[j]
                g2[j] += grad * grad
                w[j] -= RATE * grad / math.sqrt(g2[j])
    return w


def _row(ex: Example, index: dict[str, int]) -> tuple[list[int], list[int]]:
    text = sorted({index[f] for f in ex.feats if f in index and not f.startswith("r:")})
    rules = sorted({index[f] for f in ex.feats if f in index and f.startswith("r:")})
    return text, rules


def _f1(pairs: Sequence[tuple[bool, bool]]) -> float:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _best_threshold(probs: Sequence[float], gold: Sequence[bool]) -> tuple[float, float]:
    best = (0.5, -1.0)
    for k in range(10, 91, 5):
        t = k / 100
        f = _f1([(g, p >= t) for g, p in zip(gold, probs, strict=True)])
        if f > best[1] + 1e-9:
            best = (t, f)
    return best


def train(log: Callable[[str], None] = lambda _s: None) -> dict[str, Any]:
    """The model as the JSON-ready dict that is shipped in apology_model.json."""
    splits = load_splits()
    train_ex = [_example(it) for it in splits["train"]]
    dev_ex = [_example(it) for it in splits["dev"]]
    counts = Counter(f for ex in train_ex for f in set(ex.feats))
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT or f.startswith("r:"))
    index = {f: i for i, f in enumerate(vocab)}
    rows = [_row(ex, index) for ex in train_ex]
    dev_rows = [a + b for a, b in (_row(ex, index) for ex in dev_ex)]
    dev_feats = [frozenset(ex.feats) for ex in dev_ex]
    log(f"train {len(train_ex)} texts, dev {len(dev_ex)}; {len(vocab)} features")
    kept: dict[str, tuple[list[float], tuple[float, float | None]]] = {}
    for target in (*PART_TARGETS, *FLAG_TARGETS):
        w = _fit(
            rows,
            [ex.gold[target] for ex in train_ex],
            len(vocab),
            random.Random(f"{SEED}:{target}"),
        )
        probs = [_sigmoid(sum(map(w.__getitem__, r))) for r in dev_rows]
        gold = [ex.gold[target] for ex in dev_ex]
        rules = [ex.rules[target] for ex in dev_ex]
        withdraw_only = target.startswith("flag:")
        rules_f1 = _f1(list(zip(gold, rules, strict=True)))

        # Parts: the rules' yes stands above KEEP, the add threshold is chosen here. Flags: the
        # model may only withdraw one, and the withdraw threshold is chosen here.
        def said(k: int, ps: Sequence[float] = probs, tg: str = target) -> list[bool]:
            t = k / 100
            keep, add = (t, None) if tg.startswith("flag:") else (KEEP.get(tg, 0.2), t)
            return [final(tg, p, keep, add, ok) for p, ok in zip(ps, dev_feats, strict=True)]

        by_threshold = {k: _f1(list(zip(gold, said(k), strict=True))) for k in range(5, 96, 5)}
        # The threshold whose neighbourhood scores best, not a lucky spike on 250 texts.
        best = (50, -1.0)
        for k in range(10, 91, 5):
            smooth = (by_threshold[k - 5] + by_threshold[k] + by_threshold[k + 5]) / 3
            if smooth > best[1] + 1e-9:
                best = (k, smooth)
        thr = best[0] / 100
        model_f1 = by_threshold[best[0]]
        use = model_f1 > rules_f1 + 1e-9
        log(
            f"  {target:<26} dev F1 rules {rules_f1:.3f}  model {model_f1:.3f}"
            f" (threshold {thr:.2f})" + ("  -> model decides" if use else "")
        )
        if use:
            kept[target] = (w, (thr, None) if withdraw_only else (KEEP.get(target, 0.2), thr))
    targets = list(kept)
    weights: dict[str, list[float]] = {}
    for j, f in enumerate(vocab):
        row = [round(kept[t][0][j], DIGITS) for t in targets]
        if any(row):
            weights[f] = row
    return {
        "targets": targets,
        "thresholds": {t: kept[t][1] for t in targets},
        "weights": weights,
        "meta": {
            "seed": SEED,
            "epochs": EPOCHS,
            "l2": L2,
            "rate": RATE,
            "rule_dropout": RULE_DROPOUT,
            "min_count": MIN_COUNT,
            "train_texts": len(train_ex),
            "dev_texts": len(dev_ex),
            "features": len(weights),
        },
    }


def dev_report(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Scores on the dev splits of the rules alone and of the rules with `model`."""
    dev = load_splits()["dev"]
    lm = LinearModel(model)
    return {
        "rules": score(dev, lambda t: from_result(analyze_with(t, None))),
        "rules+model": score(dev, lambda t: from_result(analyze_with(t, lm))),
    }


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= -30 else 0.0


def dumps(model: dict[str, Any]) -> str:
    return json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
