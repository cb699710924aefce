"""The demo history: 90 days of Alex's commitments to Sam, non-linear, fast."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from mend.commitments.demo import extend
from mend.commitments.models import Commitment, Occurrence
from mend.ledger.models import TrustPairState
from mend.ledger.trust_pairs import rebuild_space
from tests.base import MendTestCase


class DemoTests(MendTestCase):
    def test_ninety_days(self) -> None:
        start = timezone.now() - timedelta(days=90)
        began = time.perf_counter()
        extend(space=self.space, people=[self.alice, self.bob], start=start, days=90)
        elapsed = time.perf_counter() - began
        self.assertLess(elapsed, 5.0)
        self.assertEqual(Commitment.objects.filter(owner=self.alice, made_to=self.bob).count(), 3)
        states = Counter(o.state for o in Occurrence.objects.all())
        self.assertEqual(states["disputed"], 1)
        self.assertGreater(states["confirmed"], 100)
        missed = Occurrence.objects.filter(reported_outcome="missed")
        self.assertGreater(missed.count(), 5)

        # The setback: more misses around day 50 than in the last three weeks.
        def misses(lo: int, hi: int) -> int:
            return missed.filter(
                due_at__gte=start + timedelta(days=lo), due_at__lt=start + timedelta(days=hi)
            ).count()

        self.assertGreater(misses(45, 56), misses(69, 80))
        rebuild_space(space=self.space)  # the ledger's demo does this after the others
        state = TrustPairState.objects.get(truster=self.bob, trustee=self.alice)
        self.assertGreater(state.r, state.s)
