"""Issue 16: a caseload row's markup is written once and kept per process while its stored row,
the counsellor's visit, the names and the person's zone are what they were
(``mend.care.caseload_html``); anything else that changes shows at once."""

from __future__ import annotations

from typing import Any
from unittest import mock

from mend.accounts.models import User
from mend.care import caseload_html
from mend.core import memo
from mend.spaces.visibility import Visibility
from tests.care.base import CareTestCase
from tests.ledger.helpers import received


def rows(html: str) -> str:
    return html[html.index("<tbody>") : html.index("</tbody>")]


class CaseloadRowsKept(CareTestCase):
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
        client.get("/caseload/")  # builds and stores the rows
        memo.clear_all()  # as in another process
        first, read = self.view(client)
        self.assertEqual(read, 1)
        again, read = self.view(client)
        self.assertEqual(read, 0)
        self.assertEqual(rows(again), rows(first))
        with self.assertNumQueries(5):  # session, profile, who shares, the rows, the count
            client.get("/caseload/")

    def test_something_shared_shows_at_once(self) -> None:
        client = self.login(self.carol)
        before, _ = self.view(client)
        self.assertIn("First visit: 0 shared", before)
        self.share()
        after, _ = self.view(client)
        self.assertIn("First visit: 1 shared", after)

    def test_a_new_name_shows_at_once(self) -> None:
        client = self.login(self.carol)
        self.view(client)
        User.objects.filter(pk=self.alice.pk).update(display_name="Alicia")
        html, read = self.view(client)
        self.assertEqual(read, 1)
        self.assertIn("Sharing: Alicia", html)

    def test_each_counsellor_has_their_own_rows(self) -> None:
        self.view(self.login(self.carol))
        html, read = self.view(self.login(self.erin))
        self.assertEqual(read, 1)
        self.assertIn("Sharing: Charlie", html)
        self.assertNotIn("Sharing: Alice", html)
