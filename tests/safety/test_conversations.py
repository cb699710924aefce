"""Repair conversations: the check-in gate, turn-taking, pauses, and keeping notes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.safety import selectors, services
from mend.safety.models import Conversation, ConversationNote, Step
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.factories import BreachFactory

from .helpers import checkin, conversation, pause, settle_both


class GateTests(MendTestCase):
    def setUp(self) -> None:
        self.conv = conversation(self.space, self.alice, self.bob)

    def gate(self, viewer):  # type: ignore[no-untyped-def]
        return (
            self.login(viewer)
            .api("GET", f"/api/v1/safety/conversations/{self.conv.pk}/gate")
            .json()
        )

    def test_blocked_until_both_checked_in(self) -> None:
        g = self.gate(self.alice)
        self.assertFalse(g["ready"])
        self.assertIn("waiting for Bob to check in", g["messages"])
        checkin(self.space, self.alice)
        self.assertEqual(self.gate(self.alice)["messages"], ["waiting for Bob to check in"])
        checkin(self.space, self.bob)
        self.assertTrue(self.gate(self.alice)["ready"])

    def test_flooded_partner_blocks_without_revealing_scores(self) -> None:
        checkin(self.space, self.alice)
        checkin(self.space, self.bob, flooded=True)
        g = self.gate(self.alice)
        self.assertFalse(g["ready"])
        self.assertEqual(g["messages"], ["waiting for Bob to check in"])
        r = self.client.api(
            "POST", f"/api/v1/safety/conversations/{self.conv.pk}/steps", {"step": 1}
        )
        self.assertEqual(r.status_code, 409)
        self.assertIn("waiting for Bob to check in", r.json()["error"]["message"])
        page = self.client.get(f"/safety/conversations/{self.conv.pk}/")
        self.assertContains(page, "Waiting for Bob to check in")
        self.assertNotContains(page, "flooded")
        # Bob settles: the step can start.
        checkin(self.space, self.bob)
        r = self.client.api(
            "POST", f"/api/v1/safety/conversations/{self.conv.pk}/steps", {"step": 1}
        )
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["phase"], "speaking")

    def test_old_check_in_does_not_count(self) -> None:
        checkin(self.space, self.alice, at=timezone.now() - timedelta(minutes=31))
        checkin(self.space, self.bob)
        self.assertEqual(self.gate(self.bob)["messages"], ["waiting for Alice to check in"])

    def test_pause_shows_until_when(self) -> None:
        settle_both(self.space, self.alice, self.bob)
        pause(self.space, self.bob, minutes=30)
        msg = self.gate(self.alice)["messages"][0]
        self.assertRegex(msg, r"^Bob has asked for a pause until \d\d:\d\d$")

    def test_check_in_before_a_pause_is_not_fresh(self) -> None:
        checkin(self.space, self.alice)
        checkin(self.space, self.bob, at=timezone.now() - timedelta(minutes=25))
        p = pause(self.space, self.bob, ago=22)
        services.resume_pause(pause=p, user=self.bob)
        self.assertEqual(self.gate(self.alice)["messages"], ["waiting for Bob to check in"])
        checkin(self.space, self.bob)
        self.assertTrue(self.gate(self.alice)["ready"])


class FlowTests(MendTestCase):
    def setUp(self) -> None:
        self.conv = conversation(self.space, self.alice, self.bob)
        settle_both(self.space, self.alice, self.bob)
        self.a = self.client_class()
        self.a.force_login(self.alice)
        self.b = self.client_class()
        self.b.force_login(self.bob)
        self.base = f"/api/v1/safety/conversations/{self.conv.pk}"

    def test_turns_are_validated(self) -> None:
        self.assertEqual(self.a.api("POST", f"{self.base}/steps", {"step": 1}).status_code, 200)
        # Wrong person speaks.
        r = self.b.api("POST", f"{self.base}/turn", {"step": 1, "text": "Me first"})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(r.json()["error"]["code"], "not_your_turn")
        # Wrong step.
        r = self.a.api("POST", f"{self.base}/turn", {"step": 2, "text": "Hello"})
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (409, "wrong_step"))
        # Summary before the turn.
        r = self.b.api("POST", f"{self.base}/summary", {"step": 1, "text": "You said"})
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (409, "wrong_phase"))
        # Empty text.
        r = self.a.api("POST", f"{self.base}/turn", {"step": 1, "text": "   "})
        self.assertEqual(r.status_code, 422)
        r = self.a.api("POST", f"{self.base}/turn", {"step": 1, "text": "I felt alone."})
        self.assertEqual(r.status_code, 201)
        # The speaker cannot summarise themselves.
        r = self.a.api("POST", f"{self.base}/summary", {"step": 1, "text": "I said"})
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (409, "not_your_turn"))
        r = self.b.api("POST", f"{self.base}/summary", {"step": 1, "text": "You felt alone."})
        self.assertEqual(r.status_code, 201)
        conv = self.b.api("GET", self.base).json()
        self.assertEqual((conv["phase"], conv["speaker"]), ("gate", self.bob.pk))
        # Starting a step again needs the step number to match.
        r = self.b.api("POST", f"{self.base}/steps", {"step": 1})
        self.assertEqual(r.status_code, 409)
        r = self.b.api("POST", f"{self.base}/steps", {"step": 2})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["speaker"], self.bob.pk)

    def test_notes_are_private_to_their_writer(self) -> None:
        self.a.api("POST", f"{self.base}/steps", {"step": 1})
        note = self.a.api("POST", f"{self.base}/turn", {"step": 1, "text": "Secret hurt"}).json()
        self.assertEqual(note["visibility"], "private")
        notes = self.b.api("GET", f"{self.base}/notes").json()
        self.assertEqual(notes["mine"], [])
        self.assertNotIn("Secret hurt", str(notes))
        page = self.b.get(f"/safety/conversations/{self.conv.pk}/")
        self.assertNotContains(page, "Secret hurt")

    def test_pause_mid_step_ends_the_step_and_is_recorded(self) -> None:
        self.a.api("POST", f"{self.base}/steps", {"step": 1})
        r = self.b.api("POST", f"{self.base}/pause", {"minutes": 30})
        self.assertEqual(r.status_code, 201, r.content)
        conv = Conversation.objects.get()
        self.assertEqual((conv.phase, conv.pause_count), ("gate", 1))
        self.assertEqual(Step.objects.get().result, "paused")
        # Alice cannot start again while Bob is on a pause.
        r = self.a.api("POST", f"{self.base}/steps", {"step": 2})
        self.assertEqual(r.status_code, 409)
        self.assertIn("Bob has asked for a pause until", r.json()["error"]["message"])
        # Ended while paused: triage sees "paused".
        r = self.a.api("POST", f"{self.base}/end", {"outcome": "counsellor"})
        self.assertEqual(r.json()["ended_by"], "paused")
        [tri] = selectors.triage_conversations(self.alice, self.space)
        self.assertEqual(tri.ended_by, "paused")

    def test_a_general_pause_pauses_a_live_conversation(self) -> None:
        self.a.api("POST", f"{self.base}/steps", {"step": 1})
        pause(self.space, self.alice)
        conv = Conversation.objects.get()
        self.assertEqual((conv.phase, conv.pause_count), ("gate", 1))

    def test_cannot_end_mid_step(self) -> None:
        self.a.api("POST", f"{self.base}/steps", {"step": 1})
        r = self.a.api("POST", f"{self.base}/end", {"outcome": "apology"})
        self.assertEqual(r.status_code, 409)

    def test_full_conversation_keeps_only_what_both_agree(self) -> None:
        self.a.api("POST", f"{self.base}/steps", {"step": 1})
        a1 = self.a.api("POST", f"{self.base}/turn", {"step": 1, "text": "A said"}).json()["id"]
        b1 = self.b.api("POST", f"{self.base}/summary", {"step": 1, "text": "B heard"}).json()["id"]
        self.b.api("POST", f"{self.base}/steps", {"step": 2})
        b2 = self.b.api("POST", f"{self.base}/turn", {"step": 2, "text": "B said"}).json()["id"]
        a2 = self.a.api("POST", f"{self.base}/summary", {"step": 2, "text": "A heard"}).json()["id"]
        r = self.a.api("POST", f"{self.base}/end", {"outcome": "apology"})
        self.assertEqual((r.json()["phase"], r.json()["ended_by"]), ("offering", "completed"))
        # Offering: only one's own notes.
        r = self.a.api("POST", f"{self.base}/keep", {"note_ids": [b1]})
        self.assertEqual(r.status_code, 400)
        self.a.api("POST", f"{self.base}/keep", {"note_ids": [a1, a2]})
        r = self.a.api("POST", f"{self.base}/keep", {"note_ids": [a1]})
        self.assertEqual(r.status_code, 409)
        self.b.api("POST", f"{self.base}/keep", {"note_ids": [b1, b2]})
        # Agreeing: each sees the other's offers and accepts some.
        offered = self.b.api("GET", f"{self.base}/notes").json()["offered_to_me"]
        self.assertEqual(sorted(n["id"] for n in offered), sorted([a1, a2]))
        self.b.api("POST", f"{self.base}/keep", {"note_ids": [a1]})
        r = self.a.api("POST", f"{self.base}/keep", {"note_ids": [b1, b2]})
        self.assertEqual(r.json()["phase"], "ended")
        shared = set(
            ConversationNote.objects.filter(visibility=Visibility.SPACE).values_list(
                "pk", flat=True
            )
        )
        self.assertEqual(shared, {a1, b1, b2})
        self.assertEqual(ConversationNote.objects.get(pk=a2).visibility, "private")
        kept = self.b.api("GET", f"{self.base}/notes").json()["kept"]
        self.assertEqual({n["id"] for n in kept}, {a1, b1, b2})
        page = self.b.get(f"/safety/conversations/{self.conv.pk}/")
        self.assertContains(page, "A said")
        self.assertNotContains(page, "A heard")
        self.assertContains(page, "/apologies/new/")
        [tri] = selectors.triage_conversations(self.bob, self.space)
        self.assertEqual(tri.ended_by, "completed")

    def test_other_members_and_spaces_cannot_open_it(self) -> None:
        for user in (self.charlie, self.carol):
            c = self.client_class()
            c.force_login(user)
            self.assertEqual(c.api("GET", self.base).status_code, 404)
            self.assertEqual(c.get(f"/safety/conversations/{self.conv.pk}/").status_code, 404)

    def test_web_wrong_turn_is_409_with_message(self) -> None:
        self.a.form(f"/safety/conversations/{self.conv.pk}/begin/", {"step": 1})
        r = self.b.form(f"/safety/conversations/{self.conv.pk}/turn/", {"step": 1, "text": "Me"})
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, "the other person&#x27;s turn", status_code=409)

    def test_polling_answers_204_when_nothing_changed(self) -> None:
        self.a.api("POST", f"{self.base}/steps", {"step": 1})
        conv = Conversation.objects.get()
        url = f"/safety/conversations/{conv.pk}/state/?v={conv.version}"
        self.assertEqual(self.a.get(url).status_code, 204)
        self.b.api("POST", f"{self.base}/pause", {"minutes": 30})
        r = self.a.get(url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'hx-trigger="every 5s"')
        self.assertContains(r, "Bob has asked for a pause until")


class StartTests(MendTestCase):
    def test_start_rules(self) -> None:
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/safety/conversations"
        self.assertEqual(
            client.api("POST", url, {"partner": self.charlie.pk, "topic": "x"}).status_code, 400
        )
        self.assertEqual(
            client.api("POST", url, {"partner": self.alice.pk, "topic": "x"}).status_code, 400
        )
        hidden = BreachFactory(space=self.space, owner=self.bob, visibility=Visibility.PRIVATE)
        r = client.api("POST", url, {"partner": self.bob.pk, "topic": "x", "breach": hidden.pk})
        self.assertEqual(r.status_code, 400)
        mine = BreachFactory(space=self.space, owner=self.alice)
        r = client.api("POST", url, {"partner": self.bob.pk, "topic": "Money", "breach": mine.pk})
        self.assertEqual(r.status_code, 201, r.content)
        r = client.api("POST", url, {"partner": self.bob.pk, "topic": "Another"})
        self.assertEqual(r.status_code, 409)

    def test_list_query_count(self) -> None:
        client = self.login(self.alice)
        conversation(self.space, self.alice, self.bob)
        with self.assertNumQueries(7):
            client.api("GET", f"/api/v1/spaces/{self.space.pk}/safety/conversations")
        for conv in Conversation.objects.all():
            conv.phase = "ended"
            conv.save()
        for i in range(4):
            c = conversation(self.space, self.bob, self.alice, topic=f"t{i}")
            Conversation.objects.filter(pk=c.pk).update(phase="ended")
        with self.assertNumQueries(7):
            r = client.api("GET", f"/api/v1/spaces/{self.space.pk}/safety/conversations")
        self.assertEqual(len(r.json()), 5)


class DeletionTests(MendTestCase):
    def test_deleting_the_starter_keeps_the_partners_notes(self) -> None:
        conv = conversation(self.space, self.alice, self.bob)
        settle_both(self.space, self.alice, self.bob)
        services.begin_step(conversation=conv, user=self.alice)
        services.submit_turn(conversation=conv, user=self.alice, text="Mine")
        services.submit_summary(conversation=conv, user=self.bob, text="Bob's own words")
        self.alice.delete()
        self.assertEqual(
            list(ConversationNote.objects.filter(owner=self.bob).values_list("text", flat=True)),
            ["Bob's own words"],
        )


class FreeTextHelpTests(MendTestCase):
    """Red-flag phrases in a turn or summary bring private help to the writer only."""

    RED_FLAG = "He pushed me against the wall and I am scared he will hurt me"

    def setUp(self) -> None:
        self.conv = conversation(self.space, self.alice, self.bob)
        settle_both(self.space, self.alice, self.bob)
        self.a = self.login(self.alice)
        self.b = self.client_class()
        self.b.force_login(self.bob)
        self.page = f"/safety/conversations/{self.conv.pk}/"

    def test_writer_of_a_turn_sees_help_and_the_other_does_not(self) -> None:
        self.a.form(f"{self.page}begin/", {"step": 1})
        r = self.a.form(f"{self.page}turn/", {"step": 1, "text": self.RED_FLAG})
        self.assertRedirects(r, self.page, fetch_redirect_response=False)
        mine = self.a.get(self.page)
        self.assertContains(mine, 'id="safety-help-title"')
        self.assertContains(mine, "Only you can see this message.")
        theirs = self.b.get(self.page)
        self.assertNotContains(theirs, 'id="safety-help-title"')
        self.assertNotContains(theirs, "Your safety comes first")
        self.assertNotContains(theirs, "scared he will hurt me")
        # The polled panel carries no help either.
        state = self.b.get(f"{self.page}state/")
        self.assertNotContains(state, "safety-help")

    def test_writer_of_a_summary_sees_help(self) -> None:
        self.a.form(f"{self.page}begin/", {"step": 1})
        self.a.form(f"{self.page}turn/", {"step": 1, "text": "I felt left out."})
        self.assertNotContains(self.a.get(self.page), 'id="safety-help-title"')
        self.b.form(f"{self.page}summary/", {"step": 1, "text": self.RED_FLAG})
        self.assertContains(self.b.get(self.page), 'id="safety-help-title"')
        self.assertNotContains(self.a.get(self.page), 'id="safety-help-title"')
