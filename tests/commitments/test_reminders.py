"""`mend send-reminders`: who is reminded of what, once, and with nothing private in it."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mend.commitments import services
from mend.commitments.models import Occurrence
from tests.base import MendTestCase
from tests.commitments.helpers import CONCRETE, first_occurrence, make_commitment


def run(*args: str) -> str:
    out = StringIO()
    call_command("send-reminders", *args, stdout=out)
    return out.getvalue()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class ReminderTests(MendTestCase):
    def test_due_reminder_once(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        output = run()
        self.assertIn("Due soon: 1 occurrence(s), 1 e-mail(s).", output)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [self.alice.email])
        self.assertIn(CONCRETE, message.body)
        self.assertIn("gentle reminder", message.body)
        due = Occurrence.objects.get(commitment=c, reminded_at__isnull=False)
        self.assertGreater(due.due_at, timezone.now())
        self.assertLess(due.due_at, timezone.now() + timedelta(hours=24))
        run()
        self.assertEqual(len(mail.outbox), 1, "a second run sends nothing")

    def test_hours_option(self) -> None:
        make_commitment(self.space, self.alice, self.bob)
        run("--hours", "1")
        self.assertEqual(len(mail.outbox), 0)  # the next one is 21 hours away

    def test_recipient_reminded_of_waiting_report_without_notes(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        o = first_occurrence(c)
        services.report_occurrence(
            occurrence=o, user=self.alice, outcome="kept", note="a private detail of my evening"
        )
        run("--base-url", "https://mend.example.org")
        to_bob = [m for m in mail.outbox if m.to == [self.bob.email]]
        self.assertEqual(len(to_bob), 1)
        self.assertIn("Alice noted how", to_bob[0].body)
        self.assertIn(f"https://mend.example.org/commitments/{c.pk}/", to_bob[0].body)
        for message in mail.outbox:
            self.assertNotIn("private detail", message.body)
        run()
        self.assertEqual(len([m for m in mail.outbox if m.to == [self.bob.email]]), 1)

    def test_private_commitment_never_reaches_the_partner(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob, visibility="private")
        services.report_occurrence(occurrence=first_occurrence(c), user=self.alice, outcome="kept")
        run()
        self.assertFalse([m for m in mail.outbox if self.bob.email in m.to])

    def test_paused_commitment_is_not_reminded(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        services.pause_commitment(commitment=c, user=self.alice)
        run()
        self.assertEqual(len(mail.outbox), 0)
