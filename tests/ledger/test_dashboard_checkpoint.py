"""Issue 16: the dashboard reads its records through a stored checkpoint (DashboardCheckpoint),
per space and viewer, invalidated by the space's change counter and the viewer's stored trust
pairs. What it shows always equals what the selectors compute from the records, after any
change, at any time while the row is kept."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mend.domain.bank import MOMENT_KINDS
from mend.ledger import dashboard, selectors
from mend.ledger import services as ledger_services
from mend.ledger.models import DashboardCheckpoint, Moment, TrustPairState
from mend.ledger.trust_pairs import rebuild_space
from mend.spaces import services as space_services
from mend.spaces.models import Space
from mend.spaces.selectors import active_members
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase

KINDS = [k.code for k in MOMENT_KINDS]
VISIBILITIES = list(Visibility.values)

moment_specs = st.lists(
    st.tuples(
        st.booleans(),  # alice logged it (else bob)
        st.booleans(),  # alice did it (else bob)
        st.sampled_from(KINDS),
        st.integers(min_value=-2, max_value=200 * 24),  # hours ago (a little ahead too)
        st.sampled_from(["confirmed", "claimed", "disputed"]),
        st.sampled_from(VISIBILITIES),
    ),
    max_size=30,
)
# What happens afterwards, through the services.
writes = st.lists(
    st.tuples(
        st.sampled_from(["log", "visibility", "confirm", "dispute", "checkin", "disclose", "ack"]),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(KINDS),
        st.sampled_from(VISIBILITIES),
        st.integers(min_value=1, max_value=200 * 24),
    ),
    max_size=5,
)
# Later views of an unchanged space: the clock's part moves, the stored reads stay.
later = st.lists(st.integers(min_value=0, max_value=13 * 24 * 60), max_size=2)


class DashboardCheckpointTests(MendTestCase):
    def fresh_space(self) -> Space:
        return Space.objects.get(pk=self.space.pk)

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
                    confirmed_at=at if state == "confirmed" or owner == receiver else None,
                    disputed_at=at if state == "disputed" else None,
                )
            )
        Moment.objects.bulk_create(rows)
        rebuild_space(space=self.space)
        space_services.bump_revision(space_ids=[self.space.pk])  # as the services would

    def apply(self, write: Any, now: Any) -> None:
        what, n, kind, visibility, hours = write
        at = now - timedelta(hours=hours)
        who, other = (self.alice, self.bob) if n % 2 else (self.bob, self.alice)
        if what == "log":
            ledger_services.log_moment(
                space=self.fresh_space(),
                logger=who,
                kind=kind,
                actor_id=other.pk if n % 3 else who.pk,
                receiver_id=who.pk if n % 3 else other.pk,
                occurred_at=at,
                visibility=visibility,
                now=now,
            )
            return
        if what == "checkin":
            ledger_services.record_checkin(
                space=self.fresh_space(),
                owner=who,
                about_id=other.pk,
                felt_trust=n % 11,
                occurred_at=at,
                visibility=visibility,
            )
            return
        if what == "disclose":
            ledger_services.create_disclosure(
                space=self.fresh_space(),
                owner=who,
                kind="change",
                text="a change",
                occurred_at=at,
                visibility=visibility,
                now=now,
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
        moments = list(Moment.objects.filter(space=self.space).order_by("pk"))
        if not moments:
            return
        m = moments[n % len(moments)]
        owner = self.alice if m.owner_id == self.alice.pk else self.bob
        receiver = self.alice if m.receiver_id == self.alice.pk else self.bob
        if what == "visibility":
            space_services.set_visibility(record=m, user=owner, visibility=visibility)
        elif m.confirmed_at is None and m.disputed_at is None and m.owner_id != m.receiver_id:
            if not Moment.objects.visible_to(receiver).filter(pk=m.pk).exists():
                return
            if what == "confirm":
                ledger_services.confirm_moment(moment_id=m.pk, user=receiver, now=now)
            else:
                ledger_services.dispute_moment(moment_id=m.pk, user=receiver, now=now)

    def test_the_dashboard_equals_the_selectors_over_the_records(self) -> None:
        # Inner @given, each example in a transaction rolled back after it.
        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(specs=moment_specs, changes=writes, minutes=later)
        def check(specs: Any, changes: Any, minutes: Any) -> None:
            with transaction.atomic():
                now = timezone.now()
                self.make(specs, now)
                self.check(now)
                for write in changes:
                    self.apply(write, now)
                    self.check(now)
                for minute in minutes:
                    self.check(now + timedelta(minutes=minute))
                transaction.set_rollback(True)

        check()

    def test_a_change_is_shown_on_the_next_view(self) -> None:
        now = timezone.now()
        for _ in range(6):
            ledger_services.log_moment(
                space=self.fresh_space(),
                logger=self.alice,
                kind="small_kindness",
                actor_id=self.bob.pk,
                receiver_id=self.alice.pk,
                occurred_at=now - timedelta(days=3),
                now=now,
            )
        space = self.fresh_space()
        members = active_members(space)
        before = dashboard.numbers(space, self.alice, members, now)
        self.assertEqual(DashboardCheckpoint.objects.filter(viewer=self.alice).count(), 1)
        # A request that wrote holds a Space loaded before its write: still not trusted.
        ledger_services.log_moment(
            space=space,
            logger=self.alice,
            kind="turned_against",
            actor_id=self.bob.pk,
            receiver_id=self.alice.pk,
            occurred_at=now - timedelta(days=2),
            now=now,
        )
        after = dashboard.numbers(space, self.alice, members, now)
        self.assertEqual(after.summary.balance, before.summary.balance - 1)
        self.assertEqual(after.summary, selectors.bank_summary(space, self.alice, now))
        self.assertNotEqual(after.trajectories, before.trajectories)
        self.assertEqual(
            after.trajectories, [selectors.trust_trajectory(space, self.alice, self.bob, now)]
        )

    def test_pairs_rebuilt_by_the_command_are_noticed(self) -> None:
        now = timezone.now()
        ledger_services.log_moment(
            space=self.space,
            logger=self.alice,
            kind="small_kindness",
            actor_id=self.bob.pk,
            receiver_id=self.alice.pk,
            occurred_at=now - timedelta(days=3),
            now=now,
        )
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
        self.assertEqual(
            found.trajectories, [selectors.trust_trajectory(space, self.alice, self.bob, now)]
        )

    def test_each_viewer_has_their_own_checkpoint(self) -> None:
        now = timezone.now()
        ledger_services.log_moment(
            space=self.space,
            logger=self.alice,
            kind="small_kindness",
            actor_id=self.bob.pk,
            receiver_id=self.alice.pk,
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
            ledger_services.log_moment(
                space=self.space,
                logger=self.bob,
                kind="small_kindness",
                actor_id=self.bob.pk,
                receiver_id=self.alice.pk,
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
