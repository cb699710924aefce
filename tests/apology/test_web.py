"""The studio pages: compose with live feedback, explicit send, the recipient's page and answer."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from mend.apology.models import Apology
from mend.spaces.visibility import Visibility
from tests.apology.helpers import GENUINE, NON_APOLOGY, VERDICT_WORDS, make_apology
from tests.base import MendTestCase
from tests.factories import BreachFactory


class Studio(MendTestCase):
    def test_studio_lists_drafts_sent_and_received(self) -> None:
        make_apology(self.space, self.alice, self.bob, text="Draft to Bob about the car.")
        make_apology(
            self.space, self.alice, self.bob, text="Sent to Bob.", status=Apology.Status.SENT
        )
        make_apology(
            self.space, self.bob, self.alice, text="From Bob to me.", status=Apology.Status.SENT
        )
        make_apology(self.space, self.bob, self.alice, text="Bob's secret draft.")
        page = self.login(self.alice).get(f"/spaces/{self.space.pk}/apologies/")
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        drafts, sent, received = (
            html[html.index('id="drafts"') : html.index('id="sent"')],
            html[html.index('id="sent"') : html.index('id="received"')],
            html[html.index('id="received"') :],
        )
        self.assertIn("Draft to Bob about the car.", drafts)
        self.assertIn("Sent to Bob.", sent)
        self.assertIn("From Bob to me.", received)
        self.assertNotIn("Bob&#x27;s secret draft", html)
        self.assertNotIn("secret draft", html)
        self.assertIn(f'href="/spaces/{self.space.pk}/apologies/"', html)  # the space nav

    def test_studio_query_count_does_not_grow(self) -> None:
        client = self.login(self.alice)
        url = f"/spaces/{self.space.pk}/apologies/"
        make_apology(self.space, self.bob, self.alice, status=Apology.Status.SENT)
        # +1 since apology texts are sealed: one query for every owner's key.
        with self.assertNumQueries(5) as first:
            client.get(url)
        for _ in range(6):
            make_apology(self.space, self.alice, self.bob)
            make_apology(self.space, self.alice, self.bob, status=Apology.Status.SENT)
            make_apology(self.space, self.bob, self.alice, status=Apology.Status.NEED_MORE)
        with self.assertNumQueries(len(first.captured_queries)):
            client.get(url)


class Compose(MendTestCase):
    def test_compose_page_wires_debounced_live_feedback(self) -> None:
        page = self.login(self.alice).get(f"/spaces/{self.space.pk}/apologies/new/")
        html = page.content.decode()
        self.assertIn(f'hx-post="/spaces/{self.space.pk}/apologies/feedback/"', html)
        self.assertIn('hx-trigger="load, input changed delay:600ms"', html)
        self.assertIn('hx-target="#feedback"', html)
        self.assertIn("never the feedback", html)  # says what the recipient will see

    def test_breach_prefills_the_recipient(self) -> None:
        breach = BreachFactory(
            space=self.space,
            owner=self.bob,
            other_person=self.alice,
            visibility=Visibility.SPACE,
            title="The car",
        )
        # alice is "responsible": the breach's other person is herself, so no recipient prefill;
        # her own breach naming bob prefills bob.
        mine = BreachFactory(space=self.space, owner=self.alice, other_person=self.bob)
        client = self.login(self.alice)
        html = client.get(f"/spaces/{self.space.pk}/apologies/new/?breach={breach.pk}").content
        self.assertIn(f'<option value="{breach.pk}" selected>'.encode(), html)
        html = client.get(f"/spaces/{self.space.pk}/apologies/new/?breach={mine.pk}").content
        self.assertIn(f'<option value="{self.bob.pk}" selected>'.encode(), html)

    def test_save_draft_is_private_and_explicit(self) -> None:
        client = self.login(self.alice)
        response = client.form(
            f"/spaces/{self.space.pk}/apologies/new/",
            {"text": GENUINE, "recipient": self.bob.pk},
        )
        self.assertEqual(response.status_code, 302)
        apology = Apology.objects.get()
        self.assertEqual((apology.status, apology.visibility), ("draft", "private"))
        self.assertEqual(apology.recipient, self.bob)
        self.assertIsNone(apology.sent_at)

    def test_hidden_breach_cannot_be_attached(self) -> None:
        hidden = BreachFactory(space=self.space, owner=self.bob, visibility=Visibility.PRIVATE)
        response = self.login(self.alice).form(
            f"/spaces/{self.space.pk}/apologies/new/", {"text": GENUINE, "breach": hidden.pk}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Apology.objects.count(), 0)

    def test_bad_text_is_refused_with_a_message(self) -> None:
        client = self.login(self.alice)
        for text in ["", "   ", "x" * 5001, "sorry\x00"]:
            with self.subTest(text=text[:10]):
                response = client.form(f"/spaces/{self.space.pk}/apologies/new/", {"text": text})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "errorlist", status_code=400)
        self.assertEqual(Apology.objects.count(), 0)

    def test_edit_then_review_before_sending(self) -> None:
        apology = make_apology(self.space, self.alice, self.bob, text="I am sorry.")
        client = self.login(self.alice)
        response = client.form(
            f"/apologies/{apology.pk}/edit/",
            {"text": GENUINE, "recipient": self.bob.pk, "send": "1"},
        )
        self.assertRedirects(response, f"/apologies/{apology.pk}/send/")
        apology.refresh_from_db()
        self.assertEqual((apology.text, apology.status), (GENUINE, "draft"))

    def test_discard_draft(self) -> None:
        apology = make_apology(self.space, self.alice, self.bob)
        self.login(self.alice).form(f"/apologies/{apology.pk}/discard/")
        self.assertFalse(Apology.objects.exists())


class LiveFeedback(MendTestCase):
    def feedback(self, text: str, **extra: str) -> str:
        response = self.login(self.alice).form(
            f"/spaces/{self.space.pk}/apologies/feedback/", {"text": text, **extra}
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def part(self, html: str, key: str) -> str:
        match = re.search(rf'data-part="{key}" data-present="(true|false)"', html)
        assert match, html
        return match.group(1)

    def test_commitment_becomes_ticked(self) -> None:
        before = self.feedback("I am sorry I lied to you about the money.")
        self.assertEqual(self.part(before, "commitment"), "false")
        self.assertEqual(self.part(before, "regret"), "true")
        after = self.feedback(
            "I am sorry I lied to you about the money. From now on I will tell you the truth."
        )
        self.assertEqual(self.part(after, "commitment"), "true")
        self.assertIn("You have named what you did — that matters.", after)

    def test_flags_have_advice_and_no_score_is_shown(self) -> None:
        html = self.feedback(NON_APOLOGY)
        self.assertIn('data-flag="conditional"', html)
        self.assertIn('class="hl hl--flag"', html)
        self.assertNotIn("score", html.lower())
        self.assertNotIn("non_apology", html)
        self.assertNotIn("verdict", html.lower())
        self.assertIn('hx-swap-oob="true"', html)  # the short live-region summary

    def test_user_text_is_escaped_in_the_highlight(self) -> None:
        html = self.feedback('I am sorry <script>alert("x")</script> I lied. <b>bold</b>')
        self.assertNotIn("<script>", html)
        self.assertNotIn("<b>bold", html)
        self.assertIn("&lt;script&gt;", html)

    def test_problems_are_shown_not_raised(self) -> None:
        for text, words in [
            ("", "empty"),
            ("x" * 5001, "5000"),
            ("Je suis vraiment désolé, je ne voulais pas te blesser, pardonne-moi.", "English"),
            ("sorry\x00", "control characters"),
        ]:
            with self.subTest(text=text[:10]):
                html = self.feedback(text)
                self.assertIn('data-feedback="problem"', html)
                self.assertIn(words, html)

    def test_commitment_link_only_when_commitments_app_has_a_create_form(self) -> None:
        from mend.apology.feedback import commitment_link

        html = self.feedback(
            "I am sorry I lied. From now on I will tell you the truth.", recipient=str(self.bob.pk)
        )
        self.assertIn("From now on I will tell you the truth.", html)
        link = commitment_link(space_id=self.space.pk, what="x", to=None)
        if link is None:
            self.assertNotIn("Track this as a commitment", html)
            return
        self.assertIn("Track this as a commitment", html)
        self.assertIn("what=From+now+on+I+will+tell+you+the+truth.", html)
        self.assertIn(f"to={self.bob.pk}", html)


class SendAndRespond(MendTestCase):
    def test_send_needs_an_explicit_confirmation(self) -> None:
        apology = make_apology(self.space, self.alice, self.bob)
        client = self.login(self.alice)
        page = client.get(f"/apologies/{apology.pk}/send/")
        self.assertContains(page, "This is exactly what Bob will read")
        self.assertContains(page, "never the studio")
        self.assertContains(page, "Send it now")
        apology.refresh_from_db()
        self.assertEqual(apology.status, "draft")  # looking at the page sends nothing
        response = client.form(f"/apologies/{apology.pk}/send/")
        self.assertRedirects(response, f"/apologies/{apology.pk}/")
        apology.refresh_from_db()
        self.assertEqual((apology.status, apology.visibility), ("sent", "space"))

    def test_recipient_page_shows_text_and_choices_but_no_grade(self) -> None:
        apology = make_apology(
            self.space, self.alice, self.bob, text=NON_APOLOGY, status=Apology.Status.SENT
        )
        page = self.login(self.bob).get(f"/apologies/{apology.pk}/")
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn("I&#x27;m sorry if you felt hurt", html)
        for choice in ("Received, thank you", "I need more", "Not ready to talk yet"):
            self.assertIn(choice, html)
        body = html.replace("I&#x27;m sorry if you felt hurt, but you overreacted.", "")
        for word in VERDICT_WORDS:
            self.assertNotIn(word.lower(), body.lower(), word)

    def test_recipient_answers_and_the_writer_sees_it(self) -> None:
        apology = make_apology(self.space, self.alice, self.bob, status=Apology.Status.SENT)
        client = self.login(self.bob)
        response = client.form(
            f"/apologies/{apology.pk}/respond/",
            {"response": "need_more", "note": "Say what you will do about the cards."},
        )
        self.assertRedirects(response, f"/apologies/{apology.pk}/")
        again = client.form(f"/apologies/{apology.pk}/respond/", {"response": "received"})
        self.assertEqual(again.status_code, 409)
        writer = self.login(self.alice).get(f"/apologies/{apology.pk}/")
        self.assertContains(writer, "I need more")
        self.assertContains(writer, "Say what you will do about the cards.")
        self.assertContains(writer, "Write a fuller apology")

    def test_a_refused_answer_comes_back_with_the_note_and_why(self) -> None:
        apology = make_apology(self.space, self.alice, self.bob, status=Apology.Status.SENT)
        client = self.login(self.bob)
        path = f"/apologies/{apology.pk}/respond/"
        for sent, why in (
            ({"note": "Say what you will do."}, "Choose one of the three answers."),
            ({"response": "maybe", "note": "Say what you will do."}, "Choose one of the three"),
            ({"response": "received", "note": "Say what you will do."}, "I need more"),
        ):
            with self.subTest(sent=sent):
                page = client.form(path, sent)
                self.assertEqual(page.status_code, 400)
                self.assertContains(page, why, status_code=400)
                # What she wrote is still there to send again, on the apology's own page.
                self.assertContains(page, "Say what you will do.", status_code=400)
                self.assertContains(page, "Send my answer", status_code=400)
        apology.refresh_from_db()
        self.assertEqual(apology.status, Apology.Status.SENT)
        self.assertEqual(apology.response_note, "")

    def test_fuller_apology_starts_from_the_first(self) -> None:
        apology = make_apology(self.space, self.alice, self.bob, status=Apology.Status.NEED_MORE)
        page = self.login(self.alice).get(
            f"/spaces/{self.space.pk}/apologies/new/?from={apology.pk}"
        )
        self.assertContains(page, "I am so sorry I hid the debt from you.")
        # Someone else's apology cannot be used as a starting point.
        theirs = make_apology(
            self.space, self.bob, self.alice, text="Bob's words", status=Apology.Status.SENT
        )
        page = self.login(self.alice).get(
            f"/spaces/{self.space.pk}/apologies/new/?from={theirs.pk}"
        )
        self.assertNotContains(page, "Bob&#x27;s words")

    def test_writer_sees_commitment_sentences_after_sending(self) -> None:
        apology = make_apology(self.space, self.alice, self.bob, status=Apology.Status.SENT)
        page = self.login(self.alice).get(f"/apologies/{apology.pk}/")
        self.assertContains(page, "From now on I will show you every statement each month.")
        recipient = self.login(self.bob).get(f"/apologies/{apology.pk}/")
        self.assertNotContains(recipient, "Make your commitment trackable")


class Demo(MendTestCase):
    def test_demo_extension(self) -> None:
        from mend.apology.demo import extend
        from mend.domain.apology import analyze
        from mend.spaces.models import Breach

        breach = BreachFactory(
            space=self.space, owner=self.bob, other_person=self.alice, visibility=Visibility.SPACE
        )
        start = timezone.now() - timedelta(days=90)
        extend(space=self.space, people=[self.alice, self.bob], start=start, days=90)
        first, fuller = Apology.objects.order_by("created_at")
        self.assertEqual((first.status, fuller.status), ("need_more", "received"))
        self.assertTrue(first.response_note)
        self.assertEqual(first.breach, breach)
        self.assertLess(first.sent_at, start + timedelta(days=10))
        self.assertLess(first.sent_at, fuller.sent_at)
        self.assertLess(fuller.responded_at, timezone.now())
        self.assertEqual(analyze(first.text)["verdict"], "genuine")
        self.assertEqual(analyze(fuller.text)["verdict"], "genuine")
        self.assertTrue(Breach.objects.exists())
