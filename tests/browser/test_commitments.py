"""Commitments on a phone: Alex commits, reports it kept, Sam confirms."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mend.commitments.models import Commitment, Occurrence
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, SpaceFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_commit_report_kept_and_partner_confirms(new_page: Any) -> None:
    alex = UserFactory(email="alex@example.test", display_name="Alex")
    sam = UserFactory(email="sam@example.test", display_name="Sam")
    space = SpaceFactory(name="Alex & Sam")
    add_member(space, alex)
    add_member(space, sam)
    soon = timezone.now() + timedelta(hours=1)  # users' time zone is UTC

    page = new_page()
    login(page, alex.email, PASSWORD)
    page.goto(f"/spaces/{space.pk}/")
    page.get_by_role("link", name="Commitments").click()
    expect(page.get_by_role("heading", name="Commitments", exact=True)).to_be_visible()
    page.get_by_role("link", name="Make a commitment").click()
    page.get_by_label("What will you do?").fill("I text you if I will be home after 19:00")
    page.get_by_label("How will they know?").fill("You get a text from me before 18:30")
    page.get_by_label("Once").check()
    expect(page.get_by_label("Until (optional)")).to_be_hidden()
    page.get_by_label("Starting on").fill(soon.date().isoformat())
    page.get_by_label("At what time?").fill(soon.strftime("%H:%M"))
    shot(page, "commitment-form-phone")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("heading", name="I text you if I will be home after 19:00")
    ).to_be_visible()
    commitment = Commitment.objects.get()
    assert (commitment.owner_id, commitment.made_to_id, commitment.rrule) == (alex.pk, sam.pk, "")

    page.get_by_role("button", name="I kept it").click()
    expect(page.get_by_text("Reported kept")).to_be_visible()
    shot(page, "commitment-reported-phone")
    assert Occurrence.objects.get().reported_outcome == "kept"

    partner = new_page()
    login(partner, sam.email, PASSWORD)
    partner.goto(f"/spaces/{space.pk}/commitments/")
    expect(partner.get_by_role("heading", name="Waiting for your answer")).to_be_visible()
    partner.get_by_placeholder("A note (optional)").first.fill("Thank you, it helped.")
    partner.get_by_role("button", name="Confirm").first.click()
    expect(partner.get_by_text("Confirmed kept").first).to_be_visible()
    shot(partner, "commitment-confirmed-phone")
    occurrence = Occurrence.objects.get()
    assert (occurrence.response, occurrence.response_note) == ("confirmed", "Thank you, it helped.")

    page.reload()
    expect(page.get_by_text(re.compile("Sam\\s+confirmed it"))).to_be_visible()
