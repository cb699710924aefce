"""An import of a Mend module inside a function hides a dependency from import-linter and
from the reader; it is allowed only with a comment saying why it cannot be at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import mend

SRC = Path(mend.__file__).parent


def _is_mend(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == "mend"
    return any(alias.name.split(".")[0] == "mend" for alias in node.names)


Imports = ast.Import | ast.ImportFrom


def _function_imports(tree: ast.AST) -> list[list[Imports]]:
    """Each function-level import of Mend, as the run of imports it stands in (from its first)."""
    found: list[list[Imports]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        run: list[Imports] = []
        for child in ast.iter_child_nodes(node):
            run = [*run, child] if isinstance(child, Imports) else []
            if in_function and isinstance(child, Imports) and _is_mend(child):
                found.append(run)
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(tree, False)
    return found


def _explained(lines: list[str], run: list[Imports]) -> bool:
    """A comment just above the run of imports, or on one of its lines."""
    first, last = run[0], run[-1]
    above = lines[first.lineno - 2].strip() if first.lineno > 1 else ""
    own = lines[first.lineno - 1 : (last.end_lineno or last.lineno)]
    return above.startswith("#") or any("#" in line for line in own)


def unexplained_function_imports(root: Path) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        lines = text.splitlines()
        for run in _function_imports(ast.parse(text)):
            if not _explained(lines, run):
                problems.append(f"{path.relative_to(root.parent)}:{run[-1].lineno}")
    return problems


def test_every_function_level_import_of_mend_says_why() -> None:
    assert unexplained_function_imports(SRC) == []


def test_the_check_finds_an_unexplained_one_and_accepts_an_explained_one(tmp_path: Path) -> None:
    package = tmp_path / "mend"
    package.mkdir()
    (package / "bad.py").write_text("def f():\n    import os\n\n    from mend.core import text\n")
    (package / "good.py").write_text(
        "def f():\n"
        "    # Not at the top: it needs django.setup().\n"
        "    from mend.core import text\n"
        "    from mend.core import env\n"
        "\n"
        "def g():\n"
        "    from mend import demo  # a cycle: demo imports this module\n"
        "\n"
        "import mend.core\n"
    )
    assert unexplained_function_imports(package) == ["mend/bad.py:4"]
