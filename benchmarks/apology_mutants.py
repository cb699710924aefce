"""A mutation run over the apology analyser: do the tests notice a broken rule?

Three kinds of mutant, each the kind of slip a careless edit makes:

- table:  one top-level alternative dropped from one pattern of a pattern table (or the whole
          pattern when it has only one);
- regex:  the same for a standalone pattern (cues, negation, speech, clause and quote patterns in
          patterns.py, analyser.py and text.py);
- code:   one operator changed in the analyser's code (analyser.py, text.py, model.py): `and` <->
          `or`, a comparison flipped (< <=, == !=, in / not in), a `not` dropped, an `if`
          condition negated, a `continue` made `pass`, True <-> False, a number nudged.

A mutant is killed when one of the apology tests fails against it. Mutants that change no
analysis of any text the project holds (the first labelled set and the wild training texts; never
the frozen wild test file) are equivalent and left out of the score. The snapshot test pins the
reading of exactly those texts, so it would kill every counted mutant by construction: the score
is printed without it (the rule tests alone) unless --with-snapshot is given.

The tests run in process (test functions called directly, parametrize expanded), which is what
makes a few hundred mutants affordable; tests that need fixtures are left out of this run.

Run: .venv/bin/python benchmarks/apology_mutants.py [--sample N] [--seed S] [--with-snapshot]
     (--sample 0: every mutant)
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import itertools
import json
import random
import re
import sys
import time
import types
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checkout import ROOT

sys.path.insert(0, str(ROOT))

from mend.domain.apology import analyser as A
from mend.domain.apology import analyze
from mend.domain.apology import model as M
from mend.domain.apology import patterns as P
from mend.domain.apology import text as T
from mend.domain.apology.dataset import load
from mend.domain.apology.evaluate import from_result

TEST_MODULES = [
    "tests.domain.test_apology_in_the_wild",
    "tests.domain.test_apology_analyser",
    "tests.domain.test_apology_rules",
    "tests.domain.test_apology_quality",
    "tests.domain.test_apology_input",
    "tests.domain.test_apology_model",
]
SNAPSHOT_MODULE = "tests.domain.test_apology_snapshot"
WITNESS_MODULE = "tests.domain.test_apology_rule_witnesses"
WITNESSES = ROOT / "tests" / "domain" / "apology_rule_witnesses.json"
TABLES = {
    "REGRET": P.REGRET,
    "SARCASM": P.SARCASM,
    "RESPONSIBILITY": P.RESPONSIBILITY,
    "COMMITMENT": P.COMMITMENT,
    "EXPLANATION": P.EXPLANATION,
    "FORGIVENESS_REQUEST": P.FORGIVENESS_REQUEST,
    **{k.upper(): v for k, v in P.FLAG_PATTERNS.items()},
}
CODE_MODULES = (A, T, M)
NEVER = re.compile(r"(?!x)x")  # matches nothing


@dataclass
class Mutant:
    kind: str
    label: str
    apply: Callable[[], None]
    undo: Callable[[], None]
    # For a dropped alternative: only texts it can match anywhere can read differently.
    dropped: str | None = None

    def candidates(self, preps: list[tuple[str, str]]) -> list[int]:
        """Texts that may read differently: for a dropped alternative, those it can match
        (normalised or masked; the anchors ^ and $ of a branch loosened, so this errs wide)."""
        if self.dropped is None:
            return list(range(len(preps)))
        loose = re.sub(r"(^|(?<=[(|:]))\^|\$(?=[)|]|$)|\\A|\\Z", "", self.dropped)
        try:
            rx = re.compile(loose)
        except re.error:
            return list(range(len(preps)))
        return [i for i, p in enumerate(preps) if rx.search(p[0]) or rx.search(p[1])]


def _alternatives(pattern: str) -> list[str]:
    """Top-level alternatives, looking inside the one group `_c` wraps them in."""
    alts = P._top_level_alternatives(pattern)
    if len(alts) == 1 and pattern.startswith("(?:") and pattern.endswith(")"):
        inner = P._top_level_alternatives(pattern[3:-1])
        if len(inner) > 1 and "(?:" + "|".join(inner) + ")" == pattern:
            return ["(?:" + a + ")" for a in inner]
    return alts


def _dropped(pattern: str) -> Iterator[tuple[int, str | None, str]]:
    """(index, the pattern without that alternative or None, the alternative dropped)."""
    alts = _alternatives(pattern)
    if len(alts) == 1:
        yield -1, None, pattern
        return
    for j in range(len(alts)):
        yield j, "|".join(a for k, a in enumerate(alts) if k != j), alts[j]


def table_mutants() -> list[Mutant]:
    out = []
    for name, table in TABLES.items():
        for i, (rx, w, b) in enumerate(table):
            for j, rest, alt in _dropped(rx.pattern):
                new = (NEVER if rest is None else re.compile(rest, rx.flags), w, b)

                def apply(t: list[Any] = table, i: int = i, new: Any = new) -> None:
                    t[i] = new

                def undo(t: list[Any] = table, i: int = i, old: Any = (rx, w, b)) -> None:
                    t[i] = old

                out.append(Mutant("table", f"{name}[{i}] alternative {j}", apply, undo, alt))
    return out


def regex_mutants() -> list[Mutant]:
    out = []
    for mod in (P, A, T, M):
        for name, obj in list(vars(mod).items()):
            if isinstance(obj, re.Pattern):
                rx = obj
            elif isinstance(obj, P.Cue):
                rx = obj.rx
            else:
                continue
            for j, rest, alt in _dropped(rx.pattern):
                new_rx = NEVER if rest is None else re.compile(rest, rx.flags)
                if isinstance(obj, P.Cue):
                    new: Any = P.Cue.__new__(P.Cue)
                    new.rx, new.boundary = new_rx, obj.boundary
                else:
                    new = new_rx

                def apply(mod: Any = mod, name: str = name, new: Any = new) -> None:
                    setattr(mod, name, new)

                def undo(mod: Any = mod, name: str = name, old: Any = obj) -> None:
                    setattr(mod, name, old)

                short = mod.__name__.rsplit(".", 1)[1]
                out.append(Mutant("regex", f"{short}.{name} alternative {j}", apply, undo, alt))
    return out


# ------------------------------------------------------------------ code mutants

_CMP_SWAP: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


def _points(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    """Mutation points inside function bodies (not module-level tables or docstrings)."""
    points: list[tuple[ast.AST, str]] = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.BoolOp):
                points.append((node, "and/or"))
            elif isinstance(node, ast.Compare) and type(node.ops[0]) in _CMP_SWAP:
                points.append((node, "compare"))
            elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                points.append((node, "drop not"))
            elif isinstance(node, ast.If):
                points.append((node, "negate if"))
            elif isinstance(node, ast.Continue):
                points.append((node, "continue->pass"))
            elif isinstance(node, ast.Constant) and type(node.value) in (bool, int, float):
                points.append((node, "constant"))
    # ast.walk visits nested functions twice; keep each node once, in source order.
    seen: set[int] = set()
    unique = []
    for node, what in points:
        if id(node) not in seen:
            seen.add(id(node))
            unique.append((node, what))
    unique.sort(key=lambda p: (p[0].lineno, p[0].col_offset, p[1]))  # type: ignore[attr-defined]
    return unique


class _Mutate(ast.NodeTransformer):
    """Mutate the one node whose `_pid` is `target` (ids survive the deep copy of the tree)."""

    def __init__(self, target: int) -> None:
        self.target = target

    def visit(self, node: ast.AST) -> Any:
        if getattr(node, "_pid", None) == self.target:
            return _mutated(node)
        return super().visit(node)


def _mutated(node: ast.AST) -> ast.AST:
    if isinstance(node, ast.BoolOp):
        return ast.BoolOp(
            op=ast.Or() if isinstance(node.op, ast.And) else ast.And(), values=node.values
        )
    if isinstance(node, ast.Compare):
        return ast.Compare(
            left=node.left,
            ops=[_CMP_SWAP[type(node.ops[0])](), *node.ops[1:]],
            comparators=node.comparators,
        )
    if isinstance(node, ast.UnaryOp):
        return node.operand
    if isinstance(node, ast.If):
        return ast.If(
            test=ast.UnaryOp(op=ast.Not(), operand=node.test), body=node.body, orelse=node.orelse
        )
    if isinstance(node, ast.Continue):
        return ast.Pass()
    assert isinstance(node, ast.Constant)
    v = node.value
    if isinstance(v, bool):
        return ast.Constant(not v)
    if isinstance(v, int):
        return ast.Constant(v + 1)
    return ast.Constant(v * 1.5 if v else 0.5)


def _functions(mod: types.ModuleType) -> dict[tuple[str, str], types.FunctionType]:
    """The module's functions and its classes' methods, by (class or "", name)."""
    out: dict[tuple[str, str], types.FunctionType] = {}
    for name, obj in vars(mod).items():
        if isinstance(obj, types.FunctionType) and obj.__module__ == mod.__name__:
            out["", name] = obj
        elif isinstance(obj, type) and obj.__module__ == mod.__name__:
            for meth, fn in vars(obj).items():
                if isinstance(fn, types.FunctionType):
                    out[name, meth] = fn
    return out


def _install(
    mod: types.ModuleType, code: types.CodeType, keep: dict[tuple[str, str], types.FunctionType]
) -> None:
    """Run `code` in the module's namespace, then point the original function objects (which
    other modules, cached objects and the tests hold) at the new code."""
    exec(code, vars(mod))  # noqa: S102
    now = _functions(mod)
    for key, fn in keep.items():
        new = now.get(key)
        if new is not None and new is not fn:
            fn.__code__ = new.__code__
            fn.__defaults__ = new.__defaults__
            fn.__kwdefaults__ = new.__kwdefaults__
        if key[0] == "":
            vars(mod)[key[1]] = fn


def code_mutants() -> list[Mutant]:
    out = []
    for mod in CODE_MODULES:
        path = Path(inspect.getfile(mod))
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        points = _points(tree)
        for k, (node, _what) in enumerate(points):
            node._pid = k  # type: ignore[attr-defined]
        original = compile(source, str(path), "exec")
        keep = _functions(mod)
        codes = {n: (f.__code__, f.__defaults__, f.__kwdefaults__) for n, f in keep.items()}
        short = mod.__name__.rsplit(".", 1)[1]
        for k, (node, what) in enumerate(points):

            def apply(
                k: int = k,
                mod: Any = mod,
                tree: ast.AST = tree,
                path: Path = path,
                keep: Any = keep,
            ) -> None:
                import copy

                mutated = _Mutate(k).visit(copy.deepcopy(tree))
                ast.fix_missing_locations(mutated)
                _install(mod, compile(mutated, str(path), "exec"), keep)

            def undo(
                mod: Any = mod, original: Any = original, keep: Any = keep, codes: Any = codes
            ) -> None:
                exec(original, vars(mod))  # noqa: S102
                for n, f in keep.items():
                    f.__code__, f.__defaults__, f.__kwdefaults__ = codes[n]
                    if n[0] == "":
                        vars(mod)[n[1]] = f

            line = node.lineno  # type: ignore[attr-defined]
            out.append(Mutant("code", f"{short}.py:{line} {what}", apply, undo))
    return out


# ------------------------------------------------------------------ running the tests


def _cases(fn: Callable[..., Any]) -> Iterator[dict[str, Any]]:
    marks = [m for m in getattr(fn, "pytestmark", []) if m.name == "parametrize"]
    grids = []
    for m in marks:
        names = m.args[0]
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        values = []
        for v in m.args[1]:
            v = v.values if hasattr(v, "values") and type(v).__name__ == "ParameterSet" else v
            values.append(dict(zip(names, v if len(names) > 1 else (v,), strict=True)))
        grids.append(values)
    for combo in itertools.product(*grids):
        merged: dict[str, Any] = {}
        for d in combo:
            merged |= d
        yield merged


def collect(modules: list[str]) -> list[tuple[str, Callable[[], Any]]]:
    tests = []
    for name in modules:
        mod = importlib.import_module(name)
        for attr, fn in vars(mod).items():
            if not attr.startswith("test_") or not callable(fn):
                continue
            if getattr(fn, "hypothesis", None) is not None:
                continue  # property tests: pytest runs them; too slow for a mutant each
            params = set(inspect.signature(fn).parameters)
            for case in _cases(fn):
                if params - set(case):
                    break  # needs a fixture
                tests.append((f"{name}.{attr}", lambda fn=fn, case=case: fn(**case)))
    return tests


def killed_by(tests: list[tuple[str, Callable[[], Any]]]) -> str | None:
    for name, run in tests:
        try:
            run()
        except Exception:
            return name
    return None


def texts() -> list[str]:
    wild = ROOT / "data" / "apology" / "wild" / "train.jsonl"
    with wild.open(encoding="utf-8") as fh:
        return [it["text"] for it in load()] + [json.loads(x)["text"] for x in fh if x.strip()]


def reading(corpus: list[str]) -> list[Any]:
    out: list[Any] = []
    for t in corpus:
        try:
            out.append(from_result(analyze(t)))
        except Exception as exc:
            out.append(repr(exc))
    return out


def prepared(corpus: list[str]) -> list[tuple[str, str]]:
    out = []
    for t in corpus:
        prep = A.prepare(t)
        out.append((prep.norm, prep.masked))
    return out


def changed(
    m: Mutant, corpus: list[str], preps: list[tuple[str, str]], base: list[Any]
) -> list[int]:
    """Indices of the texts the (applied) mutant reads differently."""
    idx = m.candidates(preps)
    now = reading([corpus[i] for i in idx])
    return [i for i, r in zip(idx, now, strict=True) if r != base[i]]


def _wrong_field(pred: Any, gold: dict[str, Any]) -> list[str]:
    """Fields of the label shape on which `pred` disagrees with the gold labels."""
    if isinstance(pred, str):
        return ["verdict"]
    out = [] if pred["verdict"] == gold["verdict"] else ["verdict"]
    for group in ("components", "secondary"):
        out += [f"{group}.{k}" for k, v in pred[group].items() if v != gold[group][k]]
    kinds = set(pred["flags"]) ^ set(gold["flags"])
    out += [f"flags.{k}" for k in sorted(kinds)]
    return out


def write_witnesses(
    tests: list[tuple[str, Callable[[], Any]]], every: list[Mutant], shard: tuple[int, int]
) -> int:
    """For each mutant the hand-written tests miss, the shortest labelled training or dev text that
    the analyser reads right on some field and the mutant reads wrong there."""
    from mend.domain.apology.dataset import split_of

    wild = ROOT / "data" / "apology" / "wild" / "train.jsonl"
    with wild.open(encoding="utf-8") as fh:
        items = load() + [json.loads(x) for x in fh if x.strip()]
    # Never the first set's test split (kept for evaluation) and never the frozen wild test file.
    items = [it for it in items if split_of(it["id"]) != "test" or it["id"].startswith("wd")]
    corpus = [it["text"] for it in items]
    preps = prepared(corpus)
    base = reading(corpus)
    right = [set(_wrong_field(b, it)) for b, it in zip(base, items, strict=True)]
    chosen: dict[tuple[str, str], str] = {}
    missed = 0
    mine = [m for n, m in enumerate(every) if n % shard[1] == shard[0]]
    for n, m in enumerate(mine):
        m.apply()
        try:
            diff = changed(m, corpus, preps, base)
            if not diff or killed_by(tests):
                continue
            # Already guarded by a witness chosen for an earlier mutant?
            now = {i: r for i, r in zip(diff, reading([corpus[i] for i in diff]), strict=True)}
            if any(
                (items[i]["id"], f) in chosen
                for i in diff
                for f in set(_wrong_field(now[i], items[i])) - right[i]
            ):
                continue
            best = None
            for i in sorted(diff, key=lambda i: (len(corpus[i]), items[i]["id"])):
                newly_wrong = sorted(set(_wrong_field(now[i], items[i])) - right[i])
                if newly_wrong:
                    best = (items[i]["id"], newly_wrong[0])
                    break
            if best is None:
                missed += 1
            else:
                chosen[best] = m.label
        finally:
            m.undo()
            if n % 50 == 0:
                print(f"  {n}/{len(mine)} mutants, {len(chosen)} witnesses", flush=True)
    out = [{"id": i, "field": f, "guards": label} for (i, f), label in sorted(chosen.items())]
    if shard[1] > 1:
        # Merge with the other shards' witnesses already written (one key once).
        part = WITNESSES.with_suffix(f".part{shard[0]}")
        part.write_text(json.dumps(out), encoding="utf-8")
        parts = sorted(WITNESSES.parent.glob(WITNESSES.stem + ".part*"))
        if len(parts) < shard[1]:
            print(f"shard {shard[0]} done: {len(out)} witnesses; {missed} unguardable")
            return 0
        merged = {}
        for p in parts:
            for w in json.loads(p.read_text(encoding="utf-8")):
                merged.setdefault((w["id"], w["field"]), w)
            p.unlink()
        out = [merged[k] for k in sorted(merged)]
    WITNESSES.write_text("[\n" + ",\n".join(json.dumps(w) for w in out) + "\n]\n", encoding="utf-8")
    print(
        f"wrote {len(out)} witnesses to {WITNESSES.relative_to(ROOT)};"
        f" {missed} mutants change only readings that were already wrong"
    )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--with-snapshot", action="store_true", help="count the pinned readings too")
    ap.add_argument("--kind", choices=["table", "regex", "code", "all"], default="all")
    ap.add_argument("--survivors", action="store_true", help="list every survivor")
    ap.add_argument("--no-witnesses", action="store_true", help="leave the rule witnesses out")
    ap.add_argument(
        "--write-witnesses", action="store_true", help="rebuild the rule witnesses (every mutant)"
    )
    ap.add_argument("--shard", default="0/1", help="i/n: this process takes every n-th mutant")
    args = ap.parse_args()
    shown = f"--sample {args.sample} --seed {args.seed} --kind {args.kind}"
    shown += " --with-snapshot" * args.with_snapshot + " --no-witnesses" * args.no_witnesses
    every = table_mutants() + regex_mutants() + code_mutants()
    if args.write_witnesses:
        i, n = (int(x) for x in args.shard.split("/"))
        # Pattern mutants only (code mutants are left to the hand-written tests), and without
        # the slow quality floors, which a single dropped alternative seldom breaches.
        fast = [t for t in TEST_MODULES if not t.endswith("quality")]
        return write_witnesses(collect(fast), [m for m in every if m.kind != "code"], (i, n))
    print(f"$ .venv/bin/python benchmarks/apology_mutants.py {shown}")
    modules = TEST_MODULES + [SNAPSHOT_MODULE] * args.with_snapshot
    modules += [WITNESS_MODULE] * (not args.no_witnesses)
    tests = collect(modules)
    corpus = texts()
    preps = prepared(corpus)
    base = reading(corpus)
    assert killed_by(tests) is None, "the tests fail on the unmutated analyser"
    if args.kind != "all":
        every = [m for m in every if m.kind == args.kind]
    chosen = every
    if args.sample:
        chosen = random.Random(args.seed).sample(every, min(args.sample, len(every)))
    counts: Counter[tuple[str, str]] = Counter()
    survivors = []
    t0 = time.perf_counter()
    for m in chosen:
        try:
            m.apply()
        except Exception:
            m.undo()
            counts[m.kind, "invalid"] += 1
            continue
        try:
            if not changed(m, corpus, preps, base):
                counts[m.kind, "equivalent"] += 1
                continue
            if killed_by(tests):
                counts[m.kind, "killed"] += 1
            else:
                counts[m.kind, "survived"] += 1
                survivors.append(f"{m.kind}: {m.label}")
        finally:
            m.undo()
    assert reading(corpus) == base, "a mutant was not undone"
    print(f"tests run per mutant: {len(tests)} cases from {len(modules)} modules")
    print(f"mutants: {len(every)} in all; {len(chosen)} run (seed {args.seed})")
    print(f"{'kind':<8} {'run':>5} {'equiv':>6} {'killed':>7} {'survived':>9} {'score':>6}")
    total_k = total_s = 0
    for kind in ("table", "regex", "code"):
        k, s = counts[kind, "killed"], counts[kind, "survived"]
        e, inv = counts[kind, "equivalent"], counts[kind, "invalid"]
        run = k + s + e + inv
        if run:
            print(f"{kind:<8} {run:5d} {e:6d} {k:7d} {s:9d} {k / max(1, k + s):6.0%}")
        total_k, total_s = total_k + k, total_s + s
    print(
        f"mutation score: {total_k / max(1, total_k + total_s):.0%} of {total_k + total_s}"
        f" behaviour-changing mutants killed ({time.perf_counter() - t0:.0f} s)"
    )
    for s in survivors if args.survivors else survivors[:40]:
        print(f"  survived: {s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
