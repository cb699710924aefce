"""The safety screen walked in chromium: a red flag shows the member immediate help, and
nothing of it reaches the partner or the counsellor."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, couple, riverside_counsellor, shot
from tests.factories import grant_counsellor

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_red_flag_shows_help_to_the_member_only(new_page: Any) -> None:
    robin = riverside_counsellor()
    alex, sam, space = couple("Alex", "Sam")
    grant_counsellor(space, sam, robin)

    member = new_page(signed_in_as=sam, at=f"/spaces/{space.pk}/professional-help/")
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
    partner = new_page(signed_in_as=alex)
    for path in [f"/spaces/{space.pk}/", f"/spaces/{space.pk}/professional-help/"]:
        partner.goto(path)
        expect(partner.get_by_text("Your safety comes first")).to_have_count(0)
        expect(partner.get_by_text("afraid", exact=False)).to_have_count(0)

    # The counsellor Sam consented to: nothing in the caseload or the space view either.
    counsellor = new_page(DESKTOP, signed_in_as=robin, at="/caseload/")
    expect(counsellor.get_by_role("link", name="Alex & Sam", exact=True)).to_be_visible()
    for text in ["Your safety comes first", "red flag", "afraid", "safety screen"]:
        expect(counsellor.get_by_text(text, exact=False)).to_have_count(0)
    counsellor.get_by_role("link", name="Alex & Sam", exact=True).click()
    for text in ["Your safety comes first", "red flag", "afraid", "safety screen"]:
        expect(counsellor.get_by_text(text, exact=False)).to_have_count(0)
