"""The worker: what waits becomes one notification (however often it runs), an answered thing
is never sent, and each person's choices — channels per kind, quiet hours in their own zone,
a daily digest — decide what is sent and when."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from io import StringIO
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mend.inbox.selectors import inbox_for
from mend.ledger import services as ledger_services
from mend.notify import services
from mend.notify.models import Notification, PushSubscription
from mend.safety import services as safety_services
from tests.base import MendTestCase
from tests.commitments.helpers import make_commitment
from tests.ledger.helpers import self_report
from tests.notify.helpers import captured_pushes, subscribe, worker
from tests.safety.helpers import checkin


def inbox_kinds(user: Any) -> list[str]:
    return [i.kind for i in inbox_for(user)]


def prefs(user: Any, **changes: Any) -> None:
    choice: dict[str, Any] = {
        "muted": {},
        "email_on": True,
        "quiet_start": None,
        "quiet_end": None,
        "daily_digest": False,
        "digest_hour": 8,
        "name_space": False,
    }
    choice.update(changes)
    services.save_preferences(user=user, **choice)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class Delivery(MendTestCase):
    def moment(self, to: Any = None) -> Any:
        return self_report(self.space, self.alice, (to or self.bob))

    def to(self, user: Any) -> list[Any]:
        return [m for m in mail.outbox if m.to == [user.email]]

    def test_collecting_twice_creates_nothing_and_sends_once(self) -> None:
        self.moment()
        worker()
        worker()
        [n] = Notification.objects.filter(user=self.bob)
        self.assertEqual(n.kind, "moment_to_confirm")
        self.assertIsNotNone(n.emailed_at)
        self.assertEqual(len(self.to(self.bob)), 1)
        self.assertEqual(self.to(self.alice), [])

    def test_a_conversation_waiting_again_at_its_next_step_is_told_again(self) -> None:
        conv = safety_services.start_conversation(
            space=self.space, starter=self.alice, partner=self.bob, topic="The phone"
        )
        worker()
        self.assertEqual(len(self.to(self.bob)), 1)
        checkin(self.space, self.bob)
        safety_services.begin_step(conversation=conv, user=self.bob)
        worker()  # Bob said he is ready: nothing waits for him now
        self.assertIsNotNone(Notification.objects.get(user=self.bob).resolved_at)
        checkin(self.space, self.alice)
        safety_services.begin_step(conversation=conv, user=self.alice)
        safety_services.submit_turn(conversation=conv, user=self.alice, text="My piece.")
        self.assertEqual(inbox_kinds(self.bob), ["conversation_waiting"])  # summarise it
        worker()
        self.assertIsNone(Notification.objects.get(user=self.bob).resolved_at)
        self.assertEqual(len(self.to(self.bob)), 2, "told again at the next step")
        worker()
        self.assertEqual(len(self.to(self.bob)), 2, "and only once")

    def test_an_answered_thing_is_never_sent(self) -> None:
        moment = self.moment()
        prefs(self.bob, quiet_start=time(0, 0), quiet_end=time(23, 59))
        worker()  # collected in quiet hours: waits
        ledger_services.confirm_moment(moment_id=moment.pk, user=self.bob)
        prefs(self.bob)
        worker()
        n = Notification.objects.get(user=self.bob)
        self.assertIsNotNone(n.resolved_at)
        self.assertIsNotNone(n.delivered_at)
        self.assertIsNone(n.emailed_at)
        self.assertEqual(self.to(self.bob), [])

    def test_quiet_hours_follow_the_persons_own_clock(self) -> None:
        self.bob.time_zone = "Pacific/Auckland"
        self.bob.save(update_fields=["time_zone"])
        prefs(self.bob, quiet_start=time(22, 0), quiet_end=time(7, 0))
        self.moment()
        # 12:00 UTC is 01:00 in Auckland (summer time): quiet, over midnight.
        noon_utc = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
        worker(noon_utc)
        self.assertEqual(self.to(self.bob), [])
        held = Notification.objects.get(user=self.bob)
        self.assertIsNone(held.delivered_at)
        # Held until 07:00 in Auckland (18:00 UTC), so the queue does not keep retrying it.
        self.assertEqual(held.not_before, noon_utc.replace(hour=18))
        # 20:00 UTC is 09:00 there: it is sent.
        worker(noon_utc + timedelta(hours=8))
        self.assertEqual(len(self.to(self.bob)), 1)

    def test_a_channel_turned_off_for_a_kind(self) -> None:
        prefs(self.bob, muted={"email": ["moment_to_confirm"], "in_app": ["moment_to_confirm"]})
        subscribe(self.bob)
        self.moment()
        with captured_pushes() as pushes:
            worker()
        self.assertEqual(self.to(self.bob), [])
        self.assertEqual(len(pushes), 1, "push was left on for this kind")
        page = self.login(self.bob).get("/notifications/")
        self.assertContains(page, "Nothing yet")

    def test_email_off_altogether(self) -> None:
        prefs(self.bob, email_on=False)
        self.moment()
        worker()
        self.assertEqual(mail.outbox, [])

    def test_the_daily_digest_sends_one_email_at_the_chosen_hour(self) -> None:
        prefs(self.bob, daily_digest=True, digest_hour=18)
        day = datetime(2026, 12, 3, tzinfo=UTC)
        self.moment()
        self.moment()
        worker(day.replace(hour=9))
        self.assertEqual(self.to(self.bob), [], "kept for the digest")
        self.assertEqual(Notification.objects.filter(user=self.bob, in_digest=True).count(), 2)
        worker(day.replace(hour=18, minute=5))
        [digest] = self.to(self.bob)
        self.assertEqual(digest.subject, "Mend: your daily summary")
        self.assertIn("2 things are waiting for you", digest.body)
        self.moment()
        worker(day.replace(hour=19))
        self.assertEqual(len(self.to(self.bob)), 1, "one digest a day")
        worker(day.replace(hour=18) + timedelta(days=1))
        self.assertEqual(len(self.to(self.bob)), 2)
        self.assertIn("Something is waiting for you", self.to(self.bob)[1].body)

    def test_push_is_off_until_the_person_turns_it_on(self) -> None:
        self.moment()
        with captured_pushes() as pushes:
            worker()
        self.assertEqual(pushes, [])

    @override_settings(MEND_PUSH=False)
    def test_a_deployment_can_turn_push_off(self) -> None:
        subscribe(self.bob)
        self.moment()
        with captured_pushes() as pushes:
            worker()
        self.assertEqual(pushes, [])
        page = self.login(self.bob).get("/notifications/settings/")
        self.assertContains(page, "Push messages are turned off on this Mend")

    def test_a_browser_that_went_away_is_forgotten(self) -> None:
        subscribe(self.bob)
        self.moment()
        from unittest import mock

        with mock.patch("mend.notify.push.send", return_value=False):
            worker()
        self.assertFalse(PushSubscription.objects.filter(user=self.bob).exists())

    def test_a_reminder_before_a_commitment_is_due_has_no_title(self) -> None:
        make_commitment(self.space, self.alice, self.bob, what="I walk the dog at seven")
        worker()
        [reminder] = Notification.objects.filter(user=self.alice, kind="commitment_due")
        self.assertIsNotNone(reminder.emailed_at)
        [email] = self.to(self.alice)
        self.assertNotIn("dog", email.body)
        self.assertEqual(email.subject, "Mend: something is waiting for you")

    def test_worker_once_prints_the_emails_that_are_due(self) -> None:
        self.moment()
        out = StringIO()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
            import sys
            from unittest import mock

            with mock.patch.object(sys, "stdout", out):
                call_command("worker", "--once", stdout=out)
        text = out.getvalue()
        self.assertIn("Subject: Mend: something is waiting for you", text)
        self.assertIn("To: bob@example.test", text)
        self.assertIn("Notifications: 1 new, 1 e-mail(s)", text)
        out2 = StringIO()
        call_command("send-reminders", stdout=out2)
        self.assertEqual(out2.getvalue(), "", "nothing new the second time")
