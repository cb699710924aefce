"""Logging a moment saves once (issue 14): a second tap on Save right after the first is the
same moment; the form resets after saving and its button is disabled while it is sent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.ledger.models import Moment
from tests.base import MendTestCase
from tests.ledger.helpers import received


class SaveOnceTests(MendTestCase):
    def test_a_double_tap_logs_one_moment(self) -> None:
        now = timezone.now()
        taps = [
            received(
                self.space, self.alice, self.bob, now=now + timedelta(seconds=seconds), once=True
            )
            for seconds in (0, 2)
        ]
        self.assertEqual(taps[0].pk, taps[1].pk)
        self.assertEqual(Moment.objects.count(), 1)

    def test_the_same_kind_later_is_a_new_moment(self) -> None:
        now = timezone.now()
        first = received(self.space, self.alice, self.bob, now=now - timedelta(seconds=30))
        again = received(self.space, self.alice, self.bob, now=now, once=True)
        self.assertNotEqual(first.pk, again.pk)

    def test_without_once_every_call_is_a_moment(self) -> None:
        for _ in range(3):  # the API and the demo log what they are given
            received(self.space, self.alice, self.bob)
        self.assertEqual(Moment.objects.count(), 3)

    def test_the_form_resets_and_disables_save_while_sending(self) -> None:
        html = self.login(self.alice).get(f"/spaces/{self.space.pk}/ledger/").content.decode()
        form = html[html.index('id="moment-form"') - 400 : html.index('id="moment-form"')]
        self.assertIn("data-reset-on-success", form)
        self.assertIn('hx-disabled-elt="find .save-moment"', form)
        self.assertIn('id="bid-meaning"', html)  # "bid" is explained where it appears
