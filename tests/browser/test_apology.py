"""The apology studio in chromium: live feedback while writing, an explicit send, the recipient
reads the words (and no grade) and answers; the writer sees the answer."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from mend.apology.models import Apology
from mend.spaces.visibility import Visibility
from tests.browser.conftest import DESKTOP, couple, shot
from tests.factories import BreachFactory

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "Sam, I am sorry I hid the credit-card debt from you. I lied, and that was wrong."
MORE = " From now on I will show you every statement on the first Sunday of the month."


def test_write_with_live_feedback_send_and_answer(new_page: Any) -> None:
    alex, sam, space = couple("Alex", "Sam")
    BreachFactory(
        space=space,
        owner=sam,
        other_person=alex,
        title="The hidden debt",
        visibility=Visibility.SPACE,
    )

    writer = new_page(DESKTOP, signed_in_as=alex, at=f"/spaces/{space.pk}/")
    writer.get_by_role("link", name="Apologies").click()
    writer.get_by_role("link", name="Write an apology").click()
    writer.get_by_label("Who is it for?").select_option(label="Sam")
    writer.get_by_label("About (optional)").select_option(label="The hidden debt")

    box = writer.get_by_label("Your apology")
    box.press_sequentially(FIRST, delay=2)
    commitment = writer.locator('[data-part="commitment"]')
    expect(writer.locator('[data-part="responsibility"]')).to_have_attribute("data-present", "true")
    expect(commitment).to_have_attribute("data-present", "false")
    expect(writer.get_by_text("You have named what you did — that matters.")).to_be_visible()
    box.press_sequentially(MORE, delay=2)
    expect(commitment).to_have_attribute("data-present", "true")
    expect(writer.locator(".highlighted mark.hl--commitment")).to_contain_text("From now on")
    shot(writer, "apology-compose-desktop")

    writer.get_by_role("button", name="Save draft").click()
    expect(writer.get_by_text("Draft saved. Only you can see it.")).to_be_visible()
    apology = Apology.objects.get()
    assert (apology.status, apology.visibility) == ("draft", "private")

    writer.get_by_role("button", name="Save and review before sending").click()
    expect(writer.get_by_role("heading", name="Send your apology to Sam?")).to_be_visible()
    apology.refresh_from_db()
    assert apology.status == "draft"  # reviewing sends nothing
    writer.get_by_role("button", name="Send it now").click()
    expect(writer.get_by_text("Sent to Sam.")).to_be_visible()
    apology.refresh_from_db()
    assert (apology.status, apology.visibility) == ("sent", "space")

    reader = new_page(signed_in_as=sam, at=f"/spaces/{space.pk}/apologies/")
    reader.get_by_role("link", name="Sam, I am sorry I hid").click()
    expect(reader.get_by_role("heading", name="An apology from Alex")).to_be_visible()
    expect(reader.locator("blockquote.apology-text")).to_contain_text("From now on I will")
    page_text = reader.locator("main").inner_text().lower()
    for word in ("verdict", "score", "genuine", "partial", "flag", "the three parts"):
        assert word not in page_text, word
    assert reader.locator("mark").count() == 0
    shot(reader, "apology-recipient-phone")
    reader.get_by_role("radio", name="I need more").check()
    reader.get_by_label("What is missing for you?").fill("That it was the hiding, not the money.")
    reader.get_by_role("button", name="Send my answer").click()
    expect(reader.get_by_text("Your answer has been shared with the writer.")).to_be_visible()

    writer.goto(f"/apologies/{apology.pk}/")
    expect(writer.get_by_text("That it was the hiding, not the money.")).to_be_visible()
    expect(writer.get_by_role("link", name="Write a fuller apology")).to_be_visible()
