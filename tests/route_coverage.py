"""Every route in an authorization matrix: a run of the whole suite fails when a URL pattern or
an API operation has no row in any matrix (tests/authz.py records what each matrix visits).

The check runs only when every matrix test ran (the whole suite, or `pytest tests` with no
selection); with xdist each worker hands its set to the controller, which checks the union.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.authz import COVERED

# Routes no person's data passes through, so no role can see more than another through them.
PUBLIC = {
    "",
    "healthz",
    "api/v1/",
    "api/v1/openapi.json",
    "api/v1/docs",
    "robots.txt",
    "help/numbers/",  # how the numbers work: the same text for everyone
}
# Owned by Django, allauth or the admin, which test their own access rules.
THIRD_PARTY_PREFIXES = ("accounts/", "admin/", "static/", "__debug__/")
# Mend's API, whose operations are method-exact by construction (django-ninja).
API_PREFIX = "api/"


def all_routes() -> set[tuple[str, str]]:
    """(method, route) for every web page and every API operation Mend serves."""
    found = {
        (method, route) for route, entry in _patterns() for method in _api_methods(entry) or ["ANY"]
    }
    return {r for r in found if r[1] not in PUBLIC}


def web_pages() -> list[tuple[str, Any]]:
    """(route, URL pattern) of every page of Mend's own, public ones included; not the API
    (django-ninja answers 405 to a method an operation does not declare)."""
    return [(route, entry) for route, entry in _patterns() if not route.startswith(API_PREFIX)]


def _patterns() -> Iterator[tuple[str, Any]]:
    """(route, URL pattern) of every route not owned by Django, allauth or the admin."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, Any]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                if not route.startswith(THIRD_PARTY_PREFIXES):
                    yield route, entry

    return walk(get_resolver().url_patterns, "")


def _api_methods(entry: Any) -> list[str]:
    """The HTTP methods of a django-ninja path (its view closes over the PathView)."""
    for cell in getattr(entry.callback, "__closure__", None) or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations:
            return sorted({m for op in operations for m in op.methods})
    return []


def covered_key(method: str, route: str, is_api: bool) -> tuple[str, str]:
    return (method if is_api else "ANY", route)


def _is_matrix(nodeid: str) -> bool:
    return "test_authz.py" in nodeid


class Plugin:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.union: set[tuple[str, str]] = set()
        self.matrices: set[str] = set()
        self.passed: set[str] = set()
        self.failed: set[str] = set()

    def _forced(self) -> bool:
        return bool(self.config.getoption("mend_route_coverage", False))

    def _whole_suite(self) -> bool:
        opt = self.config.option
        if getattr(opt, "keyword", "") or getattr(opt, "markexpr", ""):
            return False
        if getattr(opt, "lf", False) or getattr(opt, "maxfail", 0):
            return False
        args = [a.rstrip("/") for a in self.config.args]
        return args in ([], ["tests"], [str(self.config.rootpath / "tests")])

    @pytest.hookimpl
    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        self.matrices |= {item.nodeid for item in items if _is_matrix(item.nodeid)}

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        del node
        self.matrices |= {nodeid for nodeid in ids if _is_matrix(nodeid)}

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not _is_matrix(report.nodeid):
            return
        if report.failed:  # the test, or one of its subtests
            self.failed.add(report.nodeid)
        elif report.when == "call" and report.passed:
            self.passed.add(report.nodeid)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        del error
        output = getattr(node, "workeroutput", {})
        self.union |= {tuple(x) for x in json.loads(output.get("mend_routes", "[]"))}

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: hand the set to the controller
            workeroutput["mend_routes"] = json.dumps(sorted(COVERED))
            return
        self.union |= COVERED
        if not self.matrices or not (self._whole_suite() or self._forced()):
            return
        every_matrix_passed = not self.failed and self.passed >= self.matrices
        if not every_matrix_passed and not self._forced():
            return  # a matrix failed or did not run: that says more than a coverage gap
        covered_routes = {route for method, route in self.union if method == "ANY"}
        missing = sorted(
            (method, route)
            for method, route in all_routes() - self.union
            if route not in covered_routes
        )
        if missing:
            lines = "\n".join(f"  {method:6} /{route}" for method, route in missing)
            session.config.get_terminal_writer().line(
                f"\nRoutes with no row in any authorization matrix ({len(missing)}):\n{lines}",
                red=True,
            )
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
