"""A lock of one's own in chromium on a phone (390 px): Alice sets a passphrase, saves her
recovery codes, and in another browser finds her journal locked behind a calm form that a
wrong passphrase does not open and the right one does. Both pages pass axe (WCAG 2.1 AA)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from mend.selftrust import services
from tests.browser.conftest import DESKTOP, login, shot
from tests.browser.test_notify import no_axe_violations
from tests.factories import PASSWORD, SpaceFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db(transaction=True)

PASS = "heron lilac moonlit harbour"
SHOTS = os.environ.get("MEND_LOCK_SHOTS")


def snap(page: Any, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
    shot(page, name)


def test_set_a_passphrase_and_unlock_on_a_phone(new_page: Any) -> None:
    alice = UserFactory(email="alice@example.test", display_name="Alice")
    space = SpaceFactory(name="Alice & Bob")
    add_member(space, alice)
    entry = services.create_entry(
        space=space, owner=alice, title="Mine alone", body="Otter-quince-31 is what I felt."
    )

    page = new_page()
    login(page, alice.email, PASSWORD)
    page.goto(f"/spaces/{space.pk}/self-trust/journal/")
    page.get_by_role("link", name="Passphrase lock").click()
    expect(page.get_by_role("heading", name="A lock of your own")).to_be_visible()
    expect(page.get_by_text("Sharing with your counsellor:")).to_be_visible()
    no_axe_violations(page)
    snap(page, "lock-set-phone")
    page.get_by_label("New passphrase").fill(PASS)
    page.get_by_label("The same passphrase again").fill(PASS)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Lock with this passphrase").click()
    expect(page.get_by_text("shown only this once")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    no_axe_violations(page)
    snap(page, "lock-codes-phone")
    # This browser stays unlocked.
    page.goto(f"/self-trust/journal/{entry.pk}/")
    expect(page.get_by_text("Otter-quince-31")).to_be_visible()

    other = new_page()
    login(other, alice.email, PASSWORD)
    response = other.goto(f"/self-trust/journal/{entry.pk}/")
    assert response is not None and response.status == 423
    expect(other.get_by_role("heading", name="Your self-trust space is locked")).to_be_visible()
    expect(other.get_by_text("Otter-quince-31")).to_have_count(0)
    no_axe_violations(other)
    snap(other, "lock-unlock-phone")
    other.get_by_label("Passphrase").fill("not the passphrase")
    other.get_by_role("button", name="Unlock").click()
    expect(other.get_by_text("does not open this space")).to_be_visible()
    no_axe_violations(other)
    other.get_by_label("Passphrase").fill(PASS)
    other.get_by_role("button", name="Unlock").click()
    expect(other.get_by_text("Otter-quince-31")).to_be_visible()

    wide = new_page(DESKTOP)
    login(wide, alice.email, PASSWORD)
    wide.goto("/self-trust/unlock/")
    snap(wide, "lock-unlock-desktop")
    wide.goto("/self-trust/lock/")
    snap(wide, "lock-settings-desktop")
