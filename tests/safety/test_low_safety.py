"""A check-in saying "I do not feel safe" (safety at or below LOW_SAFETY_MAX) is never "settled"."""

from __future__ import annotations

import re

from mend.safety import services
from mend.safety.models import LOW_SAFETY_MAX, SafetyCheckIn
from tests.base import MendTestCase

from .helpers import SETTLED, checkin, conversation


class LowSafetyTests(MendTestCase):
    def setUp(self) -> None:
        self.conv = conversation(self.space, self.alice, self.bob)
        self.alice_client = self.login(self.alice)

    def _check_in(self, safety: int, **extra: str):  # type: ignore[no-untyped-def]
        return self.alice_client.form(
            f"/spaces/{self.space.pk}/safety/", {"safety": safety, **SETTLED, **extra}
        )

    @staticmethod
    def _gate_panel(response) -> str:  # type: ignore[no-untyped-def]
        html = response.content.decode()
        start = html.index('id="conv-state"')
        panel = html[start : html.index('class="pause-link"', start)]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", panel)

    def test_threshold(self) -> None:
        self.assertEqual(LOW_SAFETY_MAX, 3)
        for safety, low in ((0, True), (3, True), (4, False), (10, False)):
            c = services.record_checkin(
                space=self.space, owner=self.alice, safety=safety, answers=SETTLED
            )
            with self.subTest(safety=safety):
                self.assertFalse(c.flooded)  # the body self-check alone says settled
                self.assertEqual(c.low_safety, low)
                self.assertEqual(c.settled, not low)

    def test_zero_out_of_ten_is_not_settled(self) -> None:
        r = self._check_in(0)
        c = SafetyCheckIn.objects.get()
        self.assertRedirects(r, f"/safety/checkins/{c.pk}/", fetch_redirect_response=False)
        page = self.alice_client.get(f"/safety/checkins/{c.pk}/")
        self.assertNotContains(page, "settled enough")
        self.assertContains(page, 'id="low-safety"')
        self.assertContains(page, "matters more than any conversation")
        self.assertContains(page, "Start the pause")  # a pause is offered
        self.assertContains(page, 'id="safety-help-title"')  # the private help notice
        self.assertContains(page, f"/spaces/{self.space.pk}/safety-screen/")

    def test_with_next_it_does_not_go_on(self) -> None:
        nxt = f"/safety/conversations/{self.conv.pk}/"
        r = self._check_in(2, next=nxt)
        c = SafetyCheckIn.objects.get()
        self.assertTrue(r["Location"].startswith(f"/safety/checkins/{c.pk}/"), r["Location"])
        page = self.alice_client.get(r["Location"])
        self.assertNotContains(page, ">Continue<")
        # A safe check-in with next goes straight on.
        r = self._check_in(8, next=nxt)
        self.assertRedirects(r, nxt, fetch_redirect_response=False)

    def test_history_says_not_safe(self) -> None:
        self._check_in(1)
        page = self.alice_client.get(f"/spaces/{self.space.pk}/safety/")
        self.assertContains(page, "not safe")

    def test_blocks_the_gate_and_the_partner_learns_nothing_more(self) -> None:
        bob = self.client_class()
        bob.force_login(self.bob)
        gate_url = f"/api/v1/safety/conversations/{self.conv.pk}/gate"
        page_url = f"/safety/conversations/{self.conv.pk}/"
        checkin(self.space, self.bob)
        # Before Alice checks in at all: what Bob sees.
        before_gate = bob.api("GET", gate_url).json()
        before_panel = self._gate_panel(bob.get(page_url))
        self._check_in(0)
        after_gate = bob.api("GET", gate_url).json()
        self.assertEqual(after_gate, before_gate)
        self.assertEqual(after_gate["messages"], [])  # Bob's gate speaks only of Bob
        page = bob.get(page_url)
        self.assertEqual(self._gate_panel(page), before_panel)
        for secret in ("do not feel safe", "not safe", "/ 10", "safety-help", "safety-screen"):
            self.assertNotContains(page, secret)
        # Bob cannot open her check-in.
        alice_checkin = SafetyCheckIn.objects.get(owner=self.alice)
        self.assertEqual(bob.get(f"/safety/checkins/{alice_checkin.pk}/").status_code, 404)
        # Alice is told she needs a fresh check-in; a step cannot start.
        r = self.alice_client.api(
            "POST", f"/api/v1/safety/conversations/{self.conv.pk}/steps", {"step": 1}
        )
        self.assertEqual(r.status_code, 409)
        # Once she feels safe again, and both say they are ready, the step begins.
        self._check_in(7)
        bob.api("POST", f"/api/v1/safety/conversations/{self.conv.pk}/steps", {"step": 1})
        r = self.alice_client.api(
            "POST", f"/api/v1/safety/conversations/{self.conv.pk}/steps", {"step": 1}
        )
        self.assertEqual(r.json()["phase"], "speaking")
