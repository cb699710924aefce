"""Triage service: visible records only, per-member signals for that member, bounded queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mend.care.triage_service import SIGNAL_KINDS, signals_for_space, signals_for_spaces
from mend.safety import services
from mend.safety.models import Conversation
from mend.spaces.visibility import Visibility
from tests.authz import Route, check_matrix
from tests.base import MendTestCase
from tests.care.base import CounsellorTestCase
from tests.care.records import repeated_breaches, safety_checkin
from tests.factories import BreachFactory, SpaceFactory, UserFactory, add_member


def _breaches(space, owner, visibility):  # type: ignore[no-untyped-def]
    repeated_breaches(space, owner, visibility, topic="phone at dinner", title="Phone again")


def _checkins(space, owner, visibility, safety=2, n=4):  # type: ignore[no-untyped-def]
    # Issue 12: low days must span at least a week to be "chronic"; these are three days apart
    # (they were one day apart, which the old rule counted as weeks).
    for i in range(n):
        safety_checkin(space, owner, safety, visibility, days_ago=3 * i + 1)


class TriageServiceTests(CounsellorTestCase):
    def codes(self, user) -> list[str]:  # type: ignore[no-untyped-def]
        return [s.code for s in signals_for_space(self.space, user)]

    def test_private_breaches_count_only_for_owner(self) -> None:
        _breaches(self.space, self.alice, Visibility.PRIVATE)
        self.assertIn("repeating_pattern", self.codes(self.alice))
        self.assertNotIn("repeating_pattern", self.codes(self.bob))
        self.assertNotIn("repeating_pattern", self.codes(self.carol))

    def test_shared_breaches_count_for_partner(self) -> None:
        _breaches(self.space, self.alice, Visibility.SPACE_AND_COUNSELLOR)
        self.assertIn("repeating_pattern", self.codes(self.bob))
        self.assertIn("repeating_pattern", self.codes(self.carol))

    def test_chronic_unsafety_only_to_that_member(self) -> None:
        # Shared with the space, but a per-member signal is still only for its member.
        _checkins(self.space, self.alice, Visibility.SPACE)
        self.assertIn("chronic_unsafety", self.codes(self.alice))
        self.assertNotIn("chronic_unsafety", self.codes(self.bob))
        self.assertNotIn("chronic_unsafety", self.codes(self.carol))  # not shared with her

    def test_counsellor_sees_unsafety_only_when_shared_with_counsellor(self) -> None:
        _checkins(self.space, self.alice, Visibility.COUNSELLOR)
        self.assertIn("chronic_unsafety", self.codes(self.carol))
        self.assertNotIn("chronic_unsafety", self.codes(self.bob))

    def test_bounded_queries_for_many_spaces(self) -> None:
        spaces = [self.space]
        for _ in range(5):
            s = SpaceFactory()
            u, v = UserFactory(), UserFactory()
            add_member(s, u)
            add_member(s, v)
            _breaches(s, u, Visibility.SPACE)
            spaces.append(s)
        with CaptureQueriesContext(connection) as one:
            signals_for_spaces(spaces[:1], self.alice)
        with CaptureQueriesContext(connection) as many:
            result = signals_for_spaces(spaces, self.alice)
        self.assertEqual(len(one), len(many))
        self.assertLessEqual(len(many), 12)
        # alice is in none of the new spaces: she sees none of their records.
        self.assertEqual(result[spaces[1].pk], [])

    def test_page_shows_signal_and_evidence(self) -> None:
        _breaches(self.space, self.alice, Visibility.SPACE)
        response = self.login(self.bob).get(reverse("care:professional_help", args=[self.space.pk]))
        self.assertContains(response, "Is it time for professional help?")
        self.assertContains(response, "Something keeps coming back")
        self.assertContains(response, "/breaches/")

    def test_api(self) -> None:
        _breaches(self.space, self.alice, Visibility.SPACE)
        data = self.login(self.bob).api("GET", f"/api/v1/spaces/{self.space.pk}/signals").json()
        self.assertEqual([s["code"] for s in data], ["repeating_pattern"])
        self.assertEqual(len(data[0]["evidence"]), 3)


CALM = {"racing_heart": 0, "flee_or_fight": 0, "cant_think": 0, "body_tense": 0}


class Issue12TriageScenarios(CounsellorTestCase):
    """The issue's figures, through the apps: check-ins and conversations recorded by the
    services, signals read by the triage service as each person may see them."""

    def _checkin(self, at, safety, visibility="private", heart_rate=None):  # type: ignore[no-untyped-def]
        return services.record_checkin(
            space=self.space,
            owner=self.alice,
            safety=safety,
            answers=CALM,
            heart_rate=heart_rate,
            visibility=visibility,
            now=at,
        )

    def codes(self, user, now=None) -> list[str]:  # type: ignore[no-untyped-def]
        return [s.code for s in signals_for_space(self.space, user, now=now)]

    def test_every_code_the_rules_give_is_mapped(self) -> None:
        self.assertEqual(
            set(SIGNAL_KINDS),
            {
                "communication_stuck",
                "severe_unsafety",
                "chronic_unsafety",
                "chronic_flooding",
                "repeating_pattern",
                "many_breaches",
            },
        )
        for code, kind in SIGNAL_KINDS.items():
            self.assertEqual(kind.urgent_help, code == "severe_unsafety")

    def test_three_check_ins_within_forty_minutes_are_not_weeks(self) -> None:
        # Before: "Feeling unsafe for weeks".
        now = timezone.now()
        for minutes in (0, 20, 40):
            self._checkin(now - timedelta(minutes=minutes), 4)
        self.assertEqual(self.codes(self.alice), [])

    def test_eleven_days_at_one_after_seventeen_at_eight_are_a_signal(self) -> None:
        # Before: no signal at all (11 of 28 days is under "most of the window").
        now = timezone.now()
        for d in range(28):
            self._checkin(now - timedelta(days=d, hours=12), 1 if d < 11 else 8)
        codes = self.codes(self.alice)
        self.assertIn("severe_unsafety", codes)
        self.assertIn("chronic_unsafety", codes)
        self.assertEqual(self.codes(self.bob), [])  # her check-ins are private to her

    def test_four_weeks_flooded_is_a_signal_for_that_member_only(self) -> None:
        now = timezone.now()
        for d in range(28):
            self._checkin(now - timedelta(days=d, hours=12), 6, "counsellor", heart_rate=104)
        self.assertIn("chronic_flooding", self.codes(self.alice))
        self.assertIn("chronic_flooding", self.codes(self.carol))  # shared with her
        self.assertNotIn("chronic_flooding", self.codes(self.bob))

    def test_six_abandoned_conversations_count_as_stuck(self) -> None:
        # Before: abandoned conversations were not counted at all.
        now = timezone.now()
        # Six conversations of alice's with bob, shared in the space, each abandoned an hour in.
        pair = {"space": self.space, "owner": self.alice, "partner": self.bob}
        abandoned = {
            "visibility": "space",
            "phase": Conversation.Phase.ENDED,
            "ended_by": "abandoned",
        }
        for i in range(6):
            started = now - timedelta(days=i + 2)
            ended = started + timedelta(hours=1)
            Conversation.objects.create(
                **pair, **abandoned, topic=f"Topic {i}", created_at=started, ended_at=ended
            )
        self.assertIn("communication_stuck", self.codes(self.alice))
        self.assertIn("communication_stuck", self.codes(self.bob))

    def test_ten_breaches_about_different_things_are_a_signal(self) -> None:
        now = timezone.now()
        for i in range(10):
            BreachFactory(
                space=self.space,
                owner=self.alice,
                visibility=Visibility.SPACE,
                topic=f"topic {i}",
                title=f"Something else {i}",
                created_at=now - timedelta(days=1 + 6 * i),
            )
        self.assertIn("many_breaches", self.codes(self.bob))

    def test_days_are_counted_in_the_viewers_own_zone(self) -> None:
        self.alice.time_zone = "America/New_York"
        self.alice.save(update_fields=["time_zone"])
        now = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 9 March, 23:00 in New York
        self._checkin(now - timedelta(hours=1), 0)
        [signal] = signals_for_space(self.space, self.alice, now=now)
        self.assertEqual(signal.code, "severe_unsafety")
        self.assertIn("(9 March 2026)", signal.reason)

    def test_feeling_very_unsafe_links_the_members_own_safety_resources(self) -> None:
        self._checkin(timezone.now() - timedelta(hours=1), 0, "counsellor")
        page = self.login(self.alice).get(reverse("care:professional_help", args=[self.space.pk]))
        self.assertContains(page, "Feeling very unsafe recently")
        self.assertContains(page, f"/spaces/{self.space.pk}/safety/#people-to-contact")
        self.assertContains(page, f"/spaces/{self.space.pk}/safety-screen/")
        self.assertContains(page, "Your safety comes first")  # the red-flag help, privately
        safety_page = self.client.get(f"/spaces/{self.space.pk}/safety/")
        self.assertContains(safety_page, 'id="people-to-contact"')
        self.assertContains(safety_page, "Emergency:")
        data = self.client.api("GET", f"/api/v1/spaces/{self.space.pk}/signals").json()
        self.assertEqual(data[0]["code"], "severe_unsafety")
        self.assertEqual(data[0]["help"][0]["label"], "People to contact straight away")
        report = self.client.get(reverse("care:report", args=[self.space.pk]))
        self.assertContains(report, "Feeling very unsafe recently")
        self.assertContains(report, f"/spaces/{self.space.pk}/safety/#people-to-contact")
        # The counsellor she shared it with sees the signal, not links to her own pages.
        carol = self.login(self.carol).api("GET", f"/api/v1/spaces/{self.space.pk}/signals")
        self.assertEqual([(s["code"], s["help"]) for s in carol.json()], [("severe_unsafety", [])])


class TriageAuthzTests(CounsellorTestCase):
    def test_matrix(self) -> None:
        check_matrix(
            self,
            [
                Route(
                    "professional help page",
                    "GET",
                    lambda t: reverse("care:professional_help", args=[t.space.pk]),
                    {
                        "owner": 200,
                        "partner": 200,
                        "other_space": 404,
                        "counsellor": 404,
                        "anonymous": 302,
                    },
                ),
                Route(
                    "API signals",
                    "API GET",
                    lambda t: f"/api/v1/spaces/{t.space.pk}/signals",
                    {
                        "owner": 200,
                        "partner": 200,
                        "other_space": 404,
                        "counsellor": 200,
                        "anonymous": 401,
                    },
                ),
            ],
        )


class CounsellorSeesNoArtefactsOfPartialSharing(MendTestCase):
    def test_one_sided_activity_is_not_called_stuck_when_only_one_member_shares(self) -> None:

        from mend.care.triage_service import _for_viewer
        from mend.domain.triage import Signal

        stuck = Signal(
            code="communication_stuck",
            member_id=None,
            title="Communication may be stuck",
            reason="…",
            evidence=[],
            severity="consider",
        )
        members = {self.alice.pk, self.bob.pk}
        self.assertEqual(_for_viewer([stuck], self.carol, members, {self.alice.pk}), [])
        self.assertEqual(
            _for_viewer([stuck], self.carol, members, {self.alice.pk, self.bob.pk}), [stuck]
        )
        # Members still see it.
        self.assertEqual(_for_viewer([stuck], self.alice, members, set()), [stuck])
