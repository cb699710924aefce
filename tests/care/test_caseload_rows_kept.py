"""Issue 16: a caseload row's markup is written once and kept per process while its stored row,
the counsellor's visit, the names and the person's zone are what they were
(``mend.care.caseload_html``); anything else that changes shows at once."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import connection

from mend.accounts.models import User
from mend.care import caseload, caseload_html
from mend.care import services as care_services
from mend.care.models import CaseloadSnapshot
from mend.core import memo
from mend.spaces import services as space_services
from mend.spaces.models import CounsellorAccess
from mend.spaces.visibility import Visibility
from tests.care.base import CareTestCase
from tests.clock import clock_held
from tests.kept import KeptPageChecks
from tests.ledger.helpers import received


def rows(html: str) -> str:
    return html[html.index("<tbody>") : html.index("</tbody>")]


class CaseloadRowsKept(KeptPageChecks, CareTestCase):
    def view(self, client: Any) -> tuple[str, int]:
        """The caseload, and how many rows had their details read for it."""
        with mock.patch.object(
            caseload_html, "fill_details", wraps=caseload_html.fill_details
        ) as fill:
            response = client.get("/caseload/")
        self.assertEqual(response.status_code, 200)
        return response.content.decode(), sum(len(call.args[1]) for call in fill.call_args_list)

    def share(self) -> None:
        """alice notes a kindness of bob's and shares it with carol."""
        received(self.space, self.alice, self.bob, visibility=Visibility.COUNSELLOR)

    def test_a_reload_reads_no_rows_details_and_shows_the_same_page(self) -> None:
        self.share()
        client = self.login(self.carol)
        with clock_held():
            client.get("/caseload/")  # builds and stores the rows
            memo.clear_all()  # as in another process
            first, read = self.view(client)
            self.assertEqual(read, 1)
            again, read = self.view(client)
            self.assertEqual(read, 0)
            self.assertEqual(rows(again), rows(first))
            # The session, the profile, one digest of who shares and of the stored rows
            # (mend.care.caseload._fingerprint), the navigation's count.
            with self.assertNumQueries(4):
                client.get("/caseload/")

    def test_something_shared_shows_at_once(self) -> None:
        client = self.login(self.carol)
        before, _ = self.view(client)
        self.assertIn("First visit: 0 shared", before)
        self.share()
        after, _ = self.view(client)
        self.assertIn("First visit: 1 shared", after)

    def test_a_new_name_shows_at_once(self) -> None:
        self.assert_new_name_shows(self.login(self.carol), self.alice, "Alicia", "Sharing: Alicia")

    def test_each_counsellor_has_their_own_rows(self) -> None:
        self.view(self.login(self.carol))
        html, read = self.view(self.login(self.erin))
        self.assertEqual(read, 1)
        self.assertIn("Sharing: Charlie", html)
        self.assertNotIn("Sharing: Alice", html)

    def test_a_withdrawn_consent_takes_the_row_away_at_once(self) -> None:
        client = self.login(self.carol)
        self.view(client)
        html, _ = self.view(client)  # kept
        self.assertIn("Sharing: Alice", html)
        access = CounsellorAccess.objects.in_force().get(counsellor=self.carol, member=self.alice)
        care_services.withdraw_consent(access_id=access.pk, space=self.space, member=self.alice)
        html, _ = self.view(client)
        self.assertNotIn("Sharing: Alice", html)
        self.assertNotIn(self.space.name.replace("&", "&amp;"), html)

    def test_a_member_who_leaves_is_gone_at_once(self) -> None:
        client = self.login(self.carol)
        self.view(client)
        self.view(client)
        space_services.leave_space(space=self.space, user=self.alice)
        html, _ = self.view(client)
        self.assertNotIn("Sharing: Alice", html)

    def test_a_visit_shows_at_once(self) -> None:
        client = self.login(self.carol)
        self.view(client)
        before, _ = self.view(client)
        self.assertIn("not visited yet", before)
        client.get(f"/caseload/spaces/{self.space.pk}/")
        after, _ = self.view(client)
        self.assertNotIn("not visited yet", after)
        self.assertIn("nothing new", after)

    def test_rows_older_than_their_window_are_built_again(self) -> None:
        client = self.login(self.carol)
        self.view(client)
        built = CaseloadSnapshot.objects.get(counsellor=self.carol, space=self.space).built_at
        self.view(client)  # kept
        page = caseload.caseload_page(self.carol, now=built + caseload.MAX_AGE)
        self.assertEqual(page.rebuilt, 1)
        rebuilt = CaseloadSnapshot.objects.get(counsellor=self.carol, space=self.space).built_at
        self.assertEqual(rebuilt, built + caseload.MAX_AGE)

    def test_rows_read_while_something_changed_are_not_kept(self) -> None:
        caseload.caseload_page(self.carol)  # builds and stores the rows
        memo.clear_all()
        read = caseload._current

        def renamed_meanwhile(*args: Any, **kwargs: Any) -> Any:
            # Another request renames alice between the digest and the reads.
            User.objects.filter(pk=self.alice.pk).update(display_name="Alicia")
            return read(*args, **kwargs)

        with mock.patch.object(caseload, "_current", renamed_meanwhile):
            caseload.caseload_page(self.carol)
        User.objects.filter(pk=self.alice.pk).update(display_name="Alice")  # and back
        page = caseload.caseload_page(self.carol)
        self.assertEqual([str(m) for row in page.rows for m in row.members], ["Alice"])

    def test_names_that_differ_after_a_nul_character_differ_in_the_digest(self) -> None:
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL cannot store a NUL character in text")
        User.objects.filter(pk=self.alice.pk).update(display_name="Al\x00one")
        one = caseload._fingerprint(self.carol)
        User.objects.filter(pk=self.alice.pk).update(display_name="Al\x00two")
        self.assertNotEqual(caseload._fingerprint(self.carol), one)
