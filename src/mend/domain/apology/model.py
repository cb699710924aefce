"""A small linear model beside the rules: it decides a few yes/no questions where rules plateau.

The rules find the spans, the flags and the advice; the model reads the same text (words and word
pairs) together with what the rules found, and gives a probability for each of the
targets it was trained for (see `apology_model.json` and benchmarks/train_apology_model.py, which
rebuilds that file from the project's own labelled data). Pure Python, no dependency.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("apology_model.json")

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[!?.,;:]")
_NEGATORS = frozenset({"not", "no", "never", "nor", "without", "cannot", "cant", "wont", "dont"})
_STOPS = frozenset({"!", "?", ".", ",", ";", ":", "but"})


def text_features(masked: str) -> list[str]:
    """Word unigrams and bigrams of the masked (quotes blanked) text.

    A word after a negation ("not", "never", "-n't") up to the next punctuation or "but" is read
    as a different word ("wasn't wrong" gives "~wrong"), so a bag of words can tell "I was wrong"
    from "I wasn't wrong". Character n-grams were tried (3-4-grams): on the dev splits they
    drowned the rules' features and every target scored lower, so the model reads words only.
    """
    out = ["bias"]
    prev = "<s>"
    negated = False
    for t in _TOKEN.findall(masked):
        if t in _STOPS:
            negated = False
            if t == "but":
                out.append("w:but")
            prev = t
            continue
        word = "~" + t if negated else t
        out.append("w:" + word)
        out.append(f"b:{prev} {word}")
        prev = word
        if t in _NEGATORS or t.endswith("n't"):
            negated = True
    out.append(f"b:{prev} </s>")
    return out


def rule_features(
    present: Mapping[str, bool],
    raw: Mapping[str, int],
    flags: Iterable[str],
    verdict: str,
    extras: Iterable[str],
) -> list[str]:
    """What the rules decided, as indicator features."""
    out = [f"r:v={verdict}"]
    out += [f"r:p={k}" for k, v in present.items() if v]
    out += [f"r:raw={k}" for k, n in raw.items() if n and not present.get(k)]
    out += [f"r:f={k}" for k in flags]
    out += [f"r:x={x}" for x in extras]
    return out


# A "yes" the model may give only when the rules saw this in the text: regret needs the writer's
# own apology word (GUIDE.md), whatever the words around it suggest.
REQUIRES = {"regret": "r:x=apology_word"}
# The rules keep the benefit of the doubt: what they found stands unless the model gives it less
# than this (0.2). Regret the rules found always stands: a "sorry" the writer wrote for an act is
# not the model's to take away (and the studio could not say what took it back). For flags the
# trained withdraw threshold is used; the model never adds a flag.
KEEP = {"regret": 0.0, "responsibility": 0.2, "commitment": 0.2, "explanation": 0.2}


def rules_say(target: str, feats: set[str] | frozenset[str]) -> bool:
    """The rules' own answer, read back from the features they contributed."""
    if target.startswith("flag:"):
        return f"r:f={target[5:]}" in feats
    return f"r:p={target}" in feats


def allowed(target: str, feats: set[str] | frozenset[str]) -> bool:
    need = REQUIRES.get(target)
    return need is None or need in feats


def final(
    target: str, p: float, keep: float, add: float | None, feats: set[str] | frozenset[str]
) -> bool:
    """Keep a rule's yes while p >= keep; turn a no into yes when p >= add (None: never)."""
    if rules_say(target, feats):
        return p >= keep
    return add is not None and p >= add and allowed(target, feats)


class LinearModel:
    """Independent logistic regressions over one shared sparse feature space."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.targets: tuple[str, ...] = tuple(data["targets"])
        # target -> [keep, add]: see `final`.
        self.thresholds: dict[str, tuple[float, float | None]] = {
            t: (v[0], v[1]) for t, v in data["thresholds"].items()
        }
        self.weights: dict[str, list[float]] = {f: list(w) for f, w in data["weights"].items()}
        self.meta: dict[str, Any] = dict(data.get("meta", {}))

    def weight_of(self, target: str, feats: Iterable[str]) -> float:
        """How far `feats` alone push `target` (the sum of their weights, no bias)."""
        i = self.targets.index(target)
        return sum(self.weights[f][i] for f in set(feats) if f in self.weights)

    def probabilities(self, feats: Iterable[str]) -> dict[str, float]:
        n = len(self.targets)
        sums = [0.0] * n
        get = self.weights.get
        for f in feats if isinstance(feats, set | frozenset) else set(feats):
            row = get(f)
            if row is not None:
                for i in range(n):
                    sums[i] += row[i]
        return {t: _sigmoid(s) for t, s in zip(self.targets, sums, strict=True)}

    def decide(self, feats: Iterable[str]) -> dict[str, bool]:
        have = set(feats)
        probs = self.probabilities(have)
        return {t: final(t, p, *self.thresholds[t], have) for t, p in probs.items()}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@cache
def load_model(path: Path = MODEL_PATH) -> LinearModel | None:
    """The shipped model, read once; None when the file is absent (the rules then decide alone)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return LinearModel(json.loads(text))
