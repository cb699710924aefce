"""The authorization matrix: each route, each role, the status it must answer.

Roles are seen from a record or space of alice's: ``owner`` (alice), ``partner`` (bob, same
space), ``other_space`` (charlie), ``counsellor`` (carol, with alice's consent), ``anonymous``.
Every app adds its rows in its own ``test_authz.py`` with ``check_matrix``: a row reads
``Route("draft page", "GET", "/apologies/{t.draft.pk}/", answers(302, 404))``, its path a
template filled from the test (or a function of it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("owner", "partner", "other_space", "counsellor", "anonymous")

# Where a page sends a visitor who is not signed in; the API answers 401 instead.
LOGIN = 302
API_LOGIN = 401

# In private records of alice's, planted before every matrix: no other role may ever see it.
PRIVATE_MARKER = "PRIVATE-7f3a-alice-only"

# (method, route pattern) of every route a matrix visited in this process (tests/route_coverage).
COVERED: set[tuple[str, str]] = set()


Expect = dict[str, int | tuple[int, ...]]


def answers(
    owner: int | tuple[int, ...],
    partner: int | tuple[int, ...],
    other_space: int | tuple[int, ...] = 404,
    counsellor: int | tuple[int, ...] = 404,
    anonymous: int | tuple[int, ...] | None = None,
) -> Expect:
    """What each role is answered; someone from another space and the counsellor find nothing
    unless said, and an anonymous visitor is asked to sign in (see ``Route``)."""
    expect: Expect = {
        "owner": owner,
        "partner": partner,
        "other_space": other_space,
        "counsellor": counsellor,
    }
    if anonymous is not None:
        expect["anonymous"] = anonymous
    return expect


def reads(owner: int = 200, *, partner: bool = False, counsellor: bool = False) -> Expect:
    """A record of alice's: bob and carol read it only when it is shared with them."""
    return answers(owner, 200 if partner else 404, 404, 200 if counsellor else 404)


def writes(owner: int, *, partner: bool = False, counsellor: bool = False) -> Expect:
    """Only alice changes her record: whoever it is shared with is refused (403), anyone else
    finds nothing (404)."""
    return answers(owner, 403 if partner else 404, 404, 403 if counsellor else 404)


def everyone(status: int | tuple[int, ...], anonymous: int | None = None) -> Expect:
    """Every signed-in role answered alike: routes of the signed-in person's own (account,
    lock, calendar feed), where each reaches only what is theirs."""
    return answers(status, status, status, status, anonymous)


@dataclass(frozen=True)
class Shared:
    """Whom a record of alice's is shared with besides her, and so what each role may do."""

    partner: bool = False
    counsellor: bool = False

    def reads(self, owner: int = 200) -> Expect:
        return reads(owner, partner=self.partner, counsellor=self.counsellor)

    def writes(self, owner: int) -> Expect:
        return writes(owner, partner=self.partner, counsellor=self.counsellor)


SHARINGS = {
    "private": Shared(),
    "space": Shared(partner=True),
    "counsellor": Shared(counsellor=True),
}


def each_sharing(
    rows: Callable[[str, Any, Shared], list[Route]], kind: str, **records: Any
) -> list[Route]:
    """``rows(name, record, shared)`` for each of alice's records of a ``kind``, given by whom
    it is shared with: ``private``, ``space`` (bob too) or ``counsellor`` (carol too)."""
    return [
        route
        for who, record in records.items()
        for route in rows(f"{kind} ({who})", record, SHARINGS[who])
    ]


