"""The stored trust state: incremental updates equal a rebuild; private records never feed it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.domain.trust import TrustState
from mend.ledger.commitment_evidence import commitment_evidence
from mend.ledger.evidence import EVIDENCE_KINDS, EvidenceEvent, moment_event
from mend.ledger.models import Moment, TrustPairState
from mend.ledger.sources import SOURCES, all_evidence
from mend.ledger.trust_pairs import (
    PARAMS,
    rebuild_pair,
    rebuild_space,
    record_evidence,
    replace_evidence,
)
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase


class EvidenceInterfaceTests(MendTestCase):
    def test_every_kind_maps_to_a_trust_params_weight(self) -> None:
        now = timezone.now()
        for kind in EVIDENCE_KINDS:
            for positive in (True, False):
                try:
                    event = EvidenceEvent(1, 1, 2, now, kind, positive, ("x", 1))
                except ValueError:
                    # A kind whose sign is wrong (a "positive" breach) is refused when made.
                    continue
                self.assertGreaterEqual(event.weight(PARAMS), 0.0)
        confirmed = EvidenceEvent(1, 1, 2, now, "moment_confirmed", True, ("m", 1))
        reported = EvidenceEvent(1, 1, 2, now, "moment_self_reported", True, ("m", 1))
        # Issue 12: an unconfirmed report is a claim, of no weight (it was 0.4).
        self.assertEqual(reported.weight(), 0.0)
        self.assertTrue(reported.as_evidence().claim)
        self.assertGreater(confirmed.weight(), reported.weight())
        breach = EvidenceEvent(1, 1, 2, now, "breach", False, ("b", 1))
        deception = EvidenceEvent(1, 1, 2, now, "breach_deception", False, ("b", 1))
        self.assertGreater(deception.weight(), breach.weight())
        self.assertGreater(deception.as_evidence().lasting, 0.0)
        with self.assertRaisesMessage(ValueError, "breach evidence is negative"):
            EvidenceEvent(1, 1, 2, now, "breach", True, ("b", 1))
        missed = EvidenceEvent(1, 1, 2, now, "commitment_missed", False, ("o", 1))
        kept = EvidenceEvent(1, 1, 2, now, "commitment_kept_confirmed", True, ("o", 1))
        self.assertGreater(missed.weight(), kept.weight())

    def test_unknown_kind_and_naive_time_are_refused(self) -> None:
        with self.assertRaisesMessage(ValueError, "Unknown evidence kind 'gossip'"):
            EvidenceEvent(1, 1, 2, timezone.now(), "gossip", True, ("x", 1))
        with self.assertRaisesMessage(ValueError, "must be timezone-aware"):
            EvidenceEvent(
                1, 1, 2, timezone.now().replace(tzinfo=None), "moment_confirmed", True, ("x", 1)
            )

    def test_commitments_are_a_source_of_evidence(self) -> None:
        self.assertIn(commitment_evidence, SOURCES)


class TrustServiceTests(MendTestCase):
    def _moment(
        self, *, kind: str, days_ago: float, confirmed: bool, visibility: str = Visibility.SPACE
    ) -> Moment:
        at = timezone.now() - timedelta(days=days_ago)
        return Moment.objects.create(
            space=self.space,
            owner=self.alice if confirmed else self.bob,
            visibility=visibility,
            kind=kind,
            actor=self.bob,
            receiver=self.alice,
            occurred_at=at,
            confirmed_at=at if confirmed else None,
        )

    def _state(self) -> TrustState:
        return TrustPairState.objects.get(
            space=self.space, truster=self.alice, trustee=self.bob
        ).state

    def test_incremental_equals_rebuild(self) -> None:
        moments = [
            self._moment(kind="small_kindness", days_ago=40, confirmed=True),
            self._moment(kind="turned_away", days_ago=3, confirmed=True),
            self._moment(kind="appreciation", days_ago=20, confirmed=False),
            self._moment(kind="listened_well", days_ago=1, confirmed=True),
        ]
        for moment in moments:
            event = moment_event(moment)
            assert event is not None
            record_evidence(event=event)
        incremental = self._state()
        rebuild_pair(space=self.space, truster=self.alice, trustee=self.bob)
        rebuilt = self._state()
        self.assertAlmostEqual(incremental.r, rebuilt.r, places=9)
        self.assertAlmostEqual(incremental.s, rebuilt.s, places=9)
        self.assertGreater(rebuilt.r, rebuilt.s)

    def test_confirming_replaces_a_self_report(self) -> None:
        moment = self._moment(kind="small_kindness", days_ago=2, confirmed=False)
        old = moment_event(moment)
        assert old is not None
        record_evidence(event=old)
        # Issue 12: until the receiver confirms it, it is a claim: counted apart, weight 0.
        row = TrustPairState.objects.get(truster=self.alice, trustee=self.bob)
        self.assertEqual((row.r, row.claims_positive), (0.0, 1))
        moment.confirmed_at = timezone.now()
        moment.save()
        new = moment_event(moment)
        assert new is not None
        replace_evidence(old=old, new=new)
        row = TrustPairState.objects.get(truster=self.alice, trustee=self.bob)
        self.assertEqual(row.claims_positive, 0)
        # Valued at the moment's own time (the stored state's as_of): one full unit.
        self.assertAlmostEqual(row.r, PARAMS.confirmed_positive_moment)

    def test_private_record_of_the_trustee_never_feeds_the_trusters_state(self) -> None:
        # bob logs a good deed of his own, private to him: alice cannot see it.
        self._moment(
            kind="small_kindness", days_ago=1, confirmed=False, visibility=Visibility.PRIVATE
        )
        self.assertEqual(all_evidence(self.space, self.alice, self.bob), [])
        rebuild_space(space=self.space)
        self.assertEqual(self._state().r, 0.0)
        self.assertEqual(
            TrustPairState.objects.filter(space=self.space).count(), 2
        )  # alice→bob and bob→alice
