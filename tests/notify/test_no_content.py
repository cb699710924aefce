"""No e-mail or push ever carries a record's content: someone else may read the inbox or see
the lock screen. Every kind of record is made with a marker in each field a person writes (and
the other person's name, the kind of moment, the commitment's title, the space's name), the
worker delivers everything, and no message contains any of them."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from mend.apology.models import Apology
from mend.care import services as care_services
from mend.commitments import services as commitment_services
from mend.commitments.models import Occurrence
from mend.ledger import services as ledger_services
from mend.notify import services as notify_services
from mend.notify.models import Notification
from mend.safety import services as safety_services
from tests.apology.helpers import make_apology
from tests.base import MendTestCase
from tests.commitments.helpers import first_occurrence, make_commitment
from tests.ledger.helpers import self_report
from tests.notify.helpers import captured_pushes, subscribe, worker
from tests.safety.helpers import checkin, pause

MARK = "ZQXMARK"


def marked(field: str) -> str:
    return f"{MARK}-{field}"


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class NothingLeavesByEmailOrPush(MendTestCase):
    def setUp(self) -> None:
        self.space.name = marked("space-name")
        self.space.save(update_fields=["name"])
        for person in (self.alice, self.bob):
            subscribe(person)

    def make_every_kind_of_record(self) -> None:
        a, b, space = self.alice, self.bob, self.space
        self_report(space, a, b, note=marked("moment-note"))
        disputed = self_report(space, b, a, note=marked("moment-note-2"))
        ledger_services.dispute_moment(moment_id=disputed.pk, user=a, note=marked("dispute-note"))
        ledger_services.create_disclosure(
            space=space, owner=a, kind="change", text=marked("disclosure")
        )
        make_apology(
            space, a, b, text=marked("apology") + " I am sorry.", status=Apology.Status.SENT
        )
        commitment = make_commitment(
            space, a, b, what=marked("commitment-what"), how_known=marked("commitment-how")
        )
        occurrence = first_occurrence(commitment)
        commitment_services.report_occurrence(
            occurrence=occurrence, user=a, outcome="kept", note=marked("report-note")
        )
        second = make_commitment(space, b, a, what=marked("second-what"))
        o2 = first_occurrence(second)
        commitment_services.report_occurrence(occurrence=o2, user=b, outcome="kept")
        commitment_services.dispute_occurrence(
            occurrence=o2, user=a, note=marked("occurrence-dispute")
        )
        third = make_commitment(space, a, b, what=marked("unreported-what"))
        Occurrence.objects.filter(pk=first_occurrence(third).pk).update(
            due_at=timezone.now() - timedelta(hours=30)
        )
        care_services.suggest_homework(
            space=space,
            counsellor=self.carol,
            kind="exercise",
            title=marked("homework-title"),
            instructions=marked("homework-text"),
            member=a,
        )
        checkin(space, a)
        safety_services.start_conversation(
            space=space, starter=a, partner=b, topic=marked("conversation-topic")
        )
        ended = pause(space, b, minutes=30, ago=40)
        safety_services.resume_pause(pause=ended, user=b)
        pause(space, a, minutes=30)

    def test_no_email_or_push_body_contains_any_record_content(self) -> None:
        self.make_every_kind_of_record()
        with captured_pushes() as pushes:
            worker()
        kinds = set(Notification.objects.values_list("kind", flat=True))
        self.assertTrue(
            {
                "moment_to_confirm",
                "moment_disputed",
                "disclosure_to_acknowledge",
                "apology_to_answer",
                "occurrence_to_confirm",
                "occurrence_disputed",
                "occurrence_unreported",
                "homework",
                "conversation_waiting",
                "partner_pause",
                "partner_back",
                "commitment_due",
            }
            <= kinds,
            kinds,
        )
        self.assertGreaterEqual(len(mail.outbox), 2)
        self.assertGreaterEqual(len(pushes), 2)
        forbidden = [MARK, "turned_toward", "Turned toward", "Alice", "Bob", "Carol", "sorry"]
        forbidden += ["@example.test", "@counsel.test"]
        for message in mail.outbox:
            text = message.subject + "\n" + message.body
            for word in forbidden:
                self.assertNotIn(word, text, f"an e-mail to {message.to} carries {word!r}")
            self.assertIn("/notifications/", message.body)
        for _, payload in pushes:
            text = str(payload)
            for word in forbidden:
                self.assertNotIn(word, text)

    def test_the_space_name_appears_only_when_the_person_allows_it(self) -> None:
        self.make_every_kind_of_record()
        notify_services.save_preferences(
            user=self.bob,
            muted={},
            email_on=True,
            quiet_start=None,
            quiet_end=None,
            daily_digest=False,
            digest_hour=8,
            name_space=True,
        )
        with captured_pushes() as pushes:
            worker()
        to_bob = [m for m in mail.outbox if m.to == [self.bob.email]]
        to_alice = [m for m in mail.outbox if m.to == [self.alice.email]]
        self.assertIn(marked("space-name"), to_bob[0].body)
        self.assertNotIn(MARK, to_alice[0].body)
        bob_push = [p for e, p in pushes if f"/{self.bob.pk}/" in e]
        self.assertIn(marked("space-name"), bob_push[0]["body"])
