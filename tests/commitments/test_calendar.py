"""The secret iCalendar feed."""

from __future__ import annotations

import hashlib

from icalendar import Calendar

from mend.commitments import services
from mend.commitments.models import CalendarFeed
from tests.base import MendTestCase
from tests.commitments.helpers import CONCRETE, make_commitment


class CalendarFeedTests(MendTestCase):
    def feed(self, secret: str):  # type: ignore[no-untyped-def]
        return self.client_class().get(f"/calendar/{secret}.ics")

    def test_feed_lists_own_active_commitments_with_stable_uids(self) -> None:
        mine = make_commitment(self.space, self.alice, self.bob)
        make_commitment(
            self.space, self.bob, self.alice, what="Bob's own commitment to call at 20:00"
        )
        _feed, secret = services.create_calendar_feed(user=self.alice, show_details=True)
        r = self.feed(secret)
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r["Content-Type"].startswith("text/calendar"))
        calendar = Calendar.from_ical(r.content)
        events = calendar.walk("VEVENT")
        # Daily from three hours ago until sixty days from now: 61 times.
        self.assertEqual(len(events), 61)
        self.assertEqual({str(e["summary"]) for e in events}, {CONCRETE})
        uids = [str(e["uid"]) for e in events]
        self.assertEqual(len(set(uids)), len(uids))
        self.assertTrue(uids[0].startswith(f"commitment-{mine.pk}-"))
        self.assertEqual(
            uids,
            [str(e["uid"]) for e in Calendar.from_ical(self.feed(secret).content).walk("VEVENT")],
        )
        self.assertTrue(calendar.walk("VTIMEZONE") or all(e["dtstart"].dt.tzinfo for e in events))

    def test_only_a_digest_is_stored_and_rotation_revokes(self) -> None:
        _feed, first = services.create_calendar_feed(user=self.alice)
        stored = CalendarFeed.objects.get(revoked_at__isnull=True)
        self.assertEqual(stored.digest, hashlib.sha256(first.encode()).hexdigest())
        self.assertNotIn(first, stored.digest)
        _feed, second = services.create_calendar_feed(user=self.alice)
        self.assertEqual(self.feed(first).status_code, 404)
        self.assertEqual(self.feed(second).status_code, 200)
        services.revoke_calendar_feed(user=self.alice)
        self.assertEqual(self.feed(second).status_code, 404)
        self.assertEqual(self.feed("x" * 500).status_code, 404)

    def test_no_browser_or_proxy_keeps_the_feed(self) -> None:
        # Opened on a computer two people share, a feed with details would otherwise sit in the
        # browser's cache with the commitments' words, and a link turned off would still answer
        # from it for minutes.
        make_commitment(self.space, self.alice, self.bob)
        _feed, secret = services.create_calendar_feed(user=self.alice, show_details=True)
        kept = self.feed(secret)["Cache-Control"]
        self.assertIn("no-store", kept)
        self.assertNotIn("max-age=300", kept)

    def test_page_shows_the_address_once(self) -> None:
        client = self.login(self.alice)
        r = client.form("/calendar/")
        self.assertEqual(r.status_code, 302)
        page = client.get("/calendar/")
        self.assertContains(page, ".ics")
        again = client.get("/calendar/")
        self.assertNotContains(again, ".ics")
        self.assertContains(again, "Your calendar address is on")


class NeutralCalendarTests(MendTestCase):
    def test_by_default_events_carry_no_words_and_no_other_persons_name(self) -> None:
        make_commitment(self.space, self.alice, self.bob)
        _feed, secret = services.create_calendar_feed(user=self.alice)
        body = self.client_class().get(f"/calendar/{secret}.ics").content.decode()
        events = Calendar.from_ical(body).walk("VEVENT")
        self.assertTrue(events)
        self.assertEqual({str(e["summary"]) for e in events}, {"A commitment (Mend)"})
        self.assertNotIn(CONCRETE, body)
        self.assertNotIn(str(self.bob), body)

    def test_details_are_shown_only_when_the_person_chose_them(self) -> None:
        make_commitment(self.space, self.alice, self.bob)
        client = self.login(self.alice)
        client.form("/calendar/", {"show_details": "on"})
        self.assertTrue(CalendarFeed.objects.get(revoked_at__isnull=True).show_details)
        client.form("/calendar/")
        self.assertFalse(CalendarFeed.objects.get(revoked_at__isnull=True).show_details)
        r = client.api("POST", "/api/v1/calendar-feed?show_details=true")
        self.assertEqual(r.status_code, 201)
        detailed = self.client_class().get(r.json()["url"].split("testserver", 1)[1])
        self.assertIn(CONCRETE, detailed.content.decode())
