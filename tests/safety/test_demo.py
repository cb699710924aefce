"""The safety demo history builds through the real services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.safety import demo
from mend.safety.models import Conversation, ConversationNote, Pause, SafetyCheckIn
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
