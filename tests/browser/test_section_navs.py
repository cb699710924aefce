"""Every navigation on a phone reads whole (the self-trust menu scrolled sideways and cut words).

The demo's member, counsellor and practice staff each walk every page their navigations lead to
(the main menu, the space's sections, the self-trust menu, the ledger's, the caseload's and the
practice inbox's), and at 320, 360 and 390 px wide: the page does not scroll sideways, and each
link in a navigation is either wholly on the screen (not cut at an edge, nor out of sight in a
row that scrolls sideways), or waits behind that navigation's one closed menu button and is
wholly on the screen once the button is pressed. axe-core checks each kind of page at 390 px,
and the space's sections opened.
"""

from __future__ import annotations

import os
import re
from collections import deque
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mend.accounts.demo import DEMO_PASSWORD
from mend.care.demo import COUNSELLOR_EMAIL
from mend.safety.models import SafetyCheckIn
from mend.selftrust.models import JournalEntry
from mend.web.demo import build_demo
from tests.browser.conftest import WCAG_22_AND_BEST_PRACTICE, login, no_axe_violations, shot

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 360, 390)
SHOTS = os.environ.get("MEND_PHONE_SHOTS")
# Same-origin links inside a <nav>, which is how a person moves around.
NAV_LINKS = "() => [...document.querySelectorAll('nav a[href]')].map(a => a.href)"
SKIP = re.compile(r"^/(admin|static|api|exit|accounts/logout)|/(logout|leave|delete)/?$|\.\w+$")
# A link shown in a navigation, but not wholly: cut by the screen's edge, by the edge of a box
# that clips or scrolls it, or its words wider than its own box.
CUT_LINKS = """() => [...document.querySelectorAll('nav a')].flatMap(a => {
  const box = a.getBoundingClientRect();
  if (!a.getClientRects().length) return [];
  let left = 0, right = innerWidth;
  for (let e = a.parentElement; e; e = e.parentElement) {
    if (getComputedStyle(e).overflowX !== 'visible') {
      const edges = e.getBoundingClientRect();
      left = Math.max(left, edges.left);
      right = Math.min(right, edges.right);
    }
  }
  const name = `${a.closest('nav').getAttribute('aria-label')} › ${a.textContent.trim()}`;
  if (box.left < left - 1 || box.right > right + 1)
    return [`${name}: ${Math.round(box.left)} to ${Math.round(box.right)} px, `
            + `seen ${Math.round(left)} to ${Math.round(right)} px`];
  if (getComputedStyle(a).display !== 'inline' && a.scrollWidth > a.clientWidth + 1)
    return [`${name}: its words are ${a.scrollWidth} px in a ${a.clientWidth} px box`];
  return [];
})"""
# Navigations with links that are not shown at all (behind a menu button, if it is right).
FOLDED = """() => [...document.querySelectorAll('nav')]
  .filter(nav => [...nav.querySelectorAll('a')].some(a => !a.getClientRects().length))
  .map(nav => nav.getAttribute('aria-label'))"""


def shape(path: str) -> str:
    """``/commitments/12/`` and ``/commitments/31/`` are the same kind of page."""
    return re.sub(r"\d+", "N", path)


def problems_at(page: Any, width: int, path: str) -> list[str]:
    page.set_viewport_size({"width": width, "height": 740})
    found = []
    wide, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    if wide > inner:
        found.append(f"{width} {path}: the page is {wide} px wide on a {inner} px screen")
    found += [f"{width} {path}: {cut}" for cut in page.evaluate(CUT_LINKS)]
    for label in page.evaluate(FOLDED):
        nav = page.get_by_role("navigation", name=label, exact=True)
        if nav.locator("button[aria-expanded=false]").count() != 1:
            found.append(f"{width} {path}: {label} hides links with no menu button to show them")
            continue
        toggle = nav.locator("button[aria-expanded]")
        toggle.click()
        found += [f"{width} {path}: {label} opened: {cut}" for cut in page.evaluate(CUT_LINKS)]
        if label in page.evaluate(FOLDED):
            found.append(f"{width} {path}: {label} opened still hides links")
        toggle.click()
    return found


