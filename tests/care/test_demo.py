"""The demo's counselling side: a practice-staff login with an intake request waiting, and
Robin's homework reaching Sam (who chose Robin) but not Alex (who never did)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from mend.accounts.demo import DEMO_PASSWORD
from mend.accounts.models import User
from mend.care import demo as care_demo
from mend.care.models import IntakeRequest
from mend.inbox.selectors import inbox_for
from mend.spaces.models import Space

ALEX = "alex@demo.mend.test"


@pytest.mark.django_db
def test_the_demo_has_practice_staff_with_an_intake_waiting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo")
    out = capsys.readouterr().out
    assert f"{care_demo.STAFF_EMAIL} / {DEMO_PASSWORD} (practice staff" in out
    assert f"{care_demo.COUNSELLOR_EMAIL} / {DEMO_PASSWORD} (counsellor" in out
    assert "Subject:" not in out  # the made-up request is not mailed to the made-up practice

    staff = Client()
    assert staff.login(email=care_demo.STAFF_EMAIL, password=DEMO_PASSWORD)
    home = staff.get("/")
    assert home.status_code == 302 and home["Location"] == "/practice/inbox/"
    inbox = staff.get("/practice/inbox/").content.decode()
    assert 'href="/practice/inbox/">Practice inbox</a>' in inbox  # in the page header
    assert "Riverside Counselling: intake requests" in inbox
    assert "since I found out about a loan they hid" in inbox  # sealed, opened for the practice
    waiting = staff.get("/practice/inbox/?status=new").content.decode()
    assert "Jamie" in waiting and "Lee" not in waiting
    assert IntakeRequest.objects.filter(status="new").count() == 1

    # Robin's homework "for everyone": Sam consented, Alex did not.
    space = Space.objects.get(name="Alex & Sam")
    sam, alex = Client(), Client()
    assert sam.login(email="sam@demo.mend.test", password=DEMO_PASSWORD)
    assert alex.login(email=ALEX, password=DEMO_PASSWORD)
    title = "Ten minutes of turning toward"
    assert title in sam.get(f"/spaces/{space.pk}/counsellor/").content.decode()
    alex_page = alex.get(f"/spaces/{space.pk}/counsellor/").content.decode()
    assert "No counsellor sees anything of yours" in alex_page and title not in alex_page
    assert "homework" not in {i.kind for i in inbox_for(User.objects.get(email=ALEX))}
    assert "homework" in {i.kind for i in inbox_for(User.objects.get(email="sam@demo.mend.test"))}
