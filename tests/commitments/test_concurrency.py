"""Two people answer one report at the same instant: exactly one wins, the other gets 409.

Runs on PostgreSQL (select_for_update); skipped on SQLite, which serialises writers anyway.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from django.db import connection
from django.test import TransactionTestCase, skipUnlessDBFeature
from django.utils import timezone

from mend.commitments import occurrences, services
from mend.commitments.models import Occurrence
from mend.core.exceptions import DomainError
from tests.commitments.helpers import make_commitment
from tests.factories import SpaceFactory, UserFactory, add_member


@skipUnlessDBFeature("has_select_for_update")
class ConcurrentAnswerTests(TransactionTestCase):
    def test_confirm_and_dispute_at_once(self) -> None:
        alice = UserFactory(display_name="Alice")
        bob = UserFactory(display_name="Bob")
        space = SpaceFactory()
        add_member(space, alice)
        add_member(space, bob)
        commitment = make_commitment(
            space, alice, bob, rrule=None, start=timezone.now() - timedelta(hours=1)
        )
        occurrences.materialise_due(timezone.now())
        occurrence = Occurrence.objects.get(commitment=commitment)
        services.report_occurrence(occurrence=occurrence, user=alice, outcome="kept")

        barrier = threading.Barrier(2)
        results: list[str] = []
        lock = threading.Lock()

        def answer(service: object) -> None:
            try:
                barrier.wait(timeout=10)
                service(occurrence=occurrence, user=bob)  # type: ignore[operator]
                outcome = "ok"
            except DomainError as exc:
                outcome = str(exc.status)
            finally:
                connection.close()
            with lock:
                results.append(outcome)

        threads = [
            threading.Thread(target=answer, args=(services.confirm_occurrence,)),
            threading.Thread(target=answer, args=(services.dispute_occurrence,)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(sorted(results), ["409", "ok"])
        occurrence.refresh_from_db()
        self.assertIn(occurrence.response, ("confirmed", "disputed"))
        self.assertIsNotNone(occurrence.responded_at)
