"""Issue 16: the caseload at practice scale — stored rows (CaseloadSnapshot), the per-space change
counter (Space.revision), sort, filter and pages; and that a stored row never shows a counsellor
more than the live rules would."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any
from unittest.mock import patch

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mend.care import caseload
from mend.care import services as care_services
from mend.care.models import CaseloadSnapshot, CaseloadVisit
from mend.commitments import services as commitment_services
from mend.commitments.occurrences import materialise_due
from mend.core import memo
from mend.core.exceptions import DomainError
from mend.ledger import services as ledger_services
from mend.ledger.models import Moment
from mend.safety import services as safety_services
from mend.selftrust import services as selftrust_services
from mend.spaces import services as space_services
from mend.spaces.models import CounsellorAccess, Membership, Space
from mend.spaces.visibility import Visibility
from tests.care.base import CareTestCase
from tests.care.records import couple_in_care, moment, questionnaire, safety_checkin
from tests.clock import clock_held
from tests.commitments.helpers import make_commitment
from tests.factories import BreachFactory, grant_counsellor
from tests.ledger.helpers import received

C, P, S, SC = (
    Visibility.COUNSELLOR,
    Visibility.PRIVATE,
    Visibility.SPACE,
    Visibility.SPACE_AND_COUNSELLOR,
)
ANSWERS = {"racing_heart": 0, "flee_or_fight": 0, "cant_think": 0, "body_tense": 0}


def revision(space: Space) -> int:
    return Space.objects.values_list("revision", flat=True).get(pk=space.pk)


def changes(space: Space) -> int:
    """What a counsellor's stored row is current against (``Space.counsellor_changes``)."""
    return Space.objects.get(pk=space.pk).counsellor_changes


def own(space: Space, member: Any) -> int:
    return (
        Membership.objects.active()
        .values_list("own_revision", flat=True)
        .get(space=space, user=member)
    )


def page(counsellor: Any, **query: Any) -> caseload.CaseloadPage:
    return caseload.caseload_page(counsellor, caseload.CaseloadQuery(**query))


def row_facts(row: caseload.CaseloadRow) -> dict[str, Any]:
    """What a row shows, comparable between a stored row and one built from the records."""
    return {
        "space": row.space.pk,
        "members": sorted(m.pk for m in row.members),
        "last_visit": row.last_visit,
        "new_records": row.new_records,
        "new_consents": row.new_consents,
        "ratio": (row.ratio.positive, row.ratio.negative) if row.ratio else None,
        "safety": (
            (row.safety.recent, row.safety.previous, row.safety.count, row.safety.low)
            if row.safety
            else None
        ),
        "questionnaires": sorted(
            (q.member.pk, q.instrument_id, q.latest, q.previous) for q in row.questionnaires
        ),
        "signals": sorted((s.code, s.member_id, s.title, s.reason) for s in row.signals),
        "last_activity": row.last_activity,
    }


