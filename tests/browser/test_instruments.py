"""Questionnaires as data, walked in chromium: practice staff import a definition in the admin,
the counsellor assigns it as homework, the member fills it in and sees it charted with the
cut-off; the partner sees nothing of it until the member shares it with the space."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from mend.care.models import PracticeStaff
from tests.browser.conftest import (
    DESKTOP,
    couple,
    login_with_two_factor,
    person,
    riverside_counsellor,
    shot,
)
from tests.factories import grant_counsellor
from tests.instruments.base import fixture_definition

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_assign_fill_in_chart_and_share(new_page: Any) -> None:
    robin = riverside_counsellor()
    pat = person("Pat", is_staff=True)
    PracticeStaff.objects.create(user=pat, practice=robin.counsellor_profile.practice)
    alex, sam, space = couple("Alex", "Sam")
    grant_counsellor(space, sam, robin)

    staff = new_page(DESKTOP)
    login_with_two_factor(staff, pat)
    staff.goto("/admin/instruments/instrumentdefinition/import/")
    staff.locator("input[name=file]").set_input_files(
        files=[
            {
                "name": "fixture.json",
                "mimeType": "application/json",
                "buffer": json.dumps(fixture_definition()).encode(),
            }
        ]
    )
    staff.get_by_label("Offered in").select_option(label="Spaces served by Riverside Counselling")
    staff.get_by_role("button", name="Check and import").click()
    expect(staff.get_by_text("Loaded FS (version 1).")).to_be_visible()
    shot(staff, "instruments-admin-imported-desktop")

    counsellor = new_page(DESKTOP, signed_in_as=robin, at=f"/caseload/spaces/{space.pk}/")
    counsellor.get_by_label("Kind").select_option(label="A questionnaire")
    counsellor.get_by_label("Title").fill("The fixture scale, once a week")
    counsellor.get_by_label(re.compile(r"^For:?$")).select_option(label="Sam only")
    counsellor.get_by_label("Questionnaire (for a questionnaire)").select_option(
        label="Fixture scale (FS, version 1)"
    )
    counsellor.get_by_role("button", name="Suggest").click()
    expect(counsellor.get_by_text("Homework suggested.")).to_be_visible()

    member = new_page(signed_in_as=sam, at=f"/spaces/{space.pk}/counsellor/")
    member.get_by_role("button", name="Accept").click()
    expect(member.get_by_role("heading", name="Fixture scale")).to_be_visible()
    for item, label in (
        ("1. Item A1", "agree 5"),
        ("2. Item A2", "agree 1"),
        ("3. Item B1", "agree 1"),
        ("4. Item B2", "agree 1"),
    ):
        member.get_by_role("group", name=item).get_by_label(label).check()
    member.get_by_role("button", name="See my score").click()
    expect(member.get_by_role("heading", name="FS: 12")).to_be_visible()
    expect(member.get_by_text("Free to use in tests.")).to_be_visible()
    member.goto(f"/spaces/{space.pk}/instruments/")
    expect(member.locator("svg")).to_have_count(3)  # the total and both subscales
    expect(member.get_by_text("Cut-off 12: high (Fixture (2026), p. 2)")).to_be_visible()
    shot(member, "instruments-member-chart-phone")

    partner = new_page(signed_in_as=alex, at=f"/spaces/{space.pk}/instruments/")
    expect(partner.get_by_text("Sam's FS scores")).to_have_count(0)

    member.locator("tbody a").first.click()  # the result, by its date
    member.get_by_label("Everyone in this space", exact=True).check()
    member.get_by_role("button", name="Update sharing").click()
    expect(member.get_by_text("Sharing updated.")).to_be_visible()
    partner.reload()
    expect(partner.get_by_text("Sam's FS scores")).to_be_visible()
