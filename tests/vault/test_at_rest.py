"""A copy of the database holds no private text a person typed (issue 11, "Done means").

One of every kind of record that holds typed text is written with a unique marker in each text
field, the way the app writes it (the sealed fields seal on save); then the raw bytes of the
database — the SQLite file's bytes, and on PostgreSQL a ``pg_dump`` — are searched for every
marker. A control (the space's name, which is not private) must be found, so the search is real.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from datetime import date
from typing import Any

from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

from mend.apology.models import Apology
from mend.care import services as care_services
from mend.care.models import Homework, HomeworkResponse, IntakeRequest, Practice
from mend.commitments.models import Commitment, CommitmentVersion, Occurrence, TermsProposal
from mend.instruments import services as instrument_services
from mend.instruments.models import InstrumentResult
from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
from mend.safety.models import Conversation, ConversationNote
from mend.screening.models import SafetyScreen
from mend.selftrust import services as selftrust_services
from mend.selftrust.models import Boundary, BoundaryEvent, GutCheck, SelfRating
from mend.spaces import services as space_services
from mend.spaces.models import Breach, Invitation
from mend.spaces.visibility import Visibility
from tests.factories import SpaceFactory, UserFactory, add_member, grant_counsellor


def _database_bytes() -> bytes:
    if connection.vendor == "sqlite":
        # The whole database file as SQLite would write it (an in-memory test database too).
        connection.ensure_connection()
        return bytes(connection.connection.serialize())
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise AssertionError("pg_dump is needed to check a PostgreSQL copy")
        s = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
        args = [pg_dump, "--no-owner", "--dbname", s["NAME"]]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if s.get(key):
                args += [flag, str(s[key])]
        return subprocess.run(args, env=env, check=True, capture_output=True).stdout  # noqa: S603
    raise AssertionError(f"no raw-bytes check for {connection.vendor}")


class DatabaseCopyTests(TransactionTestCase):
    def setUp(self) -> None:
        self.markers: list[str] = []

    def m(self, what: str) -> str:
        marker = f"MARKER-{what}-{uuid.uuid4().hex[:8]}"
        self.markers.append(marker)
        return marker

    def _demo_with_every_kind(self) -> str:
        alex = UserFactory(display_name="Alex")
        sam = UserFactory(display_name="Sam")
        robin = UserFactory(display_name="Robin")
        space_name = f"Visible space name {uuid.uuid4().hex[:8]}"
        space = SpaceFactory(name=space_name)
        add_member(space, alex)
        add_member(space, sam)
        grant_counsellor(space, sam, robin)
        now = timezone.now()
        own: dict[str, Any] = {"space": space, "owner": sam}

        # Self-trust: journal, boundary and its history, gut check-in, self-rating.
        selftrust_services.create_entry(
            space=space, owner=sam, title=self.m("journal-title"), body=self.m("journal-body")
        )
        boundary = Boundary.objects.create(
            **own, statement=self.m("boundary"), why=self.m("why"), if_crossed=self.m("crossed")
        )
        BoundaryEvent.objects.create(
            boundary=boundary, kind="held", occurred_on=date.today(), note=self.m("event")
        )
        GutCheck.objects.create(
            **own,
            statement=self.m("gut"),
            confidence=70,
            outcome="yes",
            outcome_note=self.m("gut-outcome"),
            resolved_at=now,
        )
        SelfRating.objects.create(
            **own, rated_on=date.today(), trust_judgement=6, note=self.m("rating")
        )
        # Shared with the counsellor through the one service: its audit line names no text.
        space_services.set_visibility(record=boundary, user=sam, visibility=Visibility.COUNSELLOR)

        # Ledger: a disclosure, a felt-trust and forgiveness check-in, a disputed moment.
        Disclosure.objects.create(
            space=space, owner=alex, kind="change", text=self.m("disclosure"), occurred_at=now
        )
        FeltTrustCheckIn.objects.create(
            **own, about=alex, felt_trust=4, forgiveness=3, note=self.m("felt"), occurred_at=now
        )
        Moment.objects.create(
            space=space,
            owner=alex,
            kind="kept_promise",
            actor=alex,
            receiver=sam,
            occurred_at=now,
            note=self.m("moment"),
            disputed_at=now,
            dispute_note=self.m("dispute"),
            visibility=Visibility.SPACE,
        )

        # A breach, an apology about it and the answer, a repair conversation and its notes.
        breach = Breach.objects.create(
            **own,
            title=self.m("breach-title"),
            description=self.m("breach-description"),
            owner_role="hurt",
            topic=self.m("topic"),
            tags=self.m("tags"),
        )
        Apology.objects.create(
            space=space,
            owner=alex,
            recipient=sam,
            breach=breach,
            text=self.m("apology"),
            status="need_more",
            response_note=self.m("apology-answer"),
            visibility=Visibility.SPACE,
            sent_at=now,
            responded_at=now,
        )
        conversation = Conversation.objects.create(
            **own, partner=alex, topic=self.m("conversation-topic"), breach=breach
        )
        ConversationNote.objects.create(
            **own,
            conversation=conversation,
            step_number=1,
            kind="speak",
            text=self.m("conversation-note"),
        )

        # The safety screen's answers (categories flagged and questions declined).
        SafetyScreen.objects.create(
            **own, categories=[self.m("screen-category")], declined=[self.m("screen-declined")]
        )

        # The counsellor's session note and an intake request to a practice.
        care_services.create_note(space=space, counsellor=robin, text=self.m("session-note"))
        homework = Homework.objects.create(
            space=space,
            counsellor=robin,
            counsellor_name="Robin",
            kind="exercise",
            title=self.m("homework-title"),
            instructions=self.m("homework-instructions"),
        )
        HomeworkResponse.objects.create(
            homework=homework, member=sam, answer="accepted", note=self.m("homework-answer")
        )
        practice = Practice.objects.create(name="A practice", contact_email="p@example.test")
        IntakeRequest.objects.create(
            practice=practice,
            requester=sam,
            status_digest=uuid.uuid4().hex,
            name=self.m("intake-name"),
            contact_method="email",
            contact_detail=f"{self.m('intake-contact')}@example.test",
            help_with=self.m("intake-help"),
            urgency="routine",
        )

        # A commitment, its first version, an occurrence's report and answer, new terms: each
        # with terms of its own (what, how it is known, and for a change the reason).
        def terms(of: str, *, reason: bool = True) -> dict[str, Any]:
            written = {
                "what": self.m(f"{of}-what"),
                "how_known": self.m(f"{of}-how"),
                "dtstart": now,
            }
            return written | {"reason": self.m(f"{of}-reason")} if reason else written

        commitment = Commitment.objects.create(
            **own, made_to=alex, **terms("commitment", reason=False)
        )
        CommitmentVersion.objects.create(commitment=commitment, number=1, **terms("version"))
        Occurrence.objects.create(
            commitment=commitment,
            due_at=now,
            reported_outcome="kept",
            report_note=self.m("report-note"),
            response="disputed",
            response_note=self.m("response-note"),
        )
        TermsProposal.objects.create(commitment=commitment, **terms("terms"))
        # An invitation's note, and a questionnaire's answers.
        Invitation.objects.create(
            space=space,
            created_by=alex,
            digest=uuid.uuid4().hex,
            note=self.m("invitation-note"),
            expires_at=now,
        )
        definition = instrument_services.load_builtins()[0]
        InstrumentResult.objects.create(
            **own,
            definition=definition,
            answers={self.m("answers"): 3},
            total=3,
            min_total=0,
            max_total=21,
        )
        return space_name

    def test_no_marker_is_in_a_copy_of_the_database(self) -> None:
        control = self._demo_with_every_kind()
        raw = _database_bytes()
        self.assertIn(control.encode(), raw, "the search must see plain columns")
        found = [m for m in self.markers if m.encode() in raw]
        self.assertEqual(found, [], "private text readable in a copy of the database")
        self.assertGreaterEqual(len(self.markers), 40)

    def test_the_app_still_reads_every_text(self) -> None:
        self._demo_with_every_kind()
        texts = [
            *(b.statement + b.why + b.if_crossed for b in Boundary.objects.all()),
            *(e.note for e in BoundaryEvent.objects.all()),
            *(g.statement + g.outcome_note for g in GutCheck.objects.all()),
            *(r.note for r in SelfRating.objects.all()),
            *(d.text for d in Disclosure.objects.all()),
            *(c.note for c in FeltTrustCheckIn.objects.all()),
            *(m.note + m.dispute_note for m in Moment.objects.all()),
            *(b.title + b.description + b.topic + b.tags for b in Breach.objects.all()),
            *(a.text + a.response_note for a in Apology.objects.all()),
            *(c.topic for c in Conversation.objects.all()),
            *(n.text for n in ConversationNote.objects.all()),
            *(s.categories[0] + s.declined[0] for s in SafetyScreen.objects.all()),
            *(i.name + i.contact_detail + i.help_with for i in IntakeRequest.objects.all()),
            *(r.note for r in HomeworkResponse.objects.all()),
            *(h.title + h.instructions for h in Homework.objects.all()),
            *(c.what + c.how_known for c in Commitment.objects.all()),
            *(v.what + v.how_known + v.reason for v in CommitmentVersion.objects.all()),
            *(o.report_note + o.response_note for o in Occurrence.objects.all()),
            *(t.what + t.how_known + t.reason for t in TermsProposal.objects.all()),
            *(i.note for i in Invitation.objects.all()),
            *(next(iter(r.answers)) for r in InstrumentResult.objects.all()),
        ]
        joined = " ".join(texts)
        missing = [
            m for m in self.markers if m not in joined and "journal" not in m and "session" not in m
        ]
        self.assertEqual(missing, [])
        self.assertTrue(SafetyScreen.objects.get().red_flag)
        self.assertEqual(Moment.objects.filter(note__isnull=False).count(), 1)
