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
        _feed, secret = services.create_calendar_feed(user=self.alice)
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

    def test_page_shows_the_address_once(self) -> None:
        client = self.login(self.alice)
        r = client.form("/calendar/")
        self.assertEqual(r.status_code, 302)
        page = client.get("/calendar/")
        self.assertContains(page, ".ics")
        again = client.get("/calendar/")
        self.assertNotContains(again, ".ics")
        self.assertContains(again, "Your calendar address is on")