class ChangeCounter(CareTestCase):
    """Every service that writes what a caseload or a dashboard reads moves Space.revision by
    one, in its own transaction, when the space's members can see what it wrote; else only the
    writer's own counter (``Membership.own_revision``)."""

    def assert_bumps(self, write: Any, space: Space | None = None) -> None:
        space = space or self.space
        before = revision(space)
        write()
        self.assertEqual(revision(space), before + 1, write)

    def assert_bumps_own(self, write: Any) -> None:
        before = (revision(self.space), own(self.space, self.alice), own(self.space, self.bob))
        write()
        after = (revision(self.space), own(self.space, self.alice), own(self.space, self.bob))
        self.assertEqual(after, (before[0], before[1] + 1, before[2]), write)

    def test_the_services_move_the_counter(self) -> None:
        a, b, sp = self.alice, self.bob, self.space
        self.assert_bumps(
            lambda: ledger_services.log_moment(
                space=sp, logger=a, kind="small_kindness", actor_id=b.pk, receiver_id=a.pk
            )
        )
        reported = ledger_services.log_moment(
            space=sp, logger=b, kind="small_kindness", actor_id=b.pk, receiver_id=a.pk
        )
        self.assert_bumps(lambda: ledger_services.confirm_moment(moment_id=reported.pk, user=a))
        self.assert_bumps_own(
            lambda: ledger_services.record_checkin(space=sp, owner=a, about_id=b.pk, felt_trust=6)
        )
        self.assert_bumps(
            lambda: ledger_services.create_disclosure(
                space=sp, owner=b, kind="change", text="I spent more than I said."
            )
        )
        self.assert_bumps_own(
            lambda: safety_services.record_checkin(space=sp, owner=a, safety=6, answers=ANSWERS)
        )
        self.assert_bumps_own(
            lambda: selftrust_services.create_entry(space=sp, owner=a, title="t", body="b")
        )
        self.assert_bumps_own(
            lambda: space_services.create_breach(space=sp, owner=a, title="x", owner_role="hurt")
        )
        record = Moment.objects.filter(space=sp, owner=a).first()
        assert record is not None
        self.assert_bumps(
            lambda: space_services.set_visibility(record=record, user=a, visibility=C)
        )
        access = care_services.grant_consent(space=sp, member=b, counsellor=self.carol)
        self.assert_bumps(
            lambda: care_services.withdraw_consent(access_id=access.pk, space=sp, member=b)
        )
        self.assert_bumps(
            lambda: care_services.grant_consent(space=sp, member=b, counsellor=self.dave)
        )
        self.assert_bumps(lambda: space_services.leave_space(space=sp, user=b))

    def test_commitments_move_the_counter(self) -> None:
        now = timezone.now()
        before = revision(self.space)
        commitment = make_commitment(self.space, self.alice, self.bob)
        self.assertEqual(revision(self.space), before + 1)
        # Occurrences are made ahead of time by views and reminders, not by a write: no count.
        materialise_due(now, commitment_ids=[commitment.pk])
        self.assertEqual(revision(self.space), before + 1)
        occurrence = commitment.occurrences.order_by("due_at").first()
        self.assertIsNotNone(occurrence)
        if occurrence is not None:
            self.assert_bumps(
                lambda: commitment_services.report_occurrence(
                    occurrence=occurrence, user=self.alice, outcome="kept"
                )
            )
            self.assert_bumps(
                lambda: commitment_services.confirm_occurrence(occurrence=occurrence, user=self.bob)
            )
        self.assert_bumps(
            lambda: commitment_services.end_commitment(commitment=commitment, user=self.alice)
        )

    def test_a_refused_write_moves_nothing(self) -> None:
        before = revision(self.space)
        with self.assertRaisesMessage(DomainError, "A moment is between two people"):
            ledger_services.log_moment(
                space=self.space,
                logger=self.alice,
                kind="small_kindness",
                actor_id=self.alice.pk,
                receiver_id=self.alice.pk,
            )
        self.assertEqual(revision(self.space), before)

    def test_other_spaces_keep_their_count(self) -> None:
        before = revision(self.other_space)
        received(self.space, self.alice, self.bob)
        self.assertEqual(revision(self.other_space), before)


