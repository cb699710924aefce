"""Concurrent confirm/dispute of one moment: exactly one wins, the other gets a 409.

Runs on PostgreSQL only (SQLite has no row locks; its writes are serialised anyway).
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection
from django.test import TransactionTestCase, skipUnlessDBFeature

from mend.core.exceptions import DomainError
from mend.ledger import services
from mend.ledger.models import Moment, TrustPairState
from mend.ledger.trust_pairs import rebuild_pair
from tests.factories import SpaceFactory, UserFactory, add_member
from tests.ledger.helpers import self_report


@skipUnlessDBFeature("has_select_for_update")
class ConcurrentConfirmTests(TransactionTestCase):
    def setUp(self) -> None:
        self.alice = UserFactory()
        self.bob = UserFactory()
        self.space = SpaceFactory()
        add_member(self.space, self.alice)
        add_member(self.space, self.bob)

    def race(self, actions: list[str]) -> list[Any]:
        moment = self_report(self.space, self.bob, self.alice, "small_kindness")
        barrier = threading.Barrier(len(actions))
        results: list[Any] = [None] * len(actions)

        def run(i: int, action: str) -> None:
            try:
                barrier.wait(timeout=10)
                fn = services.confirm_moment if action == "confirm" else services.dispute_moment
                fn(moment_id=moment.pk, user=self.alice)
                results[i] = "ok"
            except DomainError as exc:
                results[i] = exc.status
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        moment.refresh_from_db()
        self.assertFalse(moment.confirmed_at and moment.disputed_at, "both confirmed and disputed")
        stored = TrustPairState.objects.get(space=self.space, truster=self.alice, trustee=self.bob)
        rebuild_pair(space=self.space, truster=self.alice, trustee=self.bob)
        rebuilt = TrustPairState.objects.get(pk=stored.pk)
        self.assertAlmostEqual(stored.r, rebuilt.r, places=9)
        self.assertAlmostEqual(stored.s, rebuilt.s, places=9)
        return results

    def test_confirm_and_dispute_at_once(self) -> None:
        results = self.race(["confirm", "dispute"])
        self.assertEqual(sorted(results, key=str), sorted(["ok", 409], key=str))

    def test_double_confirm_at_once(self) -> None:
        results = self.race(["confirm", "confirm"])
        self.assertEqual(sorted(results, key=str), sorted(["ok", 409], key=str))
        self.assertEqual(Moment.objects.filter(confirmed_at__isnull=False).count(), 1)
