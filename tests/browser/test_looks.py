"""Looks right on a phone and on a desktop, as a person would judge it (the demo, walked in
chromium at 360 and 1280 px): what a finger taps is at least 44 px tall, a table too wide for a
phone shows that it scrolls, and the ledger's moment tiles keep their words whole on a wide
screen. Each page visited fits the screen and passes axe-core; screenshots go to the folder
$MEND_LOOKS_SHOTS names, if it is set."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from mend.accounts.demo import DEMO_PASSWORD
from mend.accounts.models import User
from mend.care.models import SessionNote
from mend.commitments.models import Commitment
from mend.selftrust.models import JournalEntry
from mend.spaces.models import Space
from mend.spaces.services import create_space
from mend.web.demo import build_demo
from tests.browser.conftest import DESKTOP, login, login_with_two_factor, look, shot

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 800}
SHOTS = os.environ.get("MEND_LOOKS_SHOTS")
# What a finger taps outside running text: "Exit this page", the menus' links (the main one's
# "Sign out" button too), the way back above a page, a link standing alone (beside a heading,
# out of a space, in the footer), a helpline's number, a summary that opens more, radio buttons
# and checkboxes with their words, and small buttons. Those shown and less than 44 px tall.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '.quick-exit__button, nav a, nav button, .back a, a.target, .spread > a, .danger-zone a, '
    + '.site-footer a, a.tel, details:not(.confirm) > summary, '
    + 'label:has(> input[type=radio]), label:has(> input[type=checkbox]), .button--small')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 43.5)
  .map(e => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 30)}": `
            + `${Math.round(e.getBoundingClientRect().height)} px tall`)"""
# Every link, button, field, summary and choice shorter than 44 px within the element a selector
# finds, but for a link inside running text (its parent has words of its own: WCAG 2.5.8
# excepts it) and the skip link, shown only when focused. A radio button or checkbox is measured
# with its words (its label), as a finger taps them.
EVERY_SMALL_TARGET = """(within) => [...document.querySelector(within).querySelectorAll(
    'a, button, input, select, textarea, summary, '
    + 'label:has(> input:is([type=radio], [type=checkbox]))')]
  .filter(e => e.getClientRects().length && !e.closest('.visually-hidden, .honeypot')
    && !e.matches('.skip-link, label > input, input[type=hidden]')
    && !(e.matches('a') && [...e.parentElement.childNodes].some(
      n => n.nodeType === Node.TEXT_NODE && n.data.trim())))
  .filter(e => e.getBoundingClientRect().height < 43.5)
  .map(e => `${e.tagName.toLowerCase()}${e.type ? '[' + e.type + ']' : ''} "`
            + (e.textContent || e.value || e.name).trim().replace(/\\s+/g, ' ').slice(0, 30)
            + `": ${Math.round(e.getBoundingClientRect().height)} px tall`)"""
# Words split across two lines inside the elements a selector finds ("Appreciatio" / "n").
SPLIT_WORDS = """(selector) => [...document.querySelectorAll(selector)].flatMap(e => {
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const split = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (range.getClientRects().length > 1) split.push(word[0]);
    }
  }
  return split;
})"""


def test_on_a_phone_every_menu_link_choice_and_small_button_is_a_44px_target(
    new_page: Any,
) -> None:
    space = build_demo(days=14).space.pk
    entry = JournalEntry.objects.filter(owner__email="sam@demo.mend.test")[0].pk
    commitment = Commitment.objects.filter(space=space, owner__email="alex@demo.mend.test")[0].pk
    pages = [
        reverse("home"),
        reverse("spaces:detail", args=[space]),
        reverse("safety:home", args=[space]),
        reverse("ledger:dashboard", args=[space]),
        reverse("commitments:detail", args=[commitment]),
        reverse("selftrust:journal_entry", args=[entry]),
        reverse("spaces:breach_new", args=[space]),
        reverse("notify:settings"),
    ]
    page = new_page(PHONE)
    login(page, "sam@demo.mend.test", DEMO_PASSWORD)
    small = []
    for path in pages:
        page.goto(path)
        small += [f"{path}: {target}" for target in page.evaluate(SMALL_TARGETS)]
        look(page, "looks-targets" + path.replace("/", "-").rstrip("-"), SHOTS)
    assert not small, "\n".join(small)


