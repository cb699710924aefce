"""Record ids count nothing: a partner who creates a record now and another later must not learn
from the two ids how many records (of anyone's, the other partner's private ones included) were
written in between."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import Any

from django.apps import apps
from django.utils import timezone

from mend.audit.models import AuditEvent
from mend.audit.services import log_event
from mend.core.ids import MAX_ID, RandomBigAutoField
from mend.ledger import services as ledger_services
from mend.notify.models import Notification
from mend.safety import services as safety_services
from mend.safety.models import HeartRateSample
from mend.selftrust import services as selftrust_services
from tests.base import MendTestCase


class RandomIdsTests(MendTestCase):
    def _assert_ids_count_nothing(self, make: Any, *, alice_writes: int = 5) -> None:
        """Bob makes one, Alice makes ``alice_writes`` privately, Bob makes another; then many
        more. Neither the gap between Bob's two ids nor the order of all of them tells the
        number or the order of the writes."""
        first = make(self.bob).pk
        alices = [make(self.alice).pk for _ in range(alice_writes)]
        second = make(self.bob).pk
        self.assertNotEqual(second - first, alice_writes + 1)
        ids = [first, *alices, second, *(make(self.alice).pk for _ in range(12))]
        self.assertTrue(all(1 <= pk <= MAX_ID for pk in ids), ids)
        self.assertEqual(len(set(ids)), len(ids))
        # Increasing ids would order records by when they were written (1 in 19! at random).
        self.assertNotEqual(ids, sorted(ids))
        steps = {b - a for a, b in pairwise(ids)}
        self.assertNotEqual(steps, {1})

    def test_private_journal_entries_cannot_be_counted_from_ids(self) -> None:
        self._assert_ids_count_nothing(
            lambda who: selftrust_services.create_entry(
                space=self.space, owner=who, title="Private", body="private words"
            )
        )

    def test_moments_cannot_be_counted_from_ids(self) -> None:
        def make(who: Any) -> Any:
            other = self.alice if who == self.bob else self.bob
            return ledger_services.log_moment(
                space=self.space,
                logger=who,
                kind="small_kindness",
                actor_id=other.pk,
                receiver_id=who.pk,
            )

        self._assert_ids_count_nothing(make)

    def test_audit_events_and_notifications_cannot_be_counted_from_ids(self) -> None:
        self._assert_ids_count_nothing(
            lambda who: log_event(
                actor=who, subject=who, action="viewed", summary="x", space=self.space
            )
        )
        made = iter(range(1, 100))
        self._assert_ids_count_nothing(
            lambda who: Notification.objects.create(
                user=who, kind="moment", space=self.space, object_id=next(made), path="/"
            )
        )

    def test_heart_rate_readings_written_by_hand_get_random_ids_too(self) -> None:
        # The import writes its readings with its own INSERT (a day is ~100,000 of them), past
        # the model's default; the whole-account download lists each reading with its id.
        now = timezone.now()
        for who in (self.bob, self.alice, self.bob):
            rows = "".join(f"{(now - timedelta(seconds=i)).isoformat()},60\n" for i in range(8))
            safety_services.import_heart_rate(
                space=self.space, owner=who, filename="hr.csv", data=rows.encode()
            )
        ids = list(
            HeartRateSample.objects.order_by("recorded_at", "heart_import__created_at").values_list(
                "pk", flat=True
            )
        )
        self.assertEqual(len(ids), 24)
        # A counter in a test database never reaches 10**9; 24 random ids in 1..2**53 all
        # stay above it but for a chance of about 3 in a million.
        self.assertGreater(min(ids), 10**9, ids)
        self.assertTrue(all(pk <= MAX_ID for pk in ids), ids)

    def test_bulk_created_rows_get_random_ids_too(self) -> None:
        events = AuditEvent.objects.bulk_create(
            AuditEvent(subject=self.alice, action="viewed", summary=str(n)) for n in range(20)
        )
        ids = [event.pk for event in events]
        self.assertTrue(all(pk is not None and 1 <= pk <= MAX_ID for pk in ids), ids)
        self.assertNotEqual(ids, sorted(ids))
        # The ids set before the insert are the ones stored.
        stored = dict(
            AuditEvent.objects.filter(
                subject=self.alice, summary__in=[str(n) for n in range(20)]
            ).values_list("summary", "pk")
        )
        self.assertEqual(stored, {event.summary: event.pk for event in events})


def test_every_mend_model_has_a_random_primary_key() -> None:
    """A new model (or an app with its own ``default_auto_field``) cannot bring counting ids
    back. Many-to-many tables Django makes for Mend's models are included. A model keyed by
    something else random needs no number of its own."""
    keyed_otherwise = {"accounts.SignInSession"}  # Django's random session key
    mend_models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config is not None and model._meta.app_config.name.startswith("mend.")
    ]
    assert len(mend_models) > 40
    sequential = [
        model._meta.label
        for model in mend_models
        if not isinstance(model._meta.pk, RandomBigAutoField)
        and model._meta.label not in keyed_otherwise
    ]
    assert sequential == []
