"""Random histories of moments between alice and bob, changed afterwards through the services:
what the two checkpoint properties (the bank's running balance, the dashboard) share."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mend.domain.bank import MOMENT_KINDS
from mend.ledger import services as ledger_services
from mend.ledger.models import Moment
from mend.spaces import services as space_services
from mend.spaces.models import Space
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.ledger.helpers import moment_row

KINDS = [k.code for k in MOMENT_KINDS]
VISIBILITIES = list(Visibility.values)


def moment_specs(hours: st.SearchStrategy[int], max_size: int) -> st.SearchStrategy[list[Any]]:
    """Moments written straight to the table: who logged it, who did it, its kind, how many
    ``hours`` ago, whether it was confirmed, claimed or disputed, and who sees it."""
    return st.lists(
        st.tuples(
            st.booleans(),  # alice logged it (else bob)
            st.booleans(),  # alice did it (else bob)
            st.sampled_from(KINDS),
            hours,
            st.sampled_from(["confirmed", "claimed", "disputed"]),
            st.sampled_from(VISIBILITIES),
        ),
        max_size=max_size,
    )


def changes(actions: list[str], max_hours: int, max_size: int) -> st.SearchStrategy[list[Any]]:
    """What happens afterwards: an action, a number choosing whom or which record it touches, a
    kind, a visibility and how many hours ago."""
    return st.lists(
        st.tuples(
            st.sampled_from(actions),
            st.integers(min_value=0, max_value=10_000),
            st.sampled_from(KINDS),
            st.sampled_from(VISIBILITIES),
            st.integers(min_value=1, max_value=max_hours),
        ),
        max_size=max_size,
    )


class HistoryTestCase(MendTestCase):
    # A moment its receiver logged is confirmed at once, as the services do; the balance
    # property also writes such a moment left unconfirmed.
    receivers_confirm = True

    def fresh_space(self) -> Space:
        return Space.objects.get(pk=self.space.pk)

    def check(self, now: Any) -> None:
        """What the property asserts at ``now``, after the history and after every change."""
        raise NotImplementedError

    def apply(self, write: Any, now: Any) -> None:
        """One change made through the services."""
        raise NotImplementedError

    def check_histories(
        self,
        specs: st.SearchStrategy[list[Any]],
        writes: st.SearchStrategy[list[Any]],
        *,
        examples: int,
        later: st.SearchStrategy[list[int]] | None = None,
    ) -> None:
        """``check`` holds after a history is written, after each change, and at each of the
        ``later`` minutes on. Inner @given, each example in a transaction rolled back after it."""

        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(specs=specs, changes=writes, minutes=st.just([]) if later is None else later)
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

    def make(self, specs: list[Any], now: Any) -> None:
        rows = []
        for alice_logged, alice_did, kind, hours, state, visibility in specs:
            actor, receiver = (self.alice, self.bob) if alice_did else (self.bob, self.alice)
            owner = self.alice if alice_logged else self.bob
            at = now - timedelta(hours=hours)
            confirmed = state == "confirmed" or (self.receivers_confirm and owner == receiver)
            row = moment_row(self.space, owner, actor, receiver, kind, at, confirmed=confirmed)
            row.visibility = visibility
            row.disputed_at = at if state == "disputed" else None
            rows.append(row)
        Moment.objects.bulk_create(rows)
        space_services.bump_revision(space_ids=[self.space.pk])  # as the services would

    def change_moment(self, what: str, n: int, visibility: str, now: Any) -> None:
        """Its owner shares the ``n``-th moment with ``visibility`` ("visibility"), or its
        receiver, if they can see it, confirms or disputes it ("confirm", "dispute")."""
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
