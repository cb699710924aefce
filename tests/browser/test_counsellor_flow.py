"""The counsellor's path on a phone (issue 14): from the space to the progress report, with
"Nothing shared with you yet" until a member shares; and the demo's practice-staff login,
signed in like anyone else, finding the intake request that waits. Each page passes axe."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from mend.accounts.demo import DEMO_PASSWORD
from mend.care import demo as care_demo
from mend.care.models import CounsellorProfile, Practice
from mend.safety.models import SafetyCheckIn
from mend.spaces.visibility import Visibility
from tests.browser.conftest import DESKTOP, PHONE, login, shot
from tests.factories import PASSWORD, SpaceFactory, UserFactory, add_member, grant_counsellor

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("MEND_COUNSELLOR_SHOTS", "/tmp/mend-counsellor-shots")


def look(page: Any, name: str) -> None:
    """No WCAG 2.1 A/AA violation from axe-core, nothing wider than the screen, a screenshot."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} too wide"
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, f"{name}\n{results.generate_report()}"
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
    shot(page, name)


def _couple_with_counsellor() -> tuple[Any, Any, Any]:
    practice = Practice.objects.create(name="Riverside Counselling", contact_email="in@r.test")
    robin = UserFactory(email="robin@example.test", display_name="Robin")
    CounsellorProfile.objects.create(user=robin, practice=practice, title="Couples counsellor")
    sam = UserFactory(email="sam@example.test", display_name="Sam")
    alex = UserFactory(email="alex@example.test", display_name="Alex")
    space = SpaceFactory(name="Alex & Sam")
    add_member(space, sam)
    add_member(space, alex)
    grant_counsellor(space, sam, robin)  # Sam chose Robin, and has shared nothing yet
    return robin, sam, space


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_counsellor_goes_from_the_space_to_the_report(new_page: Any, size: str) -> None:
    robin, sam, space = _couple_with_counsellor()
    page = new_page(PHONE if size == "phone" else DESKTOP)
    login(page, robin.email, PASSWORD)
    page.goto(f"/caseload/spaces/{space.pk}/")
    expect(page.get_by_role("heading", name="Nothing shared with you yet")).to_be_visible()
    look(page, f"counsellor-space-empty-{size}")

    page.get_by_role("link", name="Progress report").click()
    expect(page.get_by_role("heading", name="Progress report: Alex & Sam")).to_be_visible()
    expect(page.get_by_role("heading", name="Nothing shared with you yet")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    look(page, f"report-empty-{size}")

    # Back to the space, then to the notes, and from the notes to the report again.
    page.get_by_role("link", name="← Alex & Sam").click()
    page.get_by_role("link", name="Session notes").click()
    page.get_by_role("link", name="Progress report").click()
    expect(page.get_by_role("heading", name="Progress report: Alex & Sam")).to_be_visible()

    # Sam shares a check-in with the counsellor: the report has something to show.
    SafetyCheckIn.objects.create(
        space=space,
        owner=sam,
        visibility=Visibility.COUNSELLOR,
        safety=6,
        racing_heart=0,
        flee_or_fight=0,
        cant_think=0,
        body_tense=0,
        score=0,
        created_at=timezone.now(),
    )
    page.reload()
    expect(page.get_by_role("heading", name="Safety check-ins")).to_be_visible()
    expect(page.get_by_text("Nothing shared with you yet")).to_have_count(0)
    look(page, f"report-shared-{size}")
    page.get_by_role("link", name="← Alex & Sam").click()
    expect(page.get_by_text("Feels safe: 6/10")).to_be_visible()
    look(page, f"counsellor-space-shared-{size}")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_demo_practice_staff_sign_in_and_find_the_intake_waiting(
    new_page: Any, size: str
) -> None:
    call_command("demo", stdout=io.StringIO())
    page = new_page(PHONE if size == "phone" else DESKTOP)
    login(page, care_demo.STAFF_EMAIL, DEMO_PASSWORD)
    # With no space of their own, practice staff land on the inbox, linked in the header too.
    expect(
        page.get_by_role("heading", name="Riverside Counselling: intake requests")
    ).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice inbox")
    ).to_be_visible()
    look(page, f"intake-inbox-{size}")
    page.get_by_role("link", name="New (1)").click()
    waiting = page.get_by_role("article")
    expect(waiting).to_have_count(1)
    expect(waiting.get_by_role("heading")).to_contain_text("Jamie")
    waiting.get_by_label("Status").select_option("contacted")
    waiting.get_by_role("button", name="Update").click()
    expect(page.get_by_text("is now “contacted”")).to_be_visible()
    expect(page.get_by_role("link", name="New (0)")).to_be_visible()
