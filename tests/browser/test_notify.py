"""The loop between two people, in chromium: Alex logs a moment, Sam sees it waiting (page and
count) and confirms it, and it disappears for both; Alex sends an apology, the worker turns it
into a notification, Sam opens it and answers; Alex starts a pause, Sam's overview shows it
with the return time, then that Alex is back. The notification pages pass axe."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from mend.apology.models import Apology
from mend.notify.delivery import run_due
from mend.notify.models import Notification
from mend.safety import services as safety_services
from tests.apology.helpers import make_apology
from tests.browser.conftest import DESKTOP, PHONE, couple, no_axe_violations, shot

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("MEND_NOTIFY_SHOTS", "/tmp/mend-notify-shots")


def api(page: Any, method: str, path: str, body: Any = None) -> Any:
    """A call to Mend's API from this person's signed-in browser session (CSRF as a page)."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.fetch(
        path, method=method, headers={"X-CSRFToken": token}, data=body if body else None
    )


def waiting_badge(page: Any) -> Any:
    return page.get_by_role("navigation", name="Main").locator(".count-badge")


def test_the_loop_between_two_people(new_page: Any) -> None:
    alex, sam, space = couple("Alex", "Sam")

    # Alex logs a moment he did for Sam: a self-report until Sam confirms it. (Through the
    # API from Alex's own browser session: the ledger page itself is walked in test_ledger.)
    a = new_page(signed_in_as=alex, at="/")
    logged = api(
        a,
        "POST",
        f"/api/v1/spaces/{space.pk}/moments",
        {"kind": "listened_well", "actor": alex.pk, "receiver": sam.pk},
    )
    assert logged.status == 201, logged.text()
    moment_id = logged.json()["id"]

    # Sam sees it waiting, on the home page and as a count in the navigation.
    s = new_page(signed_in_as=sam, at="/")
    expect(waiting_badge(s)).to_have_text("1")
    expect(s.get_by_text("Alex noted a moment with you")).to_be_visible()
    link = s.get_by_role("link", name="Confirm or say not like that")
    assert link.get_attribute("href") == f"/spaces/{space.pk}/ledger/#waiting"
    shot(s, "notify-home-waiting-phone", SHOTS)
    assert api(s, "POST", f"/api/v1/moments/{moment_id}/confirm").status == 200
    s.goto("/")
    expect(waiting_badge(s)).to_have_count(0)
    expect(s.get_by_text("Nothing is waiting for you right now.")).to_be_visible()
    a.goto("/")
    expect(a.get_by_text("Nothing is waiting for you right now.")).to_be_visible()

    # Alex sends an apology; the worker tells Sam, by e-mail saying only that something waits.
    apology = make_apology(space, alex, sam, status=Apology.Status.SENT)
    mail.outbox.clear()  # the notices of a new browser signing in, sent as each signed in
    run_due(now=timezone.now())
    [email] = [m for m in mail.outbox if m.to == [sam.email]]
    assert "apology" not in email.body.lower() and "Alex" not in email.body
    s.goto("/notifications/")
    expect(s.get_by_role("heading", name=re.compile("^Notifications"))).to_be_visible()
    expect(s.get_by_text("An apology to you")).to_be_visible()
    expect(s.get_by_label("1 unread")).to_be_visible()
    no_axe_violations(s)
    shot(s, "notify-list-phone", SHOTS)
    s.get_by_role("button", name="Open").first.click()
    expect(s.get_by_role("heading", name="An apology from Alex")).to_be_visible()
    s.get_by_role("radio", name="I need more").check()
    s.get_by_label("What is missing for you?").fill("Time.")
    s.get_by_role("button", name="Send my answer").click()
    expect(s.get_by_text("Your answer has been shared with the writer.")).to_be_visible()
    run_due(now=timezone.now())
    assert Notification.objects.get(user=sam, kind="apology_to_answer").resolved_at is not None
    s.goto("/notifications/")
    expect(s.get_by_text("no longer waiting")).to_be_visible()
    expect(s.get_by_text("unread")).to_have_count(0)
    apology.refresh_from_db()
    assert apology.status != Apology.Status.SENT

    # The notification pages, phone and desktop.
    s.goto("/notifications/settings/")
    expect(s.get_by_text("pass through the push service")).to_be_visible()
    no_axe_violations(s)
    shot(s, "notify-settings-phone", SHOTS)
    wide = new_page(DESKTOP, signed_in_as=sam, at="/notifications/")
    shot(wide, "notify-list-desktop", SHOTS)
    wide.goto("/notifications/settings/")
    shot(wide, "notify-settings-desktop", SHOTS)
    assert s.viewport_size == PHONE

    # Alex starts a pause: Sam's overview shows it with the time Alex plans to be back.
    started = timezone.now() - timedelta(minutes=21)
    pause = safety_services.request_pause(
        space=space, owner=alex, planned_return=started + timedelta(minutes=40), now=started
    )
    back_at = timezone.localtime(pause.planned_return).strftime("%H:%M")
    s.goto(f"/spaces/{space.pk}/")
    expect(
        s.get_by_text(f"Alex asked for a pause and plans to be back around {back_at}")
    ).to_be_visible()
    shot(s, "notify-overview-pause-phone", SHOTS)
    a.goto(f"/safety/pauses/{pause.pk}/")
    a.get_by_role("button", name=re.compile("ready to come back")).click()
    s.goto(f"/spaces/{space.pk}/")
    expect(s.get_by_text("Alex is back from their pause.")).to_be_visible()
    expect(s.get_by_text("plans to be back around")).to_have_count(0)
