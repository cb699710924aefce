"""Counsellors with consent, walked in chromium: a member invites a counsellor, who sees only
what is shared; the member withdraws and the counsellor's next page is a 404. And a signed-out
visitor's "get in touch" request reaches the practice inbox."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from mend.care.models import IntakeRequest, Practice, PracticeStaff
from mend.spaces.models import Breach
from mend.spaces.visibility import Visibility
from tests.browser.conftest import DESKTOP, couple, open_section, person, riverside_counsellor, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_invite_see_only_shared_withdraw(new_page: Any) -> None:
    robin = riverside_counsellor()
    alex, sam, space = couple("Alex", "Sam")
    for title, owner, visibility in [
        ("Sam shares this with the counsellor", sam, Visibility.COUNSELLOR),
        ("Sam keeps this private", sam, Visibility.PRIVATE),
        ("Alex marks this for the counsellor", alex, Visibility.COUNSELLOR),
    ]:
        Breach.objects.create(
            space=space, owner=owner, title=title, owner_role="hurt", visibility=visibility
        )

    member = new_page(signed_in_as=sam, at=f"/spaces/{space.pk}/")
    open_section(member, "Counsellor")
    member.get_by_label("Choose a counsellor").select_option(
        label="Robin — Couples counsellor, Riverside Counselling"
    )
    member.get_by_role("button", name="Let this counsellor see what I share with them").click()
    expect(member.get_by_text("Robin can now see what you share")).to_be_visible()
    shot(member, "care-member-invited-phone")

    counsellor = new_page(DESKTOP, signed_in_as=robin)
    counsellor.get_by_role("link", name="Caseload").click()
    counsellor.get_by_role("link", name="Alex & Sam", exact=True).click()
    expect(counsellor.get_by_text("Sam shares this with the counsellor")).to_be_visible()
    expect(counsellor.get_by_text("Sam keeps this private")).to_have_count(0)
    # Alex has not consented: what Alex marked for "our counsellor" stays hidden.
    expect(counsellor.get_by_text("Alex marks this for the counsellor")).to_have_count(0)
    shot(counsellor, "care-counsellor-space-desktop")
    space_url = counsellor.url

    member.reload()
    member.get_by_role("button", name="Withdraw my consent").click()
    expect(member.get_by_text("no longer sees anything of yours")).to_be_visible()

    response = counsellor.goto(space_url)
    assert response is not None and response.status == 404
    expect(counsellor.get_by_text("Sam shares this with the counsellor")).to_have_count(0)

    # Sam's access log shows the counsellor's read, with the role.
    member.goto("/me/access-log/")
    expect(member.get_by_text("counsellor", exact=True).first).to_be_visible()


def test_an_intake_request_reaches_the_practice_inbox(new_page: Any) -> None:
    practice = Practice.objects.create(name="Riverside Counselling", contact_email="in@r.test")
    pat = person("Pat", is_staff=True)
    PracticeStaff.objects.create(user=pat, practice=practice)

    visitor = new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name="Get in touch with a counsellor").click()
    visitor.get_by_role("radio", name="Phone").check()
    visitor.get_by_label("Your e-mail address or phone number").fill("+44 20 7946 0000")
    visitor.get_by_label("What would you like help with?").fill("We argue about the same thing.")
    expect(visitor.get_by_role("heading", name="If you need help now")).to_be_hidden()
    visitor.get_by_role("radio", name="Urgent").check()
    expect(visitor.get_by_role("heading", name="If you need help now")).to_be_visible()
    visitor.get_by_label("Soon: in the next few days").check()
    visitor.get_by_role("button", name="Send my request").click()
    expect(visitor.get_by_test_id("intake-status")).to_have_text("New")
    shot(visitor, "care-intake-status-phone")
    status_url = visitor.url

    staff = new_page(DESKTOP, signed_in_as=pat, at="/practice/inbox/")
    expect(staff.get_by_text("We argue about the same thing.")).to_be_visible()
    intake = IntakeRequest.objects.get()
    staff.get_by_label("Status", exact=True).select_option("contacted")
    staff.get_by_role("button", name="Update").click()
    shot(staff, "care-inbox-desktop")
    intake.refresh_from_db()
    assert intake.status == "contacted"

    visitor.goto(status_url)
    expect(visitor.get_by_test_id("intake-status")).to_have_text("Contacted")
