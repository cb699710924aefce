"""Homework between sessions, and session notes only the counsellor (and maybe staff) read."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.care.models import Homework, HomeworkResponse, Practice, SessionNote
from mend.inbox.selectors import inbox_for
from mend.notify import models as notify_models
from tests.care.base import CareTestCase
from tests.factories import grant_counsellor
from tests.notify.helpers import worker


class HomeworkFlow(CareTestCase):
    def _suggest(self, **extra: object) -> Homework:
        body = {
            "kind": "commitment",
            "title": "Phone-free dinners",
            "instructions": "Try it.",
            **extra,
        }
        r = self.login(self.carol).api("POST", f"/api/v1/spaces/{self.space.pk}/homework", body)
        self.assertEqual(r.status_code, 201, r.content)
        return Homework.objects.get(pk=r.json()["id"])

    def test_an_answer_without_a_choice_or_with_a_note_too_long_is_a_400_saving_nothing(
        self,
    ) -> None:
        hw = self._suggest()
        alice = self.login(self.alice)
        sent = {
            "Choose to accept or decline": {},
            "not one of the available choices": {"answer": "maybe"},
            "at most 500 characters": {"answer": "declined", "note": "x" * 100_000},
            "Null characters are not allowed": {"answer": "declined", "note": "a\x00b"},
        }
        for message, body in sent.items():
            with self.subTest(body=str(body)[:40]):
                r = alice.form(f"/homework/{hw.pk}/answer/", body)
                self.assertContains(r, message, status_code=400)
                self.assertContains(
                    r, f'href="/spaces/{self.space.pk}/counsellor/"', status_code=400
                )
        self.assertFalse(HomeworkResponse.objects.exists())

    def test_members_accept_or_decline_and_the_counsellor_sees_it(self) -> None:
        grant_counsellor(self.space, self.bob, self.carol)
        hw = self._suggest()
        r = self.login(self.bob).api(
            "POST", f"/api/v1/homework/{hw.pk}/decline", {"note": "Not yet"}
        )
        self.assertEqual(r.status_code, 200, r.content)
        r = self.login(self.alice).form(f"/homework/{hw.pk}/answer/", {"answer": "accepted"})
        # a commitment homework leads to the commitments form, prefilled
        self.assertEqual(r.status_code, 302)
        self.assertIn(
            f"/spaces/{self.space.pk}/commitments/new/?what=Phone-free+dinners", r["Location"]
        )
        answers = dict(HomeworkResponse.objects.values_list("member__display_name", "answer"))
        self.assertEqual(answers, {"Alice": "accepted", "Bob": "declined"})
        listed = (
            self.login(self.carol).api("GET", f"/api/v1/spaces/{self.space.pk}/homework").json()
        )
        self.assertEqual(len(listed[0]["responses"]), 2)
        page = self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/").content.decode()
        self.assertIn("Not yet", page)

    def test_homework_for_everyone_reaches_only_members_who_chose_the_counsellor(self) -> None:
        # bob never consented to carol: her homework "for everyone" is not his, anywhere.
        hw = self._suggest(kind="exercise", title="Ten minutes of turning toward")
        notify_models.Notification.objects.all().delete()
        worker()
        bob, alice = self.client_class(), self.client_class()
        bob.force_login(self.bob)
        alice.force_login(self.alice)
        self.assertEqual(bob.api("GET", f"/api/v1/spaces/{self.space.pk}/homework").json(), [])
        page = bob.get(f"/spaces/{self.space.pk}/counsellor/").content.decode()
        self.assertIn("No counsellor sees anything of yours", page)
        self.assertIn("Only a counsellor you chose can suggest homework to you", page)
        self.assertNotIn("Ten minutes of turning toward", page)
        self.assertNotIn("homework", [i.kind for i in inbox_for(self.bob)])
        self.assertFalse(
            notify_models.Notification.objects.filter(user=self.bob, kind="homework").exists()
        )
        self.assertEqual(bob.api("POST", f"/api/v1/homework/{hw.pk}/accept", {}).status_code, 404)
        self.assertEqual(
            bob.form(f"/homework/{hw.pk}/answer/", {"answer": "accepted"}).status_code, 404
        )
        self.assertFalse(HomeworkResponse.objects.exists())
        # alice chose carol: she has it on her page, in what needs her, and as a notification.
        self.assertEqual(
            [h["id"] for h in alice.api("GET", f"/api/v1/spaces/{self.space.pk}/homework").json()],
            [hw.pk],
        )
        self.assertIn(
            "Ten minutes of turning toward",
            alice.get(f"/spaces/{self.space.pk}/counsellor/").content.decode(),
        )
        self.assertIn("homework", [i.kind for i in inbox_for(self.alice)])
        self.assertTrue(
            notify_models.Notification.objects.filter(user=self.alice, kind="homework").exists()
        )
        # Consent is what lets it in, and withdrawing it takes the homework away again.
        access = grant_counsellor(self.space, self.bob, self.carol)
        self.assertEqual(len(bob.api("GET", f"/api/v1/spaces/{self.space.pk}/homework").json()), 1)
        access.withdrawn_at = timezone.now()
        access.save()
        self.assertEqual(bob.api("GET", f"/api/v1/spaces/{self.space.pk}/homework").json(), [])
        # A counsellor alice withdrew from (frank) reaches her with nothing either.
        old = Homework.objects.create(
            space=self.space,
            counsellor=self.frank,
            counsellor_name="Frank",
            kind="exercise",
            title="From before",
        )
        self.assertNotIn(
            old.pk,
            [h["id"] for h in alice.api("GET", f"/api/v1/spaces/{self.space.pk}/homework").json()],
        )

    def test_homework_for_one_member_is_seen_by_that_member_only(self) -> None:
        hw = self._suggest(member=self.alice.pk, kind="questionnaire", title="Take the CSI-4")
        self.assertEqual(
            len(
                self.login(self.alice).api("GET", f"/api/v1/spaces/{self.space.pk}/homework").json()
            ),
            1,
        )
        self.assertEqual(
            self.login(self.bob).api("GET", f"/api/v1/spaces/{self.space.pk}/homework").json(), []
        )
        self.assertEqual(
            self.login(self.bob).api("POST", f"/api/v1/homework/{hw.pk}/accept", {}).status_code,
            404,
        )
        r = self.login(self.alice).form(f"/homework/{hw.pk}/answer/", {"answer": "accepted"})
        self.assertEqual(r["Location"], f"/spaces/{self.space.pk}/self-trust/questionnaires/")

    def test_bad_homework_is_refused(self) -> None:
        url = f"/api/v1/spaces/{self.space.pk}/homework"
        carol = self.login(self.carol)
        # bob does not share with carol: no homework just for him
        r = carol.api("POST", url, {"kind": "exercise", "title": "x", "member": self.bob.pk})
        self.assertEqual(r.status_code, 400)
        r = carol.api("POST", url, {"kind": "exercise", "title": "x\x00"})
        self.assertEqual(r.status_code, 422)
        past = (timezone.localdate() - timedelta(days=1)).isoformat()
        r = carol.api("POST", url, {"kind": "exercise", "title": "x", "due_on": past})
        self.assertEqual(r.status_code, 400)
        r = carol.api("POST", url, {"kind": "dance", "title": "x"})
        self.assertEqual(r.status_code, 422)
        r = self.login(self.alice).api("POST", url, {"kind": "exercise", "title": "x"})
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Homework.objects.exists())

    def test_homework_list_query_count_is_fixed(self) -> None:
        url = f"/api/v1/spaces/{self.space.pk}/homework"
        self._suggest()
        alice, carol = self.client_class(), self.client_class()
        alice.force_login(self.alice)
        carol.force_login(self.carol)
        # One more than before sealing: the space's key for every homework's words.
        with self.assertNumQueries(5):
            alice.api("GET", url)
        with self.assertNumQueries(5):
            carol.api("GET", url)
        for _ in range(4):
            hw = self._suggest()
            self.login(self.alice).api("POST", f"/api/v1/homework/{hw.pk}/accept", {"note": "ok"})
            self.login(self.bob).api("POST", f"/api/v1/homework/{hw.pk}/decline", {})
        # Answer notes are sealed too: one more query, for every member's key at once.
        with self.assertNumQueries(6):
            alice.api("GET", url)
        with self.assertNumQueries(6):
            carol.api("GET", url)


class Notes(CareTestCase):
    def _note(self, text: str = "Alice feels unheard.") -> int:
        r = self.login(self.carol).api(
            "POST",
            f"/api/v1/spaces/{self.space.pk}/notes",
            {"text": text, "session_on": "2026-01-05"},
        )
        self.assertEqual(r.status_code, 201, r.content)
        return int(r.json()["id"])

    def test_notes_are_encrypted_at_rest_and_read_back(self) -> None:
        pk = self._note("Secret clinical impression")
        stored = bytes(SessionNote.objects.get(pk=pk).ciphertext)
        self.assertNotIn(b"Secret clinical", stored)
        r = self.login(self.carol).api("GET", f"/api/v1/notes/{pk}")
        self.assertEqual(r.json()["text"], "Secret clinical impression")
        r = self.login(self.carol).api("PUT", f"/api/v1/notes/{pk}", {"text": "Changed"})
        self.assertEqual(r.json()["text"], "Changed")
        page = (
            self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/notes/").content.decode()
        )
        self.assertIn("Changed", page)

    def test_a_note_copied_onto_another_row_does_not_decrypt(self) -> None:
        first, second = self._note("one"), self._note("two")
        blob = SessionNote.objects.get(pk=first).ciphertext
        SessionNote.objects.filter(pk=second).update(ciphertext=blob)
        # The authenticated encryption refuses it (503 "cannot be opened", never the wrong text).
        r = self.login(self.carol).api("GET", f"/api/v1/notes/{second}")
        self.assertEqual(r.status_code, 503)
        self.assertNotIn(b"one", r.content)

    def test_members_and_other_counsellors_never_read_notes(self) -> None:
        pk = self._note()
        for who in (self.alice, self.bob, self.dave, self.erin, self.charlie, self.pat):
            self.assertEqual(
                self.login(who).api("GET", f"/api/v1/notes/{pk}").status_code, 404, who
            )
            self.assertEqual(self.login(who).get(f"/caseload/notes/{pk}/").status_code, 404, who)

    def test_practice_staff_read_only_when_the_policy_says_so(self) -> None:
        pk = self._note("Policy-dependent")
        Practice.objects.filter(pk=self.practice.pk).update(staff_may_read_notes=True)
        pat = self.login(self.pat)
        self.assertEqual(pat.api("GET", f"/api/v1/notes/{pk}").json()["text"], "Policy-dependent")
        self.assertIn("Policy-dependent", pat.get(f"/caseload/notes/{pk}/").content.decode())
        self.assertEqual(pat.api("PUT", f"/api/v1/notes/{pk}", {"text": "x"}).status_code, 403)
        self.assertEqual(pat.api("DELETE", f"/api/v1/notes/{pk}").status_code, 403)
        self.assertIn(
            "Policy-dependent",
            pat.get("/practice/inbox/").content.decode()
            + pat.get(f"/caseload/notes/{pk}/").content.decode(),
        )

    def test_notes_end_with_consent_and_can_be_deleted(self) -> None:
        pk = self._note()
        carol = self.login(self.carol)
        self.assertEqual(carol.api("DELETE", f"/api/v1/notes/{pk}").status_code, 204)
        self.assertFalse(SessionNote.objects.filter(pk=pk).exists())
        pk = self._note()
        self.alice.counsellor_grants.update(withdrawn_at=timezone.now())
        self.assertEqual(carol.api("GET", f"/api/v1/notes/{pk}").status_code, 404)

    def test_bad_notes_are_refused_and_nothing_is_saved(self) -> None:
        url = f"/api/v1/spaces/{self.space.pk}/notes"
        carol = self.login(self.carol)
        self.assertEqual(carol.api("POST", url, {"text": "a\x00b"}).status_code, 422)
        self.assertEqual(carol.api("POST", url, {"text": "   "}).status_code, 422)
        self.assertEqual(carol.api("POST", url, {"text": "x" * 10001}).status_code, 422)
        r = carol.form(f"/caseload/spaces/{self.space.pk}/notes/", {"text": "a\x00b"})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(SessionNote.objects.exists())

    def test_note_list_query_count_is_fixed(self) -> None:
        url = f"/api/v1/spaces/{self.space.pk}/notes"
        self._note()
        carol = self.client_class()
        carol.force_login(self.carol)
        with self.assertNumQueries(4):
            carol.api("GET", url)
        for i in range(5):
            self._note(f"note {i}")
        with self.assertNumQueries(4):
            carol.api("GET", url)
