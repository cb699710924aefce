"""The commitment form asks for the time zone and keeps it for the person; the raw RRULE waits
behind "Advanced"; "End" asks first; a long commitment shows its latest times (issue 14)."""

from __future__ import annotations

from mend.commitments.models import Commitment
from tests.base import MendTestCase
from tests.commitments.helpers import coffee_every_morning
from tests.commitments.test_views import form


class TimeZoneAskedTests(MendTestCase):
    def url(self) -> str:
        return f"/spaces/{self.space.pk}/commitments/new/"

    def test_the_form_asks_while_the_zone_is_still_the_default(self) -> None:
        html = self.login(self.alice).get(self.url()).content.decode()
        self.assertIn('<select name="time_zone"', html)
        self.assertIn('<details class="field time-zone" open>', html)
        self.assertNotIn("In your time zone, UTC", html)
        advanced = html[html.index('<details class="advanced"') :]
        self.assertIn('value="rrule"', advanced[: advanced.index("</details>")])

    def test_the_chosen_zone_is_used_and_kept_for_the_person(self) -> None:
        client = self.login(self.alice)
        r = client.form(self.url(), form(made_to=self.bob.pk, time_zone="Europe/Paris"))
        self.assertEqual(r.status_code, 302, r.content.decode()[:1000])
        self.assertEqual(Commitment.objects.get().timezone, "Europe/Paris")
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.time_zone, "Europe/Paris")
        html = client.get(self.url()).content.decode()
        self.assertIn('<details class="field time-zone">', html)  # asked once: now closed

    def test_an_unknown_zone_is_a_400_and_saves_nothing(self) -> None:
        r = self.login(self.alice).form(
            self.url(), form(made_to=self.bob.pk, time_zone="Mars/Base")
        )
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Commitment.objects.exists())
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.time_zone, "UTC")


class LongAndEndTests(MendTestCase):
    def test_forty_days_show_six_and_the_rest_behind_show(self) -> None:
        c = coffee_every_morning(self.space, self.alice, self.bob, days=40)
        html = self.login(self.alice).get(f"/commitments/{c.pk}/").content.decode()
        shown = html[: html.index('id="all-occurrences"')]
        self.assertEqual(shown.count('class="occurrence '), 6)
        self.assertIn("earlier times</summary>", html)
        # End asks first: the button that ends sits inside the question.
        end = html[html.index("End…") :]
        self.assertLess(end.index("End this commitment for good?"), end.index("Yes, end it"))
