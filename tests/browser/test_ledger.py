"""Micro-moments on a phone: two taps to log, the partner confirms, the numbers move."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from mend.ledger.models import Moment
from tests.browser.conftest import couple, open_section, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_tap_moment_partner_confirms_numbers_change(new_page: Any) -> None:
    alex, sam, space = couple("Alex", "Sam")

    page = new_page(signed_in_as=alex, at=f"/spaces/{space.pk}/")
    open_section(page, "Trust & moments")
    expect(page.get_by_role("heading", name="Log a moment")).to_be_visible()
    trust_in_sam = page.get_by_test_id(f"trust-index-{sam.pk}")
    balance = page.locator("#ledger-numbers").get_by_test_id("bank-balance")
    # No evidence: no number (issue 12: "50%" was the prior, not evidence).
    expect(trust_in_sam).to_contain_text("Not enough evidence yet")
    expect(balance).to_have_text("0")
    url = page.url

    # Two taps: the kind, then Save ("Sam did this for me" is preselected).
    page.get_by_text("Small kindness", exact=True).click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    assert page.url == url  # no full reload
    expect(trust_in_sam).to_contain_text("So far: 1.0")  # still below the minimum of 5
    expect(balance).to_have_text("1")
    shot(page, "ledger-logged-phone")
    moment = Moment.objects.get()
    assert (moment.actor_id, moment.receiver_id, moment.confirmed) == (sam.pk, alex.pk, True)

    # "I did this for Sam": a self-report until Sam confirms it.
    page.get_by_text("Listened well", exact=True).click()
    page.get_by_label("I did this for Sam").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("self-report until Sam confirms")).to_be_visible()

    partner = new_page(signed_in_as=sam, at=f"/spaces/{space.pk}/ledger/")
    trust_in_alex = partner.get_by_test_id(f"trust-index-{alex.pk}")
    # Alex's own report is a claim, shown apart, of no weight until Sam confirms it (issue 12).
    expect(trust_in_alex).to_contain_text("So far: 0.0")
    expect(partner.get_by_test_id(f"trust-claims-{alex.pk}")).to_contain_text(
        "1 report of a good moment"
    )
    partner.get_by_role("button", name="Yes, this happened").click()
    expect(partner.get_by_text("Confirmed. Thank you")).to_be_visible()
    expect(trust_in_alex).to_contain_text("So far: 1.0")
    expect(partner.locator("#ledger-numbers").get_by_test_id("bank-balance")).to_have_text("2")
    shot(partner, "ledger-confirmed-phone")
    assert Moment.objects.filter(confirmed_at__isnull=False).count() == 2
