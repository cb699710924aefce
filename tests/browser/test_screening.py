"""The safety screen walked in chromium: a red flag shows the member immediate help, and
nothing of it reaches the partner or the counsellor."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from mend.care.models import CounsellorProfile, Practice
from tests.browser.conftest import DESKTOP, login, shot
from tests.factories import PASSWORD, SpaceFactory, UserFactory, add_member, grant_counsellor

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_red_flag_shows_help_to_the_member_only(new_page: Any) -> None:
    practice = Practice.objects.create(name="Riverside Counselling", contact_email="in@r.test")
    robin = UserFactory(email="robin@example.test", display_name="Robin")
    CounsellorProfile.objects.create(user=robin, practice=practice, title="Counsellor")
    sam = UserFactory(email="sam@example.test", display_name="Sam")
    alex = UserFactory(email="alex@example.test", display_name="Alex")
    space = SpaceFactory(name="Alex & Sam")
    add_member(space, sam)
    add_member(space, alex)
    grant_counsellor(space, sam, robin)

    member = new_page()
    login(member, sam.email, PASSWORD)
    member.goto(f"/spaces/{space.pk}/professional-help/")
    member.get_by_role("link", name="A few questions about your safety").click()
    fear = member.get_by_role("group", name="Are you afraid of anyone in this space")
    fear.get_by_label("Yes").check()
    member.get_by_role("button", name="See what might help").click()
    help_box = member.get_by_role("alert")
    expect(help_box).to_contain_text("Your safety comes first")
    expect(help_box).to_contain_text("Emergency")
    expect(member.get_by_text("not advised", exact=False).first).to_be_visible()
    shot(member, "screening-red-flag-phone")

    # The partner: nothing on the space pages or on their own help page.
    partner = new_page()
    login(partner, alex.email, PASSWORD)
    for path in [f"/spaces/{space.pk}/", f"/spaces/{space.pk}/professional-help/"]:
        partner.goto(path)
        expect(partner.get_by_text("Your safety comes first")).to_have_count(0)
        expect(partner.get_by_text("afraid", exact=False)).to_have_count(0)

    # The counsellor Sam consented to: nothing in the caseload or the space view either.
    counsellor = new_page(DESKTOP)
    login(counsellor, robin.email, PASSWORD)
    counsellor.goto("/caseload/")
    expect(counsellor.get_by_role("link", name="Alex & Sam", exact=True)).to_be_visible()
    for text in ["Your safety comes first", "red flag", "afraid", "safety screen"]:
        expect(counsellor.get_by_text(text, exact=False)).to_have_count(0)
    counsellor.get_by_role("link", name="Alex & Sam", exact=True).click()
    for text in ["Your safety comes first", "red flag", "afraid", "safety screen"]:
        expect(counsellor.get_by_text(text, exact=False)).to_have_count(0)
