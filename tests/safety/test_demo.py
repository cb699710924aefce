"""The safety demo history builds through the real services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.safety import demo
from mend.safety.models import (
    Conversation,
    ConversationNote,
    HeartRateProfile,
    Pause,
    SafetyCheckIn,
)
from tests.base import MendTestCase


class DemoTests(MendTestCase):
    def test_demo_history(self) -> None:
        start = timezone.now() - timedelta(days=90)
        demo.extend(space=self.space, people=[self.alice, self.bob], start=start, days=90)
        self.assertGreater(SafetyCheckIn.objects.filter(owner=self.alice).count(), 40)
        self.assertTrue(SafetyCheckIn.objects.filter(owner=self.bob, flooded=True).exists())
        pause = Pause.objects.get()
        self.assertIsNotNone(pause.resumed_at)
        conv = Conversation.objects.get()
        self.assertEqual(
            (conv.phase, conv.ended_by, conv.outcome), ("ended", "completed", "apology")
        )
        self.assertEqual(ConversationNote.objects.filter(visibility="space").count(), 2)
        self.assertEqual(ConversationNote.objects.filter(visibility="private").count(), 2)
        self.assertFalse(SafetyCheckIn.objects.exclude(visibility="private").exists())

    def test_demo_heart_rates_follow_the_one_baseline(self) -> None:
        start = timezone.now() - timedelta(days=90)
        demo.extend(space=self.space, people=[self.alice, self.bob], start=start, days=90)
        # Alex (alice) gave no resting rate: a calm 69 bpm is settled at the 100 bpm rule.
        calm = SafetyCheckIn.objects.filter(owner=self.alice, heart_rate=69)
        self.assertTrue(calm.exists())
        self.assertFalse(calm.filter(flooded=True).exists())
        self.assertFalse(calm.exclude(baseline=None).exists())
        # Sam (bob) gave 64 bpm: 112 in the argument is flooded, 68 before the talk is not.
        self.assertEqual(HeartRateProfile.objects.get(owner=self.bob).resting_bpm, 64)
        self.assertTrue(SafetyCheckIn.objects.get(owner=self.bob, heart_rate=112).flooded)
        before_talk = SafetyCheckIn.objects.filter(owner=self.bob, heart_rate=68)
        self.assertEqual(before_talk.count(), 2)
        self.assertFalse(before_talk.filter(flooded=True).exists())
        self.assertEqual(set(before_talk.values_list("baseline", flat=True)), {64.0})
