"""The small gaps in the loop: the person who was disputed hears what they can do next, the
one who waited hears that the other is back, and an occurrence nobody reported is asked about
(it never becomes kept or missed on its own)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.commitments import services as commitment_services
from mend.commitments.models import Occurrence
from mend.commitments.occurrences import materialise_due
from mend.inbox.selectors import count_for, inbox_for
from mend.ledger import services as ledger_services
from mend.safety import services as safety_services
from tests.base import MendTestCase
from tests.commitments.helpers import first_occurrence, make_commitment
from tests.inbox.helpers import kinds, reported_kept
from tests.ledger.helpers import self_report
from tests.safety.helpers import pause


def unreported_for_a_day(commitment: Any) -> Occurrence:
    """Its first occurrence, as if it had been due 30 hours ago (a commitment cannot start
    more than a day in the past)."""
    occurrence = first_occurrence(commitment)
    Occurrence.objects.filter(pk=occurrence.pk).update(due_at=timezone.now() - timedelta(hours=30))
    occurrence.refresh_from_db()
    return occurrence


class LoopGaps(MendTestCase):
    def test_the_person_whose_moment_was_disputed_is_offered_to_talk_about_it(self) -> None:
        moment = self_report(self.space, self.alice, self.bob)
        ledger_services.dispute_moment(moment_id=moment.pk, user=self.bob, note="not quite")
        [item] = inbox_for(self.alice)
        self.assertEqual(
            (item.kind, item.object_id, item.who), ("moment_disputed", moment.pk, "Bob")
        )
        self.assertIn(f"/spaces/{self.space.pk}/", item.url)
        self.assertIn("topic=", item.url)
        self.assertEqual(kinds(self.bob), [])
        self.assertEqual(count_for(self.alice), 1)
        home = self.login(self.alice).get("/")
        self.assertContains(home, "Bob saw a moment you noted differently")
        self.assertContains(home, "Talk about it")

    def test_a_dispute_is_told_for_seven_days_only(self) -> None:
        moment = self_report(self.space, self.alice, self.bob)
        ledger_services.dispute_moment(
            moment_id=moment.pk, user=self.bob, now=timezone.now() - timedelta(days=8)
        )
        self.assertEqual(kinds(self.alice), [])

    def test_a_disputed_occurrence_reaches_the_person_who_reported_it(self) -> None:
        occurrence = reported_kept(self.space, self.alice, self.bob)
        commitment_services.dispute_occurrence(occurrence=occurrence, user=self.bob)
        self.assertEqual(kinds(self.alice), ["occurrence_disputed"])
        self.assertEqual(kinds(self.bob), [])
        self.assertContains(
            self.login(self.alice).get("/"), "Bob saw a report on your commitment differently"
        )

    def test_when_a_pause_ends_the_other_hears_they_are_back_for_a_while(self) -> None:
        p = pause(self.space, self.alice, minutes=30, ago=25)
        self.assertEqual(kinds(self.bob), ["partner_pause"])
        safety_services.resume_pause(pause=p, user=self.alice)
        self.assertEqual(kinds(self.bob), ["partner_back"])
        self.assertEqual(kinds(self.alice), [])
        self.assertContains(self.login(self.bob).get("/"), "Alice is back from their pause")
        old = pause(self.space, self.alice, minutes=30, ago=24 * 60)
        safety_services.resume_pause(
            pause=old, user=self.alice, now=timezone.now() - timedelta(hours=13)
        )
        self.assertEqual(kinds(self.bob), ["partner_back"], "an old return is not repeated")

    def test_an_occurrence_nobody_reported_asks_both_after_a_day_and_stays_open(self) -> None:
        occurrence = unreported_for_a_day(make_commitment(self.space, self.alice, self.bob))
        [mine] = inbox_for(self.alice)
        [theirs] = inbox_for(self.bob)
        self.assertEqual((mine.kind, mine.mine), ("occurrence_unreported", True))
        self.assertEqual((theirs.kind, theirs.mine), ("occurrence_unreported", False))
        self.assertContains(self.login(self.alice).get("/"), "Say how it went")
        occurrence.refresh_from_db()
        self.assertEqual((occurrence.reported_outcome, occurrence.response), ("", ""))
        commitment_services.report_occurrence(
            occurrence=occurrence, user=self.alice, outcome="missed"
        )
        self.assertEqual(kinds(self.alice), [])
        self.assertEqual(kinds(self.bob), ["occurrence_to_confirm"])

    def test_an_occurrence_is_not_asked_about_within_its_grace_period(self) -> None:
        make_commitment(self.space, self.alice, self.bob)  # due three hours ago
        materialise_due(timezone.now())
        self.assertEqual(kinds(self.alice), [])
        self.assertEqual(kinds(self.bob), [])

    def test_a_private_commitment_is_asked_of_its_owner_only(self) -> None:
        unreported_for_a_day(
            make_commitment(self.space, self.alice, self.bob, visibility="private")
        )
        self.assertEqual(kinds(self.alice), ["occurrence_unreported"])
        self.assertEqual(kinds(self.bob), [])
