"""The memo of each pair's recent evidence: reused while the pair's stored state is unchanged,
read again as soon as any evidence (or its visibility) changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.ledger import recent, selectors, services
from mend.spaces import services as space_services
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.ledger.helpers import received


class RecentEvidenceTests(MendTestCase):
    def setUp(self) -> None:
        super().setUp()
        recent.clear()
        self.now = timezone.now()

    def _evidence_now(self) -> float:
        traj = selectors.trust_trajectory(self.space, self.alice, self.bob, self.now)
        return traj.points[-1].evidence

    def _log(
        self, *, days_ago: float, logger: Any = None, visibility: str = Visibility.SPACE
    ) -> Any:
        return services.log_moment(
            space=self.space,
            logger=logger or self.alice,
            kind="small_kindness",
            actor_id=self.bob.pk,
            receiver_id=self.alice.pk,
            occurred_at=self.now - timedelta(days=days_ago),
            visibility=visibility,
        )

    def test_second_read_uses_the_memo_and_a_new_moment_is_seen_at_once(self) -> None:
        self._log(days_ago=3)
        first = self._evidence_now()
        with self.assertNumQueries(2):  # the stored state and the felt-trust ratings
            self.assertEqual(self._evidence_now(), first)
        self._log(days_ago=2)
        self.assertGreater(self._evidence_now(), first)

    def test_a_moment_made_private_leaves_the_trusters_trajectory(self) -> None:
        self._log(days_ago=3)
        bobs = self._log(days_ago=2, logger=self.bob)
        # Confirmed by alice, so it counts (a claim would weigh nothing: issue 12).
        services.confirm_moment(moment_id=bobs.pk, user=self.alice)
        with_both = self._evidence_now()
        self._evidence_now()  # memoized now
        space_services.set_visibility(record=bobs, user=self.bob, visibility=Visibility.PRIVATE)
        self.assertLess(self._evidence_now(), with_both)

    def test_dashboard_reads_fewer_queries_once_memoized(self) -> None:
        self._log(days_ago=3)
        client = self.login(self.alice)
        path = f"/spaces/{self.space.pk}/ledger/"
        client.get(path)
        # The session, the space, its members and the navigation's count (mend.inbox): the
        # records are read once, when the checkpoint is stored, and the numbers rendered from it
        # are reused while nothing changes (issue 16).
        with self.assertNumQueries(4):
            client.get(path)

    def test_memoized_ratio_equals_the_database_count_and_sees_new_moments(self) -> None:
        for days_ago in (1, 2, 3, 40):
            self._log(days_ago=days_ago)
        received(
            self.space,
            self.alice,
            self.bob,
            "turned_away",
            occurred_at=self.now - timedelta(days=1),
        )

        def ratio() -> float | None:
            (pair,) = selectors.trust_pairs_for_viewer(self.space, self.alice, self.now)
            return pair.ratio

        self.assertEqual(ratio(), 3.0)  # the moment 40 days ago is outside the window
        self.assertEqual(
            selectors._ratio_counts(self.space, self.alice, self.now), {self.bob.pk: (3, 1)}
        )
        self.assertEqual(ratio(), 3.0)  # memoized
        self._log(days_ago=0.5)
        self.assertEqual(ratio(), 4.0)
