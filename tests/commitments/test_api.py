"""The commitments API: flows, error shapes, no half-saved records, bounded queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.commitments import services
from mend.commitments.models import Commitment, Occurrence
from tests.base import MendTestCase
from tests.commitments.helpers import CONCRETE, HOW, first_occurrence, make_commitment


def schedule(**extra: Any) -> dict[str, Any]:
    soon = timezone.now() + timedelta(hours=2)
    return {
        "repeat": "daily",
        "start_date": soon.date().isoformat(),
        "time_of_day": soon.strftime("%H:%M"),
        "timezone": "UTC",
        **extra,
    }


class ApiTests(MendTestCase):
    def body(self, **extra: Any) -> dict[str, Any]:
        return {
            "what": CONCRETE,
            "how_known": HOW,
            "made_to": self.bob.pk,
            "schedule": schedule(),
            **extra,
        }

    def test_create_get_and_list(self) -> None:
        client = self.login(self.alice)
        r = client.api("POST", f"/api/v1/spaces/{self.space.pk}/commitments", self.body())
        self.assertEqual(r.status_code, 201, r.content)
        data = r.json()
        self.assertEqual(data["status"], "active")
        self.assertEqual(data["visibility"], "space")
        self.assertTrue(data["schedule"].startswith("every day at"))
        self.assertEqual([v["number"] for v in data["versions"]], [1])
        bob = self.login(self.bob)
        r = bob.api("GET", f"/api/v1/commitments/{data['id']}")
        self.assertEqual(r.status_code, 200)
        r = bob.api("GET", f"/api/v1/spaces/{self.space.pk}/commitments")
        self.assertEqual([c["id"] for c in r.json()], [data["id"]])

    def test_weekly_and_rrule_and_bad_schedules(self) -> None:
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/commitments"
        r = client.api("POST", url, self.body(schedule=schedule(repeat="weekly", weekdays=[6])))
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["rrule"], "FREQ=WEEKLY;BYDAY=SU")
        r = client.api(
            "POST",
            url,
            self.body(schedule=schedule(repeat="rrule", rrule="FREQ=MONTHLY;BYDAY=1SU")),
        )
        self.assertEqual(r.status_code, 201, r.content)
        before = Commitment.objects.count()
        for bad in (
            schedule(repeat="rrule", rrule="FREQ=MINUTELY"),
            schedule(repeat="weekly", weekdays=[]),
            schedule(repeat="rrule", rrule="FREQ=DAILY\nRDATE:20260101"),
            schedule(timezone="Mars/Olympus"),
            schedule(repeat="monthly", start_date="2001-01-01"),
        ):
            with self.subTest(bad=bad):
                r = client.api("POST", url, self.body(schedule=bad))
                self.assertEqual(r.status_code, 400, r.content)
                self.assertIn("message", r.json()["error"])
        r = client.api("POST", url, self.body(schedule=schedule(weekdays=[9])))
        self.assertEqual(r.status_code, 422)
        self.assertEqual(Commitment.objects.count(), before)

    def test_vague_prompt_then_save_anyway(self) -> None:
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/commitments"
        r = client.api("POST", url, self.body(what="I'll be better", how_known=""))
        self.assertEqual(r.status_code, 400)
        error = r.json()["error"]
        self.assertEqual(error["code"], "vague_commitment")
        self.assertIn("what", error["fields"])
        self.assertFalse(Commitment.objects.exists())
        r = client.api(
            "POST", url, self.body(what="I'll be better", how_known="", save_anyway=True)
        )
        self.assertEqual(r.status_code, 201)

    def test_bad_people_and_text(self) -> None:
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/commitments"
        for body, status in (
            (self.body(made_to=self.charlie.pk), 400),
            (self.body(made_to=self.alice.pk), 400),
            (self.body(made_to=999999), 400),
            (self.body(what="   "), 422),
            (self.body(what="a\x00b"), 422),
            (self.body(what="x" * 201), 422),
        ):
            with self.subTest(body=body):
                self.assertEqual(client.api("POST", url, body).status_code, status)
        self.assertFalse(Commitment.objects.exists())

    def test_propose_accept_flow(self) -> None:
        bob = self.login(self.bob)
        r = bob.api(
            "POST",
            f"/api/v1/spaces/{self.space.pk}/commitment-proposals",
            {
                "what": CONCRETE,
                "how_known": HOW,
                "committer": self.alice.pk,
                "schedule": schedule(),
            },
        )
        self.assertEqual(r.status_code, 201, r.content)
        cid = r.json()["id"]
        self.assertEqual((r.json()["owner"], r.json()["proposed_by"]), (self.alice.pk, self.bob.pk))
        self.assertEqual(bob.api("POST", f"/api/v1/commitments/{cid}/accept").status_code, 403)
        alice = self.login(self.alice)
        r = alice.api("POST", f"/api/v1/commitments/{cid}/accept")
        self.assertEqual((r.status_code, r.json()["status"]), (200, "active"))
        r = alice.api("POST", f"/api/v1/commitments/{cid}/accept")
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (409, "commitment_active"))

    def test_occurrence_flow_and_errors(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        alice = self.login(self.alice)
        r = alice.api("GET", f"/api/v1/commitments/{c.pk}/occurrences")
        self.assertEqual(r.status_code, 200)
        rows = r.json()
        self.assertEqual(len(rows), 8)
        past = rows[-1]
        future = rows[0]
        self.assertEqual(past["state"], "due")
        r = alice.api("POST", f"/api/v1/occurrences/{future['id']}/report", {"outcome": "kept"})
        self.assertEqual(r.status_code, 400)
        r = alice.api(
            "POST", f"/api/v1/occurrences/{past['id']}/report", {"outcome": "kept", "note": "17:50"}
        )
        self.assertEqual((r.status_code, r.json()["state"]), (200, "reported_kept"))
        r = alice.api("POST", f"/api/v1/occurrences/{past['id']}/confirm", {})
        self.assertEqual(r.status_code, 403)
        bob = self.login(self.bob)
        r = bob.api(
            "POST", f"/api/v1/occurrences/{past['id']}/dispute", {"note": "It came at 21:10"}
        )
        self.assertEqual((r.status_code, r.json()["state"]), (200, "disputed"))
        r = bob.api("POST", f"/api/v1/occurrences/{past['id']}/confirm", {})
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (409, "already_disputed"))
        charlie = self.login(self.charlie)
        r = charlie.api("POST", f"/api/v1/occurrences/{past['id']}/confirm", {})
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (404, "not_found"))
        o = Occurrence.objects.get(pk=past["id"])
        self.assertEqual(
            (o.reported_outcome, o.report_note, o.response), ("kept", "17:50", "disputed")
        )

    def test_pause_conflict(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        o = first_occurrence(c)
        services.pause_commitment(commitment=c, user=self.alice)
        alice = self.login(self.alice)
        r = alice.api("POST", f"/api/v1/occurrences/{o.pk}/report", {"outcome": "kept"})
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (409, "commitment_paused"))

    def test_renegotiate(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        alice = self.login(self.alice)
        r = alice.api(
            "POST",
            f"/api/v1/commitments/{c.pk}/renegotiate",
            {
                "what": "I text you by 18:30 if I will be home after 19:00",
                "how_known": HOW,
                "schedule": schedule(repeat="weekdays"),
                "reason": "Earlier is kinder",
            },
        )
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual([v["number"] for v in r.json()["versions"]], [1])
        self.assertEqual(r.json()["pending_terms"]["reason"], "Earlier is kinder")
        # Bob, to whom it was made, agrees: the new terms become version 2.
        r = self.login(self.bob).api(
            "POST", f"/api/v1/commitments/{c.pk}/terms/answer", {"agree": True}
        )
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual([v["number"] for v in r.json()["versions"]], [2, 1])
        self.assertEqual(r.json()["versions"][0]["reason"], "Earlier is kinder")
        self.assertIsNone(r.json()["pending_terms"])
        # The partner sees the history too.
        r = self.login(self.bob).api("GET", f"/api/v1/commitments/{c.pk}")
        self.assertEqual(len(r.json()["versions"]), 2)

    def test_calendar_feed_management(self) -> None:
        alice = self.login(self.alice)
        self.assertEqual(alice.api("GET", "/api/v1/calendar-feed").json()["active"], False)
        r = alice.api("POST", "/api/v1/calendar-feed")
        self.assertEqual(r.status_code, 201)
        url = r.json()["url"]
        self.assertTrue(url.endswith(".ics"))
        self.assertEqual(alice.api("GET", "/api/v1/calendar-feed").json()["active"], True)
        self.assertEqual(self.client_class().get(url).status_code, 200)
        self.assertEqual(alice.api("DELETE", "/api/v1/calendar-feed").status_code, 204)
        self.assertEqual(self.client_class().get(url).status_code, 404)


class ApiQueryCountTests(MendTestCase):
    def test_lists_do_not_grow_with_rows(self) -> None:
        alice = self.login(self.alice)
        counts = []
        for n in (1, 6):
            while Commitment.objects.count() < n:
                c = make_commitment(self.space, self.alice, self.bob)
                services.report_occurrence(
                    occurrence=first_occurrence(c), user=self.alice, outcome="kept"
                )
            alice.api("GET", f"/api/v1/commitments/{c.pk}/occurrences")  # materialise first
            # One more for the keys of the sealed words, however many rows.
            with self.assertNumQueries(4) as ctx:
                r = alice.api("GET", f"/api/v1/spaces/{self.space.pk}/commitments")
            self.assertEqual(len(r.json()), n)
            counts.append(len(ctx.captured_queries))
            with self.assertNumQueries(4):
                r = alice.api("GET", f"/api/v1/commitments/{c.pk}/occurrences")
            self.assertEqual(len(r.json()), 8)
        self.assertEqual(counts[0], counts[1])