def walk(page: Any, start: list[str], origin: str, problems: list[str]) -> list[str]:
    """Every kind of page the navigations lead to from ``start``, each checked at each width."""
    queue, seen, visited = deque(start), set(map(shape, start)), []
    while queue:
        path = queue.popleft()
        response = page.goto(path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        page.wait_for_load_state("load")
        visited.append(path)
        for width in WIDTHS:
            problems += problems_at(page, width, path)
        no_axe_violations(page, WCAG_22_AND_BEST_PRACTICE)
        for href in page.evaluate(NAV_LINKS):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
                continue
            if shape(parts.path) not in seen:
                seen.add(shape(parts.path))
                queue.append(parts.path)
    return visited


def test_every_navigation_reads_whole_on_a_phone(new_page: Any, live_server: Any) -> None:
    space = build_demo(days=14).space.pk
    starts = {
        "alex@demo.mend.test": [reverse("home"), reverse("spaces:detail", args=[space])],
        COUNSELLOR_EMAIL: [
            reverse("care:caseload"),
            reverse("care:counsellor_space", args=[space]),
        ],
        "jordan@demo.mend.test": [reverse("care:inbox")],
    }
    problems: list[str] = []
    visited: list[str] = []
    for email, start in starts.items():
        page = new_page()
        login(page, email, DEMO_PASSWORD)
        visited += walk(page, start, live_server.url, problems)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    # The walk reached the space's sections, the self-trust menu's pages and the inbox.
    for name in ("ledger:dashboard", "selftrust:journal", "selftrust:ratings", "care:notes"):
        assert reverse(name, args=[space]) in visited, name
    assert reverse("care:inbox") in visited


def alex_at(new_page: Any, name: str) -> tuple[Any, Any, int]:
    """Alex, signed in to the demo on a phone, at one of the space's pages: the page, its
    "In this space" navigation, and the space."""
    space = build_demo(days=3).space.pk
    page = new_page()
    login(page, "alex@demo.mend.test", DEMO_PASSWORD)
    page.goto(reverse(name, args=[space]))
    return page, page.get_by_role("navigation", name="In this space"), space


def test_the_space_menu_on_a_phone_names_the_section_and_opens_every_one(new_page: Any) -> None:
    page, nav, _ = alex_at(new_page, "selftrust:journal")
    menu = nav.get_by_role("button", name="In this space: Self-trust")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Commitments")).to_be_hidden()
    # The self-trust menu is on the screen whole: every link, none to scroll to.
    for link in page.get_by_role("navigation", name="Self-trust").get_by_role("link").all():
        expect(link).to_be_in_viewport(ratio=1)
    shot(page, "section-navs-selftrust-phone", SHOTS)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("list").get_by_role("link")).to_have_count(10)
    # The journal is inside self-trust: its section's link says so to a screen reader too.
    expect(nav.get_by_role("link", name="Self-trust")).to_have_attribute("aria-current", "true")
    no_axe_violations(page, WCAG_22_AND_BEST_PRACTICE)
    shot(page, "section-navs-space-menu-open-phone", SHOTS)
    nav.get_by_role("link", name="Commitments").click()
    expect(page.get_by_role("button", name="In this space: Commitments")).to_be_visible()


def test_on_a_phone_safety_is_one_tap_away_beside_the_menu(new_page: Any) -> None:
    page, nav, space = alex_at(new_page, "commitments:list")
    safety = nav.get_by_role("link", name="Safety", exact=True)
    expect(nav.get_by_role("button", name="In this space: Commitments")).to_be_visible()
    expect(safety).to_be_in_viewport(ratio=1)
    shot(page, "section-navs-safety-shortcut-phone", SHOTS)
    safety.click()
    expect(page).to_have_url(re.compile(reverse("safety:home", args=[space]) + "#check-in$"))
    # On the safety page itself the button already names it: no second way to the same page.
    expect(nav.get_by_role("button", name="In this space: Safety & check-in")).to_be_visible()
    expect(safety).to_be_hidden()
    # On a wide screen the sections are tabs, safety among them, and there is no shortcut.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("commitments:list", args=[space]))
    expect(safety).to_be_hidden()
    expect(nav.get_by_role("link", name="Safety & check-in")).to_be_visible()


def test_a_page_outside_its_sections_address_names_its_section(new_page: Any) -> None:
    """A journal entry (/self-trust/journal/N/), a check-in (/safety/checkins/N/) and a new
    conversation (/spaces/N/conversations/new/) are not under their section's address: the page
    says which section it is in, so the phone's menu button names it, its link carries
    aria-current, and on a wide screen its tab is marked."""
    space = build_demo(days=14).space.pk
    sam = "sam@demo.mend.test"
    pages = {
        reverse(
            "selftrust:journal_entry", args=[JournalEntry.objects.filter(owner__email=sam)[0].pk]
        ): "Self-trust",
        reverse(
            "safety:checkin", args=[SafetyCheckIn.objects.filter(owner__email=sam)[0].pk]
        ): "Safety & check-in",
        reverse("safety:conversation_new", args=[space]): "Safety & check-in",
    }
    page = new_page({"width": 360, "height": 800})
    login(page, sam, DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="In this space")
    for path, section in pages.items():
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(path)
        menu = nav.get_by_role("button", name=f"In this space: {section}", exact=True)
        expect(menu).to_be_visible()
        # The name moves to the button's next line whole: "Safety & check-" / "in" was cut.
        name = nav.locator(".space-nav__name")
        assert name.evaluate("e => e.getClientRects().length") == 1, path
        menu.click()
        link = nav.get_by_role("list").get_by_role(
            "link", name=re.compile(f"^{re.escape(section)}")
        )
        expect(link).to_have_attribute("aria-current", "true")
        no_axe_violations(page, WCAG_22_AND_BEST_PRACTICE)
        shot(page, "section-navs-outside-" + shape(path).strip("/").replace("/", "-"), SHOTS)
        page.set_viewport_size({"width": 1280, "height": 900})
        assert link.evaluate("e => getComputedStyle(e).boxShadow") != "none", path
