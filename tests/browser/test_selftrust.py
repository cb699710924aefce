"""Self-trust in chromium on a phone: Alice writes a journal entry; Bob, her partner in the same
space, cannot open it by URL or through the API; the database holds only ciphertext."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from mend.selftrust.models import JournalEntry
from tests.browser.conftest import couple, open_section, shot

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "Today my gut said something was off, and this time I listened. Heron-lilac-19."


def test_journal_entry_the_partner_cannot_open(new_page: Any) -> None:
    alice, bob, space = couple("Alice", "Bob")

    page = new_page(signed_in_as=alice, at=f"/spaces/{space.pk}/")
    open_section(page, "Self-trust")
    expect(page.get_by_role("heading", name="Self-trust", exact=True)).to_be_visible()
    expect(page.get_by_text("will ever see your journal").first).to_be_visible()
    shot(page, "selftrust-home-phone")
    page.get_by_role("link", name="Write").click()
    page.get_by_label("Title").fill("Listening to myself")
    page.get_by_label("What is on your mind").fill(BODY)
    expect(page.get_by_label("Only me")).to_be_checked()
    assert page.get_by_label("Everyone in this space").count() == 0
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Listening to myself")).to_be_visible()
    expect(page.get_by_text("Heron-lilac-19")).to_be_visible()
    shot(page, "selftrust-journal-entry-phone")
    entry_url = page.url
    entry = JournalEntry.objects.get()
    assert b"Heron-lilac-19" not in bytes(entry.ciphertext)

    partner = new_page(signed_in_as=bob)
    response = partner.goto(entry_url)
    assert response is not None and response.status == 404
    expect(partner.get_by_text("Heron-lilac-19")).to_have_count(0)
    api = partner.request.get(f"/api/v1/journal/{entry.pk}")
    assert api.status == 404
    assert "Heron" not in api.text()
    listing = partner.request.get(f"/api/v1/spaces/{space.pk}/journal")
    assert listing.status == 200 and listing.json() == []
    partner.goto(f"/spaces/{space.pk}/self-trust/journal/")
    expect(partner.get_by_text("Listening to myself")).to_have_count(0)
