"""A lock of one's own in chromium on a phone (390 px): Alice sets a passphrase, saves her
recovery codes, and in another browser finds her journal locked behind a calm form that a
wrong passphrase does not open and the right one does. Both pages pass axe (WCAG 2.1 AA)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from mend.selftrust import services
from tests.browser.conftest import DESKTOP, no_axe_violations, person, shot
from tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db(transaction=True)

PASS = "heron lilac moonlit harbour"
SHOTS = os.environ.get("MEND_LOCK_SHOTS")


def test_set_a_passphrase_and_unlock_on_a_phone(new_page: Any) -> None:
    alice = person("Alice")
    space = SpaceFactory(name="Alice & Bob")
    add_member(space, alice)
    entry = services.create_entry(
        space=space, owner=alice, title="Mine alone", body="Otter-quince-31 is what I felt."
    )

    page = new_page(signed_in_as=alice, at=f"/spaces/{space.pk}/self-trust/journal/")
    page.get_by_role("link", name="Passphrase lock").click()
    expect(page.get_by_role("heading", name="A lock of your own")).to_be_visible()
    expect(page.get_by_text("Sharing with your counsellor:")).to_be_visible()
    no_axe_violations(page)
    shot(page, "lock-set-phone", SHOTS)
    page.get_by_label("New passphrase").fill(PASS)
    page.get_by_label("The same passphrase again").fill(PASS)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Lock with this passphrase").click()
    expect(page.get_by_text("shown only this once")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    no_axe_violations(page)
    shot(page, "lock-codes-phone", SHOTS)
    # This browser stays unlocked.
    page.goto(f"/self-trust/journal/{entry.pk}/")
    expect(page.get_by_text("Otter-quince-31")).to_be_visible()

    other = new_page(signed_in_as=alice)
    response = other.goto(f"/self-trust/journal/{entry.pk}/")
    assert response is not None and response.status == 423
    expect(other.get_by_role("heading", name="Your self-trust space is locked")).to_be_visible()
    expect(other.get_by_text("Otter-quince-31")).to_have_count(0)
    no_axe_violations(other)
    shot(other, "lock-unlock-phone", SHOTS)
    other.get_by_label("Passphrase").fill("not the passphrase")
    other.get_by_role("button", name="Unlock").click()
    expect(other.get_by_text("does not open this space")).to_be_visible()
    no_axe_violations(other)
    other.get_by_label("Passphrase").fill(PASS)
    other.get_by_role("button", name="Unlock").click()
    expect(other.get_by_text("Otter-quince-31")).to_be_visible()

    wide = new_page(DESKTOP, signed_in_as=alice, at="/self-trust/unlock/")
    shot(wide, "lock-unlock-desktop", SHOTS)
    wide.goto("/self-trust/lock/")
    shot(wide, "lock-settings-desktop", SHOTS)