class Freshness(CareTestCase):
    def log(self, visibility: str = C, kind: str = "small_kindness") -> None:
        received(self.space, self.alice, self.bob, kind, visibility=visibility)

    def test_a_row_is_built_once_then_read(self) -> None:
        self.log()
        first = page(self.carol)
        self.assertEqual((first.total, first.rebuilt), (1, 1))
        stored = CaseloadSnapshot.objects.get(counsellor=self.carol, space=self.space)
        self.assertEqual(stored.revision, changes(self.space))
        again = page(self.carol)
        self.assertEqual(again.rebuilt, 0)
        self.assertEqual(row_facts(again.rows[0]), row_facts(first.rows[0]))

    def test_a_write_makes_the_row_stale_and_it_is_rebuilt_before_shown(self) -> None:
        self.log()
        [row] = page(self.carol).rows
        assert row.ratio is not None
        self.assertEqual((row.ratio.positive, row.ratio.negative), (1, 0))
        self.log(kind="turned_away")
        shown = page(self.carol)
        self.assertEqual(shown.rebuilt, 1)
        [row] = shown.rows
        assert row.ratio is not None
        self.assertEqual((row.ratio.positive, row.ratio.negative), (1, 1))
        self.assertEqual(
            CaseloadSnapshot.objects.get(counsellor=self.carol, space=self.space).revision,
            changes(self.space),
        )

    def test_a_private_write_leaves_the_row_as_it_was_built(self) -> None:
        # Rebuilt, the row would tell its counsellor (and the worker's timing) that a member
        # had just written something nobody else may see.
        self.log()
        [before] = page(self.carol).rows
        built = CaseloadSnapshot.objects.get(counsellor=self.carol, space=self.space).built_at
        self.log(visibility=P, kind="turned_against")
        selftrust_services.create_entry(space=self.space, owner=self.alice, title="t", body="b")
        selftrust_services.create_gut_check(
            space=self.space, owner=self.alice, statement="He means it.", confidence=60
        )
        safety_services.record_checkin(
            space=self.space, owner=self.alice, safety=2, answers=ANSWERS
        )
        self.assertEqual(caseload.refresh_due(), 0)
        shown = page(self.carol)
        self.assertEqual(shown.rebuilt, 0)
        self.assertEqual(row_facts(shown.rows[0]), row_facts(before))
        self.assertEqual(
            CaseloadSnapshot.objects.get(counsellor=self.carol, space=self.space).built_at, built
        )

    def test_a_record_shared_only_with_the_counsellor_rebuilds_the_row(self) -> None:
        self.log()
        page(self.carol)
        entry = selftrust_services.create_entry(
            space=self.space, owner=self.alice, title="t", body="b"
        )
        self.assertEqual(page(self.carol).rebuilt, 0)
        selftrust_services.set_personal_visibility(
            record=entry, user=self.alice, visibility=C, what="Journal entries"
        )
        self.assertEqual(caseload.refresh_due(), 1)
        self.log(visibility=C, kind="turned_against")
        shown = page(self.carol)
        self.assertEqual(shown.rebuilt, 1)
        ratio = shown.rows[0].ratio
        self.assertEqual((ratio.positive, ratio.negative) if ratio else None, (1, 1))

    def test_a_record_for_a_counsellor_nobody_has_consent_for_leaves_the_row(self) -> None:
        # Bob has given no counsellor his consent: his "me and our counsellor" entry is seen by
        # nobody but him, so Carol's row (built from Alice's sharing) must not be rebuilt, or
        # its timing would tell her that Bob had just written something.
        self.log()
        page(self.carol)
        before = changes(self.space)
        entry = selftrust_services.create_entry(
            space=self.space, owner=self.bob, title="t", body="b", visibility=C
        )
        selftrust_services.delete_record(record=entry, user=self.bob)
        self.assertEqual(changes(self.space), before)
        self.assertEqual(caseload.refresh_due(), 0)
        self.assertEqual(page(self.carol).rebuilt, 0)

    def test_a_row_older_than_max_age_is_rebuilt(self) -> None:
        self.log()
        page(self.carol)
        later = timezone.now() + caseload.MAX_AGE + timedelta(seconds=1)
        self.assertEqual(caseload.caseload_page(self.carol, now=later).rebuilt, 1)
        self.assertEqual(caseload.caseload_page(self.carol, now=later).rebuilt, 0)

    def test_stored_rows_match_rows_built_from_the_records(self) -> None:
        moment(self.space, self.alice, self.bob, self.alice, "small_kindness", C)
        moment(self.space, self.alice, self.bob, self.alice, "turned_away", SC, days_ago=3)
        safety_checkin(self.space, self.alice, 3, C, days_ago=2)
        safety_checkin(self.space, self.alice, 8, C, days_ago=20)
        questionnaire(self.space, self.alice, 12, C, days_ago=30)
        questionnaire(self.space, self.alice, 15, C, days_ago=3)
        for _ in range(3):
            safety_services.record_checkin(
                space=self.space, owner=self.alice, safety=1, answers=ANSWERS, visibility=C
            )
        now = timezone.now()
        live = {r.space.pk: row_facts(r) for r in caseload.caseload_for(self.carol, now=now)}
        built = caseload.caseload_page(self.carol, now=now)
        stored = caseload.caseload_page(self.carol, now=now)
        self.assertEqual(stored.rebuilt, 0)
        for shown in (built, stored):
            self.assertEqual({r.space.pk: row_facts(r) for r in shown.rows}, live)

    def test_what_changed_since_the_visit_follows_the_counter(self) -> None:
        BreachFactory(space=self.space, owner=self.alice, visibility=C)
        [row] = page(self.carol).rows
        self.assertIsNone(row.last_visit)
        self.assertEqual((row.new_records, row.new_consents), (1, 1))
        self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/")
        visit = CaseloadVisit.objects.get(counsellor=self.carol, space=self.space)
        self.assertEqual(visit.revision_seen, changes(self.space))
        # Nothing happened since the visit: the counter says so, the row is not rebuilt.
        shown = page(self.carol)
        self.assertEqual(shown.rebuilt, 0)
        self.assertEqual((shown.rows[0].new_records, shown.rows[0].changed), (0, 0))
        self.log()
        shown = page(self.carol, changed=True)
        self.assertEqual(shown.rebuilt, 1)
        self.assertEqual((shown.rows[0].new_records, shown.rows[0].changed), (1, 1))

    def test_the_worker_rebuilds_changed_and_old_rows_and_drops_ended_ones(self) -> None:
        self.log()
        page(self.carol)
        self.assertEqual(caseload.refresh_due(), 0)
        self.log()
        self.assertEqual(caseload.refresh_due(), 1)
        self.assertEqual(page(self.carol).rebuilt, 0)  # the worker got there first
        later = timezone.now() + caseload.REFRESH_AGE + timedelta(seconds=1)
        self.assertEqual(caseload.refresh_due(now=later), 1)
        # A consent ended without the service (the row's guard): the worker drops the row.
        CounsellorAccess.objects.filter(counsellor=self.carol).update(withdrawn_at=timezone.now())
        caseload.refresh_due()
        self.assertFalse(CaseloadSnapshot.objects.filter(counsellor=self.carol).exists())

    def test_the_worker_command_refreshes_caseloads(self) -> None:
        self.log()
        page(self.carol)
        self.log()
        out = StringIO()
        call_command("worker", "--once", stdout=out, verbosity=2)
        self.assertIn("Caseloads: 1 row(s) rebuilt.", out.getvalue())

    def test_the_worker_log_does_not_say_when_someone_wrote_for_the_counsellor(self) -> None:
        # A journal entry shared with the counsellor rebuilds the row; a line saying so would
        # time her use of Mend for whoever reads the host's log.
        page(self.carol)
        selftrust_services.create_entry(
            space=self.space, owner=self.alice, title="t", body="b", visibility=C
        )
        out = StringIO()
        call_command("worker", "--once", stdout=out)
        self.assertNotIn("Caseloads", out.getvalue())
        self.assertFalse(page(self.carol).rebuilt)  # the worker did rebuild it


