"""The foundation walked in chromium on a phone: sign up, create a couple space, invite, the
partner joins through the link, both see the space; quick exit; a private record stays private."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from mend.spaces.models import Breach, Space
from mend.spaces.visibility import Visibility
from tests.browser.conftest import couple, shot

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(page: Any, name: str, email: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill("a long calm password 1")
    page.get_by_label(re.compile(r"^Password \(again\)")).fill("a long calm password 1")
    page.get_by_role("button", name="Sign Up").click()


def test_sign_up_create_space_invite_and_join(new_page: Any) -> None:
    alex = new_page()
    alex.goto("/")
    shot(alex, "landing-phone")
    alex.get_by_role("link", name="Create an account").click()
    sign_up(alex, "Alex", "alex@example.test")
    expect(alex.get_by_role("heading", name="Your spaces")).to_be_visible()
    alex.get_by_label("Name of the space").fill("Alex & Sam")
    alex.get_by_role("button", name="Create space").click()
    expect(alex.get_by_role("heading", name="Alex & Sam")).to_be_visible()
    alex.get_by_role("button", name="Create an invitation link").click()
    link = alex.locator("#invite-url").inner_text().strip()
    assert "/join/" in link
    shot(alex, "space-invite-phone")

    sam = new_page()
    sam.goto(link)
    expect(sam.get_by_role("heading", name="You have been invited to Mend")).to_be_visible()
    sam.get_by_role("link", name="Create an account").click()
    sign_up(sam, "Sam", "sam@example.test")
    sam.wait_for_url(re.compile(r"/join/"))
    sam.get_by_role("button", name="Ask to join").click()
    expect(sam.get_by_role("heading", name="Alex & Sam")).to_be_visible()
    expect(sam.get_by_text("Alex", exact=True)).to_be_visible()

    alex.reload()
    expect(alex.get_by_text("Sam", exact=True)).to_be_visible()
    space = Space.objects.get(name="Alex & Sam")
    assert space.memberships.filter(left_at__isnull=True).count() == 2

    # The link was single-use.
    third = new_page()
    third.goto(link)
    expect(third.get_by_role("heading", name="This link does not work")).to_be_visible()


def test_quick_exit_leaves_and_replaces_history(page: Any, live_server: Any) -> None:
    page.goto("/accounts/login/")
    page.goto("/")
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(re.compile(r"bbc\.co\.uk"))
    page.go_back()
    # The page we exited from was replaced, so Back lands on the page before it.
    assert "/accounts/login/" in page.url


def test_quick_exit_keyboard_shortcut(page: Any) -> None:
    page.goto("/")
    page.get_by_role("heading", level=1).click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(re.compile(r"bbc\.co\.uk"))


def test_partner_cannot_open_a_private_record_by_url(new_page: Any) -> None:
    alice, bob, space = couple("Alice", "Bob")
    secret = Breach.objects.create(
        space=space,
        owner=alice,
        title="What I have not told anyone",
        owner_role="hurt",
        visibility=Visibility.PRIVATE,
    )
    page = new_page(signed_in_as=bob)
    response = page.goto(f"/breaches/{secret.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text("What I have not told anyone")).to_have_count(0)
    api = page.goto(f"/api/v1/breaches/{secret.pk}")
    assert api is not None and api.status == 404

    owner = new_page(signed_in_as=alice, at=f"/breaches/{secret.pk}/")
    expect(owner.get_by_role("heading", name="What I have not told anyone")).to_be_visible()
    expect(owner.get_by_title("Only you can see this")).to_be_visible()
