"""Issue 16: the bank account's running balance before the chart comes from a stored checkpoint
(BalanceCheckpoint), invalidated by the space's change counter; it always equals the sum over
the whole history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mend.domain.bank import MOMENT_KINDS
from mend.ledger import selectors
from mend.ledger import services as ledger_services
from mend.ledger.models import BalanceCheckpoint, Moment
from mend.spaces import services as space_services
from mend.spaces.models import Space
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.ledger.helpers import received

KINDS = [k.code for k in MOMENT_KINDS]
VISIBILITIES = list(Visibility.values)

moment_specs = st.lists(
    st.tuples(
        st.booleans(),  # alice logged it (else bob)
        st.booleans(),  # alice did it (else bob)
        st.sampled_from(KINDS),
        st.integers(min_value=0, max_value=400 * 24),  # hours ago
        st.sampled_from(["confirmed", "claimed", "disputed"]),
        st.sampled_from(VISIBILITIES),
    ),
    max_size=40,
)
# What happens afterwards, through the services: log a past moment, change who sees one,
# confirm or dispute a claim.
writes = st.lists(
    st.tuples(
        st.sampled_from(["log", "visibility", "confirm", "dispute"]),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(KINDS),
        st.sampled_from(VISIBILITIES),
        st.integers(min_value=1, max_value=400 * 24),
    ),
    max_size=6,
)


class BalanceCheckpointTests(MendTestCase):
    def viewers(self) -> list[Any]:
        return [self.alice, self.bob, self.carol]

    def fresh_space(self) -> Space:
        return Space.objects.get(pk=self.space.pk)

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

    def make(self, specs: list[Any], now: Any) -> None:
        rows = []
        for alice_logged, alice_did, kind, hours, state, visibility in specs:
            actor, receiver = (self.alice, self.bob) if alice_did else (self.bob, self.alice)
            owner = self.alice if alice_logged else self.bob
            at = now - timedelta(hours=hours)
            rows.append(
                Moment(
                    space=self.space,
                    owner=owner,
                    visibility=visibility,
                    kind=kind,
                    actor=actor,
                    receiver=receiver,
                    occurred_at=at,
                    confirmed_at=at if state == "confirmed" else None,
                    disputed_at=at if state == "disputed" else None,
                )
            )
        Moment.objects.bulk_create(rows)
        space_services.bump_revision(space_ids=[self.space.pk])  # as the services would

    def apply(self, write: Any, now: Any) -> None:
        what, n, kind, visibility, hours = write
        moments = list(Moment.objects.filter(space=self.space).order_by("pk"))
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
        if not moments:
            return
        m = moments[n % len(moments)]
        owner = self.alice if m.owner_id == self.alice.pk else self.bob
        receiver = self.alice if m.receiver_id == self.alice.pk else self.bob
        if what == "visibility":
            space_services.set_visibility(record=m, user=owner, visibility=visibility)
        elif m.confirmed_at is None and m.disputed_at is None and m.owner_id != m.receiver_id:
            visible = Moment.objects.visible_to(receiver).filter(pk=m.pk).exists()
            if not visible:
                return
            if what == "confirm":
                ledger_services.confirm_moment(moment_id=m.pk, user=receiver, now=now)
            else:
                ledger_services.dispute_moment(moment_id=m.pk, user=receiver, now=now)

    def test_the_checkpoint_equals_the_whole_history(self) -> None:
        # Inner @given, each example in a transaction rolled back after it.
        @settings(
            max_examples=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(specs=moment_specs, changes=writes)
        def check(specs: Any, changes: Any) -> None:
            with transaction.atomic():
                now = timezone.now()
                self.make(specs, now)
                self.check(now)
                for write in changes:
                    self.apply(write, now)
                    self.check(now)
                transaction.set_rollback(True)

        check()

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
