"""Triage service: visible records only, per-member signals for that member, bounded queries."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mend.care.models import CounsellorProfile, Practice
from mend.care.triage_service import signals_for_space, signals_for_spaces
from mend.safety.models import SafetyCheckIn
from mend.spaces.visibility import Visibility
from tests.authz import Route, check_matrix
from tests.base import MendTestCase
from tests.factories import BreachFactory, SpaceFactory, UserFactory, add_member


def _breaches(space, owner, visibility, n=3, topic="phone at dinner"):  # type: ignore[no-untyped-def]
    now = timezone.now()
    for i in range(n):
        BreachFactory(
            space=space,
            owner=owner,
            visibility=visibility,
            topic=topic,
            title=f"Phone again {i}",
            created_at=now - timedelta(days=i + 1),
        )


def _checkins(space, owner, visibility, safety=2, n=4):  # type: ignore[no-untyped-def]
    now = timezone.now()
    for i in range(n):
        SafetyCheckIn.objects.create(
            space=space,
            owner=owner,
            visibility=visibility,
            safety=safety,
            racing_heart=0,
            flee_or_fight=0,
            cant_think=0,
            body_tense=0,
            score=0,
            created_at=now - timedelta(days=i + 1),
        )


class TriageServiceTests(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        practice = Practice.objects.create(name="Practice", contact_email="p@example.test")
        CounsellorProfile.objects.create(user=cls.carol, practice=practice)

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


class TriageAuthzTests(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        practice = Practice.objects.create(name="Practice", contact_email="p@example.test")
        CounsellorProfile.objects.create(user=cls.carol, practice=practice)

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
