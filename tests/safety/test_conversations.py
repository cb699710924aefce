"""Repair conversations: the check-in gate, turn-taking, pauses, and keeping notes."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from mend.safety import selectors, services
from mend.safety.models import Conversation, ConversationNote, Step
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.factories import BreachFactory

from .helpers import checkin, conversation, pause, settle_both


class GateTests(MendTestCase):
    """Each person's gate speaks only of them (and of a pause the other chose to share)."""

    def setUp(self) -> None:
        self.conv = conversation(self.space, self.alice, self.bob)
        self.steps = f"/api/v1/safety/conversations/{self.conv.pk}/steps"

    def gate(self, viewer):  # type: ignore[no-untyped-def]
        return (
            self.login(viewer)
            .api("GET", f"/api/v1/safety/conversations/{self.conv.pk}/gate")
            .json()
        )

    def test_my_gate_says_only_whether_i_am_settled(self) -> None:
        g = self.gate(self.alice)
        self.assertFalse(g["ready"])
        self.assertEqual(g["messages"], ["you need a fresh check-in showing you are settled"])
        checkin(self.space, self.alice)
        self.assertEqual(
            self.gate(self.alice),
            {"ready": True, "said_ready": False, "messages": [], "next_step": 1},
        )

    def test_a_step_begins_when_both_said_ready_and_both_are_settled(self) -> None:
        settle_both(self.space, self.alice, self.bob)
        r = self.login(self.alice).api("POST", self.steps, {"step": 1})
        self.assertEqual((r.status_code, r.json()["phase"]), (200, "gate"))
        self.assertTrue(self.gate(self.alice)["said_ready"])
        # Bob learns nothing of what Alice said or did.
        self.assertEqual(
            self.gate(self.bob),
            {"ready": True, "said_ready": False, "messages": [], "next_step": 1},
        )
        r = self.login(self.bob).api("POST", self.steps, {"step": 1})
        self.assertEqual(r.json()["phase"], "speaking")

    def test_a_private_unsettled_check_in_changes_nothing_the_other_person_sees(self) -> None:
        # The scenario: both settled; seconds later Bob checks in at safety 2.
        settle_both(self.space, self.alice, self.bob)
        alice = self.login(self.alice)
        page_url = f"/safety/conversations/{self.conv.pk}/state/"
        before = (self.gate(self.alice), self._panel(alice.get(page_url)))
        checkin(self.space, self.bob, flooded=True)
        self.assertEqual((self.gate(self.alice), self._panel(alice.get(page_url))), before)
        # Saying ready now looks exactly as it would if Bob had never checked in.
        r = alice.api("POST", self.steps, {"step": 1})
        self.assertEqual((r.status_code, r.json()["phase"]), (200, "gate"))
        waiting = self._panel(alice.get(page_url))
        self.assertIn("begins as soon as Bob says they are ready too", waiting)
        # Bob sees only his own state; once he is settled and ready, the step begins.
        self.assertEqual(
            self.gate(self.bob)["messages"], ["you need a fresh check-in showing you are settled"]
        )
        checkin(self.space, self.bob)
        r = self.login(self.bob).api("POST", self.steps, {"step": 1})
        self.assertEqual(r.json()["phase"], "speaking")

    def test_saying_ready_changes_nothing_in_the_other_persons_inbox(self) -> None:
        # The gate keeps "Alice said she is ready" from Bob; his "what needs you" must too (its
        # item for the conversation said "waiting since" the moment she said it).
        settle_both(self.space, self.alice, self.bob)
        before = self.login(self.bob).api("GET", "/api/v1/me/inbox").json()
        self.assertEqual([i["kind"] for i in before["items"]], ["conversation_waiting"])
        r = self.login(self.alice).api("POST", self.steps, {"step": 1})
        self.assertEqual((r.status_code, r.json()["phase"]), (200, "gate"))
        self.assertEqual(self.login(self.bob).api("GET", "/api/v1/me/inbox").json(), before)

    def _panel(self, response):  # type: ignore[no-untyped-def]
        html = response.content.decode()
        # The csrf token differs between requests; the gate's words must not.
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    def test_ready_but_unsettled_does_not_begin(self) -> None:
        settle_both(self.space, self.alice, self.bob)
        self.login(self.bob).api("POST", self.steps, {"step": 1})
        checkin(self.space, self.bob, flooded=True)
        r = self.login(self.alice).api("POST", self.steps, {"step": 1})
        self.assertEqual(r.json()["phase"], "gate")

    def test_old_check_in_does_not_count(self) -> None:
        checkin(self.space, self.alice, at=timezone.now() - timedelta(minutes=31))
        self.assertFalse(self.gate(self.alice)["ready"])
        r = self.login(self.alice).api("POST", self.steps, {"step": 1})
        self.assertEqual(r.status_code, 409)
        self.assertIn("you need a fresh check-in", r.json()["error"]["message"])

    def test_pause_shows_until_when(self) -> None:
        settle_both(self.space, self.alice, self.bob)
        pause(self.space, self.bob, minutes=30)
        msg = self.gate(self.alice)["messages"][0]
        # The day is named too when the pause ends after midnight in her zone.
        self.assertRegex(msg, r"^Bob has asked for a pause until (\w{3} \d\d \w{3} )?\d\d:\d\d$")

    def test_check_in_before_a_pause_is_not_fresh(self) -> None:
        checkin(self.space, self.bob, at=timezone.now() - timedelta(minutes=25))
        p = pause(self.space, self.bob, ago=22)
        services.resume_pause(pause=p, user=self.bob)
        self.assertFalse(self.gate(self.bob)["ready"])
        checkin(self.space, self.bob)
        self.assertTrue(self.gate(self.bob)["ready"])


