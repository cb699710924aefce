"""The counsellor's path on a phone (issue 14): from the space to the progress report, with
"Nothing shared with you yet" until a member shares; and the demo's practice-staff login,
signed in like anyone else, finding the intake request that waits. Each page passes axe."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from mend.accounts.demo import DEMO_PASSWORD
from mend.care import demo as care_demo
from mend.spaces.visibility import Visibility
from tests.browser.conftest import DESKTOP, PHONE, couple, login, look, riverside_counsellor
from tests.care.records import safety_checkin
from tests.factories import grant_counsellor

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("MEND_COUNSELLOR_SHOTS", "/tmp/mend-counsellor-shots")


def _couple_with_counsellor() -> tuple[Any, Any, Any]:
    robin = riverside_counsellor()
    _, sam, space = couple("Alex", "Sam")
    grant_counsellor(space, sam, robin)  # Sam chose Robin, and has shared nothing yet
    return robin, sam, space


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_counsellor_goes_from_the_space_to_the_report(new_page: Any, size: str) -> None:
    robin, sam, space = _couple_with_counsellor()
    page = new_page(
        PHONE if size == "phone" else DESKTOP,
        signed_in_as=robin,
        at=f"/caseload/spaces/{space.pk}/",
    )
    expect(page.get_by_role("heading", name="Nothing shared with you yet")).to_be_visible()
    look(page, f"counsellor-space-empty-{size}", SHOTS)

    page.get_by_role("link", name="Progress report").click()
    expect(page.get_by_role("heading", name="Progress report: Alex & Sam")).to_be_visible()
    expect(page.get_by_role("heading", name="Nothing shared with you yet")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    look(page, f"report-empty-{size}", SHOTS)

    # Back to the space, then to the notes, and from the notes to the report again.
    page.get_by_role("link", name="← Alex & Sam").click()
    page.get_by_role("link", name="Session notes").click()
    page.get_by_role("link", name="Progress report").click()
    expect(page.get_by_role("heading", name="Progress report: Alex & Sam")).to_be_visible()

    # Sam shares a check-in with the counsellor: the report has something to show.
    safety_checkin(space, sam, 6, Visibility.COUNSELLOR, days_ago=0)
    page.reload()
    expect(page.get_by_role("heading", name="Safety check-ins")).to_be_visible()
    expect(page.get_by_text("Nothing shared with you yet")).to_have_count(0)
    look(page, f"report-shared-{size}", SHOTS)
    page.get_by_role("link", name="← Alex & Sam").click()
    expect(page.get_by_text("Feels safe: 6/10")).to_be_visible()
    look(page, f"counsellor-space-shared-{size}", SHOTS)


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
    look(page, f"intake-inbox-{size}", SHOTS)
    page.get_by_role("link", name="New (1)").click()
    waiting = page.get_by_role("article")
    expect(waiting).to_have_count(1)
    expect(waiting.get_by_role("heading")).to_contain_text("Jamie")
    waiting.get_by_label("Status").select_option("contacted")
    waiting.get_by_role("button", name="Update").click()
    expect(page.get_by_text("is now “contacted”")).to_be_visible()
    expect(page.get_by_role("link", name="New (0)")).to_be_visible()
