"""`mend apology ...`: analyse an apology from the command line. No Django import here."""

from __future__ import annotations

import json
from typing import Any, TextIO

from mend.domain.apology.advice import shorten
from mend.domain.apology.analyser import COMPONENTS, analyze
from mend.domain.apology.errors import ApologyInputError

USAGE = """usage: mend apology analyze [--json] [TEXT]
       mend apology analyze --jsonl < lines.jsonl

Analyse an apology: its regret, responsibility and commitment, and the patterns that undo it.
  TEXT       the apology; read from stdin when omitted
  --json     print one JSON object instead of the readable report
  --jsonl    read {"id": ..., "text": ...} per line on stdin, write one JSON line per input
"""

_LABELS = {
    "regret": "Regret",
    "responsibility": "Responsibility",
    "commitment": "Commitment",
    "explanation": "Explanation",
    "forgiveness_request": "Asks forgiveness",
}


def _short(s: str) -> str:
    return shorten(s, 70)


def report(result: dict[str, Any]) -> str:
    """The readable report of one analysis."""
    lines = [f"Verdict: {result['verdict'].replace('_', ' ')} (score {result['score']:.2f})", ""]
    for name in COMPONENTS:
        part = result["components"][name]
        mark = "[x]" if part["present"] else "[ ]"
        quoted = "; ".join(f'"{_short(e["text"])}"' for e in part["evidence"][:2])
        lines.append(f"  {mark} {_LABELS[name]:<15} {quoted if part['present'] else 'missing'}")
    for name, part in result["secondary"].items():
        if part["present"]:
            quoted = "; ".join(f'"{_short(e["text"])}"' for e in part["evidence"][:2])
            lines.append(f"  (+) {_LABELS[name]:<15} {quoted}")
    if result["flags"]:
        lines += ["", "Patterns that undo an apology:"]
        for flag in result["flags"]:
            kind = flag["kind"].replace("_", " ")
            lines.append(f'  ! {kind}: "{_short(flag["text"])}" - {flag["advice"]}')
    if result["suggestions"]:
        lines += ["", "Suggestions:"]
        lines += [f"  - {s}" for s in result["suggestions"]]
    return "\n".join(lines) + "\n"


def _jsonl(stdin: TextIO, stdout: TextIO) -> int:
    for raw in stdin:
        line = raw.strip()
        if not line:
            continue
        item_id: Any = None
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ApologyInputError("bad_line", 'Each line must be an object {"id", "text"}.')
            item_id = obj.get("id")
            text = obj.get("text")
            if not isinstance(text, str):
                raise ApologyInputError("bad_line", 'The line has no string "text".')
            out: dict[str, Any] = {"id": item_id, **analyze(text)}
        except json.JSONDecodeError as exc:
            out = {"id": None, "error": {"code": "bad_json", "message": f"Not JSON: {exc.msg}."}}
        except ApologyInputError as exc:
            out = {"id": item_id, "error": exc.as_dict()}
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def run(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run `mend apology <argv>`; returns the exit code (0 ok, 2 bad input or usage)."""
    if not argv or argv[0] in ("-h", "--help", "help"):
        (stdout if argv else stderr).write(USAGE)
        return 0 if argv else 2
    if argv[0] != "analyze":
        stderr.write(f"mend apology: unknown command {argv[0]!r}\n{USAGE}")
        return 2
    opts = [a for a in argv[1:] if a.startswith("--")]
    words = [a for a in argv[1:] if not a.startswith("--")]
    unknown = [o for o in opts if o not in ("--json", "--jsonl", "--help")]
    if unknown:
        stderr.write(f"mend apology analyze: unknown option {unknown[0]}\n{USAGE}")
        return 2
    if "--help" in opts:
        stdout.write(USAGE)
        return 0
    if "--jsonl" in opts:
        if words or "--json" in opts:
            stderr.write("mend apology analyze: --jsonl reads stdin only; give no TEXT or --json\n")
            return 2
        return _jsonl(stdin, stdout)
    text = " ".join(words) if words else stdin.read()
    try:
        result = analyze(text)
    except ApologyInputError as exc:
        stderr.write(f"mend apology analyze: {exc.message} ({exc.code})\n")
        return 2
    if "--json" in opts:
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        stdout.write(report(result))
    return 0


def main() -> int:  # pragma: no cover - convenience for `python -m mend.domain.apology.cli`
    import sys

    return run(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