class FlowTests(MendTestCase):
    def setUp(self) -> None:
        self.conv = conversation(self.space, self.alice, self.bob)
        settle_both(self.space, self.alice, self.bob)
        self.a = self.client_class()
        self.a.force_login(self.alice)
        self.b = self.client_class()
        self.b.force_login(self.bob)
        self.base = f"/api/v1/safety/conversations/{self.conv.pk}"

    def begin(self, step: int, *, first=None, then=None):  # type: ignore[no-untyped-def]
        """Both say they are ready; the second answer is the one that begins the step."""
        (first or self.b).api("POST", f"{self.base}/steps", {"step": step})
        return (then or self.a).api("POST", f"{self.base}/steps", {"step": step})

    def test_turns_are_validated(self) -> None:
        self.assertEqual(self.begin(1).json()["phase"], "speaking")
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
        r = self.begin(2, first=self.a, then=self.b)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["speaker"], self.bob.pk)

    def test_notes_are_private_to_their_writer(self) -> None:
        self.begin(1)
        note = self.a.api("POST", f"{self.base}/turn", {"step": 1, "text": "Secret hurt"}).json()
        self.assertEqual(note["visibility"], "private")
        notes = self.b.api("GET", f"{self.base}/notes").json()
        self.assertEqual(notes["mine"], [])
        self.assertNotIn("Secret hurt", str(notes))
        page = self.b.get(f"/safety/conversations/{self.conv.pk}/")
        self.assertNotContains(page, "Secret hurt")

    def test_pause_mid_step_ends_the_step_and_is_recorded(self) -> None:
        self.begin(1)
        r = self.b.api("POST", f"{self.base}/pause", {"minutes": 30})
        self.assertEqual(r.status_code, 201, r.content)
        conv = Conversation.objects.get()
        self.assertEqual((conv.phase, conv.pause_count), ("gate", 1))
        self.assertEqual(Step.objects.get().result, "paused")
        # Alice cannot start again while Bob is on a pause.
        r = self.begin(2)
        self.assertEqual(r.status_code, 409)
        self.assertIn("Bob has asked for a pause until", r.json()["error"]["message"])
        # Ended while paused: triage sees "paused".
        r = self.a.api("POST", f"{self.base}/end", {"outcome": "counsellor"})
        self.assertEqual(r.json()["ended_by"], "paused")
        [tri] = selectors.triage_conversations(self.alice, self.space)
        self.assertEqual(tri.ended_by, "paused")

    def test_a_general_pause_pauses_a_live_conversation(self) -> None:
        self.begin(1)
        pause(self.space, self.alice)
        conv = Conversation.objects.get()
        self.assertEqual((conv.phase, conv.pause_count), ("gate", 1))

    def test_cannot_end_mid_step(self) -> None:
        self.begin(1)
        r = self.a.api("POST", f"{self.base}/end", {"outcome": "apology"})
        self.assertEqual(r.status_code, 409)

    def test_full_conversation_keeps_only_what_both_agree(self) -> None:
        self.begin(1)
        a1 = self.a.api("POST", f"{self.base}/turn", {"step": 1, "text": "A said"}).json()["id"]
        b1 = self.b.api("POST", f"{self.base}/summary", {"step": 1, "text": "B heard"}).json()["id"]
        self.begin(2, first=self.a, then=self.b)
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
        self.b.form(f"/safety/conversations/{self.conv.pk}/begin/", {"step": 1})
        self.a.form(f"/safety/conversations/{self.conv.pk}/begin/", {"step": 1})
        r = self.b.form(f"/safety/conversations/{self.conv.pk}/turn/", {"step": 1, "text": "Me"})
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, "the other person&#x27;s turn", status_code=409)

    def test_polling_answers_204_when_nothing_changed(self) -> None:
        self.begin(1)
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
        with self.assertNumQueries(4):  # topics are sealed: one query for all owners' keys
            client.api("GET", f"/api/v1/spaces/{self.space.pk}/safety/conversations")
        for conv in Conversation.objects.all():
            conv.phase = "ended"
            conv.save()
        for i in range(4):
            c = conversation(self.space, self.bob, self.alice, topic=f"t{i}")
            Conversation.objects.filter(pk=c.pk).update(phase="ended")
        with self.assertNumQueries(4):  # topics are sealed: one query for all owners' keys
            r = client.api("GET", f"/api/v1/spaces/{self.space.pk}/safety/conversations")
        self.assertEqual(len(r.json()), 5)


class DeletionTests(MendTestCase):
    def test_deleting_the_starter_keeps_the_partners_notes(self) -> None:
        conv = conversation(self.space, self.alice, self.bob)
        settle_both(self.space, self.alice, self.bob)
        services.begin_step(conversation=conv, user=self.bob)
        services.begin_step(conversation=conv, user=self.alice)
        services.submit_turn(conversation=conv, user=self.alice, text="Mine")
        services.submit_summary(conversation=conv, user=self.bob, text="Bob's own words")
        self.alice.delete()
        self.assertEqual(
            [n.text for n in ConversationNote.objects.filter(owner=self.bob)],
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
        self.b.form(f"{self.page}begin/", {"step": 1})
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
        self.b.form(f"{self.page}begin/", {"step": 1})
        self.a.form(f"{self.page}begin/", {"step": 1})
        self.a.form(f"{self.page}turn/", {"step": 1, "text": "I felt left out."})
        self.assertNotContains(self.a.get(self.page), 'id="safety-help-title"')
        self.b.form(f"{self.page}summary/", {"step": 1, "text": self.RED_FLAG})
        self.assertContains(self.b.get(self.page), 'id="safety-help-title"')
        self.assertNotContains(self.a.get(self.page), 'id="safety-help-title"')
