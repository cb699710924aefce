"""Issue 16: the bank account's running balance before the chart comes from a stored checkpoint
(BalanceCheckpoint), invalidated by the space's change counter; it always equals the sum over
the whole history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from hypothesis import strategies as st

from mend.ledger import selectors
from mend.ledger.models import BalanceCheckpoint
from mend.spaces.visibility import Visibility
from tests.ledger.helpers import received
from tests.ledger.histories import HistoryTestCase, changes, moment_specs

# Log a past moment, change who sees one, confirm or dispute a claim.
writes = changes(["log", "visibility", "confirm", "dispute"], max_hours=400 * 24, max_size=6)


class BalanceCheckpointTests(HistoryTestCase):
    receivers_confirm = False

    def viewers(self) -> list[Any]:
        return [self.alice, self.bob, self.carol]

    def check(self, now: Any) -> None:
        """For every viewer: the dashboard's balance_before equals the whole-history sum, read
        twice (the second time from the checkpoint)."""
        for viewer in self.viewers():
            for _ in range(2):
                space = self.fresh_space()
                summary = selectors.bank_summary(space, viewer, now)
                start = selectors._week_start(now) - timedelta(weeks=11)
                expected = selectors.balance_before_from_history(space, viewer, start)
                self.assertEqual(summary.balance_before, expected, viewer)

    def apply(self, write: Any, now: Any) -> None:
        what, n, kind, visibility, hours = write
        if what == "log":
            received(
                self.fresh_space(),
                self.alice,
                self.bob,
                kind,
                occurred_at=now - timedelta(hours=hours),
                visibility=visibility,
                now=now,
            )
            return
        self.change_moment(what, n, visibility, now)

    def test_the_checkpoint_equals_the_whole_history(self) -> None:
        self.check_histories(
            moment_specs(st.integers(min_value=0, max_value=400 * 24), max_size=40),
            writes,
            examples=40,
        )

    def test_a_current_checkpoint_is_one_query_and_a_change_resums(self) -> None:
        now = timezone.now()
        old = now - timedelta(days=200)
        for kind in ("small_kindness", "small_kindness", "turned_away"):
            received(self.space, self.alice, self.bob, kind, occurred_at=old, now=now)
        space = self.fresh_space()
        with self.assertNumQueries(5):  # checkpoint, counter, sum, store, the window's moments
            self.assertEqual(selectors.bank_summary(space, self.alice).balance, 1)
        stored = BalanceCheckpoint.objects.get(space=self.space, viewer=self.alice)
        self.assertEqual((stored.balance, stored.revision), (1.0, space.revision))
        with self.assertNumQueries(2):  # checkpoint, the window's moments
            self.assertEqual(selectors.bank_summary(space, self.alice).balance, 1)
        # A moment far in the past, logged through the service, moves the counter: summed again.
        received(self.space, self.alice, self.bob, "turned_against", occurred_at=old)
        with self.assertNumQueries(5):
            self.assertEqual(selectors.bank_summary(space, self.alice).balance, 0)

    def test_a_space_loaded_before_a_write_in_the_same_request_is_not_trusted(self) -> None:
        old = timezone.now() - timedelta(days=200)
        space = self.fresh_space()  # as a view loads it, before its write
        self.assertEqual(selectors.bank_summary(space, self.alice).balance_before, 0)
        received(space, self.alice, self.bob, occurred_at=old)
        self.assertEqual(selectors.bank_summary(space, self.alice).balance_before, 1)

    def test_each_viewer_has_their_own_checkpoint(self) -> None:
        old = timezone.now() - timedelta(days=200)
        received(self.space, self.alice, self.bob, occurred_at=old, visibility=Visibility.PRIVATE)
        self.assertEqual(selectors.bank_summary(self.fresh_space(), self.alice).balance_before, 1)
        # bob cannot see alice's private moment: his balance is his own, not a copy of hers
        self.assertEqual(selectors.bank_summary(self.fresh_space(), self.bob).balance_before, 0)
        self.assertEqual(
            BalanceCheckpoint.objects.filter(space=self.space).count(),
            2,
        )
