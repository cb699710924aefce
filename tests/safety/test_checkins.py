"""Check-ins: assessment, storage, privacy, and refusal of bad input and of other people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from mend.accounts.timezones import zone_of
from mend.safety import services
from mend.safety.models import HeartRateImport, HeartRateSample, SafetyCheckIn
from tests.base import MendTestCase

from .helpers import FLOODED, SETTLED, checkin


def _url(space_id: int) -> str:
    return f"/api/v1/spaces/{space_id}/safety/checkins"


class CheckInApiTests(MendTestCase):
    def test_flooded_by_self_check_is_stored_with_reasons(self) -> None:
        client = self.login(self.alice)
        r = client.api("POST", _url(self.space.pk), {"safety": 3, "answers": FLOODED})
        self.assertEqual(r.status_code, 201, r.content)
        body = r.json()
        self.assertTrue(body["flooded"])
        self.assertEqual(body["score"], 8)
        self.assertIn("8 out of 12", body["reasons"][0])
        stored = SafetyCheckIn.objects.get(pk=body["id"])
        self.assertEqual(
            (stored.owner, stored.visibility, stored.flooded), (self.alice, "private", True)
        )

    def test_settled_check_in(self) -> None:
        client = self.login(self.alice)
        r = client.api("POST", _url(self.space.pk), {"safety": 8, "answers": SETTLED})
        self.assertEqual(r.status_code, 201)
        self.assertFalse(r.json()["flooded"])
        self.assertEqual(r.json()["reasons"], [])

    def test_heart_rate_at_100_floods_even_when_the_self_check_is_calm(self) -> None:
        client = self.login(self.alice)
        r = client.api(
            "POST", _url(self.space.pk), {"safety": 8, "answers": SETTLED, "heart_rate": 100}
        )
        self.assertTrue(r.json()["flooded"])
        r = client.api(
            "POST", _url(self.space.pk), {"safety": 8, "answers": SETTLED, "heart_rate": 99}
        )
        self.assertFalse(r.json()["flooded"])

    def test_imported_samples_never_lower_the_threshold(self) -> None:
        # Issue 12 changed this: readings of 60 bpm once made 66 "flooded" (a percentile of
        # readings as the baseline). Now only a resting rate the person gives moves the rule.
        now = timezone.now()
        csv = "".join(
            f"{(now - timedelta(hours=1, seconds=i)).isoformat()},60\n" for i in range(40)
        )
        services.import_heart_rate(
            space=self.space, owner=self.alice, filename="hr.csv", data=csv.encode()
        )
        calm = services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=SETTLED, heart_rate=66
        )
        self.assertFalse(calm.flooded)
        self.assertIsNone(calm.baseline)

    def test_a_resting_rate_given_sets_the_threshold_ten_percent_above_it(self) -> None:
        services.set_heart_rate_profile(space=self.space, owner=self.alice, resting_bpm=60)
        calm = services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=SETTLED, heart_rate=65
        )
        high = services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=SETTLED, heart_rate=66
        )
        self.assertFalse(calm.flooded)
        self.assertTrue(high.flooded)
        self.assertEqual(high.baseline, 60)  # the resting rate given, stored with the check-in
        self.assertIn("resting rate you gave (60 bpm)", high.reasons[0])
        # Bob's baseline is his own: without a resting rate, 66 bpm is calm for him.
        bob = services.record_checkin(
            space=self.space, owner=self.bob, safety=8, answers=SETTLED, heart_rate=66
        )
        self.assertFalse(bob.flooded)
        self.assertIsNone(bob.baseline)

    def test_check_in_for_someone_else_is_refused(self) -> None:
        client = self.login(self.alice)
        r = client.api(
            "POST",
            _url(self.space.pk),
            {"safety": 3, "answers": FLOODED, "owner": self.bob.pk},
        )
        self.assertEqual(r.status_code, 403)
        self.assertEqual(r.json()["error"]["code"], "not_yours")
        r = client.api(
            "POST", _url(self.space.pk), {"safety": 3, "answers": FLOODED, "user": self.bob.pk}
        )
        self.assertEqual(r.status_code, 422)
        self.assertFalse(SafetyCheckIn.objects.exists())
        # Naming oneself is fine.
        r = client.api(
            "POST", _url(self.space.pk), {"safety": 3, "answers": FLOODED, "owner": self.alice.pk}
        )
        self.assertEqual(r.status_code, 201)

    def test_bad_input_is_a_clear_4xx_and_saves_nothing(self) -> None:
        client = self.login(self.alice)
        cases = [
            ({"safety": 11, "answers": SETTLED}, "safety"),
            ({"safety": -1, "answers": SETTLED}, "safety"),
            ({"safety": 5, "answers": {**SETTLED, "racing_heart": 4}}, "answers"),
            ({"safety": 5, "answers": {"racing_heart": 1}}, "answers"),
            ({"safety": 5, "answers": {**SETTLED, "mood": 1}}, "answers"),
            ({"safety": 5, "answers": SETTLED, "heart_rate": 300}, "heart_rate"),
            ({"safety": 5, "answers": SETTLED, "heart_rate": 0}, "heart_rate"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                r = client.api("POST", _url(self.space.pk), body)
                self.assertEqual(r.status_code, 400, r.content)
                self.assertIn(field, r.json()["error"]["fields"])
                self.assertTrue(r.json()["error"]["message"])
        r = client.api("POST", _url(self.space.pk), {"safety": "lots", "answers": SETTLED})
        self.assertEqual(r.status_code, 422)
        r = client.api("POST", _url(self.space.pk), "not json{")
        self.assertIn(r.status_code, (400, 422))
        self.assertFalse(SafetyCheckIn.objects.exists())

    def test_list_shows_only_my_own_check_ins(self) -> None:
        services.record_checkin(space=self.space, owner=self.alice, safety=2, answers=FLOODED)
        services.record_checkin(
            space=self.space, owner=self.bob, safety=9, answers=SETTLED, visibility="private"
        )
        r = self.login(self.bob).api("GET", _url(self.space.pk))
        self.assertEqual([c["owner"] for c in r.json()], [self.bob.pk])

    def test_partner_cannot_read_a_check_in_by_url_or_api(self) -> None:
        mine = services.record_checkin(
            space=self.space, owner=self.alice, safety=2, answers=FLOODED
        )
        client = self.login(self.bob)
        self.assertEqual(client.get(f"/safety/checkins/{mine.pk}/").status_code, 404)
        r = client.api("GET", f"/api/v1/safety/checkins/{mine.pk}")
        self.assertEqual(r.status_code, 404)
        self.assertNotIn(b"flooded", r.content)

    def test_list_query_count_does_not_grow(self) -> None:
        client = self.login(self.alice)
        for _ in range(3):
            services.record_checkin(space=self.space, owner=self.alice, safety=5, answers=SETTLED)
        with self.assertNumQueries(3):  # the session with its person, membership, list
            client.api("GET", _url(self.space.pk))
        for _ in range(10):
            services.record_checkin(space=self.space, owner=self.alice, safety=5, answers=SETTLED)
        with self.assertNumQueries(3):
            r = client.api("GET", _url(self.space.pk))
        self.assertEqual(len(r.json()), 13)


class CheckInWebTests(MendTestCase):
    def _post(self, client, answers, safety=5, **extra):  # type: ignore[no-untyped-def]
        return client.form(
            f"/spaces/{self.space.pk}/safety/", {"safety": safety, **answers, **extra}
        )

    def test_safety_page_has_the_check_in_form(self) -> None:
        r = self.login(self.alice).get(f"/spaces/{self.space.pk}/safety/")
        self.assertContains(r, 'id="check-in"')
        self.assertContains(r, "How safe do you feel right now?")
        self.assertContains(r, "My heart is racing.")

    def test_space_pages_link_to_the_check_in_in_one_tap(self) -> None:
        r = self.login(self.alice).get(f"/spaces/{self.space.pk}/")
        self.assertContains(r, f'href="/spaces/{self.space.pk}/safety/#check-in"')

    def test_flooded_check_in_offers_a_pause(self) -> None:
        client = self.login(self.alice)
        r = self._post(client, FLOODED, safety=2)
        checkin = SafetyCheckIn.objects.get()
        self.assertRedirects(r, f"/safety/checkins/{checkin.pk}/")
        page = client.get(f"/safety/checkins/{checkin.pk}/")
        self.assertContains(page, "Start the pause")
        self.assertContains(page, "flooded")

    def test_settled_check_in_says_so(self) -> None:
        client = self.login(self.alice)
        self._post(client, SETTLED, safety=8)
        page = client.get(f"/safety/checkins/{SafetyCheckIn.objects.get().pk}/")
        self.assertContains(page, "settled enough")
        self.assertNotContains(page, "Start the pause")

    def test_settled_check_in_returns_to_next(self) -> None:
        client = self.login(self.alice)
        r = self._post(client, SETTLED, safety=8, next="/spaces/")
        self.assertRedirects(r, "/spaces/", fetch_redirect_response=False)
        r = self._post(client, SETTLED, safety=8, next="https://evil.example/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/safety/checkins/"))

    def test_bad_form_is_400_and_saves_nothing(self) -> None:
        client = self.login(self.alice)
        r = self._post(client, {"racing_heart": 9}, safety=42)
        self.assertEqual(r.status_code, 400)
        r = self._post(client, SETTLED, safety=5, heart_rate=400)
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "not plausible", status_code=400)
        self.assertFalse(SafetyCheckIn.objects.exists())


class HeartRateImportTests(MendTestCase):
    def _upload(self, client: Any, name: str, data: bytes, *, page: bool = False) -> Any:
        """``data`` sent as the file ``name`` to the import API, or through its form (``page``)."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        file = {"file": SimpleUploadedFile(name, data)}
        if page:
            return client.form(f"/spaces/{self.space.pk}/safety/heart-rate/", file)
        api = f"/api/v1/spaces/{self.space.pk}/safety/heart-rate"
        return client.post(api, file, HTTP_X_CSRFTOKEN=client._csrf)

    def test_csv_import_all_rows(self) -> None:
        now = timezone.now().replace(microsecond=0)
        rows = "timestamp,bpm\n" + "".join(
            f"{(now - timedelta(minutes=i)).isoformat()},{70 + i % 40}\n" for i in range(50)
        )
        r = self._upload(self.login(self.alice), "hr.csv", rows.encode())
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["sample_count"], 50)
        self.assertEqual(HeartRateSample.objects.filter(owner=self.alice).count(), 50)
        self.assertEqual(
            set(HeartRateSample.objects.values_list("visibility", flat=True)), {"private"}
        )

    def test_fit_import(self) -> None:
        from tests.domain.fit_fixtures import encode_records

        start = timezone.now().replace(microsecond=0) - timedelta(hours=1)
        data = encode_records([(start + timedelta(seconds=i), 60 + i) for i in range(10)])
        r = self._upload(self.login(self.alice), "ride.fit", data)
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["file_format"], "fit")
        self.assertEqual(HeartRateSample.objects.count(), 10)

    def test_bad_files_import_nothing_and_say_why(self) -> None:
        good = "2024-05-01T10:00:00+00:00,70\n"
        cases = {
            "malformed line": ("hr.csv", (good + "not-a-time,70\n").encode(), "Line 2"),
            "impossible bpm": (
                "hr.csv",
                (good + "2024-05-01T10:01:00+00:00,400\n").encode(),
                "400",
            ),
            "empty": ("hr.csv", b"", "empty"),
            "binary": ("hr.bin", bytes(range(256)) * 4, "unrecognised"),
            "broken fit": ("x.fit", b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00garbage", "FIT"),
        }
        client = self.login(self.alice)
        for label, (name, data, words) in cases.items():
            with self.subTest(label):
                r = self._upload(client, name, data)
                self.assertIn(r.status_code, (400, 422), r.content)
                if r.status_code == 400:
                    self.assertIn(words.lower(), r.json()["error"]["message"].lower())
        self.assertFalse(HeartRateSample.objects.exists())
        self.assertFalse(HeartRateImport.objects.exists())

    def test_a_csv_up_to_the_upload_limit_is_accepted(self) -> None:
        start = timezone.now().replace(microsecond=0) - timedelta(days=2)
        rows = "".join(f"{(start + timedelta(seconds=i)).isoformat()},72\n" for i in range(80_000))
        data = rows.encode()
        # Above the old fixed cap of 2,000,000 bytes, below the 5 MiB the README promises.
        self.assertGreater(len(data), 2_000_000)
        self.assertLess(len(data), settings.MEND_MAX_UPLOAD_BYTES)
        r = self._upload(self.login(self.alice), "hr.csv", data)
        self.assertEqual(r.status_code, 201, r.content[:200])
        self.assertEqual(r.json()["sample_count"], 80_000)

    def test_too_large_is_413(self) -> None:
        from django.test import override_settings

        with override_settings(MEND_MAX_UPLOAD_BYTES=1000):
            r = self._upload(self.login(self.alice), "hr.csv", b"2024-05-01T10:00:00,70\n" * 200)
        self.assertEqual(r.status_code, 413)
        self.assertFalse(HeartRateSample.objects.exists())

    def test_web_import_shows_the_error(self) -> None:
        data = b"2024-05-01T10:00:00,70\nnope,70\n"
        r = self._upload(self.login(self.alice), "hr.csv", data, page=True)
        self.assertContains(r, "Line 2", status_code=400)
        self.assertFalse(HeartRateSample.objects.exists())

    def test_episodes_on_my_safety_page_only(self) -> None:
        # The last noon in her own zone that has passed: readings in her sleep hours (midnight
        # to six by default) are left out, so "two hours ago" failed in the small hours.
        here = timezone.now().astimezone(zone_of(self.alice))
        noon = here.replace(hour=12, minute=0, second=0, microsecond=0)
        if noon > here - timedelta(minutes=5):
            noon -= timedelta(days=1)
        rows = "".join(
            f"{(noon + timedelta(seconds=30 * i)).isoformat()},{120}\n" for i in range(5)
        )
        services.import_heart_rate(
            space=self.space, owner=self.alice, filename="a.csv", data=rows.encode()
        )
        r = self.login(self.alice).api("GET", "/api/v1/safety/heart-rate/episodes")
        self.assertEqual(len(r.json()), 1)
        self.assertEqual(r.json()[0]["peak_bpm"], 120)
        page = self.client.get(f"/spaces/{self.space.pk}/safety/")
        self.assertContains(page, "120 bpm")
        self.assertEqual(
            self.login(self.bob).api("GET", "/api/v1/safety/heart-rate/episodes").json(), []
        )


class CheckInHistoryTableTests(MendTestCase):
    """The "My recent check-ins" table fits a phone: compact dates, no empty columns."""

    def _table(self) -> str:
        html = self.login(self.alice).get(f"/spaces/{self.space.pk}/safety/").content.decode()
        start = html.index('id="history-title"')
        return html[start : html.index("</table>", start)]

    def test_compact_dates_plain_labels_and_no_empty_heart_rate_column(self) -> None:
        at = datetime(2025, 11, 25, 10, 56, tzinfo=UTC)
        SafetyCheckIn.objects.filter(pk=checkin(self.space, self.alice).pk).update(created_at=at)
        table = self._table()
        compact = ('class="table-wrap"', '<td class="nowrap"><a href=', ">25 Nov 10:56</a>")
        empty = ("Self-check", "Heart rate")  # columns no check-in fills
        self.assertShows(table, shown=(*compact, "Body acti&shy;vation (0–12)"), hidden=empty)

    def test_heart_rate_column_when_any_check_in_has_one(self) -> None:
        checkin(self.space, self.alice)
        services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=SETTLED, heart_rate=72
        )
        table = self._table()
        self.assertIn("Heart rate", table)
        self.assertIn("72 bpm", table)
        self.assertIn("—", table)
