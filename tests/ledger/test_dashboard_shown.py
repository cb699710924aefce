"""Issue 16: the dashboard's numbers and charts are rendered once and reused while nothing in the
space changes, never behind a write, at most ``SHOWN_FOR`` behind the clock
(``mend.ledger.dashboard.shown``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

from django.utils import timezone

from mend.accounts.models import User
from mend.ledger import dashboard, services
from tests.base import MendTestCase
from tests.clock import clock_held
from tests.kept import KeptPageChecks
from tests.ledger.helpers import received, self_report


class DashboardShownTests(KeptPageChecks, MendTestCase):
    def path(self) -> str:
        return f"/spaces/{self.space.pk}/ledger/"

    def view(self, client: Any) -> tuple[str, int]:
        """The page, and how many times its numbers were worked out for it."""
        with mock.patch.object(dashboard, "numbers", wraps=dashboard.numbers) as numbers:
            response = client.get(self.path())
        self.assertEqual(response.status_code, 200)
        return response.content.decode(), numbers.call_count

    def balance(self, html: str) -> str:
        marker = 'data-testid="bank-balance">'
        return html[html.index(marker) + len(marker) :].split("<", 1)[0]

    def test_a_second_view_reuses_what_the_first_rendered(self) -> None:
        received(self.space, self.alice, self.bob, "small_kindness")
        client = self.login(self.alice)
        with clock_held():
            first, worked = self.view(client)
            self.assertEqual(worked, 1)
            again, worked = self.view(client)
            self.assertEqual(worked, 0)
        self.assertEqual(self.balance(again), self.balance(first))

    def test_a_write_in_the_space_shows_at_once(self) -> None:
        moment = self_report(self.space, self.bob, self.alice, "listened_well")
        client = self.login(self.alice)
        before, _ = self.view(client)
        self.assertEqual(self.balance(before), "0")
        self.assertIn("Yes, this happened", before)
        services.confirm_moment(moment_id=moment.pk, user=self.alice)
        after, worked = self.view(client)
        self.assertEqual(worked, 1)
        self.assertEqual(self.balance(after), "1")
        self.assertNotIn("Yes, this happened", after)

    def test_the_clock_is_followed_within_the_window(self) -> None:
        received(self.space, self.alice, self.bob, "small_kindness")
        client = self.login(self.alice)
        self.view(client)
        later = timezone.now() + dashboard.SHOWN_FOR + timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            _, worked = self.view(client)
        self.assertEqual(worked, 1)

    def test_each_person_is_shown_their_own_numbers(self) -> None:
        received(self.space, self.alice, self.bob, "small_kindness")
        alices, _ = self.view(self.login(self.alice))
        bobs, worked = self.view(self.login(self.bob))
        self.assertEqual(worked, 1)
        self.assertIn("Your trust in Bob", alices)
        self.assertIn("Your trust in Alice", bobs)
        self.assertNotIn("Your trust in Bob", bobs)

    def test_a_new_name_or_time_zone_is_shown_at_once(self) -> None:
        client = self.login(self.alice)
        self.assert_new_name_shows(client, self.bob, "Robert", "Your trust in Robert")
        User.objects.filter(pk=self.alice.pk).update(time_zone="Pacific/Auckland")
        _, worked = self.view(client)
        self.assertEqual(worked, 1)
