"""The counsellor's view of a space and the caseload: only shared records, a fixed query count."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.accounts.models import User
from mend.audit.models import AuditEvent
from mend.care import caseload
from mend.care import services as care_services
from mend.care.models import CaseloadVisit
from mend.selftrust import services as selftrust_services
from mend.spaces.models import CounsellorAccess, Space
from mend.spaces.visibility import Visibility
from tests.care.base import CareTestCase
from tests.care.records import couple_in_care, moment, questionnaire, safety_checkin
from tests.factories import BreachFactory

C, P, S, SC = (
    Visibility.COUNSELLOR,
    Visibility.PRIVATE,
    Visibility.SPACE,
    Visibility.SPACE_AND_COUNSELLOR,
)


class CounsellorView(CareTestCase):
    def test_only_what_consenting_members_shared_is_shown(self) -> None:
        BreachFactory(space=self.space, owner=self.alice, visibility=C, title="Alice to counsellor")
        BreachFactory(space=self.space, owner=self.alice, visibility=SC, title="Alice to all")
        BreachFactory(space=self.space, owner=self.alice, visibility=P, title="Alice private")
        BreachFactory(space=self.space, owner=self.alice, visibility=S, title="Alice space only")
        # bob marks it for "our counsellor" but has not consented: carol must not see it.
        BreachFactory(space=self.space, owner=self.bob, visibility=C, title="Bob to counsellor")
        moment(self.space, self.alice, self.bob, self.alice, "small_kindness", C)
        moment(self.space, self.alice, self.bob, self.alice, "turned_away", P)
        html = self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/").content.decode()
        shared = ("Alice to counsellor", "Alice to all", "Small kindness")
        kept = ("Alice private", "Alice space only", "Bob to counsellor", "Turned away")
        self.assertShows(html, shown=shared, hidden=kept)
        self.assertIn("1 other member does not share with you", html)
        data = self.login(self.carol).api("GET", f"/api/v1/caseload/spaces/{self.space.pk}").json()
        titles = [i["title"] for s in data["sections"] for i in s["items"]]
        self.assertCountEqual(titles, ["Alice to counsellor", "Alice to all", "Small kindness"])
        self.assertEqual(data["members_sharing"], ["Alice"])

    def test_trust_from_shared_evidence_ignores_private_moments(self) -> None:
        for _ in range(3):
            moment(self.space, self.alice, self.bob, self.alice, "small_kindness", C)
        for _ in range(5):
            moment(self.space, self.alice, self.bob, self.alice, "turned_against", P)
        data = self.login(self.carol).api("GET", f"/api/v1/caseload/spaces/{self.space.pk}").json()
        [pair] = data["trust_from_shared_evidence"]
        self.assertEqual((pair["truster"], pair["trustee"]), (self.alice.pk, self.bob.pk))
        # Three shared moments are evidence, but below the minimum (issue 12): no number, in
        # words; with the five private ones counted there would have been enough.
        self.assertAlmostEqual(pair["evidence"], 3.0, delta=0.1)  # a day old: faded a little
        self.assertFalse(pair["enough_evidence"])
        self.assertIsNone(pair["index"])
        html = self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/").content.decode()
        self.assertIn("Not enough evidence yet", html)
        for _ in range(3):
            moment(self.space, self.alice, self.bob, self.alice, "small_kindness", C)
        data = self.login(self.carol).api("GET", f"/api/v1/caseload/spaces/{self.space.pk}").json()
        [pair] = data["trust_from_shared_evidence"]
        self.assertTrue(pair["enough_evidence"])
        self.assertGreater(pair["index"], 0.6)  # only the six kind moments count

    def test_trust_from_shared_evidence_counts_a_shared_breach(self) -> None:
        for _ in range(8):
            moment(self.space, self.alice, self.bob, self.alice, "small_kindness", C)
        before = (
            self.login(self.carol)
            .api("GET", f"/api/v1/caseload/spaces/{self.space.pk}")
            .json()["trust_from_shared_evidence"][0]["index"]
        )
        BreachFactory(
            space=self.space, owner=self.alice, other_person=self.bob, visibility=C, title="Lies"
        )
        after = (
            self.login(self.carol)
            .api("GET", f"/api/v1/caseload/spaces/{self.space.pk}")
            .json()["trust_from_shared_evidence"][0]["index"]
        )
        self.assertLess(after, before - 0.2)

    def test_journal_entries_shared_with_the_counsellor_are_decrypted(self) -> None:
        from mend.selftrust import services as st

        st.create_entry(
            space=self.space,
            owner=self.alice,
            title="For Carol",
            body="Shared body",
            visibility=C,
        )
        st.create_entry(
            space=self.space, owner=self.alice, title="Mine", body="Private body", visibility=P
        )
        html = self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/").content.decode()
        self.assertIn("For Carol", html)
        self.assertIn("Shared body", html)
        self.assertNotIn("Private body", html)

    def test_others_are_not_found(self) -> None:
        for who in (self.dave, self.frank, self.erin, self.pat, self.alice, self.bob):
            r = self.login(who).get(f"/caseload/spaces/{self.space.pk}/")
            self.assertEqual(r.status_code, 404, who)

    def test_removing_a_counsellor_ends_their_consents(self) -> None:
        url = f"/caseload/spaces/{self.space.pk}/"
        self.assertEqual(self.login(self.carol).get(url).status_code, 200)
        care_services.remove_counsellor(profile=self.carol.counsellor_profile)
        self.assertEqual(self.login(self.carol).get(url).status_code, 404)
        self.assertFalse(CounsellorAccess.objects.in_force().filter(counsellor=self.carol).exists())
        self.assertTrue(
            AuditEvent.objects.filter(
                subject=self.alice, action=AuditEvent.Action.CONSENT, summary__contains="ended"
            ).exists()
        )


class Caseload(CareTestCase):
    def _spaces(self, n: int) -> None:
        for i in range(n):
            space, a, b = couple_in_care(f"Case {i:02}", self.carol, both=True)
            BreachFactory(space=space, owner=a, visibility=C)
            moment(space, a, b, a, "small_kindness", C)
            moment(space, b, a, b, "turned_away", SC)
            safety_checkin(space, a, 3, C, days_ago=2)
            safety_checkin(space, b, 7, C, days_ago=20)
            questionnaire(space, a, 12, C, days_ago=30)
            questionnaire(space, a, 15, C, days_ago=3)
            CaseloadVisit.objects.create(
                counsellor=self.carol, space=space, visited_at=timezone.now() - timedelta(days=5)
            )

    def _count(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.login(self.carol)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url) if not url.startswith("/api/") else client.api("GET", url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_query_count_does_not_grow_with_the_caseload(self) -> None:
        self._spaces(2)  # plus alice & bob: 3 spaces
        self.assertEqual(len(caseload.caseload_for(self.carol)), 3)
        small_page, small_api = self._count("/caseload/"), self._count("/api/v1/caseload")
        self._spaces(9)  # 12 spaces
        self.assertEqual(len(caseload.caseload_for(self.carol)), 12)
        client = self.login(self.carol)
        with self.assertNumQueries(small_page):
            client.get("/caseload/")
        with self.assertNumQueries(small_api):
            client.api("GET", "/api/v1/caseload")

    def test_trends_count_only_shared_records(self) -> None:
        self._spaces(1)
        space_id = next(
            r.space.pk for r in caseload.caseload_for(self.carol) if r.space.name == "Case 00"
        )
        other = next(s for s in caseload.caseload_for(self.carol) if s.space.pk == space_id)
        # Rows name spaces and people by reference (read as values): the records need models.
        space = Space.objects.get(pk=space_id)
        a, b = (User.objects.get(pk=m.pk) for m in other.members)
        # private records of a consenting member never count
        moment(space, a, b, a, "turned_against", P)
        safety_checkin(space, a, 0, P)
        questionnaire(space, a, 0, P)
        row = next(r for r in caseload.caseload_for(self.carol) if r.space.pk == space_id)
        assert row.ratio is not None and row.safety is not None
        self.assertEqual((row.ratio.positive, row.ratio.negative), (1, 1))
        self.assertEqual((row.safety.recent, row.safety.previous, row.safety.low), (3.0, 7.0, 1))
        self.assertEqual(row.safety.direction, "down")
        [q] = row.questionnaires
        self.assertEqual((q.latest, q.previous), (15, 12))

    def test_what_changed_since_the_last_visit(self) -> None:
        BreachFactory(space=self.space, owner=self.alice, visibility=C)
        [row] = caseload.caseload_for(self.carol)
        self.assertIsNone(row.last_visit)
        self.assertEqual((row.new_records, row.new_consents), (1, 1))
        self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/")
        [row] = caseload.caseload_for(self.carol)
        self.assertEqual((row.new_records, row.new_consents), (0, 0))
        BreachFactory(space=self.space, owner=self.alice, visibility=C)
        BreachFactory(space=self.space, owner=self.alice, visibility=P)
        BreachFactory(space=self.space, owner=self.bob, visibility=C)  # bob: no consent
        [row] = caseload.caseload_for(self.carol)
        self.assertEqual(row.new_records, 1)

    def test_withdrawn_and_left_spaces_drop_out(self) -> None:
        from mend.spaces import services as space_services

        self._spaces(1)
        self.assertEqual(len(caseload.caseload_for(self.carol)), 2)
        space_services.leave_space(space=self.space, user=self.alice)
        self.assertEqual([r.space.name for r in caseload.caseload_for(self.carol)], ["Case 00"])

    def test_a_private_record_changes_nothing_the_counsellor_is_answered(self) -> None:
        # A private write moves the space's change counter and so rebuilds the stored row; the
        # answer must not show when (a rebuild time would say when she used Mend privately).
        client = self.login(self.carol)
        before = client.api("GET", "/api/v1/caseload").json()
        selftrust_services.create_entry(space=self.space, owner=self.alice, title="t", body="b")
        selftrust_services.create_entry(
            space=self.space, owner=self.bob, title="t", body="b", visibility=Visibility.PRIVATE
        )
        self.assertEqual(client.api("GET", "/api/v1/caseload").json(), before)

    def test_not_a_counsellor(self) -> None:
        self.assertEqual(self.login(self.alice).get("/caseload/").status_code, 404)
        self.assertEqual(self.login(self.pat).api("GET", "/api/v1/caseload").status_code, 404)
