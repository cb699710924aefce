"""Every page, as each kind of person, on a phone and a desktop (issue 14, item 7).

A space seeded with one of every kind of record is crawled as a member, their partner and
their counsellor: breadth-first over same-origin links from the home page (GET only, nothing
that signs out or leaves), plus a fixed list of known pages so coverage does not hang on links.
Each page is checked at 390 px and 1280 px with axe-core (WCAG 2.2 A/AA and axe's best
practices) and for horizontal overflow, and at 320 px for overflow alone. The test fails listing
every violation and overflow with its URL. Visited URLs are printed and written to
``$MEND_CRAWL_REPORT`` (default /tmp/mend-crawl.txt).

axe-core comes bundled in the axe-playwright-python test dependency and is injected into the
page by the test; the app never serves it.
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from datetime import time as clock
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from mend.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, _context, login

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
REPORT = os.environ.get("MEND_CRAWL_REPORT", "/tmp/mend-crawl.txt")
MAX_PAGES = 90  # per person: far more than the app has kinds of page
PER_SHAPE = 2  # pages whose path differs only in ids are one kind of page: two of each suffice
AXE = Axe()
AXE_AT_320 = os.environ.get("MEND_CRAWL_AXE_320") == "1"  # slower: axe at 320 px as well
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# Links the crawl never follows: they sign out, leave, or are not pages.
SKIP = re.compile(
    r"^/(admin|static|api|accounts/(logout|confirm-email|password/reset/key)|join/)"
    r"|^/exit/|/(logout|sign-out[^/]*|exit|leave|delete|discard|revoke|withdraw|end)/?$"
    r"|\.(pdf|json|ics|webmanifest|js|css|png|svg)$|^/sw\.js$"
)
WIDEST = """(width) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 1)
  .slice(-4)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
       + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '')
       + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')"""
SAME_FOR_EVERYONE = re.compile(r"^/(accounts/|help/)")
LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"


def seed() -> dict[str, Any]:
    """The demo's couple (60 days: commitments with check-offs, moments, felt-trust and safety
    check-ins, a pause, a repair conversation, self-trust entries, sent apologies, a counsellor
    with consent, homework and a note), plus what is still waiting for someone."""
    from mend.accounts.models import User
    from mend.apology import services as apology_services
    from mend.care import services as care_services
    from mend.care.demo import COUNSELLOR_EMAIL
    from mend.care.models import IntakeRequest, Practice, PracticeStaff
    from mend.commitments import services as commitment_services
    from mend.commitments.schedule import ScheduleInput, to_recurrence
    from mend.instruments import services as instrument_services
    from mend.ledger import services as ledger_services
    from mend.safety import services as safety_services
    from mend.web.demo import build_demo

    logins = build_demo(days=60)
    space = logins.space
    alex = User.objects.get(email="alex@demo.mend.test")
    sam = User.objects.get(email="sam@demo.mend.test")
    robin = User.objects.get(email=COUNSELLOR_EMAIL)
    now = timezone.now()
    # Waiting for Alex: a moment to confirm, an apology to answer, a commitment proposed.
    ledger_services.log_moment(
        space=space,
        logger=sam,
        kind="small_kindness",
        actor_id=sam.pk,
        receiver_id=alex.pk,
        note="I left the porch light on for you and a note on the table.",
        now=now - timedelta(hours=2),
    )
    draft = apology_services.create_draft(
        space=space,
        writer=sam,
        recipient_id=alex.pk,
        text="I am sorry I read your messages. It was wrong. From now on I will ask you first.",
    )
    apology_services.send_apology(apology=draft, writer=sam)
    apology_services.create_draft(
        space=space,
        writer=alex,
        recipient_id=sam.pk,
        text="I am sorry I hid the statements from you. Supercalifragilisticexpialidocious.",
    )
    commitment_services.propose_commitment(
        space=space,
        proposer=sam,
        committer=alex,
        what="Show me the bank statements on the first Sunday of each month",
        how_known="We sit down together with the statements and a cup of tea",
        recurrence=to_recurrence(
            ScheduleInput(
                repeat="weekly",
                start_date=(now + timedelta(days=3)).date(),
                time_of_day=clock(10),
                weekdays=(6,),
            )
        ),
        now=now,
    )
    # A transparency item Sam has not acknowledged yet.
    ledger_services.create_disclosure(
        space=space,
        owner=alex,
        kind="unasked",
        text="I opened a savings account for the two of us and put the first 50 in it.",
        now=now - timedelta(hours=1),
    )
    # This evening Alex is flooded and feels unsafe: the results and "Getting help" change.
    safety_services.record_checkin(
        space=space,
        owner=alex,
        safety=3,
        answers={"racing_heart": 3, "flee_or_fight": 2, "cant_think": 2, "body_tense": 1},
        heart_rate=118,
        now=now - timedelta(minutes=30),
    )
    # A questionnaire from the instruments library.
    definition = instrument_services.load_builtins()[0]
    items = definition.instrument.items
    instrument_services.submit_result(
        space=space,
        owner=alex,
        definition=definition,
        answers={item.id: min(item.allowed_values) for item in items},
    )
    # Robin also runs Riverside's intake inbox, and someone is asking for help.
    practice = Practice.objects.get(name="Riverside Counselling")
    User.objects.filter(pk=robin.pk).update(is_staff=True)
    PracticeStaff.objects.create(user=robin, practice=practice)
    _intake, secret = care_services.create_intake(
        practice=practice,
        requester=alex,
        contact_method=IntakeRequest.Contact.EMAIL,
        contact_detail="alex@demo.mend.test",
        help_with="We are trying to rebuild trust after money was hidden.",
        urgency=IntakeRequest.Urgency.values[0],
        name="Alex",
    )
    return {"space": space, "alex": alex, "sam": sam, "robin": robin, "intake": secret}