class NeverLeaks(CareTestCase):
    """A stored row holds only what the live rules let its counsellor see, and only while they
    still do."""

    def test_a_counsellor_without_consent_has_no_rows(self) -> None:
        BreachFactory(space=self.space, owner=self.alice, visibility=C)
        moment(self.space, self.alice, self.bob, self.alice, "small_kindness", SC)
        for counsellor in (self.dave, self.frank):
            self.assertEqual(page(counsellor).total, 0)
            self.assertFalse(CaseloadSnapshot.objects.filter(counsellor=counsellor).exists())
            r = self.login(counsellor).api("GET", "/api/v1/caseload")
            self.assertEqual(r.json()["results"], [])

    def test_each_counsellor_sees_only_their_spaces(self) -> None:
        moment(self.other_space, self.charlie, self.dana, self.charlie, "small_kindness", C)
        moment(self.space, self.alice, self.bob, self.alice, "turned_away", C)
        self.assertEqual([r.space.pk for r in page(self.carol).rows], [self.space.pk])
        self.assertEqual([r.space.pk for r in page(self.erin).rows], [self.other_space.pk])
        html = self.login(self.carol).get("/caseload/").content.decode()
        self.assertNotIn("Charlie", html)
        self.assertEqual(
            set(CaseloadSnapshot.objects.values_list("counsellor_id", "space_id")),
            {(self.carol.pk, self.space.pk), (self.erin.pk, self.other_space.pk)},
        )

    def test_what_a_member_has_not_consented_to_never_counts(self) -> None:
        moment(self.space, self.alice, self.bob, self.alice, "small_kindness", C)
        # bob marks his for "our counsellor" but has not consented to carol
        moment(self.space, self.bob, self.alice, self.bob, "turned_against", C)
        safety_checkin(self.space, self.bob, 0, C)
        [row] = page(self.carol).rows
        assert row.ratio is not None
        self.assertEqual((row.ratio.positive, row.ratio.negative), (1, 0))
        self.assertIsNone(row.safety)
        # bob consents: the row is rebuilt and now counts his shared records
        access = care_services.grant_consent(
            space=self.space, member=self.bob, counsellor=self.carol
        )
        shown = page(self.carol)
        self.assertEqual(shown.rebuilt, 1)
        [row] = shown.rows
        assert row.ratio is not None and row.safety is not None
        self.assertEqual((row.ratio.positive, row.ratio.negative), (1, 1))
        # and withdraws: gone at once
        care_services.withdraw_consent(access_id=access.pk, space=self.space, member=self.bob)
        [row] = page(self.carol).rows
        assert row.ratio is not None
        self.assertEqual((row.ratio.positive, row.ratio.negative), (1, 0))
        self.assertIsNone(row.safety)

    def test_a_consent_ended_behind_the_services_back_is_not_shown_from_the_stored_row(
        self,
    ) -> None:
        grant_counsellor(self.space, self.bob, self.carol)
        moment(self.space, self.bob, self.alice, self.bob, "turned_against", C)
        [row] = page(self.carol).rows
        assert row.ratio is not None
        self.assertEqual(row.ratio.negative, 1)
        # No counter moves (an admin edit, a script): the set of sharing members still differs
        # from the one the row was built with, so it is rebuilt.
        CounsellorAccess.objects.filter(member=self.bob).update(withdrawn_at=timezone.now())
        shown = page(self.carol)
        self.assertEqual(shown.rebuilt, 1)
        self.assertEqual([m.pk for m in shown.rows[0].members], [self.alice.pk])
        self.assertEqual(shown.rows[0].ratio, None)

    def test_leaving_drops_the_space(self) -> None:
        page(self.carol)
        space_services.leave_space(space=self.space, user=self.alice)
        self.assertEqual(page(self.carol).total, 0)
        self.assertEqual(self.login(self.carol).api("GET", "/api/v1/caseload").json()["total"], 0)

    def test_stored_rows_hold_no_record_text(self) -> None:
        BreachFactory(
            space=self.space,
            owner=self.alice,
            visibility=C,
            title="Secret title words",
            description="Secret description words",
        )
        received(self.space, self.alice, self.bob, visibility=C, note="Secret note words")
        page(self.carol)
        stored = CaseloadSnapshot.objects.get(counsellor=self.carol)
        self.assertNotIn("Secret", str(stored.data))

    def test_a_removed_counsellor_keeps_no_rows(self) -> None:
        page(self.carol)
        care_services.remove_counsellor(profile=self.carol.counsellor_profile)
        self.assertFalse(CaseloadSnapshot.objects.filter(counsellor=self.carol).exists())


