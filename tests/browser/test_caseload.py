"""The caseload at practice scale walked in chromium (issue 16): sort and filter with the form,
pages, a link to each space's progress report and "N new or changed" as a link; no page wider
than the screen and no axe-core violation, at 390 and 1280 px. Screenshots go to
/tmp/caseload-shots/ (MEND_CASELOAD_SHOTS)."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mend.care.models import CaseloadVisit
from mend.safety import services as safety_services
from mend.spaces.models import CounsellorAccess
from mend.spaces.visibility import Visibility
from tests.browser.conftest import look, riverside_counsellor
from tests.factories import SpaceFactory, UserFactory, add_member, grant_counsellor

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SHOTS = os.environ.get("MEND_CASELOAD_SHOTS", "/tmp/caseload-shots")
ANSWERS = {"racing_heart": 0, "flee_or_fight": 0, "cant_think": 0, "body_tense": 0}


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_sort_filter_and_links(new_page: Any, size: str) -> None:
    robin = riverside_counsellor("Counsellor")
    month_ago = timezone.now() - timedelta(days=30)
    spaces = []
    for i, name in enumerate(["Alex & Sam", "Kim & Lee", "Noor & Jo", "Pat & Ray"]):
        a = UserFactory(email=f"a{i}@example.test", display_name=name.split(" & ")[0])
        b = UserFactory(email=f"b{i}@example.test", display_name=name.split(" & ")[1])
        space = SpaceFactory(name=name)
        add_member(space, a)
        add_member(space, b)
        grant_counsellor(space, a, robin)
        CaseloadVisit.objects.create(counsellor=robin, space=space, visited_at=month_ago)
        spaces.append((space, a))
    CounsellorAccess.objects.update(granted_at=month_ago - timedelta(days=1))
    # Kim shares a very unsafe check-in with Robin: a signal, and one new record since the visit.
    kim_space, kim = spaces[1]
    safety_services.record_checkin(
        space=kim_space, owner=kim, safety=1, answers=ANSWERS, visibility=Visibility.COUNSELLOR
    )

    page = new_page(SIZES[size], signed_in_as=robin, at="/caseload/")
    expect(page.get_by_text("4 of 4 spaces")).to_be_visible()
    look(page, f"caseload-{size}", SHOTS, tags=None)

    page.get_by_label("Signal", exact=True).select_option("any")
    page.get_by_label("Sort", exact=True).select_option("signals")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("1 of 4 spaces")).to_be_visible()
    expect(page.get_by_role("link", name="Kim & Lee", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Alex & Sam", exact=True)).to_have_count(0)
    look(page, f"caseload-filtered-{size}", SHOTS, tags=None)

    page.get_by_role("link", name="1 new or changed in Kim & Lee").click()
    expect(page).to_have_url(f"/caseload/spaces/{kim_space.pk}/")
    page.go_back()
    page.get_by_role("link", name="Progress report for Kim & Lee").click()
    page.wait_for_url(f"**/spaces/{kim_space.pk}/report/")

    # Pages: two a page, the second one reached by its link.
    page.goto("/caseload/?per_page=2")
    expect(page.get_by_text("Page 1 of 2", exact=True)).to_be_visible()
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("link", name="Noor & Jo", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Alex & Sam", exact=True)).to_have_count(0)
