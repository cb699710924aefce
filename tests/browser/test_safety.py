"""Safety walked in chromium: a flooded check-in -> the pause with its timer (a tampered timer
cannot end it early) -> the partner sees only the neutral notice -> a repair conversation that
is blocked while one person is flooded and starts once both have checked in settled."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from mend.safety.models import Conversation, Pause, SafetyCheckIn
from tests.browser.conftest import couple, open_section, shot

pytestmark = pytest.mark.django_db(transaction=True)

FLOODED = {"safety": 2, "racing_heart": 3, "flee_or_fight": 2, "cant_think": 2, "body_tense": 1}
SETTLED = {"safety": 8, "racing_heart": 0, "flee_or_fight": 0, "cant_think": 1, "body_tense": 0}


def check_in(page: Any, answers: dict[str, int]) -> None:
    form = page.locator("form#check-in")
    for name, value in answers.items():
        form.locator(f'label[for="id_{name}_{value}"]').click()
    form.get_by_role("button", name="Check in").click()


def test_flooded_pause_notice_and_gated_conversation(new_page: Any) -> None:
    alice, bob, space = couple("Alice", "Bob")

    # Alice checks in, from the space's menu, and is flooded.
    a = new_page(signed_in_as=alice, at=f"/spaces/{space.pk}/")
    open_section(a, "Safety & check-in")
    expect(a.get_by_role("heading", name="Quick check-in")).to_be_visible()
    shot(a, "safety-checkin-phone")
    check_in(a, FLOODED)
    expect(a.locator("#flooded")).to_contain_text("Your body seems flooded")
    shot(a, "safety-flooded-phone")
    a.get_by_role("button", name="Start the pause").click()

    # The pause: a visible countdown, paced breathing, self-soothing.
    timer = a.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^(19:\d\d|20:00)$"))
    first = timer.inner_text()
    a.wait_for_timeout(1500)
    assert timer.inner_text() != first, "the countdown should tick"
    expect(a.get_by_role("heading", name="Breathe slowly")).to_be_visible()
    expect(a.get_by_text("Hold something cold")).to_be_visible()
    shot(a, "safety-pause-phone")
    pause = Pause.objects.get(owner=alice)

    # A tampered client timer cannot end the pause: the server says no.
    a.evaluate("document.querySelector('[data-countdown-done]').hidden = false")
    a.evaluate("document.querySelector('[data-countdown-value]').textContent = '0:00'")
    expect(a.get_by_role("button", name=re.compile("You can come back from"))).to_be_disabled()
    a.evaluate(
        "const b = document.querySelector('[data-resume-button]');"
        "b.disabled = false; b.textContent = 'I\\'m ready to come back';"
    )
    a.get_by_role("button", name="I'm ready to come back").click()
    expect(a.get_by_text(re.compile(r"more minutes to go"))).to_be_visible()
    pause.refresh_from_db()
    assert pause.resumed_at is None

    # Bob sees only a neutral notice: who, and until when.
    b = new_page(signed_in_as=bob, at=f"/spaces/{space.pk}/safety/")
    notice = b.locator(".pause-notice")
    expect(notice).to_have_text(re.compile(r"^Alice has asked for a pause until \d\d:\d\d\.$"))
    b.goto(f"/safety/pauses/{pause.pk}/")
    expect(b.locator("#pause-notice")).to_be_visible()
    body = b.locator("main").inner_text()
    for private in ("flooded", "racing", "out of 12", "Breathe"):
        assert private not in body
    checkin_id = SafetyCheckIn.objects.get(owner=alice).pk
    assert b.goto(f"/safety/checkins/{checkin_id}/").status == 404
    assert b.request.get(f"/api/v1/safety/checkins/{checkin_id}").status == 404
    shot(b, "safety-partner-notice-phone")

    # Bob starts a repair conversation; it waits for both.
    b.goto(f"/spaces/{space.pk}/conversations/new/")
    b.get_by_label("One topic for this conversation").fill("Who does the school run")
    b.get_by_role("button", name="Start").click()
    waiting = b.locator("#gate-waiting")
    expect(waiting).to_contain_text("Alice has asked for a pause until")
    expect(waiting).to_contain_text("You need a fresh check-in")
    b.get_by_role("link", name="Check in now").click()
    check_in(b, SETTLED)
    b.wait_for_url(re.compile(r"/safety/conversations/\d+/$"))
    expect(b.locator("#gate-waiting")).to_contain_text("Alice has asked for a pause")
    expect(b.get_by_role("button", name=re.compile("I am ready"))).to_have_count(0)

    # Twenty minutes pass (by the server's clock); Alice comes back, still flooded.
    Pause.objects.filter(pk=pause.pk).update(started_at=pause.started_at - timedelta(minutes=21))
    a.goto(f"/safety/pauses/{pause.pk}/")
    a.get_by_role("button", name="I'm ready to come back").click()
    expect(a.get_by_role("heading", name="Quick check-in")).to_be_visible()
    check_in(a, FLOODED)
    expect(a.locator("#flooded")).to_be_visible()

    # Bob's page (polling every 5 s) offers him to say he is ready; it never tells him how
    # Alice's check-in went.
    ready = b.get_by_role("button", name="I am ready for step 1")
    expect(ready).to_be_visible(timeout=12_000)
    ready.click()
    expect(b.locator("#gate-waiting-other")).to_contain_text("as soon as Alice says")
    assert "flooded" not in b.locator("main").inner_text()
    shot(b, "safety-conversation-waiting-phone")
    conv = Conversation.objects.get()
    assert conv.step == 0

    # Alice settles and says she is ready: the step begins, and Bob's page follows.
    a.goto(f"/spaces/{space.pk}/safety/")
    check_in(a, SETTLED)
    expect(a.locator("#settled")).to_be_visible()
    a.goto(f"/safety/conversations/{conv.pk}/")
    a.get_by_role("button", name="I am ready for step 1").click()
    expect(b.get_by_text("Your turn to speak.")).to_be_visible(timeout=12_000)
    b.get_by_label("What I want to say").fill("Mornings feel like I carry them alone.")
    b.get_by_role("button", name="I have said it").click()
    a.goto(f"/safety/conversations/{conv.pk}/")
    expect(a.get_by_text("Your turn to summarise.")).to_be_visible()
    assert "carry them alone" not in a.locator("main").inner_text()
    shot(a, "safety-conversation-summary-phone")
    conv.refresh_from_db()
    assert (conv.phase, conv.step) == ("summarising", 1)