def known_urls(role: str, world: dict[str, Any]) -> list[str]:
    """Pages a crawl must reach whatever the links say."""
    from mend.apology.models import Apology
    from mend.care.models import SessionNote
    from mend.commitments.models import Commitment
    from mend.instruments.models import InstrumentDefinition, InstrumentResult
    from mend.safety.models import Conversation, Pause, SafetyCheckIn
    from mend.selftrust.models import Boundary, JournalEntry, QuestionnaireResult
    from mend.spaces.models import Breach

    space = world["space"].pk
    if role == "counsellor":
        urls = [
            reverse("care:caseload"),
            reverse("care:counsellor_space", args=[space]),
            reverse("care:notes", args=[space]),
            reverse("care:report", args=[space]),
            reverse("care:inbox"),
        ]
        note = SessionNote.objects.order_by("pk").first()
        if note is not None:
            urls.append(reverse("care:note", args=[note.pk]))
        return [reverse("home"), *urls, reverse("accounts:account")]
    me = world["alex" if role == "member" else "sam"]
    spaced = [
        "spaces:detail",
        "spaces:breach_new",
        "path:page",
        "ledger:dashboard",
        "ledger:timeline",
        "ledger:bank",
        "ledger:disclosures",
        "ledger:checkin",
        "commitments:list",
        "commitments:new",
        "commitments:propose",
        "apology:studio",
        "apology:compose",
        "selftrust:home",
        "selftrust:journal",
        "selftrust:journal_new",
        "selftrust:boundaries",
        "selftrust:intuition",
        "selftrust:ratings",
        "selftrust:questionnaires",
        "selftrust:shared",
        "instruments:overview",
        "safety:home",
        "safety:pause_new",
        "safety:conversation_new",
        "screening:safety_screen",
        "care:member",
        "care:professional_help",
        "spaces:leave",  # asks first: only a POST leaves
        "care:report",
    ]
    urls = [reverse("home"), *(reverse(name, args=[space]) for name in spaced)]
    urls += [
        reverse(name)
        for name in (
            "numbers_help",
            "spaces:list",
            "notify:list",
            "notify:settings",
            "accounts:account",
            "accounts:ways_in",
            "privacy:access_log",
            "privacy:delete",
            "commitments:calendar",
            "care:get_in_touch",
            "care:my_requests",
        )
    ]
    records: list[tuple[str, Any]] = [
        ("spaces:breach", Breach.objects.filter(owner=me)),
        ("commitments:detail", Commitment.objects.filter(owner=me)),
        ("apology:detail", Apology.objects.filter(owner=me)),
        ("apology:edit", Apology.objects.filter(owner=me, status="draft")),
        ("selftrust:journal_entry", JournalEntry.objects.filter(owner=me)),
        ("selftrust:boundary", Boundary.objects.filter(owner=me)),
        ("selftrust:result", QuestionnaireResult.objects.filter(owner=me)),
        ("instruments:result", InstrumentResult.objects.filter(owner=me)),
        ("safety:checkin", SafetyCheckIn.objects.filter(owner=me)),
        ("safety:pause", Pause.objects.filter(owner=me)),
        ("safety:conversation", Conversation.objects.all()),
    ]
    for name, queryset in records:
        record = queryset.order_by("-pk").first()
        if record is not None:
            urls.append(reverse(name, args=[record.pk]))
    if role == "member":
        urls.append(reverse("care:intake_status", args=[world["intake"]]))
    definition = InstrumentDefinition.objects.order_by("pk").first()
    if definition is not None:
        urls.append(reverse("instruments:take", args=[space, definition.pk]))
    return urls


