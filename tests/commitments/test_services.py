"""Commitment services: lifecycle, occurrences, rules about who may do what, and evidence."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from django.utils import timezone

from mend.commitments import occurrences, services
from mend.commitments.models import Commitment, CommitmentVersion, Occurrence
from mend.core.exceptions import DomainError
from mend.domain.recurrence import parse_rrule
from mend.ledger.commitment_evidence import commitment_evidence
from mend.ledger.models import TrustPairState
from mend.ledger.trust_pairs import rebuild_pair
from tests.base import MendTestCase
from tests.commitments.helpers import (
    CONCRETE,
    HOW,
    first_occurrence,
    make_commitment,
    offer_new_terms,
)


class CommitmentTestCase(MendTestCase):
    def assert_refused(self, status: int, fn: Any, code: str | None = None, **kwargs: Any) -> None:
        """``fn(**kwargs)`` refuses with ``status`` (and ``code``, when given)."""
        with self.assertRaises(DomainError) as ctx:
            fn(**kwargs)
        self.assertEqual(ctx.exception.status, status)
        if code is not None:
            self.assertEqual(ctx.exception.code, code)


class CreateTests(MendTestCase):
    def recurrence(self, rrule: str | None = "FREQ=DAILY", hours_ago: int = 1):  # type: ignore[no-untyped-def]
        return parse_rrule(rrule, timezone.now().astimezone(UTC) - timedelta(hours=hours_ago))

    def alice_vaguely_commits(self, **changes: Any) -> Commitment:
        return services.create_commitment(  # type: ignore[no-any-return]
            space=self.space,
            owner=self.alice,
            made_to=self.bob,
            what="I'll be better",
            how_known="",
            recurrence=self.recurrence(),
            **changes,
        )

    def test_vague_commitment_gets_prompts_and_nothing_is_saved(self) -> None:
        with self.assertRaises(services.VagueCommitmentError) as ctx:
            self.alice_vaguely_commits()
        self.assertEqual(ctx.exception.status, 400)
        self.assertIn("what", ctx.exception.fields)
        self.assertTrue(ctx.exception.prompts)
        self.assertFalse(Commitment.objects.exists())

    def test_vague_commitment_can_be_saved_as_it_is(self) -> None:
        c = self.alice_vaguely_commits(save_anyway=True)
        self.assertEqual(c.status, "active")
        self.assertEqual(c.versions.count(), 1)

    def test_concrete_commitment_is_saved_with_version_one(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        self.assertEqual(c.visibility, "space")
        self.assertEqual(c.rrule, "FREQ=DAILY")
        version = c.versions.get()
        self.assertEqual((version.number, version.what, version.how_known), (1, CONCRETE, HOW))

    def test_made_to_must_be_another_member(self) -> None:
        for person, field in ((self.charlie, "made_to"), (self.alice, "made_to")):
            with self.subTest(person=person), self.assertRaises(DomainError) as ctx:
                make_commitment(self.space, self.alice, person)
            self.assertEqual(ctx.exception.status, 400)
            self.assertIn(field, ctx.exception.fields)
        self.assertFalse(Commitment.objects.exists())

    def test_start_long_ago_is_refused(self) -> None:
        with self.assertRaises(DomainError) as ctx:
            make_commitment(
                self.space, self.alice, self.bob, start=timezone.now() - timedelta(days=3)
            )
        self.assertEqual(ctx.exception.code, "start_in_past")


class LifecycleTests(CommitmentTestCase):
    def bob_proposes(self, rrule: str | None = None, **changes: Any) -> Commitment:
        """bob proposes that alice commit to him, starting in an hour."""
        return services.propose_commitment(  # type: ignore[no-any-return]
            space=self.space,
            proposer=self.bob,
            committer=self.alice,
            what=CONCRETE,
            how_known=HOW,
            recurrence=parse_rrule(rrule, timezone.now() + timedelta(hours=1)),
            **changes,
        )

    def test_proposal_accept(self) -> None:
        c = self.bob_proposes("FREQ=DAILY")
        self.assertEqual(
            (c.status, c.owner, c.made_to, c.proposed_by),
            ("proposed", self.alice, self.bob, self.bob),
        )
        # Nothing falls due while it is only proposed.
        occurrences.materialise_due(timezone.now() + timedelta(days=3))
        self.assertFalse(Occurrence.objects.exists())
        self.assert_refused(403, services.accept_proposal, commitment=c, user=self.bob)
        c = services.accept_proposal(commitment=c, user=self.alice)
        self.assertEqual(c.status, "active")
        self.assert_refused(409, services.accept_proposal, commitment=c, user=self.alice)

    def test_proposal_must_be_shared(self) -> None:
        with self.assertRaisesMessage(DomainError, "A proposal is shared with the space"):
            self.bob_proposes(visibility="private")

    def test_decline(self) -> None:
        c = self.bob_proposes()
        self.assertEqual(
            services.decline_proposal(commitment=c, user=self.alice).status, "declined"
        )

    def test_pause_resume_end(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        occurrences.materialise_due(timezone.now())
        future = Occurrence.objects.filter(commitment=c, due_at__gt=timezone.now())
        self.assertTrue(future.exists())
        self.assert_refused(403, services.pause_commitment, commitment=c, user=self.bob)
        c = services.pause_commitment(commitment=c, user=self.alice)
        self.assertEqual(c.status, "paused")
        self.assertFalse(future.exists(), "unreported future occurrences are dropped")
        occurrences.materialise_due(timezone.now())
        self.assertFalse(future.exists(), "nothing falls due while paused")
        c = services.resume_commitment(commitment=c, user=self.alice)
        occurrences.materialise_due(timezone.now())
        self.assertTrue(future.exists())
        c = services.end_commitment(commitment=c, user=self.alice)
        self.assertEqual(c.status, "ended")
        self.assert_refused(409, services.resume_commitment, commitment=c, user=self.alice)

    def test_renegotiation_keeps_history_and_reports(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        occurrence = first_occurrence(c)
        services.report_occurrence(occurrence=occurrence, user=self.alice, outcome="kept")
        c = offer_new_terms(
            c, self.alice, rrule="FREQ=WEEKLY;BYDAY=MO,WE", reason="18:30 gives you time to plan"
        )
        # Made to Bob: the new terms wait for him, and the current ones stay in force.
        self.assertEqual(c.version, 1)
        self.assertEqual(c.what, CONCRETE)
        c = services.answer_terms(commitment=c, user=self.bob, agree=True)
        self.assertEqual(c.version, 2)
        versions = list(CommitmentVersion.objects.filter(commitment=c).order_by("number"))
        self.assertEqual([v.number for v in versions], [1, 2])
        self.assertEqual(versions[0].what, CONCRETE)
        self.assertEqual(versions[1].reason, "18:30 gives you time to plan")
        self.assertEqual(versions[1].rrule, "FREQ=WEEKLY;BYDAY=MO,WE")
        occurrence.refresh_from_db()
        self.assertEqual((occurrence.reported_outcome, occurrence.version), ("kept", 1))
        occurrences.materialise_due(timezone.now() + timedelta(days=1))
        later = Occurrence.objects.filter(commitment=c, due_at__gt=timezone.now())
        self.assertTrue(later.exists())
        self.assertTrue(all(o.version == 2 and o.due_at.weekday() in (0, 2) for o in later))


class MaterialiseTests(MendTestCase):
    def test_idempotent_and_unique(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        now = timezone.now()
        written = occurrences.materialise_due(now)
        self.assertEqual(written, 15)  # three hours ago, then fourteen days ahead
        self.assertEqual(occurrences.materialise_due(now), 0)
        # Even forced to redo its window, the unique constraint keeps one row per time.
        Commitment.objects.filter(pk=c.pk).update(materialised_until=c.dtstart)
        occurrences.materialise_due(now)
        self.assertEqual(Occurrence.objects.filter(commitment=c).count(), 15)

    def test_fixed_number_of_queries(self) -> None:
        # Four commitments, 60 occurrences: one INSERT on SQLite too, where Django caps a
        # statement at 999 parameters (71 rows of 14 columns, the random id being one of them).
        for _ in range(4):
            make_commitment(self.space, self.alice, self.bob)
        with self.assertNumQueries(5):  # select, savepoint, insert, update, release
            occurrences.materialise_due(timezone.now())


class OccurrenceTests(CommitmentTestCase):
    def setUp(self) -> None:
        self.commitment = make_commitment(self.space, self.alice, self.bob)
        self.occurrence = first_occurrence(self.commitment)

    def alice_reports(self, outcome: str = "kept") -> Occurrence:
        return services.report_occurrence(  # type: ignore[no-any-return]
            occurrence=self.occurrence, user=self.alice, outcome=outcome
        )

    def assert_refused(self, status: int, fn: Any, code: str | None = None, **kwargs: Any) -> None:
        """As ``CommitmentTestCase``'s, on this test's occurrence unless another is given."""
        super().assert_refused(status, fn, code, **{"occurrence": self.occurrence, **kwargs})

    def test_report_confirm(self) -> None:
        o = services.report_occurrence(
            occurrence=self.occurrence, user=self.alice, outcome="kept", note="Sent at 17:50"
        )
        self.assertEqual(o.state, "reported_kept")
        o = services.confirm_occurrence(occurrence=o, user=self.bob, note="Thank you")
        self.assertEqual(
            (o.state, o.response_note, o.report_note), ("confirmed", "Thank you", "Sent at 17:50")
        )

    def test_only_the_committer_reports(self) -> None:
        self.assert_refused(403, services.report_occurrence, user=self.bob, outcome="kept")

    def test_cannot_confirm_own_occurrence(self) -> None:
        self.alice_reports()
        self.assert_refused(403, services.confirm_occurrence, "own_occurrence", user=self.alice)

    def test_second_confirmation_and_confirm_after_dispute_conflict(self) -> None:
        self.alice_reports()
        services.dispute_occurrence(
            occurrence=self.occurrence, user=self.bob, note="It came at 21:10"
        )
        for fn in (services.confirm_occurrence, services.dispute_occurrence):
            self.assert_refused(409, fn, user=self.bob)
        self.occurrence.refresh_from_db()
        self.assertEqual(
            (self.occurrence.response, self.occurrence.response_note),
            ("disputed", "It came at 21:10"),
        )
        self.assertEqual(
            self.occurrence.reported_outcome, "kept", "the report is kept beside the dispute"
        )

    def test_report_cannot_change_after_response(self) -> None:
        self.alice_reports()
        services.dispute_occurrence(occurrence=self.occurrence, user=self.bob)
        self.assert_refused(409, services.report_occurrence, user=self.alice, outcome="missed")

    def test_confirm_needs_a_report(self) -> None:
        self.assert_refused(409, services.confirm_occurrence, "not_reported", user=self.bob)

    def test_future_report_refused(self) -> None:
        later = Occurrence.objects.filter(commitment=self.commitment).order_by("-due_at").first()
        assert later is not None
        self.assert_refused(
            400,
            services.report_occurrence,
            "not_yet_due",
            occurrence=later,
            user=self.alice,
            outcome="kept",
        )
        soon = Occurrence.objects.create(
            commitment=self.commitment, due_at=timezone.now() + timedelta(minutes=90)
        )
        services.report_occurrence(occurrence=soon, user=self.alice, outcome="kept")

    def test_paused_or_ended_commitment_conflicts(self) -> None:
        self.alice_reports()
        services.pause_commitment(commitment=self.commitment, user=self.alice)
        self.assert_refused(409, services.confirm_occurrence, user=self.bob)
        self.assert_refused(409, services.report_occurrence, user=self.alice, outcome="missed")

    def test_unknown_outcome(self) -> None:
        self.assert_refused(400, services.report_occurrence, user=self.alice, outcome="maybe")


class EvidenceTests(MendTestCase):
    def state(self) -> tuple[float, float]:
        row = TrustPairState.objects.filter(truster=self.bob, trustee=self.alice).first()
        return (round(row.r, 6), round(row.s, 6)) if row else (0.0, 0.0)

    def claims(self) -> int:
        row = TrustPairState.objects.filter(truster=self.bob, trustee=self.alice).first()
        return row.claims_positive if row else 0

    def rebuilt(self) -> tuple[float, float]:
        before = self.state()
        rebuild_pair(space=self.space, truster=self.bob, trustee=self.alice)
        after = self.state()
        # Timestamps of the stored state differ by milliseconds; compare loosely.
        self.assertAlmostEqual(before[0], after[0], places=3)
        self.assertAlmostEqual(before[1], after[1], places=3)
        return after

    def test_kinds_and_incremental_matches_rebuild(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        o = first_occurrence(c)
        self.assertEqual(list(commitment_evidence(self.space, self.bob, self.alice)), [])
        services.report_occurrence(occurrence=o, user=self.alice, outcome="kept")
        kinds = [e.kind for e in commitment_evidence(self.space, self.bob, self.alice)]
        self.assertEqual(kinds, ["commitment_kept_self_reported"])
        # Issue 12: kept by alice's own report is a claim until bob confirms it (it weighed 0.4).
        reported = self.rebuilt()
        self.assertEqual(reported[0], 0.0)
        self.assertEqual(self.claims(), 1)
        services.confirm_occurrence(occurrence=o, user=self.bob)
        kinds = [e.kind for e in commitment_evidence(self.space, self.bob, self.alice)]
        self.assertEqual(kinds, ["commitment_kept_confirmed"])
        confirmed = self.rebuilt()
        self.assertGreater(confirmed[0], reported[0])
        self.assertEqual(self.claims(), 0)

    def test_missed_and_disputed(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        o = first_occurrence(c)
        services.report_occurrence(occurrence=o, user=self.alice, outcome="missed")
        self.assertGreater(self.rebuilt()[1], 0)
        services.dispute_occurrence(occurrence=o, user=self.bob)
        kinds = [e.kind for e in commitment_evidence(self.space, self.bob, self.alice)]
        self.assertEqual(kinds, ["commitment_disputed"])
        self.assertEqual(self.rebuilt(), (0.0, 0.0))

    def test_private_commitment_feeds_nothing_and_visibility_change_rebuilds(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob, visibility="private")
        o = first_occurrence(c)
        services.report_occurrence(occurrence=o, user=self.alice, outcome="kept")
        self.assertEqual(list(commitment_evidence(self.space, self.bob, self.alice)), [])
        self.assertEqual((self.state(), self.claims()), ((0.0, 0.0), 0))
        # Shared, alice's report reaches bob as a claim (issue 12: weight 0 until he confirms).
        services.set_commitment_visibility(commitment=c, user=self.alice, visibility="space")
        self.assertEqual((self.state(), self.claims()), ((0.0, 0.0), 1))
        services.confirm_occurrence(occurrence=o, user=self.bob)
        self.assertGreater(self.state()[0], 0)
        services.set_commitment_visibility(commitment=c, user=self.alice, visibility="private")
        self.assertEqual((self.state(), self.claims()), ((0.0, 0.0), 0))

    def test_no_evidence_about_oneself(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        services.report_occurrence(occurrence=first_occurrence(c), user=self.alice, outcome="kept")
        self.assertEqual(list(commitment_evidence(self.space, self.alice, self.alice)), [])


class ExportTests(MendTestCase):
    def test_export_holds_versions_and_occurrences_as_json(self) -> None:
        import json

        from mend.privacy.export import export_user_data

        c = make_commitment(self.space, self.alice, self.bob)
        services.report_occurrence(occurrence=first_occurrence(c), user=self.alice, outcome="kept")
        data = export_user_data(self.alice)
        text = json.dumps(data)
        self.assertIn(CONCRETE, text)
        rows = next(v for k, v in data["records"].items() if k == "commitments.commitment")
        self.assertEqual(rows[0]["versions"][0]["number"], 1)
        self.assertEqual(rows[0]["occurrences"][0]["reported"], "kept")
        self.assertEqual(rows[0]["made_to"], f"user:{self.bob.pk}")
        self.assertNotIn(
            "commitments.commitment", json.dumps(export_user_data(self.bob)["records"])
        )


class RenegotiationNeedsAgreement(MendTestCase):
    def test_the_old_terms_stay_until_the_other_agrees(self) -> None:
        c = offer_new_terms(make_commitment(self.space, self.alice, self.bob), self.alice)
        c.refresh_from_db()
        self.assertEqual((c.what, c.version), (CONCRETE, 1))
        c = services.answer_terms(commitment=c, user=self.bob, agree=False)
        self.assertEqual((c.what, c.version), (CONCRETE, 1))
        with self.assertRaisesMessage(DomainError, "no new terms waiting"):
            services.answer_terms(commitment=c, user=self.bob, agree=True)

    def test_only_the_person_it_was_made_to_answers_and_the_committer_may_withdraw(self) -> None:
        c = offer_new_terms(make_commitment(self.space, self.alice, self.bob), self.alice)
        with self.assertRaisesMessage(DomainError, "Only the person this commitment was made to"):
            services.answer_terms(commitment=c, user=self.alice, agree=True)
        services.withdraw_terms(commitment=c, user=self.alice)
        with self.assertRaisesMessage(DomainError, "no new terms waiting"):
            services.answer_terms(commitment=c, user=self.bob, agree=True)