class SortFilterPages(CareTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = []
        for i in range(7):
            cls.cases.append(couple_in_care(f"Case {i:02}", cls.carol))

    def setUp(self) -> None:
        now = timezone.now()
        # Case 00: safety low for weeks (a signal); 01: recent activity; 02-06: quiet.
        space, a, b = self.cases[0]
        for day in range(1, 15):
            safety_checkin(space, a, 1, C, days_ago=day)
        space, a, b = self.cases[1]
        moment(space, a, b, a, "small_kindness", C)
        # Consents from a month ago, visits 20 days ago: what came since is the activity above.
        CounsellorAccess.objects.filter(counsellor=self.carol).update(
            granted_at=now - timedelta(days=30)
        )
        for space, _a, _b in self.cases:
            CaseloadVisit.objects.create(
                counsellor=self.carol, space=space, visited_at=now - timedelta(days=20)
            )

    def names(self, **query: Any) -> list[str]:
        return [r.space.name for r in page(self.carol, **query).rows]

    def test_sort(self) -> None:
        self.assertEqual(self.names()[:3], ["Alice & Bob", "Case 00", "Case 01"])
        self.assertEqual(self.names(sort="safety")[0], "Case 00")
        self.assertEqual(self.names(sort="signals")[0], "Case 00")
        self.assertIn(self.names(sort="changed")[0], {"Case 00", "Case 01"})
        self.assertEqual(self.names(sort="visit")[0], "Alice & Bob")  # never visited

    def test_filter(self) -> None:
        self.assertEqual(self.names(signal="any"), ["Case 00"])
        self.assertEqual(self.names(signal="chronic_unsafety"), ["Case 00"])
        self.assertEqual(self.names(signal="many_breaches"), [])
        self.assertEqual(self.names(changed=True), ["Case 00", "Case 01"])
        quiet = self.names(quiet=True)
        self.assertNotIn("Case 01", quiet)
        self.assertIn("Case 02", quiet)

    def test_pages(self) -> None:
        first = page(self.carol, per_page=3)
        self.assertEqual((first.total, first.count, first.pages), (8, 8, 3))
        self.assertEqual(len(first.rows), 3)
        third = page(self.carol, per_page=3, page=3)
        self.assertEqual([r.space.name for r in third.rows], ["Case 05", "Case 06"])
        self.assertFalse(third.has_next)
        self.assertEqual(page(self.carol, per_page=3, page=9).rows, [])

    def test_the_page_and_the_api_take_the_same_query(self) -> None:
        client = self.login(self.carol)
        html = client.get("/caseload/?signal=any&sort=safety").content.decode()
        self.assertIn("Case 00", html)
        self.assertNotIn("Case 01", html)
        self.assertIn("1 of 8 spaces", html)
        data = client.api("GET", "/api/v1/caseload?per_page=3&page=2").json()
        self.assertEqual((data["count"], data["pages"], data["page"]), (8, 3, 2))
        self.assertEqual(
            [r["space_name"] for r in data["results"]], ["Case 02", "Case 03", "Case 04"]
        )
        data = client.api("GET", "/api/v1/caseload?changed=true&sort=changed").json()
        self.assertEqual({r["space_name"] for r in data["results"]}, {"Case 00", "Case 01"})
        row = data["results"][0]
        self.assertEqual(row["report_url"], f"/spaces/{row['space']}/report/")
        self.assertEqual(row["space_url"], f"/caseload/spaces/{row['space']}/")

    def test_links_in_each_row(self) -> None:
        html = self.login(self.carol).get("/caseload/").content.decode()
        space = self.cases[1][0]
        self.assertIn(f'href="/spaces/{space.pk}/report/"', html)
        self.assertIn(f'<a href="/caseload/spaces/{space.pk}/">1 new or changed', html)
        self.assertIn(f'<a href="/caseload/spaces/{self.space.pk}/">First visit', html)

    def test_bad_queries_are_400(self) -> None:
        client = self.login(self.carol)
        orders_and_filters = ("sort=nonsense", "signal=nonsense", "changed=maybe")
        pages = ("page=0", "page=x", "per_page=201")
        for query in (*orders_and_filters, *pages):
            with self.subTest(query=query):
                r = client.get(f"/caseload/?{query}")
                self.assertEqual(r.status_code, 400, query)
                self.assertIn("Case 00", r.content.decode())  # the unfiltered caseload still shows
                r = client.api("GET", f"/api/v1/caseload?{query}")
                self.assertIn(r.status_code, (400, 422), query)
                self.assertIn("error", r.json(), query)

    def test_query_counts_do_not_grow_with_the_caseload(self) -> None:
        client = self.login(self.carol)

        def get(url: str) -> Any:
            return client.api("GET", url) if url.startswith("/api/") else client.get(url)

        def measured(url: str) -> int:
            with CaptureQueriesContext(connection) as ctx:
                response = get(url)
            self.assertEqual(response.status_code, 200)
            return len(ctx.captured_queries)

        def count(url: str) -> tuple[int, int]:
            """Queries of a view that reads the stored rows, and of one that finds them kept
            (mend.care.caseload._fingerprint)."""
            get(url)  # builds the stored rows
            memo.clear_all()  # as a process that has not read them yet
            return measured(url), measured(url)

        with clock_held():
            urls = ("/caseload/", "/caseload/?per_page=200&sort=signals", "/api/v1/caseload")
            few = {url: count(url) for url in urls}
            for i in range(12):
                space, a, b = couple_in_care(f"More {i:02}", self.carol, both=True)
                moment(space, a, b, a, "small_kindness", C)
                safety_checkin(space, b, 3, C)
            many = {url: count(url) for url in urls}
            self.assertEqual(few, many)
            for url in urls:
                read, kept = many[url]
                # Kept rows: neither who shares, nor the stored rows, nor the page's details, nor
                # the digest asked again after reading them.
                self.assertEqual(kept, read - 4)
                with self.assertNumQueries(kept):
                    get(url)


class RowText(CareTestCase):
    """What a row says, as the page's template said it before the rows were written in Python."""

    def test_the_last_visit_is_shown_on_the_counsellors_own_clock(self) -> None:
        from datetime import UTC, datetime

        self.carol.time_zone = "America/New_York"
        self.carol.save(update_fields=["time_zone"])
        CaseloadVisit.objects.create(
            counsellor=self.carol,
            space=self.space,
            visited_at=datetime(2026, 1, 15, 3, 30, tzinfo=UTC),
        )
        html = self.login(self.carol).get("/caseload/").content.decode()
        self.assertIn("last visit 14 Jan, 22:30", html)

    def test_averages_are_rounded_half_up_to_one_decimal(self) -> None:
        # 9 / 4 = 2.25 shows as 2.3 (the template's floatformat), never 2.2.
        for safety in (1, 2, 2, 4):
            safety_checkin(self.space, self.alice, safety, C, days_ago=2)
        for safety in (6, 7, 7, 9):
            safety_checkin(self.space, self.alice, safety, C, days_ago=20)
        html = self.login(self.carol).get("/caseload/").content.decode()
        self.assertIn("2.3/10 last 14 days", html)
        self.assertIn("before: 7.3/10 · down", html)

    def test_a_reload_within_the_minute_is_not_logged_again(self) -> None:
        from mend.audit.models import AuditEvent

        summaries = AuditEvent.objects.filter(object_kind="caseload summary", subject=self.alice)
        client = self.login(self.carol)
        # Early in one minute of the clock, so that the three views cannot fall in two.
        now = timezone.now().replace(second=5)
        with patch("mend.care.caseload.timezone.now", return_value=now):
            client.get("/caseload/")
            client.get("/caseload/?sort=signals")  # the same spaces, sorted otherwise
            client.api("GET", "/api/v1/caseload")
        self.assertEqual(summaries.count(), 1)
        with patch("mend.care.caseload.timezone.now", return_value=now + timedelta(minutes=1)):
            client.get("/caseload/")
        self.assertEqual(summaries.count(), 2)
        # Another browser of the counsellor's logs its own view.
        self.login(self.carol).get("/caseload/")
        self.assertEqual(summaries.count(), 3)

    def test_a_token_client_is_logged_on_every_call_and_given_no_session(self) -> None:
        from mend.accounts.tokens import create_token
        from mend.audit.models import AuditEvent

        _token, secret = create_token(user=self.carol, name="practice tool")
        client = self.client_class()
        for _ in range(2):
            r = client.get("/api/v1/caseload", HTTP_AUTHORIZATION=f"Bearer {secret}")
            self.assertEqual(r.status_code, 200, r.content)
            self.assertNotIn(settings.SESSION_COOKIE_NAME, r.cookies)
        summaries = AuditEvent.objects.filter(object_kind="caseload summary", subject=self.alice)
        self.assertEqual(summaries.count(), 2)

    def test_logged_reads_get_random_ids(self) -> None:
        # The read log is written with its own INSERT, past the model's default; a counting id
        # would tell whoever sees two of them how many reads were logged in between.
        from mend.accounts.tokens import create_token
        from mend.audit.models import AuditEvent

        _token, secret = create_token(user=self.carol, name="practice tool")
        for _ in range(3):
            self.client_class().get("/api/v1/caseload", HTTP_AUTHORIZATION=f"Bearer {secret}")
        ids = list(
            AuditEvent.objects.filter(object_kind="caseload summary").values_list("pk", flat=True)
        )
        self.assertGreaterEqual(len(ids), 3)
        # A counter in a test database never reaches 10**9; random ids in 1..2**53 stay above
        # it but for a chance of about one in a million each.
        self.assertGreater(min(ids), 10**9, ids)

    def test_each_shown_members_read_is_logged_once(self) -> None:
        from mend.audit.models import AuditEvent

        grant_counsellor(self.space, self.bob, self.carol)
        self.login(self.carol).get("/caseload/")
        events = AuditEvent.objects.filter(object_kind="caseload summary")
        self.assertEqual(
            sorted(events.values_list("subject_id", "space_id", "actor_id", "actor_role")),
            sorted(
                (member.pk, self.space.pk, self.carol.pk, "counsellor")
                for member in (self.alice, self.bob)
            ),
        )
        for event in events:
            self.assertEqual(event.action, AuditEvent.Action.READ)
            self.assertEqual(event.actor_name, str(self.carol))
            self.assertEqual(
                event.summary, "a summary of what you share with your counsellor (caseload)"
            )
            self.assertIsNone(event.object_id)
            self.assertLess(abs(event.created_at - timezone.now()), timedelta(minutes=1))