def test_on_a_phone_every_target_but_a_link_in_a_sentence_is_44px_tall(new_page: Any) -> None:
    """Every target on these pages, not only the kinds listed above: the spaces on the home
    page, a new space's first steps, a breach or journal entry by its title, a checkbox with its
    words, "Older" under the timeline, the ways to help, the account's links, two-factor's
    actions, another browser's "Sign out", the earlier intake requests, the safety page's dated
    check-ins, conversations and heart-rate file, the caseload's links, a session note's "Edit",
    the practice inbox's, and the admin's questionnaire upload."""
    demo = build_demo(days=14)
    space = demo.space.pk
    sam = User.objects.get(email="sam@demo.mend.test")
    new_space = create_space(creator=sam, name="Family", kind=Space.Kind.FAMILY).pk
    note = SessionNote.objects.filter(space=space)[0].pk
    walks = [
        (
            "sam@demo.mend.test",
            [
                reverse("home"),
                reverse("spaces:detail", args=[space]),
                reverse("spaces:detail", args=[new_space]),
                reverse("spaces:breach_new", args=[space]),
                reverse("selftrust:journal", args=[space]),
                reverse("selftrust:lock"),
                reverse("ledger:timeline", args=[space]),
                reverse("care:professional_help", args=[space]),
                reverse("accounts:account"),
                reverse("accounts:ways_in"),
                reverse("mfa_index"),
                reverse("care:get_in_touch"),
                reverse("care:my_requests"),
                reverse("safety:home", args=[space]),
                reverse("care:report", args=[space]),
            ],
        ),
        (
            "robin@demo.mend.test",
            [
                reverse("care:caseload"),
                reverse("care:counsellor_space", args=[space]),
                reverse("care:notes", args=[space]),
                reverse("care:note", args=[note]),
            ],
        ),
    ]
    # Sam's other browser, which "Where you are signed in" offers to sign out.
    login(new_page(PHONE), "sam@demo.mend.test", DEMO_PASSWORD)
    small = []
    for email, pages in walks:
        page = new_page(PHONE)
        login(page, email, DEMO_PASSWORD)
        for path in pages:
            page.goto(path)
            small += [f"{path}: {target}" for target in page.evaluate(EVERY_SMALL_TARGET, "body")]
            look(page, "looks-every-target" + path.replace("/", "-").rstrip("-"), SHOTS)
    # Practice staff load a questionnaire in the admin (two-factor on): its form's file input,
    # choice and button; the admin's own header is Django's.
    page = new_page(PHONE)
    login_with_two_factor(page, User.objects.get(email="jordan@demo.mend.test"), DEMO_PASSWORD)
    page.goto(reverse("care:inbox"))
    small += [f"practice inbox: {target}" for target in page.evaluate(EVERY_SMALL_TARGET, "body")]
    look(page, "looks-every-target-practice-inbox", SHOTS)
    page.goto("/admin/instruments/instrumentdefinition/import/")
    small += [f"admin import: {target}" for target in page.evaluate(EVERY_SMALL_TARGET, "#content")]
    shot(page, "looks-every-target-admin-import", SHOTS)
    assert not small, "\n".join(small)


# The report's cells that hold a date ("18 Sep 2026", "18 Sep", "Sep 2026", "9 Sep ’26"): each
# as [its words, how many lines they take, whether its table scrolls sideways].
REPORT_DATES = """() => [...document.querySelectorAll('.report td')]
  .filter(td => /^(\\d{1,2} [A-Z][a-z]+( ’?\\d{2,4})?|[A-Z][a-z]+ \\d{4})$/
    .test(td.innerText.trim()))
  .map(td => {
    const words = document.createRange();
    words.selectNodeContents(td);
    const wrap = td.closest('.table-wrap');
    return [td.innerText.trim(),
            words.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight),
            wrap.scrollWidth > wrap.clientWidth];
  })"""


