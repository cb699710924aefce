"""What needs you: each thing appears to the one person it waits for, with one action, and
leaves as soon as it is answered."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.utils import timezone

from mend.apology import services as apology_services
from mend.apology.models import Apology
from mend.commitments import services as commitment_services
from mend.domain.recurrence import parse_rrule
from mend.inbox.selectors import count_for, inbox_for
from mend.ledger import services as ledger_services
from mend.safety import services as safety_services
from mend.spaces import services as space_services
from tests.apology.helpers import make_apology
from tests.authz import Route, check_matrix
from tests.base import MendTestCase
from tests.inbox.helpers import kinds, reported_kept
from tests.ledger.helpers import self_report
from tests.safety.helpers import checkin, conversation, pause


class WhatNeedsYou(MendTestCase):
    def test_a_self_reported_moment_waits_for_its_receiver_until_confirmed(self) -> None:
        moment = self_report(self.space, self.alice, self.bob)
        self.assertEqual(kinds(self.bob), ["moment_to_confirm"])
        self.assertEqual(kinds(self.alice), [])
        self.assertEqual(count_for(self.bob), 1)
        ledger_services.confirm_moment(moment_id=moment.pk, user=self.bob)
        self.assertEqual(kinds(self.bob), [])

    def test_a_reported_occurrence_and_a_proposal_wait_for_the_right_person(self) -> None:
        occurrence = reported_kept(self.space, self.alice, self.bob)
        self.assertEqual(kinds(self.bob), ["occurrence_to_confirm"])
        commitment_services.confirm_occurrence(occurrence=occurrence, user=self.bob)
        self.assertEqual(kinds(self.bob), [])
        start = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
        proposal = commitment_services.propose_commitment(
            space=self.space,
            proposer=self.bob,
            committer=self.alice,
            what="I put my phone away at dinner",
            how_known="You see it in the drawer",
            recurrence=parse_rrule("FREQ=DAILY", start.astimezone(UTC)),
        )
        self.assertEqual(kinds(self.alice), ["commitment_proposal"])
        self.assertEqual(kinds(self.bob), [])
        commitment_services.accept_proposal(commitment=proposal, user=self.alice)
        self.assertEqual(kinds(self.alice), [])

    def test_a_breach_written_by_the_person_responsible_waits_for_the_person_it_hurt(
        self,
    ) -> None:
        breach = space_services.create_breach(
            space=self.space,
            owner=self.alice,
            title="I read your messages",
            owner_role="responsible",
            other_person=self.bob,
            visibility="space",
        )
        self.assertEqual(kinds(self.bob), ["breach_to_acknowledge"])
        self.assertEqual(kinds(self.alice), [])
        space_services.acknowledge_breach(breach=breach, user=self.bob)
        self.assertEqual(kinds(self.bob), [])

    def test_a_disclosure_and_an_apology_wait_for_the_other_person(self) -> None:
        disclosure = ledger_services.create_disclosure(
            space=self.space, owner=self.alice, kind="change", text="I cancelled the card."
        )
        apology = make_apology(self.space, self.alice, self.bob, status=Apology.Status.SENT)
        self.assertEqual(
            sorted(kinds(self.bob)), ["apology_to_answer", "disclosure_to_acknowledge"]
        )
        ledger_services.acknowledge_disclosure(disclosure_id=disclosure.pk, user=self.bob)
        apology_services.respond(apology=apology, recipient=self.bob, response="received")
        self.assertEqual(kinds(self.bob), [])
        self.assertEqual(kinds(self.alice), [])

    def test_a_partners_pause_says_when_they_will_be_back(self) -> None:
        p = pause(self.space, self.alice, minutes=30)
        [item] = inbox_for(self.bob)
        self.assertEqual((item.kind, item.until), ("partner_pause", p.planned_return))
        self.assertContains(self.login(self.bob).get("/"), "plans to be back around")
        safety_services.resume_pause(
            pause=p, user=self.alice, now=timezone.now() + timedelta(minutes=31)
        )
        # The pause leaves; that they are back takes its place for a while.
        self.assertEqual(kinds(self.bob), ["partner_back"])

    def test_a_conversation_waits_on_my_own_move_only(self) -> None:
        conv = conversation(self.space, self.alice, self.bob)
        self.assertEqual(kinds(self.bob), ["conversation_waiting"])
        checkin(self.space, self.bob)
        safety_services.begin_step(conversation=conv, user=self.bob)
        # Bob said he is ready: nothing waits for him, and Alice's item does not say why.
        self.assertEqual(kinds(self.bob), [])
        self.assertEqual(kinds(self.alice), ["conversation_waiting"])

    def test_items_of_other_spaces_and_private_records_never_show(self) -> None:
        self_report(self.other_space, self.charlie, self.dana)
        self_report(self.space, self.alice, self.bob, visibility="private")
        self.assertEqual(kinds(self.bob), [])
        self.assertEqual(kinds(self.carol), [])

    def test_the_api_shape_and_the_pages(self) -> None:
        self_report(self.space, self.alice, self.bob)
        client = self.login(self.bob)
        body = client.api("GET", "/api/v1/me/inbox").json()
        [item] = body["items"]
        self.assertEqual(set(item), {"kind", "space", "object_id", "since", "url"})
        self.assertEqual((item["kind"], item["space"]), ("moment_to_confirm", self.space.pk))
        self.assertTrue(item["url"].startswith("http"))
        home = client.get("/")
        self.assertContains(home, "Alice noted a moment with you")
        self.assertContains(home, 'class="count-badge"')
        overview = client.get(f"/spaces/{self.space.pk}/")
        self.assertContains(overview, "What needs you")
        self.assertContains(overview, "Confirm or say not like that")
        self.assertContains(self.login(self.alice).get("/"), "Nothing is waiting for you")

    def test_the_inbox_costs_a_fixed_number_of_queries(self) -> None:
        client = self.login(self.bob)

        def add() -> None:
            self_report(self.space, self.alice, self.bob)
            make_apology(self.space, self.alice, self.bob, status=Apology.Status.SENT)

        add()
        # the session with its person, one query per kind of item (fifteen); no session save
        with self.assertNumQueries(16):
            client.api("GET", "/api/v1/me/inbox")
        for _ in range(4):
            add()
        with self.assertNumQueries(16):
            client.api("GET", "/api/v1/me/inbox")
        with self.assertNumQueries(1):
            self.assertEqual(count_for(self.bob), 10)


class InboxMatrix(MendTestCase):
    def test_inbox_routes(self) -> None:
        check_matrix(
            self,
            [
                Route(
                    "API what needs me",
                    "API GET",
                    lambda t: "/api/v1/me/inbox",
                    {
                        "owner": 200,
                        "partner": 200,
                        "other_space": 200,
                        "counsellor": 200,
                        "anonymous": 401,
                    },
                ),
                Route(
                    "home page",
                    "GET",
                    lambda t: "/",
                    {
                        "owner": 200,
                        "partner": 200,
                        "other_space": 200,
                        "counsellor": (200, 302),
                        "anonymous": 200,
                    },
                ),
            ],
        )
