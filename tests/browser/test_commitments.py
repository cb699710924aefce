"""Commitments on a phone: Alex commits, reports it kept, Sam confirms."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mend.commitments.models import Commitment, Occurrence
from tests.browser.conftest import couple, open_section, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_commit_report_kept_and_partner_confirms(new_page: Any) -> None:
    alex, sam, space = couple("Alex", "Sam")
    soon = timezone.now() + timedelta(hours=1)  # users' time zone is UTC

    page = new_page(signed_in_as=alex, at=f"/spaces/{space.pk}/")
    open_section(page, "Commitments")
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

    partner = new_page(signed_in_as=sam, at=f"/spaces/{space.pk}/commitments/")
    expect(partner.get_by_role("heading", name="Waiting for your answer")).to_be_visible()
    partner.get_by_placeholder("A note (optional)").first.fill("Thank you, it helped.")
    partner.get_by_role("button", name="Confirm").first.click()
    expect(partner.get_by_text("Confirmed kept").first).to_be_visible()
    shot(partner, "commitment-confirmed-phone")
    occurrence = Occurrence.objects.get()
    assert (occurrence.response, occurrence.response_note) == ("confirmed", "Thank you, it helped.")

    page.reload()
    expect(page.get_by_text(re.compile("Sam\\s+confirmed it"))).to_be_visible()
