"""Consent: per member, visible to every member, withdrawn at once, logged."""

from __future__ import annotations

from mend.audit.models import AuditEvent
from mend.spaces.models import Breach, CounsellorAccess
from mend.spaces.visibility import Visibility
from tests.care.base import CareTestCase
from tests.factories import BreachFactory


class Consent(CareTestCase):
    def test_a_member_invites_a_counsellor_for_their_own_records_only(self) -> None:
        mine = BreachFactory(space=self.space, owner=self.bob, visibility=Visibility.COUNSELLOR)
        alices = BreachFactory(space=self.space, owner=self.alice, visibility=Visibility.COUNSELLOR)
        client = self.login(self.bob)
        r = client.form(
            f"/spaces/{self.space.pk}/counsellor/invite/", {"email": "DAVE@counsel.test"}
        )
        self.assertEqual(r.status_code, 302)
        access = CounsellorAccess.objects.get(
            space=self.space, member=self.bob, counsellor=self.dave
        )
        self.assertIsNone(access.withdrawn_at)
        # Dave sees bob's shared breach, not alice's (alice did not consent to dave).
        visible = set(Breach.objects.visible_to(self.dave).values_list("pk", flat=True))
        self.assertEqual(visible, {mine.pk})
        self.assertNotIn(alices.pk, visible)
        event = AuditEvent.objects.get(subject=self.bob, action="consent")
        self.assertIn("Dave", event.summary)

    def test_the_page_shows_my_consent_and_never_another_members(self) -> None:
        # alice consented to carol; bob did not. Whether alice works with a counsellor is hers
        # to tell, so bob's page does not show it.
        bobs = self.login(self.bob).get(f"/spaces/{self.space.pk}/counsellor/").content.decode()
        self.assertNotIn("You share with Carol", bobs)
        self.assertNotIn("Withdraw my consent", bobs)
        alices = self.login(self.alice).get(f"/spaces/{self.space.pk}/counsellor/").content.decode()
        self.assertIn("You share with Carol (counsellor)", alices)
        self.assertIn("Withdraw my consent", alices)
        self.assertNotIn("Bob", alices.split('id="counsellors-heading"')[1].split("</section>")[0])

    def test_withdrawal_takes_effect_at_once(self) -> None:
        shared = BreachFactory(space=self.space, owner=self.alice, visibility=Visibility.COUNSELLOR)
        carol = self.client_class()
        carol.force_login(self.carol)
        self.assertEqual(carol.get(f"/caseload/spaces/{self.space.pk}/").status_code, 200)
        self.assertEqual(carol.api("GET", f"/api/v1/breaches/{shared.pk}").status_code, 200)
        access = CounsellorAccess.objects.get(
            space=self.space, member=self.alice, counsellor=self.carol, withdrawn_at__isnull=True
        )
        alice = self.client_class()
        alice.force_login(self.alice)
        r = alice.api("POST", f"/api/v1/spaces/{self.space.pk}/consents/{access.pk}/withdraw")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertIsNotNone(r.json()["withdrawn_at"])
        self.assertEqual(carol.get(f"/caseload/spaces/{self.space.pk}/").status_code, 404)
        self.assertEqual(
            carol.api("GET", f"/api/v1/caseload/spaces/{self.space.pk}").status_code, 404
        )
        self.assertEqual(carol.api("GET", f"/api/v1/breaches/{shared.pk}").status_code, 404)
        self.assertEqual(carol.api("GET", "/api/v1/caseload").json()["results"], [])
        self.assertTrue(
            AuditEvent.objects.filter(
                subject=self.alice, action="consent", summary__contains="withdrew"
            ).exists()
        )

    def test_only_the_member_who_consented_can_withdraw(self) -> None:
        access = CounsellorAccess.objects.get(
            space=self.space, member=self.alice, withdrawn_at__isnull=True
        )
        r = self.login(self.bob).api(
            "POST", f"/api/v1/spaces/{self.space.pk}/consents/{access.pk}/withdraw"
        )
        self.assertEqual(r.status_code, 403)
        access.refresh_from_db()
        self.assertIsNone(access.withdrawn_at)
        r = self.login(self.bob).form(
            f"/spaces/{self.space.pk}/counsellor/consents/{access.pk}/withdraw/"
        )
        self.assertEqual(r.status_code, 403)

    def test_bad_invitations_are_refused_with_a_reason(self) -> None:
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/consents"
        r = client.api("POST", url, {"counsellor_email": "bob@example.test"})
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (400, "no_such_counsellor"))
        r = client.api("POST", url, {"counsellor_id": self.carol.pk})
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (409, "already_granted"))
        r = client.api("POST", url, {})
        self.assertEqual(r.status_code, 400)
        r = client.api("POST", url, {"counsellor_email": "x\x00@y.test"})
        self.assertEqual(r.status_code, 400)
        r = client.form(f"/spaces/{self.space.pk}/counsellor/invite/", {"email": "not an email"})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(
            CounsellorAccess.objects.filter(space=self.space, member=self.alice).count(), 2
        )  # carol's, and frank's withdrawn one

    def test_api_grant_and_list(self) -> None:
        client = self.login(self.bob)
        r = client.api(
            "POST", f"/api/v1/spaces/{self.space.pk}/consents", {"counsellor_id": self.carol.pk}
        )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertTrue(r.json()["mine"])
        rows = client.api("GET", f"/api/v1/spaces/{self.space.pk}/consents").json()
        self.assertEqual(sorted(r["member_name"] for r in rows), ["Alice", "Bob"])

    def test_counsellor_reads_are_logged_with_the_counsellor_role(self) -> None:
        shared = BreachFactory(space=self.space, owner=self.alice, visibility=Visibility.COUNSELLOR)
        self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/")
        event = AuditEvent.objects.filter(subject=self.alice, action="read").latest("created_at")
        self.assertEqual((event.actor_id, event.actor_role), (self.carol.pk, "counsellor"))
        self.assertEqual(event.object_id, shared.pk)
        self.login(self.carol).get("/caseload/")
        summary = AuditEvent.objects.filter(
            subject=self.alice, object_kind="caseload summary"
        ).get()
        self.assertEqual(summary.actor_role, "counsellor")
        page = self.login(self.alice).get("/me/access-log/").content.decode()
        self.assertIn("caseload", page)
        # bob shares nothing with carol: nothing is logged about him.
        self.assertFalse(AuditEvent.objects.filter(subject=self.bob, actor=self.carol).exists())

    def test_consent_list_query_count_is_fixed(self) -> None:
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/consents"
        with self.assertNumQueries(3):
            client.api("GET", url)
        self.login(self.bob).api("POST", url, {"counsellor_id": self.carol.pk})
        self.login(self.bob).api("POST", url, {"counsellor_id": self.dave.pk})
        client = self.login(self.alice)
        with self.assertNumQueries(3):
            client.api("GET", url)
