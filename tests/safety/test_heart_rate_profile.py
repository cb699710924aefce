"""One heart-rate baseline everywhere (issue 12): 100 bpm unless the person gives a seated,
awake resting rate; their own sleep hours; the pages say which rule applies."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, time, timedelta

from django.apps import apps
from django.utils import timezone

from mend.safety import selectors, services
from mend.safety.models import HeartRateProfile, SafetyCheckIn
from tests.base import MendTestCase

from .helpers import SETTLED

CALM = {"racing_heart": 0, "flee_or_fight": 0, "cant_think": 0, "body_tense": 0}


def _api(space_id: int) -> str:
    return f"/api/v1/spaces/{space_id}/safety/heart-rate/profile"


def _page(space_id: int) -> str:
    return f"/spaces/{space_id}/safety/heart-rate/resting/"


class OneBaselineTests(MendTestCase):
    def test_a_calm_check_in_at_69_bpm_without_a_resting_rate_is_not_flooded(self) -> None:
        # Issue 12: self-check 0/12 at 69 bpm with a 62 bpm imported "baseline" was flooded.
        now = timezone.now().replace(microsecond=0)
        csv = "".join(f"{(now - timedelta(minutes=i)).isoformat()},62\n" for i in range(120))
        services.import_heart_rate(
            space=self.space, owner=self.alice, filename="hr.csv", data=csv.encode()
        )
        client = self.login(self.alice)
        r = client.api(
            "POST",
            f"/api/v1/spaces/{self.space.pk}/safety/checkins",
            {"safety": 8, "answers": CALM, "heart_rate": 69},
        )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertFalse(r.json()["flooded"])
        stored = SafetyCheckIn.objects.get()
        self.assertIsNone(stored.baseline)
        page = client.get(f"/safety/checkins/{stored.pk}/")
        self.assertContains(page, "flooded at 100 bpm or more")
        self.assertNotContains(page, "resting rate you gave")

    def test_the_check_in_page_names_the_resting_rate_given_and_the_threshold(self) -> None:
        services.set_heart_rate_profile(space=self.space, owner=self.alice, resting_bpm=62)
        c = services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=CALM, heart_rate=69
        )
        self.assertTrue(c.flooded)  # 62 * 1.1 = 68.2
        page = self.login(self.alice).get(f"/safety/checkins/{c.pk}/")
        self.assertContains(page, "the resting rate you gave: 62 bpm; flooded at 68.2 bpm or more")

    def test_check_in_and_episode_list_use_the_same_threshold(self) -> None:
        services.set_heart_rate_profile(space=self.space, owner=self.alice, resting_bpm=64)
        noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
        if noon > timezone.now():
            noon -= timedelta(days=1)
        csv = "".join(f"{(noon + timedelta(seconds=10 * i)).isoformat()},71\n" for i in range(13))
        services.import_heart_rate(
            space=self.space, owner=self.alice, filename="hr.csv", data=csv.encode()
        )
        self.assertEqual(len(selectors.my_episodes(self.alice)), 1)
        c = services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=CALM, heart_rate=71
        )
        self.assertTrue(c.flooded)
        # Without the resting rate both say calm.
        services.set_heart_rate_profile(space=self.space, owner=self.alice, resting_bpm=None)
        self.assertEqual(selectors.my_episodes(self.alice), [])

    def test_sleep_is_left_out_in_the_persons_own_zone_and_hours(self) -> None:
        self.alice.time_zone = "Pacific/Auckland"
        self.alice.save(update_fields=["time_zone"])
        # 03:00 in Auckland (15:00 UTC the day before in summer): asleep by default.
        night = datetime(2026, 1, 10, 14, 0, tzinfo=UTC)
        now = night + timedelta(days=1)
        csv = "".join(f"{(night + timedelta(seconds=10 * i)).isoformat()},120\n" for i in range(19))
        services.import_heart_rate(
            space=self.space, owner=self.alice, filename="hr.csv", data=csv.encode()
        )
        self.assertEqual(selectors.my_episodes(self.alice, now), [])
        # A night-shift worker who sleeps 09:00-17:00 is awake at 03:00.
        services.set_heart_rate_profile(
            space=self.space, owner=self.alice, sleep_start=time(9), sleep_end=time(17)
        )
        self.assertEqual(len(selectors.my_episodes(self.alice, now)), 1)

    def test_safety_page_says_the_rule_and_what_the_episode_list_leaves_out(self) -> None:
        page = self.login(self.alice).get(f"/spaces/{self.space.pk}/safety/")
        self.assertContains(page, 'id="hr-baseline"')  # beside the check-in's heart-rate field
        self.assertContains(page, 'id="episode-rule"')  # above the episode list
        self.assertContains(page, "A heart rate of 100 bpm or more counts as flooded")
        self.assertContains(page, "midnight to 6 in the morning")
        self.assertContains(page, "an episode lasts at least 1 minute")
        self.assertContains(page, _page(self.space.pk))

    def test_the_profile_is_the_same_in_every_space(self) -> None:
        from tests.factories import SpaceFactory, add_member

        other = SpaceFactory()
        add_member(other, self.alice)
        services.set_heart_rate_profile(space=self.space, owner=self.alice, resting_bpm=70)
        services.set_heart_rate_profile(space=other, owner=self.alice, resting_bpm=72)
        self.assertEqual(HeartRateProfile.objects.get(owner=self.alice).resting_bpm, 72)
        c = services.record_checkin(
            space=other, owner=self.alice, safety=8, answers=SETTLED, heart_rate=80
        )
        self.assertTrue(c.flooded)


class ProfileFormTests(MendTestCase):
    def test_form_has_the_issues_wording_and_saves(self) -> None:
        client = self.login(self.alice)
        page = client.get(_page(self.space.pk))
        self.assertContains(
            page,
            "Your resting heart rate, measured sitting quietly for a few minutes while awake "
            "(not after exercise, coffee or an argument). Leave it empty to use 100 bpm.",
        )
        r = client.form(
            _page(self.space.pk),
            {"resting_bpm": "58", "sleep_start": "23:30", "sleep_end": "07:00"},
        )
        self.assertRedirects(r, f"/spaces/{self.space.pk}/safety/")
        profile = HeartRateProfile.objects.get(owner=self.alice)
        self.assertEqual(
            (profile.resting_bpm, profile.sleep_start, profile.sleep_end, profile.visibility),
            (58, time(23, 30), time(7), "private"),
        )
        page = client.get(_page(self.space.pk))
        self.assertContains(page, "63.8 bpm or more")
        self.assertContains(page, "23:30 to 07:00, the hours you gave")
        # Her data: in her export, like every record she owns.
        from mend.privacy.export import export_user_data

        [exported] = export_user_data(self.alice)["records"]["safety.heartrateprofile"]
        self.assertEqual(exported["resting_bpm"], 58)
        # Emptying it goes back to 100 bpm.
        client.form(_page(self.space.pk), {"resting_bpm": ""})
        self.assertIsNone(HeartRateProfile.objects.get(owner=self.alice).resting_bpm)

    def test_bad_input_is_a_clear_400_and_saves_nothing(self) -> None:
        client = self.login(self.alice)
        cases = [
            ({"resting_bpm": "20"}, "not plausible for sitting quietly"),
            ({"resting_bpm": "130"}, "not plausible for sitting quietly"),
            ({"resting_bpm": "sixty"}, "whole number"),
            ({"sleep_start": "23:00"}, "Give both"),
            ({"sleep_start": "late", "sleep_end": "07:00"}, "time of day"),
        ]
        for data, words in cases:
            with self.subTest(data=data):
                r = client.form(_page(self.space.pk), data)
                self.assertContains(r, words, status_code=400)
        self.assertFalse(HeartRateProfile.objects.exists())

    def test_api_reads_and_sets_my_own_profile(self) -> None:
        client = self.login(self.alice)
        r = client.api("GET", _api(self.space.pk))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            (r.json()["resting_bpm"], r.json()["threshold_bpm"], r.json()["rule"]),
            (None, 100.0, "absolute"),
        )
        r = client.api(
            "PUT",
            _api(self.space.pk),
            {"resting_bpm": 60, "sleep_start": "22:00", "sleep_end": "06:00"},
        )
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual((r.json()["threshold_bpm"], r.json()["rule"]), (66.0, "relative"))
        self.assertEqual(r.json()["sleep_start"], "22:00:00")
        # Bob's is his own.
        self.assertIsNone(
            self.login(self.bob).api("GET", _api(self.space.pk)).json()["resting_bpm"]
        )

    def test_api_bad_input_is_4xx_and_saves_nothing(self) -> None:
        client = self.login(self.alice)
        for body, field in (
            ({"resting_bpm": 300}, "resting_bpm"),
            ({"resting_bpm": 10}, "resting_bpm"),
            ({"sleep_end": "07:00"}, "sleep_start"),
        ):
            with self.subTest(body=body):
                r = client.api("PUT", _api(self.space.pk), body)
                self.assertEqual(r.status_code, 400, r.content)
                self.assertIn(field, r.json()["error"]["fields"])
        for body in ({"resting_bpm": "lots"}, {"sleep_start": "late"}, {"owner": self.bob.pk}):
            with self.subTest(body=body):
                self.assertEqual(client.api("PUT", _api(self.space.pk), body).status_code, 422)
        self.assertFalse(HeartRateProfile.objects.exists())


class ReassessMigrationTests(MendTestCase):
    def test_old_baselines_are_emptied_and_past_check_ins_reassessed(self) -> None:
        c = services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=CALM, heart_rate=69
        )
        SafetyCheckIn.objects.filter(pk=c.pk).update(
            baseline=62.0, flooded=True, reasons=["Your heart rate of 69 bpm is 10% or more..."]
        )
        high = services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=CALM, heart_rate=104
        )
        SafetyCheckIn.objects.filter(pk=high.pk).update(baseline=95.0)
        no_hr = services.record_checkin(
            space=self.space, owner=self.alice, safety=3, answers=SETTLED
        )
        migration = importlib.import_module(
            "mend.safety.migrations.0007_checkin_baseline_is_resting_rate"
        )
        migration.reassess(apps, None)
        c.refresh_from_db()
        high.refresh_from_db()
        no_hr.refresh_from_db()
        self.assertEqual((c.baseline, c.flooded, c.reasons), (None, False, []))
        self.assertEqual((high.baseline, high.flooded), (None, True))
        self.assertIn("at or above 100 bpm", high.reasons[0])
        self.assertFalse(no_hr.flooded)


class HeartRateQueryTests(MendTestCase):
    def _import(self, hours_ago: int) -> None:
        start = timezone.now().replace(microsecond=0) - timedelta(hours=hours_ago)
        csv = "".join(f"{(start + timedelta(seconds=10 * i)).isoformat()},120\n" for i in range(13))
        services.import_heart_rate(
            space=self.space, owner=self.alice, filename="hr.csv", data=csv.encode()
        )

    def test_episode_list_and_safety_page_queries_do_not_grow(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        services.set_heart_rate_profile(space=self.space, owner=self.alice, resting_bpm=60)
        client = self.login(self.alice)
        self._import(30)
        with CaptureQueriesContext(connection) as few_api:
            client.api("GET", "/api/v1/safety/heart-rate/episodes")
        with CaptureQueriesContext(connection) as few_page:
            client.get(f"/spaces/{self.space.pk}/safety/")
        for hours in (40, 50, 60, 70):
            self._import(hours)
        with self.assertNumQueries(len(few_api)):
            r = client.api("GET", "/api/v1/safety/heart-rate/episodes")
        self.assertGreaterEqual(len(r.json()), 3)
        with self.assertNumQueries(len(few_page)):
            client.get(f"/spaces/{self.space.pk}/safety/")
