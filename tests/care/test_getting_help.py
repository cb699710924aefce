"""'Getting help' agrees with a recent check-in: never "nothing suggests you need help" hours
after someone said they did not feel safe (issue 14)."""

from __future__ import annotations

from django.urls import reverse

from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.care.records import safety_checkin


def _checkin(space, owner, *, safety, flooded=False, hours_ago=0.3):  # type: ignore[no-untyped-def]
    return safety_checkin(
        space, owner, safety, Visibility.PRIVATE, days_ago=hours_ago / 24, flooded=flooded
    )


class GettingHelpAfterACheckInTests(MendTestCase):
    def _page(self, user):  # type: ignore[no-untyped-def]
        return self.login(user).get(reverse("care:professional_help", args=[self.space.pk]))

    def test_twenty_minutes_after_safety_three_it_offers_a_counsellor_not_reassurance(self) -> None:
        _checkin(self.space, self.alice, safety=3, flooded=True)
        page = self._page(self.alice)
        self.assertNotContains(page, "Nothing here suggests")
        self.assertContains(page, 'id="recent-checkin"')
        self.assertContains(page, "you said you did not feel safe")
        self.assertContains(page, "Talk to a counsellor")
        self.assertContains(page, "Your safety comes first")  # the private help notice

    def test_flooded_but_safe_is_named_too(self) -> None:
        _checkin(self.space, self.alice, safety=7, flooded=True)
        page = self._page(self.alice)
        self.assertNotContains(page, "Nothing here suggests")
        self.assertContains(page, "your body seemed flooded")

    def test_the_partner_sees_nothing_of_it(self) -> None:
        _checkin(self.space, self.alice, safety=2)
        page = self._page(self.bob)
        self.assertNotContains(page, 'id="recent-checkin"')
        self.assertContains(page, "Nothing here suggests")

    def test_a_settled_check_in_since_and_an_old_one_do_not_alarm(self) -> None:
        _checkin(self.space, self.alice, safety=2, hours_ago=100)
        self.assertContains(self._page(self.alice), "Nothing here suggests")
        _checkin(self.space, self.alice, safety=2, hours_ago=5)
        _checkin(self.space, self.alice, safety=9, hours_ago=1)
        self.assertContains(self._page(self.alice), "Nothing here suggests")
