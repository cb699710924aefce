"""Every list view and API list answers in a fixed number of queries, whatever the rows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
from mend.ledger.trust_pairs import rebuild_space
from mend.spaces.services import bump_revision
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.clock import clock_held
from tests.ledger.helpers import moment_row
from tests.queries import queries_per_page

# Fixed counts: if one of these changes, it must be on purpose (never per row).
# Pages count one query more since the navigation shows what needs you (mend.inbox); members'
# reads of what others shared are no longer logged (one INSERT less: dashboard, api disclosures);
# the dashboard's first view reads one more evidence source, breaches (issue 12); signed-in
# requests no longer write their session (3 queries fewer, issue 16); moment notes and
# disclosures are sealed (one query more for every owner's key where they are shown); an empty
# sealed text needs no key (these moments and check-ins have no note: one query less again); the
# bank's running balance before the chart comes from a stored checkpoint (issue 16): one query
# to read it, and after a change in the space three more (the counter, the sum, the store). The
# dashboard reads its records through its own checkpoint (issue 16): the first view after a
# change reads them and stores it; the bank page after it builds its own balance checkpoint.
EXPECTED = {
    "dashboard": 21,  # the first view after a change; DASHBOARD_STORED once it is stored
    "timeline": 8,
    "bank page": 8,
    "disclosures page": 5,
    "api trust": 4,  # 5 when the ratio rows are not memoized yet
    "api bank": 4,
    "api moments": 3,
    "api disclosures": 4,
    "api checkins": 3,
}
# Session, space, members, the disclosures waiting for alice, their owner's key, the navigation's
# count: the numbers and charts were rendered on the first view and are reused, checkpoint and
# all, while the space's change counter holds (``mend.ledger.dashboard.shown``).
DASHBOARD_STORED = 6


class QueryCountTests(MendTestCase):
    def add_rows(self, n: int) -> None:
        now = timezone.now()
        moments, disclosures, checkins = [], [], []
        for i in range(n):
            at = now - timedelta(hours=7 * i + 1)
            for actor, receiver, owner in (
                (self.bob, self.alice, self.alice),
                (self.alice, self.bob, self.alice),
            ):
                kind = "small_kindness" if i % 4 else "turned_away"
                confirmed = owner == receiver
                moments.append(
                    moment_row(self.space, owner, actor, receiver, kind, at, confirmed=confirmed)
                )
            disclosures.append(
                Disclosure(
                    space=self.space,
                    owner=self.bob,
                    visibility=Visibility.SPACE,
                    kind="change",
                    text=f"change {i}",
                    occurred_at=at,
                    acknowledged_by=self.alice if i % 2 else None,
                    acknowledged_at=at if i % 2 else None,
                )
            )
            checkins.append(
                FeltTrustCheckIn(
                    space=self.space,
                    owner=self.alice,
                    about=self.bob,
                    felt_trust=i % 11,
                    occurred_at=at,
                    visibility=Visibility.SPACE,
                )
            )
        Moment.objects.bulk_create(moments)
        Disclosure.objects.bulk_create(disclosures)
        FeltTrustCheckIn.objects.bulk_create(checkins)
        rebuild_space(space=self.space)
        # What the services' writes do: the space's stored summaries are out of date.
        bump_revision(space_ids=[self.space.pk])

    def counts(self) -> dict[str, int]:
        client = self.login(self.alice)
        sp = self.space.pk
        paths = {
            "dashboard": f"/spaces/{sp}/ledger/",
            "timeline": f"/spaces/{sp}/ledger/timeline/?page=2",
            "bank page": f"/spaces/{sp}/ledger/bank/",
            "disclosures page": f"/spaces/{sp}/ledger/disclosures/",
            "api trust": f"/api/v1/spaces/{sp}/trust",
            "api bank": f"/api/v1/spaces/{sp}/bank",
            "api moments": f"/api/v1/spaces/{sp}/moments",
            "api disclosures": f"/api/v1/spaces/{sp}/disclosures",
            "api checkins": f"/api/v1/spaces/{sp}/checkins",
        }
        return queries_per_page(self, client, paths)

    def test_counts_do_not_grow_with_rows(self) -> None:
        self.add_rows(30)
        few = self.counts()
        self.add_rows(60)
        many = self.counts()
        self.assertEqual(few, many)
        self.assertEqual(many, EXPECTED)

    def test_trust_endpoint_exact_count(self) -> None:
        self.add_rows(30)
        client = self.login(self.alice)
        client.get(f"/api/v1/spaces/{self.space.pk}/trust")  # warm the session
        with self.assertNumQueries(EXPECTED["api trust"]):
            client.get(f"/api/v1/spaces/{self.space.pk}/trust")

    def test_dashboard_exact_count_once_stored(self) -> None:
        self.add_rows(30)
        client = self.login(self.alice)
        path = f"/spaces/{self.space.pk}/ledger/"
        with clock_held():
            client.get(path)  # stores the checkpoint
            with self.assertNumQueries(DASHBOARD_STORED):
                response = client.get(path)
            self.assertEqual(response.status_code, 200)
            self.add_rows(60)
            client.get(path)
            with self.assertNumQueries(DASHBOARD_STORED):
                client.get(path)
