"""The `mend apology` command: report, --json, --jsonl, stdin and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from mend.domain.apology.cli import run


def call(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(argv, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def test_readable_report_lists_parts_flags_and_suggestions() -> None:
    code, out, err = call(["analyze", "I'm sorry if I hurt you, but you made me angry."])
    assert code == 0 and err == ""
    assert out.startswith("Verdict: non apology")
    assert "[ ] Commitment" in out
    assert "conditional" in out and "blame shift" in out
    assert "Suggestions:" in out


def test_json_prints_one_object_of_the_fixed_shape() -> None:
    text = "sorry i forgot, that's on me. i'll set a reminder from now on"
    code, out, _ = call(["analyze", "--json", text])
    assert code == 0
    obj = json.loads(out)
    assert set(obj) == {"verdict", "score", "components", "secondary", "flags", "suggestions"}
    assert set(obj["components"]) == {"regret", "responsibility", "commitment"}
    assert set(obj["secondary"]) == {"explanation", "forgiveness_request"}
    assert obj["verdict"] == "genuine"
    ev = obj["components"]["responsibility"]["evidence"][0]
    assert text[ev["start"] : ev["end"]] == ev["text"]


def test_text_from_stdin_when_no_text_is_given() -> None:
    code, out, _ = call(["analyze", "--json"], stdin="Mistakes were made.\n")
    assert code == 0
    assert json.loads(out)["verdict"] == "non_apology"


def test_jsonl_keeps_order_flushes_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a", "text": "sorry, my bad"}),
        "this is not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": 3, "text": "Lo siento mucho, fue mi culpa y no lo haré otra vez."}),
        json.dumps({"id": "c"}),
        "",
        json.dumps({"id": "d", "text": "I'm sorry you feel that way."}),
    ]
    code, out, _ = call(["analyze", "--jsonl"], stdin="\n".join(lines) + "\n")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", None, "b", 3, "c", "d"]
    assert rows[0]["verdict"] == "partial"
    assert rows[1]["error"]["code"] == "bad_json"
    assert rows[2]["error"]["code"] == "empty"
    assert rows[3]["error"]["code"] == "not_english"
    assert rows[4]["error"]["code"] == "bad_line"
    assert rows[5]["verdict"] == "non_apology"


def test_bad_input_and_usage_exit_2_with_a_message() -> None:
    code, out, err = call(["analyze", "--json"], stdin="   ")
    assert code == 2 and out == "" and "empty" in err
    code, _, err = call(["analyze", "x" * 5001])
    assert code == 2 and "too_long" in err
    code, _, err = call(["frobnicate"])
    assert code == 2 and "unknown command" in err
    code, _, err = call(["analyze", "--bogus", "hi"])
    assert code == 2 and "unknown option" in err
    code, _, err = call([])
    assert code == 2 and "usage" in err


def test_module_runs_without_django_in_a_fresh_interpreter() -> None:
    script = (
        "import sys, io\n"
        "from mend.domain.apology.cli import run\n"
        "out = io.StringIO()\n"
        "code = run(['analyze', '--json', 'sorry, my fault'], io.StringIO(), out, sys.stderr)\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
        "print(code)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"
