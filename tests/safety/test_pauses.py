"""Pauses: 20 minutes to 24 hours, server time decides, a neutral notice for the space."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.domain import flooding
from mend.safety.models import Pause, SafetyCheckIn
from mend.safety.timefmt import clock
from tests.base import MendTestCase

from .helpers import FLOODED, checkin, conversation, pause


class PauseTests(MendTestCase):
    def _create(self, client, body):  # type: ignore[no-untyped-def]
        return client.api("POST", f"/api/v1/spaces/{self.space.pk}/safety/pauses", body)

    def test_pause_length_is_checked(self) -> None:
        client = self.login(self.alice)
        for body in (
            {"minutes": 19},
            {"minutes": 24 * 60 + 1},
            # Past the calendar's end: once an overflow and a 500.
            {"minutes": -587414121186936},
            {"minutes": 10**20},
            {},
            {"minutes": 30, "return_at": "2030-01-01T10:00:00+00:00"},
        ):
            with self.subTest(body=body):
                r = self._create(client, body)
                self.assertEqual(r.status_code, 400, r.content)
                self.assertTrue(r.json()["error"]["message"])
        naive = (timezone.now() + timedelta(hours=1)).replace(tzinfo=None).isoformat()
        r = self._create(client, {"return_at": naive})
        self.assertEqual(r.status_code, 400)
        self.assertIn("time zone", r.json()["error"]["message"])
        self.assertFalse(Pause.objects.exists())
        r = self._create(client, {"minutes": 20})
        self.assertEqual(r.status_code, 201)

    def test_one_open_pause_at_a_time(self) -> None:
        client = self.login(self.alice)
        self.assertEqual(self._create(client, {"minutes": 30}).status_code, 201)
        r = self._create(client, {"minutes": 30})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(Pause.objects.count(), 1)

    def test_resume_before_twenty_minutes_is_409_whatever_the_client_says(self) -> None:
        p = pause(self.space, self.alice, minutes=30, ago=5)
        client = self.login(self.alice)
        r = client.api("POST", f"/api/v1/safety/pauses/{p.pk}/resume")
        self.assertEqual(r.status_code, 409)
        self.assertEqual(r.json()["error"]["code"], "pause_not_over")
        self.assertIn("15 more minutes", r.json()["error"]["message"])
        # The web form refuses too, whatever a tampered timer showed, and sends the browser
        # back to the pause page with the reason instead of leaving it on the POST URL.
        r = client.form(f"/safety/pauses/{p.pk}/resume/")
        self.assertRedirects(r, f"/safety/pauses/{p.pk}/", fetch_redirect_response=False)
        page = client.get(f"/safety/pauses/{p.pk}/")
        self.assertContains(page, "more minutes")
        p.refresh_from_db()
        self.assertIsNone(p.resumed_at)

    def test_resume_after_twenty_minutes_asks_for_a_fresh_check_in(self) -> None:
        p = pause(self.space, self.alice, minutes=30, ago=21)
        client = self.login(self.alice)
        r = client.form(f"/safety/pauses/{p.pk}/resume/")
        self.assertEqual(r.status_code, 302)
        self.assertIn("/safety/", r["Location"])
        self.assertIn("#check-in", r["Location"])
        p.refresh_from_db()
        self.assertIsNotNone(p.resumed_at)
        r = client.api("POST", f"/api/v1/safety/pauses/{p.pk}/resume")
        self.assertEqual(r.status_code, 409)

    def test_partner_sees_a_neutral_notice_and_nothing_of_the_check_in(self) -> None:
        c = checkin(self.space, self.alice, flooded=True)
        client = self.login(self.alice)
        r = client.form(f"/spaces/{self.space.pk}/safety/pause/", {"minutes": 30})
        p = Pause.objects.get()
        self.assertRedirects(r, f"/safety/pauses/{p.pk}/", fetch_redirect_response=False)
        bob = self.login(self.bob)
        page = bob.get(f"/safety/pauses/{p.pk}/")
        self.assertContains(page, "Alice has asked for a pause until")
        for secret in ("flooded", "racing", "out of 12", "Breathe in", "resume"):
            self.assertNotContains(page, secret)
        listing = bob.api("GET", f"/api/v1/spaces/{self.space.pk}/safety/pauses").json()
        self.assertEqual(len(listing), 1)
        self.assertIn("Alice has asked for a pause until", listing[0]["notice"])
        self.assertNotIn("checkin", str(listing[0]).lower())
        safety_page = bob.get(f"/spaces/{self.space.pk}/safety/")
        self.assertContains(safety_page, "Alice has asked for a pause until")
        self.assertEqual(bob.get(f"/safety/checkins/{c.pk}/").status_code, 404)
        # Bob cannot end Alice's pause.
        self.assertEqual(bob.api("POST", f"/api/v1/safety/pauses/{p.pk}/resume").status_code, 403)
        # Another space sees nothing.
        other = self.login(self.charlie)
        self.assertEqual(other.get(f"/safety/pauses/{p.pk}/").status_code, 404)

    def test_owner_pause_page_has_timer_breathing_and_soothing(self) -> None:
        p = pause(self.space, self.alice, minutes=45, ago=2)
        page = self.login(self.alice).get(f"/safety/pauses/{p.pk}/")
        self.assertContains(page, 'role="timer"')
        self.assertContains(page, 'data-remaining="')
        remaining = int(page.content.decode().split('data-remaining="')[1].split('"')[0])
        self.assertTrue(17 * 60 <= remaining <= 18 * 60, remaining)
        self.assertContains(page, "safety/pause.js")
        self.assertContains(page, "breath__circle")
        self.assertContains(page, "Hold something cold")
        self.assertNotIn("<script>", page.content.decode())

    def test_pause_list_query_count(self) -> None:
        client = self.login(self.bob)
        pause(self.space, self.alice)
        with self.assertNumQueries(3):  # the session with its person, membership, list
            client.api("GET", f"/api/v1/spaces/{self.space.pk}/safety/pauses")
        for person in (self.bob,):
            pause(self.space, person)
        Pause.objects.filter(owner=self.alice).update(resumed_at=timezone.now())
        for _ in range(3):
            p = pause(self.space, self.alice, ago=30)
            Pause.objects.filter(pk=p.pk).update(resumed_at=timezone.now())
        with self.assertNumQueries(3):
            r = client.api("GET", f"/api/v1/spaces/{self.space.pk}/safety/pauses")
        self.assertEqual(len(r.json()), 5)

    def test_flooded_check_in_page_starts_a_pause(self) -> None:
        client = self.login(self.alice)
        client.form(f"/spaces/{self.space.pk}/safety/", {"safety": 1, **FLOODED})
        c = SafetyCheckIn.objects.get()
        self.assertTrue(c.flooded)
        r = client.form(f"/spaces/{self.space.pk}/safety/pause/", {"minutes": 10})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Pause.objects.exists())


class PausePageTests(MendTestCase):
    def test_new_pause_page_while_paused_goes_to_the_open_pause(self) -> None:
        p = pause(self.space, self.alice, minutes=30, ago=2)
        client = self.login(self.alice)
        r = client.get(f"/spaces/{self.space.pk}/safety/pause/")
        self.assertRedirects(r, f"/safety/pauses/{p.pk}/", fetch_redirect_response=False)
        # The conversation pause page does the same.
        conv = conversation(self.space, self.alice, self.bob)
        r = client.get(f"/safety/conversations/{conv.pk}/pause/")
        self.assertRedirects(r, f"/safety/pauses/{p.pk}/", fetch_redirect_response=False)
        # Once back, the form is offered again.
        Pause.objects.filter(pk=p.pk).update(resumed_at=timezone.now())
        self.assertContains(client.get(f"/spaces/{self.space.pk}/safety/pause/"), "Start the pause")

    def test_resume_button_disabled_until_the_earliest_return(self) -> None:
        p = pause(self.space, self.alice, minutes=30, ago=5)
        page = self.login(self.alice).get(f"/safety/pauses/{p.pk}/")
        html = page.content.decode()
        button = html[html.index('<button type="submit" id="resume"') :]
        button = button[: button.index("</button>")]
        self.assertIn(" disabled", button)
        self.assertIn("You can come back from ", button)
        self.assertNotContains(page, "server's clock")
        self.assertNotContains(page, "server&#x27;s clock")
        # Both times, each labelled: the earliest return and the return the person named.
        self.assertContains(page, "You can come back from <strong>")
        self.assertContains(page, "you said you'd be back by <strong>")

    def test_resume_button_enabled_after_twenty_minutes(self) -> None:
        p = pause(self.space, self.alice, minutes=30, ago=21)
        html = self.login(self.alice).get(f"/safety/pauses/{p.pk}/").content.decode()
        button = html[html.index('<button type="submit" id="resume"') :]
        button = button[: button.index("</button>")]
        self.assertNotIn(" disabled", button)
        self.assertTrue(button.endswith("I'm ready to come back"), button)

    def test_earliest_and_planned_times_are_the_right_ones(self) -> None:
        p = pause(self.space, self.alice, minutes=45, ago=2)
        page = self.login(self.alice).get(f"/safety/pauses/{p.pk}/")
        earliest = clock(flooding.resume_at(p.started_at), self.alice, seconds=True)
        planned = clock(p.planned_return, self.alice)
        self.assertNotEqual(earliest, planned)
        self.assertContains(
            page,
            f"You can come back from <strong>{earliest}</strong>; "
            f"you said you'd be back by <strong>{planned}</strong>.",
        )
