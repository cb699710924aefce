"""Issue 16: the dashboard reads its records through a stored checkpoint (DashboardCheckpoint),
per space and viewer, invalidated by the space's change counter and the viewer's stored trust
pairs. What it shows always equals what the selectors compute from the records, after any
change, at any time while the row is kept."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import strategies as st

from mend.ledger import dashboard, selectors
from mend.ledger import services as ledger_services
from mend.ledger.models import DashboardCheckpoint, TrustPairState
from mend.ledger.trust_pairs import rebuild_space
from mend.spaces.models import Space
from mend.spaces.selectors import active_members
from mend.spaces.visibility import Visibility
from tests.ledger.helpers import received, self_report
from tests.ledger.histories import HistoryTestCase, changes, moment_specs

# Written straight to the table, some a little ahead of now.
history = moment_specs(st.integers(min_value=-2, max_value=200 * 24), max_size=30)
# What happens afterwards, through the services.
writes = changes(
    ["log", "visibility", "confirm", "dispute", "checkin", "disclose", "ack"],
    max_hours=200 * 24,
    max_size=5,
)
# Later views of an unchanged space: the clock's part moves, the stored reads stay.
later = st.lists(st.integers(min_value=0, max_value=13 * 24 * 60), max_size=2)


class DashboardCheckpointTests(HistoryTestCase):
    def check(self, now: Any) -> None:
        """For each member: the dashboard's numbers equal the selectors' over the records, read
        twice (the second time from the checkpoint)."""
        for viewer in (self.alice, self.bob):
            for _ in range(2):
                space = self.fresh_space()
                members = active_members(space)
                found = dashboard.numbers(space, viewer, members, now)
                self.assertEqual(
                    found.pairs, selectors.trust_pairs_for_viewer(space, viewer, now, members)
                )
                self.assertEqual(found.summary, selectors.bank_summary(space, viewer, now))
                self.assertEqual(
                    found.trajectories,
                    [
                        selectors.trust_trajectory(space, viewer, other, now)
                        for other in members
                        if other.pk != viewer.pk
                    ],
                )
                self.assertEqual(found.to_confirm, selectors.moments_to_confirm(viewer, space))
                self.assertEqual(
                    found.to_acknowledge, selectors.disclosures_to_acknowledge(viewer, space)
                )

    def make(self, specs: list[Any], now: Any) -> None:
        super().make(specs, now)
        rebuild_space(space=self.space)  # the stored trust pairs, as the services keep them

    def apply(self, write: Any, now: Any) -> None:
        what, n, kind, visibility, hours = write
        at = now - timedelta(hours=hours)
        who, other = (self.alice, self.bob) if n % 2 else (self.bob, self.alice)
        # What every record written here shares: the space, when it happened, who sees it.
        written = {"space": self.fresh_space(), "occurred_at": at, "visibility": visibility}
        if what == "log":
            by, to = (other, who) if n % 3 else (who, other)  # mostly what the other did for them
            ledger_services.log_moment(
                **written, logger=who, kind=kind, actor_id=by.pk, receiver_id=to.pk, now=now
            )
            return
        if what == "checkin":
            ledger_services.record_checkin(
                **written, owner=who, about_id=other.pk, felt_trust=n % 11
            )
            return
        if what == "disclose":
            ledger_services.create_disclosure(
                **written, owner=who, kind="change", text="a change", now=now
            )
            return
        if what == "ack":
            for viewer in (self.alice, self.bob):
                waiting = selectors.disclosures_to_acknowledge(viewer, self.fresh_space())
                if waiting:
                    ledger_services.acknowledge_disclosure(
                        disclosure_id=waiting[n % len(waiting)].pk, user=viewer, now=now
                    )
                    return
            return
        self.change_moment(what, n, visibility, now)

    def assert_alice_sees_bob(self, found: Any, space: Space, now: Any) -> None:
        """Alice's one trajectory, of her trust in bob, is the selectors' over the records."""
        self.assertEqual(
            found.trajectories, [selectors.trust_trajectory(space, self.alice, self.bob, now)]
        )

    def test_the_dashboard_equals_the_selectors_over_the_records(self) -> None:
        self.check_histories(history, writes, examples=15, later=later)

    def test_a_change_is_shown_on_the_next_view(self) -> None:
        now = timezone.now()
        three_days_ago = now - timedelta(days=3)
        for _ in range(6):
            received(self.fresh_space(), self.alice, self.bob, occurred_at=three_days_ago, now=now)
        space = self.fresh_space()
        members = active_members(space)
        before = dashboard.numbers(space, self.alice, members, now)
        self.assertEqual(DashboardCheckpoint.objects.filter(viewer=self.alice).count(), 1)
        # A request that wrote holds a Space loaded before its write: still not trusted.
        received(
            space,
            self.alice,
            self.bob,
            "turned_against",
            occurred_at=now - timedelta(days=2),
            now=now,
        )
        after = dashboard.numbers(space, self.alice, members, now)
        self.assertEqual(after.summary.balance, before.summary.balance - 1)
        self.assertEqual(after.summary, selectors.bank_summary(space, self.alice, now))
        self.assertNotEqual(after.trajectories, before.trajectories)
        self.assert_alice_sees_bob(after, space, now)

    def test_pairs_rebuilt_by_the_command_are_noticed(self) -> None:
        now = timezone.now()
        received(self.space, self.alice, self.bob, occurred_at=now - timedelta(days=3), now=now)
        space = self.fresh_space()
        members = active_members(space)
        dashboard.numbers(space, self.alice, members, now)
        # As after a change of the model's rules: the records stay, the stored pairs change.
        TrustPairState.objects.filter(space=self.space).update(r=0.0, s=0.0)
        call_command("rebuild_trust", str(self.space.pk), stdout=StringIO())
        found = dashboard.numbers(space, self.alice, members, now)
        self.assertEqual(
            found.pairs, selectors.trust_pairs_for_viewer(space, self.alice, now, members)
        )
        self.assert_alice_sees_bob(found, space, now)

    def test_each_viewer_has_their_own_checkpoint(self) -> None:
        now = timezone.now()
        received(
            self.space,
            self.alice,
            self.bob,
            occurred_at=now - timedelta(days=3),
            visibility=Visibility.PRIVATE,
            now=now,
        )
        space = self.fresh_space()
        members = active_members(space)
        self.assertEqual(dashboard.numbers(space, self.alice, members, now).summary.balance, 1)
        self.assertEqual(dashboard.numbers(space, self.bob, members, now).summary.balance, 0)
        self.assertEqual(DashboardCheckpoint.objects.filter(space=self.space).count(), 2)
        stored = DashboardCheckpoint.objects.get(space=self.space, viewer=self.alice).data
        # Numbers, times, kinds and ids: no text of any record.
        self.assertEqual(
            set(stored),
            {
                "format",
                "pairs",
                "ratings",
                "balance",
                "moments",
                "evidence",
                "felt",
                "to_confirm",
                "to_acknowledge",
            },
        )

    def test_a_current_checkpoint_is_read_in_a_fixed_number_of_queries(self) -> None:
        now = timezone.now()
        for days in range(40):
            self_report(
                self.space,
                self.bob,
                self.alice,
                "small_kindness",
                occurred_at=now - timedelta(days=days, hours=1),
                now=now,
            )
        space = self.fresh_space()
        members = active_members(space)
        dashboard.numbers(space, self.alice, members, now)
        # The checkpoint, and the moments waiting for alice's confirmation.
        with self.assertNumQueries(2):
            found = dashboard.numbers(space, self.alice, members, now)
        self.assertEqual(len(found.to_confirm), 5)
        # Bob has nothing waiting and no stored pair (so no memo of his ratio's rows): two days
        # on, his checkpoint still holds (one read of it, nothing stored again).
        dashboard.numbers(space, self.bob, members, now)
        with CaptureQueriesContext(connection) as today:
            dashboard.numbers(space, self.bob, members, now)
        with CaptureQueriesContext(connection) as later:
            dashboard.numbers(space, self.bob, members, now + timedelta(days=2))
        self.assertEqual(len(later), len(today))
        touched = [q["sql"] for q in later if "ledger_dashboardcheckpoint" in q["sql"]]
        self.assertEqual(len(touched), 1)
        self.assertTrue(touched[0].startswith("SELECT"))
