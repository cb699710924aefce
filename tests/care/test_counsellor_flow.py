"""The counsellor's path (issue 14): the report is reachable from the space and the notes, and a
counsellor with nothing shared reads "Nothing shared with you yet", not tables of zeros."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from mend.care import report as report_mod
from mend.care.models import SessionNote
from mend.spaces.visibility import Visibility
from tests.care.base import CareTestCase
from tests.care.records import safety_checkin

NOTHING = "Nothing shared with you yet"


class ReportReachable(CareTestCase):
    def _links(self, html: str) -> list[str]:
        return re.findall(r'href="([^"]+)"', html)

    def test_the_report_is_linked_from_the_space_the_notes_and_a_note(self) -> None:
        carol = self.login(self.carol)
        report = reverse("care:report", args=[self.space.pk])
        r = carol.form(reverse("care:notes", args=[self.space.pk]), {"text": "First session."})
        self.assertEqual(r.status_code, 302)
        note = SessionNote.objects.get(space=self.space, counsellor=self.carol)
        for page in (
            reverse("care:counsellor_space", args=[self.space.pk]),
            reverse("care:notes", args=[self.space.pk]),
            reverse("care:note", args=[note.pk]),
        ):
            with self.subTest(page=page):
                self.assertIn(report, self._links(carol.get(page).content.decode()))
        self.assertEqual(carol.get(report).status_code, 200)

    def test_staff_reading_a_note_are_not_sent_to_a_report_they_cannot_open(self) -> None:
        self.practice.staff_may_read_notes = True
        self.practice.save()
        self.login(self.carol).form(
            reverse("care:notes", args=[self.space.pk]), {"text": "Seen by staff by policy."}
        )
        note = SessionNote.objects.get(space=self.space)
        pat = self.login(self.pat)
        html = pat.get(reverse("care:note", args=[note.pk])).content.decode()
        self.assertNotIn(reverse("care:report", args=[self.space.pk]), self._links(html))
        self.assertEqual(pat.get(reverse("care:report", args=[self.space.pk])).status_code, 404)


class NothingShared(CareTestCase):
    def report(self, who, **params):  # type: ignore[no-untyped-def]
        url = reverse("care:report", args=[self.space.pk])
        return self.login(who).get(url, params).content.decode()

    def test_a_counsellor_with_nothing_shared_reads_so_not_rows_of_zeros(self) -> None:
        # Alice consented to carol but marked nothing for her; bob shares with the space only.
        safety_checkin(self.space, self.alice, 6, Visibility.PRIVATE, days_ago=3)
        safety_checkin(self.space, self.bob, 6, Visibility.SPACE, days_ago=3)
        html = self.report(self.carol)
        self.assertIn(NOTHING, html)
        self.assertIn("Me and our counsellor", html)  # what members can choose
        self.assertNotIn("<table", html)
        self.assertNotIn("<svg", html)
        self.assertNotIn("Download PDF", html)  # an empty PDF helps no one
        self.assertNotIn("Nothing was recorded in this range", html)
        page = self.login(self.carol).get(reverse("care:counsellor_space", args=[self.space.pk]))
        space_html = page.content.decode()
        self.assertIn(NOTHING, space_html)
        self.assertNotIn("Trust from shared evidence", space_html)
        # Homework and notes stay within reach: the counsellor can still work with the space.
        self.assertIn("Suggest homework", space_html)

    def test_the_pdf_says_the_same(self) -> None:
        with mock.patch.object(report_mod, "render_pdf", return_value=b"%PDF-1.7") as render:
            r = self.login(self.carol).get(reverse("care:report_pdf", args=[self.space.pk]))
        self.assertEqual(r.status_code, 200)
        html = render.call_args.args[0]
        self.assertIn(NOTHING, html)
        self.assertNotIn("<table", html)

    def test_something_shared_outside_the_range_is_not_nothing(self) -> None:
        safety_checkin(self.space, self.alice, 6, Visibility.COUNSELLOR, days_ago=200)
        html = self.report(self.carol)
        self.assertNotIn(NOTHING, html)
        self.assertIn("Nothing was recorded in this range that you can see.", html)
        self.assertIn("Download PDF", html)
        space_html = (
            self.login(self.carol)
            .get(reverse("care:counsellor_space", args=[self.space.pk]))
            .content.decode()
        )
        self.assertNotIn(NOTHING, space_html)
        self.assertIn("Feels safe: 6/10", space_html)
        # In range, the section appears (and the empty notice goes).
        html = self.report(
            self.carol, start=(timezone.localdate() - timedelta(days=210)).isoformat()
        )
        self.assertIn("Safety check-ins", html)
        self.assertNotIn("Nothing was recorded", html)

    def test_weeks_without_a_moment_are_not_a_table_of_zeros_for_members_either(self) -> None:
        html = self.report(self.alice)
        self.assertNotIn("Ratio of positive to negative moments", html)
        self.assertNotIn(NOTHING, html)  # a member's report never speaks of "shared with you"

    def test_the_empty_check_is_one_query(self) -> None:
        with self.assertNumQueries(1):
            self.assertFalse(report_mod.shared_with(self.carol, self.space))
        safety_checkin(self.space, self.alice, 6, Visibility.SPACE_AND_COUNSELLOR, days_ago=1)
        with self.assertNumQueries(1):
            self.assertTrue(report_mod.shared_with(self.carol, self.space))
        # A counsellor another member never chose sees nothing of theirs.
        safety_checkin(self.space, self.bob, 6, Visibility.COUNSELLOR, days_ago=1)
        self.assertFalse(report_mod.shared_with(self.erin, self.space))