@pytest.mark.parametrize("weeks", [12, 30], ids=["weekly", "monthly"])
def test_on_a_phone_a_report_date_is_one_line_and_its_table_fits(new_page: Any, weeks: int) -> None:
    """A progress report's dates were "18 / Sep / 2026" on three lines of a 360 px phone; they
    are "18 Sep" there (the heading names the year), and a table of dates fits the screen."""
    space = build_demo(days=60).space.pk
    page = new_page(PHONE)
    login(page, "sam@demo.mend.test", DEMO_PASSWORD)
    start = (timezone.localdate() - timedelta(weeks=weeks)).isoformat()
    page.goto(f"{reverse('care:report', args=[space])}?start={start}")
    dates = page.evaluate(REPORT_DATES)
    assert len(dates) > 10, "the demo's report shows few dates: pick a longer one"
    assert [date for date, lines, _ in dates if lines > 1.5] == []
    assert [date for date, _, scrolls in dates if scrolls] == []
    look(page, f"looks-report-dates-{weeks}-weeks-phone", SHOTS)


def test_a_table_too_wide_for_a_phone_shows_that_it_scrolls(new_page: Any) -> None:
    space = build_demo(days=28).space.pk
    page = new_page(PHONE)
    login(page, "alex@demo.mend.test", DEMO_PASSWORD)
    page.goto(reverse("ledger:bank", args=[space]))
    wrap = page.locator(".table-wrap").filter(has=page.locator("table")).first
    wide, seen = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert wide > seen, "the bank's weekly table fits a phone now: pick a wider one"
    # A shadow at each edge where more columns wait (two shadows, each covered once its edge
    # is reached).
    edge = wrap.evaluate("e => getComputedStyle(e).backgroundImage")
    assert edge.count("radial-gradient") == 2, edge
    look(page, "looks-bank-table-phone", SHOTS)


def test_on_a_wide_screen_the_moment_tiles_keep_their_words_whole(new_page: Any) -> None:
    space = build_demo(days=3).space.pk
    page = new_page(DESKTOP)
    login(page, "alex@demo.mend.test", DEMO_PASSWORD)
    page.goto(reverse("ledger:dashboard", args=[space]))
    assert page.evaluate(SPLIT_WORDS, ".tile label") == []
    # Tiles side by side are one height, whatever their words.
    rows: dict[int, set[int]] = {}
    for box in page.locator(".tile label").evaluate_all(
        "ls => ls.map(l => l.getBoundingClientRect()).map(r => [r.top, r.height])"
    ):
        rows.setdefault(round(box[0]), set()).add(round(box[1]))
    assert all(len(heights) == 1 for heights in rows.values()), rows
    look(page, "looks-moment-tiles-desktop", SHOTS)


def test_on_a_phone_tables_and_cards_in_lists_read_whole(new_page: Any) -> None:
    space = build_demo(days=30).space.pk
    other_browser = new_page(PHONE)
    login(other_browser, "alex@demo.mend.test", DEMO_PASSWORD)
    page = new_page(PHONE)
    login(page, "alex@demo.mend.test", DEMO_PASSWORD)
    # How Mend tells you of things: "E-mail" heads its column whole, not "E-" / "mail".
    page.goto(reverse("notify:settings"))
    assert page.evaluate(SPLIT_WORDS, ".prefs-table thead th") == []
    look(page, "looks-notification-settings-phone", SHOTS)
    # Where you are signed in: the other browser's "Sign out" is one line, not "Sign" / "out".
    page.goto(reverse("accounts:ways_in"))
    sign_out = page.locator("td button.link").first
    line, words = sign_out.evaluate(
        "e => { const words = document.createRange(); words.selectNodeContents(e); return"
        " [parseFloat(getComputedStyle(e).lineHeight), words.getBoundingClientRect().height] }"
    )
    assert words < 1.5 * line
    look(page, "looks-ways-in-phone", SHOTS)
    # A signal that counselling may help is a card in a list: its words stand clear of its
    # border, and it keeps its bottom border.
    page.goto(reverse("care:professional_help", args=[space]))
    cards = page.locator(".list > li.card")
    assert cards.count(), "the demo shows no signal here: pick a page with a card in a list"
    for card in cards.all():
        left, bottom = card.evaluate(
            "e => [getComputedStyle(e).paddingLeft, getComputedStyle(e).borderBottomWidth]"
        )
        assert float(left.removesuffix("px")) >= 12 and bottom == "1px", (left, bottom)
    look(page, "looks-professional-help-phone", SHOTS)


