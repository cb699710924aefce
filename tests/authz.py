"""The authorization matrix: each route, each role, the status it must answer.

Roles are seen from a record or space of alice's: ``owner`` (alice), ``partner`` (bob, same
space), ``other_space`` (charlie), ``counsellor`` (carol, with alice's consent), ``anonymous``.
Every app adds its rows in its own ``test_authz.py`` with ``check_matrix``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("owner", "partner", "other_space", "counsellor", "anonymous")

# In private records of alice's, planted before every matrix: no other role may ever see it.
PRIVATE_MARKER = "PRIVATE-7f3a-alice-only"

# (method, route pattern) of every route a matrix visited in this process (tests/route_coverage).
COVERED: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Route:
    label: str
    method: str  # GET, POST (form), or API verbs as "API GET", "API POST", ...
    path: Callable[[Any], str]
    expect: dict[str, int | tuple[int, ...]]
    data: Callable[[Any], dict[str, Any]] | None = field(default=None)

    @property
    def is_api(self) -> bool:
        return self.method.startswith("API ")


def check_matrix(
    test: Any,
    routes: list[Route],
    setup: Callable[[Any], Any] | None = None,
    roles: tuple[str, ...] = ROLES,
) -> None:
    """Run every route for every role, each in a fresh transaction (subTest + savepoint).

    ``roles`` extends the cast (the care app adds counsellors without consent, after
    withdrawal, of another practice, and practice staff); ``test.people()`` names them."""
    from django.db import transaction

    people = test.people()
    _plant_private(test)
    for route in routes:
        missing = set(roles) - set(route.expect)
        test.assertFalse(missing, f"{route.label}: no expectation for {sorted(missing)}")
        for role in roles:
            with test.subTest(route=route.label, role=role):
                sid = transaction.savepoint()
                try:
                    ctx = setup(test) if setup else test
                    client = test.client_class()
                    if people[role] is not None:
                        client.force_login(people[role])
                    path = route.path(ctx)
                    _record(route, path)
                    data = route.data(ctx) if route.data else None
                    if route.is_api:
                        response = client.api(route.method.split()[1], path, data)
                    elif route.method == "POST":
                        response = client.form(path, data)
                    else:
                        response = client.get(path)
                    expected = route.expect[role]
                    allowed = expected if isinstance(expected, tuple) else (expected,)
                    test.assertIn(
                        response.status_code,
                        allowed,
                        f"{route.label} as {role}: got {response.status_code}",
                    )
                    if people[role] is not None:
                        # Issue 14: no signed-in answer may be kept by the browser (Back after
                        # "Exit this page" or signing out must not show it).
                        test.assertIn(
                            "no-store",
                            response.get("Cache-Control", ""),
                            f"{route.label} as {role}: the answer may be kept by the browser",
                        )
                    if role != "owner":
                        test.assertNotIn(
                            PRIVATE_MARKER,
                            response.content.decode(errors="replace"),
                            f"{route.label} as {role}: the answer shows alice's private text",
                        )
                    if response.status_code == 404 and route.is_api:
                        test.assertEqual(response.json()["error"]["code"], "not_found")
                finally:
                    transaction.savepoint_rollback(sid)


def _record(route: Route, path: str) -> None:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return
    method = route.method.split()[-1] if route.is_api else "ANY"
    COVERED.add((method, match.route))


def _plant_private(test: Any) -> None:
    """Private records of the owner's, of the kinds most pages and lists show, holding the
    marker (rolled back with the test)."""
    from mend.ledger import services as ledger
    from mend.selftrust import services as selftrust
    from mend.spaces import services as spaces
    from mend.spaces.visibility import Visibility

    owner = test.people()["owner"]
    space = test.space
    selftrust.create_entry(space=space, owner=owner, title=PRIVATE_MARKER, body=PRIVATE_MARKER)
    ledger.create_disclosure(
        space=space, owner=owner, kind="change", text=PRIVATE_MARKER, visibility=Visibility.PRIVATE
    )
    spaces.create_breach(
        space=space,
        owner=owner,
        title=PRIVATE_MARKER,
        owner_role="hurt",
        description=PRIVATE_MARKER,
        visibility=Visibility.PRIVATE,
    )
