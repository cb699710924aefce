"""Browser tests: Playwright for Python driving Debian's chromium against a live server."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest

from mend.accounts.models import User
from mend.care.models import CounsellorProfile, Practice
from mend.spaces.models import Space
from tests.factories import PASSWORD, SpaceFactory, UserFactory, add_member

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MEND_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = os.environ.get("MEND_SCREENSHOTS")  # a folder: save screenshots there
# The axe-core rules a page is held to: WCAG 2.1 A and AA (axe's best-practice rules left out),
# or WCAG 2.2 A/AA and axe's best practices, as the crawl of every page checks them.
WCAG_21 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG_22_AND_BEST_PRACTICE = [*WCAG_21, "wcag22aa", "best-practice"]
# The elements that stick out past the screen's right edge, to say what made a page too wide.
WIDEST = """(width) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 1)
  .slice(0, 8)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


def _context(browser: Any, live_server: Any, viewport: dict[str, int], **options: Any) -> Any:
    context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
    # No network beyond the live server: anything else (the quick-exit site) is answered here.
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>Weather</h1>"),
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = _context(browser, live_server, PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A factory of pages in separate browser contexts (one per person), phone-sized by default:
    ``new_page(DESKTOP, signed_in_as=robin, at="/caseload/")`` signs Robin in and opens a page."""
    contexts: list[Any] = []

    def make(
        viewport: dict[str, int] | None = None, *, signed_in_as: Any = None, at: str | None = None
    ) -> Any:
        context = _context(browser, live_server, viewport or PHONE)
        contexts.append(context)
        page = context.new_page()
        if signed_in_as is not None:
            login(page, signed_in_as.email, PASSWORD)
        if at is not None:
            page.goto(at)
        return page

    yield make
    for context in contexts:
        context.close()


def login(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def login_with_two_factor(page: Any, user: User, password: str = PASSWORD) -> None:
    """Turn two-factor on for ``user`` and sign in with its password and a code (staff reach
    the admin only with two-factor on)."""
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    login(page, user.email, password)
    page.get_by_label(re.compile(r"^Code:?$")).fill(
        format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    )
    page.get_by_role("button", name=re.compile("Sign In|Verify|Authenticate", re.I)).click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def open_section(page: Any, name: str) -> None:
    """Follow the link to one of the space's sections; on a phone they wait behind the
    "In this space" menu button, which is pressed first."""
    nav = page.get_by_role("navigation", name="In this space")
    menu = nav.get_by_role("button", name=re.compile("^In this space"))
    if menu.is_visible():
        menu.click()
    nav.get_by_role("link", name=name).click()


def shot(page: Any, name: str, folder: str | None = None) -> None:
    """A full-page screenshot into ``folder`` (if given) and into $MEND_SCREENSHOTS (if set)."""
    for where in (folder, SCREENSHOTS):
        if where:
            os.makedirs(where, exist_ok=True)
            page.screenshot(path=os.path.join(where, f"{name}.png"), full_page=True)


def no_axe_violations(page: Any, tags: list[str] | None = WCAG_21) -> None:
    """No violation of axe-core's rules with these tags (None: every rule axe runs by default)."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if tags is not None:
        options["runOnly"] = {"type": "tag", "values": tags}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def fits_the_screen(page: Any, name: str, folder: str | None = None) -> None:
    """Nothing wider than the screen; when it is, say what sticks out (and keep a screenshot)."""
    page.wait_for_load_state("load")
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        shot(page, f"{name}-too-wide", folder)
        wide = page.evaluate(WIDEST, width)
        raise AssertionError(f"{page.url} is {scroll}px wide on a {width}px screen: {wide}")


def look(page: Any, name: str, folder: str, tags: list[str] | None = WCAG_21) -> None:
    """A page visited: no wider than the screen, no axe-core violation, a screenshot."""
    fits_the_screen(page, name, folder)
    no_axe_violations(page, tags)
    shot(page, name, folder)


def person(name: str, **fields: Any) -> User:
    """Someone who signs in as ``name@example.test`` with the test password."""
    return UserFactory(email=f"{name.lower()}@example.test", display_name=name, **fields)


def couple(first: str, second: str) -> tuple[User, User, Space]:
    """Two people and the space they share, named "First & Second"."""
    one, two = person(first), person(second)
    space = SpaceFactory(name=f"{first} & {second}")
    add_member(space, one)
    add_member(space, two)
    return one, two, space


def riverside_counsellor(title: str = "Couples counsellor") -> User:
    """Robin, a counsellor at Riverside Counselling (no one has chosen Robin yet)."""
    practice = Practice.objects.create(name="Riverside Counselling", contact_email="in@r.test")
    robin = person("Robin")
    CounsellorProfile.objects.create(user=robin, practice=practice, title=title)
    return robin
