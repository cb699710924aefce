"""Right in the hand (issue 14), walked in chromium at 390x844 and 1280x800: after a flooded,
unsafe check-in the pause is on the first screen; helplines are tap-to-call; the tab link lands
below the exit bar; "Welcome back" is in view after a pause; the space menu is one row; no page
is wider than the screen; axe-core finds nothing. Screenshots go to /tmp/phone/."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from mend.commitments.models import Commitment
from mend.ledger import services as ledger_services
from mend.safety.models import Pause
from tests.browser.conftest import couple, look, open_section
from tests.commitments.helpers import coffee_every_morning

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SHOTS = os.environ.get("MEND_PHONE_SHOTS", "/tmp/phone")
UNSAFE_FLOODED = {
    "safety": 3,
    "racing_heart": 3,
    "flee_or_fight": 2,
    "cant_think": 2,
    "body_tense": 1,
}


def in_first_screen(page: Any, locator: Any) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    box = locator.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= page.viewport_size["height"], (
        f"{box['y'] + box['height']:.0f}px down on a {page.viewport_size['height']}px screen"
    )


@pytest.fixture
def people() -> dict[str, Any]:
    alice, bob, space = couple("Alice", "Bob")
    return {"alice": alice, "bob": bob, "space": space}


@pytest.mark.parametrize("size", ["phone", "desktop"])
@override_settings(MEND_HELPLINE_EMERGENCY="999", MEND_HELPLINE_CRISIS="Samaritans 116 123")
def test_safety_first_after_an_unsafe_flooded_check_in(
    new_page: Any, people: dict[str, Any], size: str
) -> None:
    space = people["space"]
    page = new_page(SIZES[size], signed_in_as=people["alice"])

    page.goto(f"/spaces/{space.pk}/")
    look(page, f"overview-{size}", SHOTS, tags=None)
    nav = page.get_by_role("navigation", name="In this space")
    if size == "phone":  # one row: safety, then the menu button (a desktop has tabs)
        menu = nav.get_by_role("button", name="In this space: Overview").bounding_box()
        safety = nav.get_by_role("link", name="Safety", exact=True).bounding_box()
        assert abs(menu["y"] - safety["y"]) < 2 and menu["x"] > safety["x"] + safety["width"]
        assert nav.bounding_box()["height"] < 60, "the space menu is one row"
    invite = page.get_by_role("button", name="Create an invitation link").bounding_box()
    leave = page.get_by_role("link", name=re.compile("Leave this space")).bounding_box()
    assert leave["y"] - (invite["y"] + invite["height"]) > 150, "leaving is far from inviting"

    # The tab link's #check-in target lands below the sticky exit bar.
    open_section(page, "Safety & check-in")
    page.wait_for_url(re.compile(r"#check-in$"))
    bar = page.locator(".quick-exit").bounding_box()
    heading = page.get_by_role("heading", name="Quick check-in").bounding_box()
    assert heading["y"] >= bar["y"] + bar["height"], "the heading is hidden under the exit bar"
    look(page, f"safety-{size}", SHOTS, tags=None)

    form = page.locator("form#check-in")
    for name, value in UNSAFE_FLOODED.items():
        form.locator(f'label[for="id_{name}_{value}"]').click()
    form.get_by_role("button", name="Check in").click()
    page.wait_for_url(re.compile(r"/safety/checkins/\d+/"))
    start = page.get_by_role("button", name="Start the pause")
    expect(start).to_have_count(1)
    in_first_screen(page, start)
    expect(page.locator('a[href="tel:999"]').first).to_be_visible()
    expect(page.locator('a[href="tel:116123"]').first).to_be_visible()
    look(page, f"checkin-result-{size}", SHOTS, tags=None)

    page.get_by_label("20 min").check()
    start.click()
    page.wait_for_url(re.compile(r"/safety/pauses/\d+/"))
    resume = page.locator("#resume")
    expect(resume).to_be_disabled()
    expect(resume).to_have_text(
        re.compile(r"You can come back from (\w+ \d+ \w+ )?\d\d:\d\d:\d\d$")
    )
    accent = page.evaluate(
        "getComputedStyle(document.querySelector('.button--big, button')).backgroundColor"
    )
    looks = page.evaluate("getComputedStyle(document.querySelector('#resume')).backgroundColor")
    assert looks != "rgb(47, 93, 98)", f"the disabled button looks enabled ({looks}, {accent})"
    look(page, f"pause-{size}", SHOTS, tags=None)

    # Twenty minutes later (the server's clock): back, and "Welcome back" is in view.
    pause = Pause.objects.get(owner=people["alice"])
    Pause.objects.filter(pk=pause.pk).update(started_at=pause.started_at - timedelta(minutes=21))
    page.reload()
    page.get_by_role("button", name="I'm ready to come back").click()
    page.wait_for_url(re.compile(r"#check-in$"))
    expect(page.locator("#welcome-back")).to_be_in_viewport()
    look(page, f"welcome-back-{size}", SHOTS, tags=None)

    # "Getting help" agrees with this morning's check-in.
    page.goto(f"/spaces/{space.pk}/professional-help/")
    expect(page.locator("main")).not_to_contain_text("Nothing here suggests")
    expect(page.get_by_role("link", name="Talk to a counsellor")).to_be_visible()
    look(page, f"getting-help-{size}", SHOTS, tags=None)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_commitments_apology_and_self_trust_fit_the_screen(
    new_page: Any, people: dict[str, Any], size: str
) -> None:
    space, alice, bob = people["space"], people["alice"], people["bob"]
    now = timezone.now()
    long_one = coffee_every_morning(space, alice, bob, days=40)
    page = new_page(SIZES[size], signed_in_as=alice)

    # A daily commitment 40 days old: the latest times, the rest behind "Show all".
    page.goto(f"/commitments/{long_one.pk}/")
    expect(page.locator("#all-occurrences")).to_have_count(1)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, f"the commitment page is {height}px long"
    look(page, f"commitment-long-{size}", SHOTS, tags=None)
    page.get_by_text("End…").click()
    look(page, f"commitment-end-confirm-{size}", SHOTS, tags=None)
    page.get_by_role("button", name="Yes, end it").click()
    long_one.refresh_from_db()
    assert long_one.status == "ended"

    # The form asks for the time zone; the raw rule waits behind "Advanced".
    page.goto(f"/spaces/{space.pk}/commitments/new/")
    expect(page.get_by_label("A custom rule (RFC 5545 RRULE)")).to_be_hidden()
    expect(page.get_by_label("Your time zone")).to_be_visible()
    look(page, f"commitment-form-{size}", SHOTS, tags=None)
    page.get_by_label("What will you do?").fill("I text you if I will be home after 19:00")
    page.get_by_label("How will they know?").fill("You get a text from me before 18:30")
    page.get_by_label("Every day").check()
    page.get_by_label("Starting on").fill((now + timedelta(days=1)).date().isoformat())
    page.get_by_label("At what time?").fill("18:30")
    page.get_by_label("Your time zone").select_option("Europe/Paris")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("heading", name="I text you if I will be home after 19:00")
    ).to_be_visible()
    (saved,) = [c for c in Commitment.objects.all() if c.what.startswith("I text")]
    assert saved.timezone == "Europe/Paris"
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Paris"

    # The apology studio: the three parts can be seen while typing.
    page.goto(f"/spaces/{space.pk}/apologies/new/")
    text = page.locator("#id_text")
    text.fill(
        "I am sorry I shouted at you. It was my fault. From now on I will take a break first."
    )
    parts = page.locator("#feedback-parts .part")
    if size == "phone":
        expect(parts.first).to_be_visible()
        text_box = text.bounding_box()
        parts_box = page.locator("#feedback-parts").bounding_box()
        save_box = page.get_by_role("button", name="Save draft").bounding_box()
        assert text_box["y"] < parts_box["y"] < save_box["y"]
    else:
        expect(page.locator("#feedback .parts")).to_be_visible()
        assert page.locator("#feedback-title").bounding_box()["x"] > text.bounding_box()["x"]
    look(page, f"apology-{size}", SHOTS, tags=None)

    page.goto(f"/spaces/{space.pk}/self-trust/")
    look(page, f"selftrust-{size}", SHOTS, tags=None)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_ledger_pages_fit_the_screen(new_page: Any, people: dict[str, Any], size: str) -> None:
    space, alice, bob = people["space"], people["alice"], people["bob"]
    for felt in (3, 6):
        ledger_services.record_checkin(
            space=space, owner=alice, about_id=bob.pk, felt_trust=felt, forgiveness=felt + 1
        )
    page = new_page(SIZES[size], signed_in_as=alice)
    for name in ("checkin", "timeline", "bank", "disclosures"):
        page.goto(f"/spaces/{space.pk}/ledger/{name}/")
        look(page, f"ledger-{name}-{size}", SHOTS, tags=None)
