"""A write nobody else in the space can see leaves everybody else's kept dashboard as it was: if
Bob's next view were worked out again (slower, more queries) after Alice wrote something
private, its timing would tell him she had just used Mend. Her own dashboard still follows her
own records; a record she shares moves everyone's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mend.apology import services as apology_services
from mend.ledger import checkpoints, dashboard
from mend.ledger import services as ledger_services
from mend.ledger.models import DashboardCheckpoint, TrustPairState
from mend.privacy.export import delete_account
from mend.safety import services as safety_services
from mend.selftrust import services as selftrust_services
from mend.spaces import services as space_services
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.clock import clock_held
from tests.commitments.helpers import make_commitment, offer_new_terms
from tests.factories import add_member
from tests.ledger.helpers import received, self_report

P, C, S = Visibility.PRIVATE, Visibility.COUNSELLOR, Visibility.SPACE
ANSWERS = {"racing_heart": 0, "flee_or_fight": 0, "cant_think": 0, "body_tense": 0}


class PrivateWritesTests(MendTestCase):
    def path(self) -> str:
        return f"/spaces/{self.space.pk}/ledger/"

    def view(self, client: Any) -> tuple[str, int, int]:
        """The page, how many times its numbers were worked out for it, and its queries."""
        with (
            mock.patch.object(dashboard, "numbers", wraps=dashboard.numbers) as numbers,
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.get(self.path())
        self.assertEqual(response.status_code, 200)
        return response.content.decode(), numbers.call_count, len(queries)

    def balance(self, html: str) -> str:
        marker = 'data-testid="bank-balance">'
        return html[html.index(marker) + len(marker) :].split("<", 1)[0]

    def private_writes(self) -> dict[str, Callable[[], Any]]:
        """Alice's writes that only she (or only she and her counsellor) can see."""
        a, b, sp = self.alice, self.bob, self.space
        return {
            "journal entry": lambda: selftrust_services.create_entry(
                space=sp, owner=a, title="t", body="b"
            ),
            "boundary": lambda: selftrust_services.create_boundary(
                space=sp, owner=a, statement="I keep my evenings."
            ),
            "gut check": lambda: selftrust_services.create_gut_check(
                space=sp, owner=a, statement="He is telling the truth.", confidence=70
            ),
            "self-rating": lambda: selftrust_services.record_self_rating(
                space=sp, owner=a, trust_judgement=6
            ),
            "questionnaire": lambda: selftrust_services.submit_questionnaire(
                space=sp,
                owner=a,
                instrument_id="csi4",
                answers={"csi4_1": 3, "csi4_2": 3, "csi4_3": 3, "csi4_4": 3},
            ),
            "draft apology": lambda: apology_services.create_draft(
                space=sp, writer=a, text="I am sorry I forgot."
            ),
            "felt-trust check-in": lambda: ledger_services.record_checkin(
                space=sp, owner=a, about_id=b.pk, felt_trust=4
            ),
            "safety check-in": lambda: safety_services.record_checkin(
                space=sp, owner=a, safety=6, answers=ANSWERS
            ),
            "private moment": lambda: received(sp, a, b, "turned_against", visibility=P),
            "private breach": lambda: space_services.create_breach(
                space=sp, owner=a, title="x", owner_role="hurt"
            ),
            "disclosure for the counsellor": lambda: ledger_services.create_disclosure(
                space=sp, owner=a, kind="change", text="I spent more.", visibility=C
            ),
        }

    def test_bobs_kept_dashboard_is_served_after_alices_private_writes(self) -> None:
        received(self.space, self.bob, self.alice, "small_kindness")
        client = self.login(self.bob)
        with clock_held():
            self.view(client)
            first, _, kept_queries = self.view(client)
            for what, write in self.private_writes().items():
                write()
                html, worked, queries = self.view(client)
                self.assertEqual(worked, 0, f"Bob's dashboard was worked out again: {what}")
                self.assertEqual(queries, kept_queries, what)
                self.assertEqual(self.balance(html), self.balance(first), what)

    def test_bobs_checkpoint_is_not_rebuilt_after_alices_private_writes(self) -> None:
        # The row behind the page, read without the rendered page kept per process (another
        # process, or the window turning).
        received(self.space, self.bob, self.alice, "small_kindness")
        with clock_held() as now:
            members = [self.alice, self.bob]
            dashboard.numbers(self.space, self.bob, members, now)
            for what, write in self.private_writes().items():
                write()
                with mock.patch.object(checkpoints, "rebuild", wraps=checkpoints.rebuild) as built:
                    dashboard.numbers(self.space, self.bob, members, now)
                self.assertEqual(built.call_count, 0, what)
            self.assertTrue(DashboardCheckpoint.objects.current(self.space, self.bob).exists())

    def test_alices_own_dashboard_follows_her_private_records(self) -> None:
        client = self.login(self.alice)
        with clock_held():
            before, _, _ = self.view(client)
            self.assertEqual(self.balance(before), "0")
            received(self.space, self.alice, self.bob, "small_kindness", visibility=P)
            after, worked, _ = self.view(client)
        self.assertEqual(worked, 1)
        self.assertEqual(self.balance(after), "1")
        # Bob does not see her private moment.
        bobs, _, _ = self.view(self.login(self.bob))
        self.assertEqual(self.balance(bobs), "0")

    def test_sharing_a_private_record_moves_bobs_dashboard(self) -> None:
        boundary = selftrust_services.create_boundary(
            space=self.space, owner=self.alice, statement="I keep my evenings."
        )
        moment = received(self.space, self.alice, self.bob, "small_kindness", visibility=P)
        client = self.login(self.bob)
        with clock_held():
            self.view(client)
            space_services.set_visibility(record=boundary, user=self.alice, visibility=S)
            _, worked, _ = self.view(client)
            self.assertEqual(worked, 1)
            space_services.set_visibility(record=moment, user=self.alice, visibility=S)
            html, worked, _ = self.view(client)
            self.assertEqual(worked, 1)
            self.assertEqual(self.balance(html), "1")
            # ... and making it private again moves it back.
            space_services.set_visibility(record=moment, user=self.alice, visibility=P)
            html, worked, _ = self.view(client)
        self.assertEqual(worked, 1)
        self.assertEqual(self.balance(html), "0")

    def test_a_change_to_a_shared_record_moves_bobs_dashboard(self) -> None:
        boundary = selftrust_services.create_boundary(
            space=self.space, owner=self.alice, statement="I keep my evenings.", visibility=S
        )
        client = self.login(self.bob)
        with clock_held():
            self.view(client)
            selftrust_services.add_boundary_event(
                boundary=boundary, user=self.alice, kind="held", occurred_on=date.today()
            )
            _, worked, _ = self.view(client)
        self.assertEqual(worked, 1)

    def test_bobs_stored_trust_pair_is_not_rewritten_by_alices_private_records(self) -> None:
        # His pair counts only what he may see; rewritten (a new updated_at, a new version for
        # everything keyed by it), it would make his next trust view slower all the same.
        received(self.space, self.bob, self.alice, "small_kindness")
        bobs = TrustPairState.objects.filter(space=self.space, truster=self.bob)
        before = list(bobs.values_list("updated_at", "as_of"))
        self.assertTrue(before)
        moment = self_report(self.space, self.alice, self.bob, visibility=P)
        ledger_services.undo_moment(moment_id=moment.pk, user=self.alice)
        breach = space_services.create_breach(
            space=self.space,
            owner=self.alice,
            title="x",
            owner_role="responsible",
            other_person=self.bob,
        )
        space_services.set_visibility(record=breach, user=self.alice, visibility=C)
        self.assertEqual(list(bobs.values_list("updated_at", "as_of")), before)

    def test_bobs_stored_trust_pair_is_not_rewritten_by_new_terms_of_a_private_commitment(
        self,
    ) -> None:
        # Made to Dana, who has since deleted her account: nobody is left to agree, so Alice's
        # new terms apply at once. Nobody but Alice can see the commitment.
        add_member(self.space, self.dana)
        received(self.space, self.bob, self.alice, "small_kindness")
        commitment = make_commitment(self.space, self.alice, self.dana, visibility=P)
        delete_account(user=self.dana)
        bobs = TrustPairState.objects.filter(space=self.space, truster=self.bob)
        before = list(bobs.values_list("updated_at", "as_of"))
        self.assertTrue(before)
        commitment.refresh_from_db()
        renegotiated = offer_new_terms(commitment, self.alice)
        self.assertEqual(renegotiated.version, 2)
        self.assertEqual(list(bobs.values_list("updated_at", "as_of")), before)
