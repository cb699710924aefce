"""Upgrading seals the text already stored, drops the plain columns, and can be undone."""

from __future__ import annotations

import uuid

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from tests.vault.test_at_rest import _database_bytes

BEFORE = [
    ("spaces", "0003_breach_deception_and_acknowledgement"),
    ("selftrust", "0003_shared_at"),
    ("screening", "0002_shared_at"),
    ("care", "0004_homework_names_a_questionnaire"),
]
AFTER = [
    ("spaces", "0004_seal_breach_texts"),
    # Then private self-trust records move to their owner's personal key (the models' now).
    ("selftrust", "0006_self_trust_sealed_with_personal_keys"),
    ("screening", "0003_seal_safety_screen_answers"),
    ("care", "0005_seal_intake_requests_and_homework_answers"),
]


class SealingMigrationTests(TransactionTestCase):
    def _migrate(self, targets: list[tuple[str, str]]) -> object:
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        executor.loader.build_graph()
        return executor.loader.project_state(targets).apps

    def tearDown(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        super().tearDown()

    def test_plain_rows_are_sealed_readable_and_gone_from_the_file(self) -> None:
        old = self._migrate(BEFORE)
        # The person through today's model: accounts is not rolled back, and its table may have
        # columns (with defaults) that the historical model of BEFORE does not know.
        from mend.accounts.models import User

        user = User.objects.create(email="sam@example.test")
        space = old.get_model("spaces", "Space").objects.create(name="Plain space name")
        now = timezone.now()
        own = {"space_id": space.pk, "owner_id": user.pk}
        old.get_model("spaces", "Breach").objects.create(
            **own, title="OLD-breach-title", description="OLD-breach-description",
            owner_role="hurt", topic="OLD-topic", tags="OLD-tag-a, OLD-tag-b",
        )  # fmt: skip
        boundary = old.get_model("selftrust", "Boundary").objects.create(
            **own, statement="OLD-boundary", why="OLD-why", if_crossed=""
        )
        old.get_model("selftrust", "BoundaryEvent").objects.create(
            boundary_id=boundary.pk, kind="held", occurred_on=now.date(), note="OLD-event"
        )
        old.get_model("screening", "SafetyScreen").objects.create(
            **own, red_flag=True, categories=["OLD-category"], declined=["OLD-declined"]
        )
        practice = old.get_model("care", "Practice").objects.create(
            name="P", contact_email="p@example.test"
        )
        old.get_model("care", "IntakeRequest").objects.create(
            practice_id=practice.pk, status_digest=uuid.uuid4().hex, name="OLD-name",
            contact_method="email", contact_detail="OLD-contact@example.test",
            help_with="OLD-help", urgency="routine",
        )  # fmt: skip

        self._migrate(AFTER)
        call_command("vacuum-db", verbosity=0)

        from mend.care.models import IntakeRequest
        from mend.screening.models import SafetyScreen
        from mend.selftrust.models import Boundary, BoundaryEvent
        from mend.spaces.models import Breach

        breach = Breach.objects.get()
        self.assertEqual((breach.title, breach.topic), ("OLD-breach-title", "OLD-topic"))
        self.assertEqual(breach.tag_list, ["OLD-tag-a", "OLD-tag-b"])
        self.assertEqual(Boundary.objects.get().why, "OLD-why")
        self.assertEqual(BoundaryEvent.objects.get().note, "OLD-event")
        screen = SafetyScreen.objects.get()
        self.assertEqual((screen.categories, screen.red_flag), (["OLD-category"], True))
        self.assertEqual(IntakeRequest.objects.get().help_with, "OLD-help")
        raw = _database_bytes()
        self.assertIn(b"Plain space name", raw)
        self.assertNotIn(b"OLD-", raw)

        # And back: a downgrade opens the text into plain columns again.
        back = self._migrate(BEFORE)
        self.assertEqual(back.get_model("spaces", "Breach").objects.get().title, "OLD-breach-title")
        self.assertEqual(
            back.get_model("screening", "SafetyScreen").objects.get().declined, ["OLD-declined"]
        )
