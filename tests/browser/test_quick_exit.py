"""Quick exit that signs out (issue 14, item 5), in chromium at 390 px: a person turns on "Sign
me out when I use Exit this page" on their account page (which passes axe), presses Exit, then
Back: they are not signed in and no private page shows. With JavaScript (a beacon) and without
(the link itself)."""

from __future__ import annotations

import os
import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from mend.accounts.models import SignInSession
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    WCAG_22_AND_BEST_PRACTICE,
    _context,
    login,
    no_axe_violations,
    shot,
)
from tests.factories import PASSWORD, SpaceFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("MEND_QUICK_EXIT_SHOTS", "/tmp/mend-quick-exit-shots")
NEUTRAL = re.compile(r"bbc\.co\.uk")


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    # A shared two-core machine under load answers slower than the usual 10 s allows.
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(30_000)


def _person(sign_out_on_exit: bool = False) -> Any:
    alex = UserFactory(
        email="alex@example.test", display_name="Alex", sign_out_on_exit=sign_out_on_exit
    )
    add_member(SpaceFactory(name="Alex & Sam"), alex)
    return alex


def _signed_out_soon(user: Any) -> None:
    # The beacon is sent as the page leaves; give the server a moment to end the session.
    for _ in range(50):
        if not SignInSession.objects.filter(user=user).exists():
            return
        time.sleep(0.1)
    raise AssertionError("the session was not ended")


def _back_shows_nothing_private(page: Any) -> None:
    page.go_back()
    page.wait_for_load_state()
    # The page before Exit is asked for again (no-store) and, signed out, answers the sign-in
    # page (or, for the home page, the public landing page).
    assert urlsplit(page.url).path in ("/accounts/login/", "/"), page.url
    expect(page.get_by_text("Alex & Sam")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    me = page.request.get("/api/v1/me")
    assert me.status == 401


def test_turn_on_sign_out_on_exit_then_exit_and_go_back(page: Any) -> None:
    alex = _person()
    login(page, alex.email, PASSWORD)
    page.goto("/me/")
    box = page.get_by_label("Sign me out when I use Exit this page")
    expect(box).not_to_be_checked()
    no_axe_violations(page, WCAG_22_AND_BEST_PRACTICE)
    box.check()
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Exit this page now also signs you out")).to_be_visible()
    expect(page.get_by_label("Sign me out when I use Exit this page")).to_be_checked()
    no_axe_violations(page, WCAG_22_AND_BEST_PRACTICE)
    os.makedirs(SHOTS, exist_ok=True)
    card = page.locator("section", has=page.locator("#quick-exit-setting"))
    card.screenshot(path=os.path.join(SHOTS, "quick-exit-setting-phone.png"))
    page.screenshot(path=os.path.join(SHOTS, "account-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=os.path.join(SHOTS, "account-desktop.png"), full_page=True)
    no_axe_violations(page, WCAG_22_AND_BEST_PRACTICE)
    page.set_viewport_size(PHONE)
    shot(page, "quick-exit-setting-phone")
    alex.refresh_from_db()
    assert alex.sign_out_on_exit

    page.goto("/spaces/")
    expect(page.get_by_text("Alex & Sam").first).to_be_visible()
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(NEUTRAL)
    _signed_out_soon(alex)
    _back_shows_nothing_private(page)


def test_the_keyboard_shortcut_signs_out_too(page: Any) -> None:
    alex = _person(sign_out_on_exit=True)
    login(page, alex.email, PASSWORD)
    page.goto("/spaces/")
    page.get_by_role("heading", level=1).click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    _signed_out_soon(alex)
    _back_shows_nothing_private(page)


def test_without_javascript_the_link_itself_signs_out(browser: Any, live_server: Any) -> None:
    alex = _person(sign_out_on_exit=True)
    context = _context(browser, live_server, PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, alex.email, PASSWORD)
        page.goto("/spaces/")
        page.get_by_role("link", name="Exit this page").click()
        page.wait_for_url(NEUTRAL)
        # The link was followed by the browser: Mend ended the session before sending it on.
        assert not SignInSession.objects.filter(user=alex).exists()
        _back_shows_nothing_private(page)
    finally:
        context.close()


def test_with_the_setting_off_exit_keeps_the_session(page: Any) -> None:
    alex = _person()
    login(page, alex.email, PASSWORD)
    page.goto("/spaces/")
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(NEUTRAL)
    assert SignInSession.objects.filter(user=alex).exists()