def shape(path: str) -> str:
    """``/commitments/12/`` and ``/commitments/31/`` are the same kind of page."""
    return re.sub(r"\d+", "N", path)


def settle(page: Any) -> None:
    page.wait_for_load_state("load")
    # Parts that htmx fetches as the page loads are part of the page.
    if page.locator("[hx-trigger*=load], [hx-trigger*=revealed]").count():
        page.wait_for_load_state("networkidle")


def overflow(page: Any, label: str) -> str | None:
    wide, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if wide <= inner:
        return None
    culprits = page.evaluate(WIDEST, inner)
    return f"{label}: {wide}px wide on a {inner}px screen ({', '.join(culprits)})"


def axe_problems(page: Any, label: str) -> list[str]:
    # axe-core is put into each page once (see check()) and run at each size.
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = []
    for violation in results["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:4]]
        more = len(violation["nodes"]) - len(targets)
        found.append(
            f"{label}: axe {violation['id']} ({violation['impact']}) {violation['help']}: "
            + "; ".join(targets)
            + (f" (+{more} more)" if more > 0 else "")
        )
    return found


def check(page: Any, url: str, problems: list[str]) -> tuple[int, str | None]:
    """Open ``url`` at phone size and record its problems at 390, 320 and 1280 px (the same
    page resized: the app lays out by CSS alone, so a resize shows what a fresh load would).
    Gives the status and the content type."""
    try:
        response = page.goto(url)
    except PlaywrightError as exc:  # an empty error response (a 405, say) fails to load
        problems.append(f"390 {url}: {str(exc).splitlines()[0]}")
        page.goto("about:blank")  # or the error page interrupts the next visit
        return 0, None
    status = response.status if response is not None else 0
    kind = (response.headers.get("content-type", "") if response is not None else "") or ""
    if "text/html" not in kind:
        return status, None
    settle(page)
    page.evaluate(AXE.axe_script)
    parts = urlsplit(page.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if status >= 500:
        problems.append(f"{path}: HTTP {status}")
    for size, viewport in (("390", PHONE), ("320", NARROWEST), ("1280", DESKTOP)):
        page.set_viewport_size(viewport)
        if size != "320" or AXE_AT_320:  # at 320 px only the width, unless asked
            problems.extend(axe_problems(page, f"{size} {path}"))
        if found := overflow(page, f"{size} {path}"):
            problems.append(found)
    page.set_viewport_size(PHONE)
    return status, kind


def crawl(
    page: Any, start: list[str], origin: str, done: set[str], problems: list[str]
) -> list[str]:
    """Breadth-first from ``start``, each page checked as it is reached. ``done``: pages that
    read the same for everyone (sign-in settings, help) already checked as someone else."""
    queue = deque(url for url in start if url not in done)
    seen: set[str] = set(start) | done
    shapes: dict[str, int] = {}
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        key = shape(url)
        # Two of each kind of page, one of each kind of query (?page=2 is like ?page=3).
        if shapes.get(key, 0) >= (1 if "?" in url else PER_SHAPE):
            continue
        shapes[key] = shapes.get(key, 0) + 1
        status, kind = check(page, url, problems)
        if kind is None:
            continue
        if status >= 400 and url not in start:
            problems.append(f"{url}: a link leads to HTTP {status}")
        visited.append(url)
        if SAME_FOR_EVERYONE.search(url):
            done.add(url)
        for href in page.evaluate(LINKS):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != origin:
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(parts.path) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return visited


ROLES = [("member", "alex"), ("partner", "sam"), ("counsellor", "robin")]


def test_every_page_is_accessible_and_fits_a_phone(browser: Any, live_server: Any) -> None:
    started = time.monotonic()
    world = seed()
    problems: list[str] = []
    report: list[str] = []
    done: set[str] = set()
    for role, who in ROLES:
        context = _context(browser, live_server, PHONE)
        page = context.new_page()
        login(page, world[who].email, DEMO_PASSWORD)
        visited = crawl(page, known_urls(role, world), live_server.url, done, problems)
        context.close()
        report.append(f"## {role} ({world[who].email}): {len(visited)} pages")
        report.extend(visited)
    elapsed = time.monotonic() - started
    report.append(f"# {sum(not line.startswith('#') for line in report)} pages in {elapsed:.0f}s")
    with open(REPORT, "w") as out:
        out.write("\n".join([*report, "", "# Problems", *problems]) + "\n")
    print("\n".join(report))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


SHOTS = os.environ.get("MEND_CRAWL_SHOTS", "/tmp/mend-crawl-shots")


def snap(page: Any, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_pages_issue_14_asked_about_at_phone_size(browser: Any, live_server: Any) -> None:
    """Screenshots at 390 px of the check-in result after a flooded, unsafe check-in, the trust
    pages, the apology studio and the caseload, to look at; and the felt-trust scale is compact:
    eleven boxes of at least 44 px in two rows, not eleven radio lines."""
    from mend.safety.models import SafetyCheckIn

    world = seed()
    space = world["space"].pk
    context = _context(browser, live_server, PHONE)
    page = context.new_page()
    login(page, world["alex"].email, DEMO_PASSWORD)
    checkin = SafetyCheckIn.objects.filter(owner=world["alex"]).latest("created_at")
    page.goto(reverse("safety:checkin", args=[checkin.pk]))
    snap(page, "checkin-result")
    page.goto(reverse("ledger:dashboard", args=[space]))
    snap(page, "trust")
    page.goto(reverse("ledger:checkin", args=[space]))
    boxes = page.locator("#id_felt_trust label")
    assert boxes.count() == 11
    sizes = [boxes.nth(i).bounding_box() for i in range(11)]
    assert min(min(box["width"], box["height"]) for box in sizes) >= 44
    rows = {round(box["y"]) for box in sizes}
    assert len(rows) == 2, f"the 0-10 scale takes {len(rows)} rows at 390 px"
    boxes.nth(7).click()
    assert page.get_by_label("7", exact=True).first.is_checked()
    snap(page, "felt-trust")
    page.goto(reverse("apology:studio", args=[space]))
    snap(page, "apology-studio")
    page.goto(reverse("apology:compose", args=[space]))
    page.locator("#id_text").fill(
        "I am sorry I hid the statements. It was my doing. From now on I will show you each month."
    )
    page.wait_for_timeout(1200)  # the live feedback arrives after a pause in typing
    snap(page, "apology-compose")
    context.close()
    context = _context(browser, live_server, PHONE)
    page = context.new_page()
    login(page, world["robin"].email, DEMO_PASSWORD)
    page.goto(reverse("care:caseload"))
    snap(page, "caseload")
    context.close()
