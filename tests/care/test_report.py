"""Progress report: only what the viewer may see, bad dates 400, PDF, counsellor audit."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mend.audit.models import AuditEvent
from mend.ledger.trust_pairs import rebuild_space
from mend.spaces.models import CounsellorAccess
from mend.spaces.visibility import Visibility
from tests.authz import Route, check_matrix
from tests.care.base import CareTestCase, CounsellorTestCase
from tests.care.records import moment, repeated_breaches, safety_checkin


class ReportTests(CounsellorTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A private repeating pattern of alice's: its wording must never reach bob's report.
        repeated_breaches(
            cls.space, cls.alice, Visibility.PRIVATE, topic="Zanzibarsecret", title="Zanzibarsecret"
        )
        safety_checkin(cls.space, cls.alice, 1, Visibility.PRIVATE, days_ago=2)
        safety_checkin(cls.space, cls.alice, 7, Visibility.COUNSELLOR, days_ago=2)

    def url(self, suffix: str = "report", **params: str) -> str:
        base = reverse(f"care:{suffix}", args=[self.space.pk])
        return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")

    def test_owner_sees_own_records(self) -> None:
        response = self.login(self.alice).get(self.url())
        self.assertContains(response, "Progress report")
        self.assertContains(response, "Zanzibarsecret")
        self.assertContains(response, "<svg")

    def test_trust_weeks_without_enough_evidence_show_no_number_and_ratios_are_exact(
        self,
    ) -> None:
        # Issue 12: a week with too little evidence shows words, not the prior's 50%; one
        # positive to three negatives is "1 to 3", not "0.3:1".
        at = timezone.now() - timedelta(hours=2)
        for kind in ["small_kindness"] + ["turned_away"] * 3:
            moment(self.space, self.alice, self.bob, self.alice, kind, Visibility.SPACE, at=at)
        rebuild_space(space=self.space)
        html = self.login(self.alice).get(self.url()).content.decode()
        trust = html.split('aria-labelledby="trust-1"')[1].split("</section>")[0]
        self.assertIn("not enough evidence yet", trust)
        self.assertNotIn("50%", trust)
        self.assertIn("1 to 3", html)

    def test_partner_report_excludes_private(self) -> None:
        client = self.login(self.bob)
        html = client.get(self.url())
        self.assertEqual(html.status_code, 200)
        self.assertNotContains(html, "Zanzibarsecret")
        pdf = client.get(self.url("report_pdf"))
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        self.assertNotIn(b"Zanzibarsecret", pdf.content)

    def test_counsellor_sees_shared_and_reads_are_logged(self) -> None:
        response = self.login(self.carol).get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Zanzibarsecret")
        rows = response.context["report"].safety_rows
        self.assertEqual([r[2] for r in rows], [7.0])  # the shared check-in only
        self.assertTrue(
            AuditEvent.objects.filter(
                actor=self.carol, actor_role="counsellor", subject=self.alice
            ).exists()
        )

    def test_counsellor_without_consent_404(self) -> None:
        CounsellorAccess.objects.update(withdrawn_at=timezone.now())
        self.assertEqual(self.login(self.carol).get(self.url()).status_code, 404)
        self.assertEqual(self.login(self.carol).get(self.url("report_pdf")).status_code, 404)

    def test_bad_dates_400(self) -> None:
        client = self.login(self.alice)
        for params, message in (
            ({"start": "2025-03-10", "end": "2025-03-01"}, "before the start"),
            ({"start": "2020-01-01", "end": "2025-01-01"}, "at most two years"),
            ({"start": "yesterday"}, "YYYY-MM-DD"),
        ):
            for suffix in ("report", "report_pdf"):
                response = client.get(self.url(suffix, **params))
                self.assertContains(response, message, status_code=400)

    def test_query_count_does_not_grow_with_rows(self) -> None:
        client = self.login(self.bob)
        client.get(self.url())  # warm caches (sessions, content types)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as before:
            client.get(self.url())
        for _ in range(10):
            safety_checkin(self.space, self.bob, 5, Visibility.SPACE, days_ago=2)
        with CaptureQueriesContext(connection) as after:
            client.get(self.url())
        self.assertEqual(len(before), len(after))


class ReportLinksTests(CareTestCase):
    def test_the_back_link_leads_each_reader_to_a_page_they_can_open(self) -> None:
        for who in (self.alice, self.carol):
            client = self.login(who)
            html = client.get(reverse("care:report", args=[self.space.pk])).content.decode()
            back = html.split('<p class="small back"><a href="', 1)[1].split('"', 1)[0]
            self.assertEqual(client.get(back).status_code, 200, (who, back))


class ReportAuthzTests(CounsellorTestCase):
    def test_matrix(self) -> None:
        expect = {
            "owner": 200,
            "partner": 200,
            "other_space": 404,
            "counsellor": 200,
            "anonymous": 302,
        }
        check_matrix(
            self,
            [
                Route(
                    "report",
                    "GET",
                    lambda t: reverse("care:report", args=[t.space.pk]),
                    expect,
                ),
                Route(
                    "report pdf",
                    "GET",
                    lambda t: reverse("care:report_pdf", args=[t.space.pk]),
                    expect,
                ),
            ],
        )
