"""First steps tick themselves from what people did; the path is told to each person from what
they may see, with setbacks as part of it and nothing about when the other used Mend."""

from __future__ import annotations

from mend.commitments import services as commitment_services
from mend.path.selectors import first_steps, path_of
from mend.spaces.models import Space
from tests.authz import Route, check_matrix
from tests.base import MendTestCase
from tests.commitments.helpers import first_occurrence, make_commitment
from tests.factories import SpaceFactory, add_member
from tests.ledger.helpers import received
from tests.safety.helpers import checkin


def done(user, space):  # type: ignore[no-untyped-def]
    return [s.done for s in first_steps(user, space)]


class FirstSteps(MendTestCase):
    def test_a_new_space_shows_the_steps_and_they_tick_themselves(self) -> None:
        fresh = SpaceFactory(name="New", kind=Space.Kind.COUPLE)
        add_member(fresh, self.alice)
        self.assertEqual(done(self.alice, fresh), [False, False, False, False, False])
        page = self.login(self.alice).get(f"/spaces/{fresh.pk}/")
        self.assertContains(page, "First steps")
        add_member(fresh, self.bob)
        checkin(fresh, self.alice)
        make_commitment(fresh, self.alice, self.bob)
        self.assertEqual(done(self.alice, fresh)[:2], [True, True])
        self.assertTrue(done(self.alice, fresh)[3])
        # Alice's check-in is hers: Bob's list does not tick because of it.
        self.assertFalse(done(self.bob, fresh)[1])

    def test_the_list_goes_once_the_steps_are_done(self) -> None:
        checkin(self.space, self.alice)
        commitment = make_commitment(self.space, self.alice, self.bob)
        commitment_services.report_occurrence(
            occurrence=first_occurrence(commitment), user=self.alice, outcome="kept"
        )

        received(self.space, self.bob, self.alice, "turned_toward")
        self.assertNotContains(
            self.login(self.alice).get(f"/spaces/{self.space.pk}/"), "First steps"
        )


class ThePath(MendTestCase):
    def test_stages_from_my_own_evidence_with_setbacks_as_part_of_the_path(self) -> None:
        checkin(self.space, self.alice)
        checkin(self.space, self.bob, flooded=True)
        commitment = make_commitment(self.space, self.alice, self.bob)
        commitment_services.report_occurrence(
            occurrence=first_occurrence(commitment), user=self.alice, outcome="missed"
        )
        alice = {s.key: s for s in path_of(self.alice, self.space)}
        self.assertEqual(alice["safety"].state, "begun")
        self.assertIn("You checked in 1 time in four weeks.", alice["safety"].happened)
        # Bob's flooded check-in is his own: it never shows in Alice's path.
        self.assertEqual(alice["safety"].setbacks, [])
        bob = {s.key: s for s in path_of(self.bob, self.space)}
        self.assertEqual(bob["safety"].state, "revisited")
        self.assertIn("missed commitment", alice["evidence"].setbacks[0])
        self.assertIn("part of repair", alice["evidence"].setbacks[0])

    def test_the_page_and_the_overview(self) -> None:
        client = self.login(self.alice)
        self.assertContains(client.get(f"/spaces/{self.space.pk}/"), "The path")
        page = client.get(f"/spaces/{self.space.pk}/path/")
        self.assertContains(page, "Safety first")
        self.assertContains(page, "No fixed timeline")
        self.assertNotContains(page, "%")  # no score


class PathMatrix(MendTestCase):
    def test_path_page(self) -> None:
        check_matrix(
            self,
            [
                Route(
                    "the path",
                    "GET",
                    lambda t: f"/spaces/{t.space.pk}/path/",
                    {
                        "owner": 200,
                        "partner": 200,
                        "other_space": 404,
                        "counsellor": 404,
                        "anonymous": 302,
                    },
                )
            ],
        )