# Each table's region on the page: [its label, how wide its table is, how wide it shows].
TABLE_WIDTHS = """() => [...document.querySelectorAll('.table-wrap')]
  .map(w => [w.getAttribute('aria-label'), w.scrollWidth, w.clientWidth])"""
# The dates in a table's cells, each as [its words, how many lines they take].
CELL_DATE_LINES = """() => [...document.querySelectorAll('td time')].map(t => {
  const words = document.createRange();
  words.selectNodeContents(t);
  return [t.innerText.trim(),
          words.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight)];
})"""


def test_on_a_phone_tables_that_nearly_fit_fit_and_their_dates_are_one_line(
    new_page: Any,
) -> None:
    """At 360 px the safety page's check-ins (325 px in 307), the felt-trust check-ins (365)
    and the notification settings (310) scrolled sideways, and "Where you are signed in" wrote
    a date on three lines ("4 Dec / 2026, / 19:02"). They fit, a date is short and one line,
    and "References" stands clear of the bank's table above it."""
    space = build_demo(days=30).space.pk
    # Sam's other browser: "Where you are signed in" lists it with its "Sign out".
    login(new_page(PHONE), "sam@demo.mend.test", DEMO_PASSWORD)
    page = new_page(PHONE)
    login(page, "sam@demo.mend.test", DEMO_PASSWORD)
    too_wide, dates = [], []
    for path in [
        reverse("safety:home", args=[space]),
        reverse("ledger:checkin", args=[space]),
        reverse("notify:settings"),
        reverse("accounts:ways_in"),
    ]:
        page.goto(path)
        tables = page.evaluate(TABLE_WIDTHS)
        assert tables, f"{path} shows no table: pick a page with one"
        too_wide += [f"{path}: {n} {wide} > {seen}" for n, wide, seen in tables if wide > seen]
        dates += [(path, *date) for date in page.evaluate(CELL_DATE_LINES)]
        look(page, "looks-fits" + path.replace("/", "-").rstrip("-"), SHOTS)
    assert not too_wide, "\n".join(too_wide)
    ways_in = [date for date in dates if date[0] == reverse("accounts:ways_in")]
    assert len(ways_in) >= 4, "no browsers' dates: sign in twice"
    assert [date for date in dates if date[2] > 1.5] == []
    page.goto(reverse("ledger:bank", args=[space]))
    gap = page.evaluate(
        "() => { const h = [...document.querySelectorAll('h3')].find(h => h.textContent"
        " === 'References'); return h.getBoundingClientRect().top"
        " - h.previousElementSibling.getBoundingClientRect().bottom }"
    )
    assert gap >= 12, gap


def test_on_a_phone_the_caseload_filters_line_up(new_page: Any) -> None:
    build_demo(days=14)
    page = new_page(PHONE)
    login(page, "robin@demo.mend.test", DEMO_PASSWORD)
    page.goto(reverse("care:caseload"))
    edges = page.locator(".caseload-filters select").evaluate_all(
        "ss => ss.map(s => [Math.round(s.getBoundingClientRect().left),"
        " Math.round(s.getBoundingClientRect().right)])"
    )
    assert len(edges) == 2 and edges[0] == edges[1], edges
    look(page, "looks-caseload-filters-phone", SHOTS)
