"""Live feedback brings safety help to the writer only; the send page names the counsellor."""

from __future__ import annotations

from django.utils import timezone

from mend.apology.models import Apology
from mend.spaces.models import CounsellorAccess
from tests.apology.helpers import make_apology
from tests.base import MendTestCase

VIOLENT = "I am sorry. He pushed me against the wall again and I am scared he will hurt me."
HELP = "Your safety comes first"


class SafetyHelpInTheStudio(MendTestCase):
    def feedback(self, text: str) -> str:
        response = self.login(self.alice).form(
            f"/spaces/{self.space.pk}/apologies/feedback/", {"text": text}
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_red_flag_words_bring_help_to_the_writer_as_they_type(self) -> None:
        self.assertIn(HELP, self.feedback(VIOLENT))
        self.assertNotIn(HELP, self.feedback("I am sorry I forgot your birthday."))

    def test_the_recipient_never_sees_the_writers_help(self) -> None:
        apology = make_apology(
            self.space, self.alice, self.bob, text=VIOLENT, status=Apology.Status.SENT
        )
        page = self.login(self.bob).get(f"/apologies/{apology.pk}/")
        self.assertContains(page, "scared he will hurt me")
        self.assertNotContains(page, HELP)


class SendPageCounsellor(MendTestCase):
    def test_the_counsellor_with_consent_is_named(self) -> None:
        apology = make_apology(self.space, self.alice, self.bob)
        page = self.login(self.alice).get(f"/apologies/{apology.pk}/send/")
        self.assertContains(page, "Also share it with your counsellor, Carol (counsellor)")
        self.assertNotContains(page, "Only if you have a counsellor")
        response = self.login(self.alice).form(
            f"/apologies/{apology.pk}/send/", {"share_with_counsellor": "on"}
        )
        self.assertEqual(response.status_code, 302)
        apology.refresh_from_db()
        self.assertEqual(apology.visibility, "space_counsellor")

    def test_no_option_without_a_consented_counsellor(self) -> None:
        # bob has not consented to carol.
        apology = make_apology(self.space, self.bob, self.alice)
        page = self.login(self.bob).get(f"/apologies/{apology.pk}/send/")
        self.assertNotContains(page, "share_with_counsellor")
        self.assertNotContains(page, "Also share it with")
        # Withdrawn consent removes it too, and a forged tick shares with no counsellor.
        CounsellorAccess.objects.filter(member=self.alice).update(withdrawn_at=timezone.now())
        mine = make_apology(self.space, self.alice, self.bob)
        client = self.login(self.alice)
        self.assertNotContains(client.get(f"/apologies/{mine.pk}/send/"), "share_with_counsellor")
        client.form(f"/apologies/{mine.pk}/send/", {"share_with_counsellor": "on"})
        mine.refresh_from_db()
        self.assertEqual((mine.status, mine.visibility), ("sent", "space"))
