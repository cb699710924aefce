"""Two workers deliver at the same instant: every notification is sent exactly once.

On PostgreSQL each worker claims rows with SELECT … FOR UPDATE SKIP LOCKED and marks them
delivered in the same transaction, so the second finds nothing left to claim. Skipped on
SQLite, which has no row locks to test (Django ignores select_for_update there): a worker's
transaction takes SQLite's write lock at BEGIN IMMEDIATE, so workers run one after the other.
Run it with DATABASE_URL=postgres://… (it passes there).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.core import mail
from django.db import connection
from django.test import TransactionTestCase, override_settings, skipUnlessDBFeature
from django.utils import timezone

from mend.notify import delivery
from mend.notify.models import Notification
from tests.factories import SpaceFactory, UserFactory, add_member


@skipUnlessDBFeature("has_select_for_update_skip_locked")
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class TwoWorkers(TransactionTestCase):
    def test_two_workers_never_send_the_same_message_twice(self) -> None:
        people = [UserFactory(display_name=f"P{i}") for i in range(20)]
        space = SpaceFactory()
        for person in people:
            add_member(space, person)
        for i, person in enumerate(people):
            Notification.objects.create(
                user=person, kind="moment_to_confirm", space=space, object_id=i, path="/"
            )
        mail.outbox = []
        original = delivery._send_email
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def slow_send(*args: Any, **kwargs: Any) -> bool:
            time.sleep(0.01)  # keep the claim open while the other worker tries
            return original(*args, **kwargs)

        def work() -> None:
            try:
                barrier.wait(timeout=10)
                delivery.deliver_due(now=timezone.now())
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        delivery._send_email = slow_send  # type: ignore[assignment]
        try:
            threads = [threading.Thread(target=work) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        finally:
            delivery._send_email = original  # type: ignore[assignment]
        self.assertEqual(errors, [])
        recipients = [m.to[0] for m in mail.outbox]
        self.assertEqual(len(recipients), len(set(recipients)), "someone got two e-mails")
        self.assertEqual(sorted(recipients), sorted(p.email for p in people))
        self.assertFalse(Notification.objects.filter(delivered_at__isnull=True).exists())