@dataclass(frozen=True)
class Route:
    label: str
    method: str  # GET, POST (form), or API verbs as "API GET", "API POST", ...
    # A template filled from the test as ``t`` ("/apologies/{t.draft.pk}/"), or a function of it.
    path: str | Callable[[Any], str]
    # With no "anonymous" entry, an anonymous visitor is asked to sign in (LOGIN or API_LOGIN).
    expect: Expect
    data: dict[str, Any] | Callable[[Any], dict[str, Any]] | None = field(default=None)
    # A POST answered with a page of what it worked out, not a redirect: the apology studio's
    # live feedback, and the safety screen's result (each of its questions may be left
    # unanswered). A 200 is its answer even to an empty body. On a GET row: its page's POST.
    shows_result: bool = False

    def __post_init__(self) -> None:
        if "anonymous" not in self.expect:
            sign_in = API_LOGIN if self.is_api else LOGIN
            object.__setattr__(self, "expect", {**self.expect, "anonymous": sign_in})

    @property
    def is_api(self) -> bool:
        return self.method.startswith("API ")

    def url(self, test: Any) -> str:
        return self.path.format(t=test) if isinstance(self.path, str) else self.path(test)

    def body(self, test: Any) -> dict[str, Any] | None:
        return self.data(test) if callable(self.data) else self.data


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
                    path = route.url(ctx)
                    _record(route, path)
                    data = route.body(ctx)
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
        if route.method == "POST" and not route.shows_result and people["owner"] is not None:
            with test.subTest(route=route.label, role="owner", body="empty"):
                _check_empty_post(test, route, people["owner"], setup)
        if not route.is_api and people["owner"] is not None:
            with test.subTest(route=route.label, role="owner", method="not served"):
                _check_unserved_methods(test, route, people["owner"], setup)


def _check_empty_post(
    test: Any, route: Route, owner: Any, setup: Callable[[Any], Any] | None
) -> None:
    """A form posted with nothing in it (the CSRF token in a header, as htmx can send it) is
    answered as what it is: done (a redirect, for a button that needs no field) or refused
    (4xx, with the form's errors), never the page again as if nothing had been sent."""
    from django.db import transaction

    sid = transaction.savepoint()
    try:
        path = route.url(setup(test) if setup else test)
        _post_empty(test, route.label, path, owner, fields=route.data is not None)
    finally:
        transaction.savepoint_rollback(sid)


def _post_empty(test: Any, label: str, path: str, owner: Any, *, fields: bool = True) -> None:
    """``fields``: the form has fields, so an empty one lacks them (a button without any may be
    refused with a redirect, as ``core.forms.act`` does, when it is not the person's to press)."""
    from django.contrib.messages import ERROR

    client = test.client_class()
    client.force_login(owner)
    response = client.api("POST", path)
    test.assertTrue(
        response.status_code in (302, 303) or 400 <= response.status_code < 500,
        f"{label}: an empty POST got {response.status_code}",
    )
    if fields and response.status_code in (302, 303):
        # A redirect says it was done: a form that lacks a field must not answer one with the
        # refusal on top of the next page (core.forms.refused answers 400 instead).
        refusals = [m.message for m in response.wsgi_request._messages if m.level == ERROR]
        test.assertEqual(refusals, [], f"{label}: an empty POST was refused with a redirect")


def _check_unserved_methods(
    test: Any, route: Route, owner: Any, setup: Callable[[Any], Any] | None
) -> None:
    """A method the page does not serve is refused (405) before anything is done or shown,
    even to the owner: a PUT to any page, and a POST to a page that only reads (a GET row's
    page that does not declare POST with ``core.pages.signed_in``); a GET row's page that does
    declare POST answers an empty one as its form would. Not the admin's pages nor allauth's,
    which answer for their own methods."""
    from django.db import transaction
    from django.urls import resolve

    from mend.core.pages import methods_of
    from tests.route_coverage import THIRD_PARTY_PREFIXES

    sid = transaction.savepoint()
    try:
        path = route.url(setup(test) if setup else test)
        if path.lstrip("/").startswith(THIRD_PARTY_PREFIXES):
            return
        client = test.client_class()
        client.force_login(owner)
        declared = methods_of(resolve(path.split("?", 1)[0]).func)
        unserved = ["PUT"]
        if route.method == "GET" and declared is not None and "POST" not in declared:
            unserved.append("POST")
        elif route.method == "GET" and declared is not None and not route.shows_result:
            # A page that says it takes a form is held to it: posted empty, it refuses (4xx)
            # or acts (3xx), so a read-only page declared with POST by mistake fails here.
            _post_empty(test, route.label, path, owner)
        for method in unserved:
            response = client.api(method, path)
            test.assertEqual(
                response.status_code,
                405,
                f"{route.label}: a {method} by the owner got {response.status_code}",
            )
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
