"""Web pages: the create form with gentle prompts, htmx actions, list pages' query counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.commitments import services
from mend.commitments.models import Commitment, Occurrence, TermsProposal
from tests.base import MendTestCase
from tests.commitments.helpers import (
    CONCRETE,
    HOW,
    first_occurrence,
    make_commitment,
    offer_new_terms,
)


def form(**extra: Any) -> dict[str, Any]:
    soon = timezone.now() + timedelta(hours=2)
    return {
        "what": CONCRETE,
        "how_known": HOW,
        "visibility": "space",
        "repeat": "weekly",
        "weekdays": ["6"],
        "start_date": soon.date().isoformat(),
        "time_of_day": "19:00",
        **extra,
    }


class FormTests(MendTestCase):
    def url(self, kind: str = "new") -> str:
        return f"/spaces/{self.space.pk}/commitments/{kind}/"

    def test_create_weekly(self) -> None:
        client = self.login(self.alice)
        r = client.form(self.url(), form(made_to=self.bob.pk))
        self.assertEqual(r.status_code, 302, r.content.decode()[:2000])
        c = Commitment.objects.get()
        self.assertEqual(
            (c.rrule, c.made_to, c.owner), ("FREQ=WEEKLY;BYDAY=SU", self.bob, self.alice)
        )
        page = client.get(r.url)
        self.assertContains(page, "Every Sunday at 19:00")

    def test_vague_shows_prompts_then_save_anyway(self) -> None:
        client = self.login(self.alice)
        r = client.form(self.url(), form(made_to=self.bob.pk, what="I'll be better", how_known=""))
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Could it be a little more concrete?", status_code=400)
        self.assertContains(r, "Save it as it is", status_code=400)
        self.assertContains(r, "I&#x27;ll be better", status_code=400)  # what they wrote is kept
        self.assertFalse(Commitment.objects.exists())
        r = client.form(
            self.url(),
            form(made_to=self.bob.pk, what="I'll be better", how_known="", save_anyway="on"),
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Commitment.objects.get().what, "I'll be better")

    def test_bad_schedule_is_a_400_with_a_message(self) -> None:
        client = self.login(self.alice)
        r = client.form(self.url(), form(made_to=self.bob.pk, weekdays=[]))
        self.assertContains(r, "Choose at least one day of the week.", status_code=400)
        r = client.form(
            self.url(), form(made_to=self.bob.pk, repeat="rrule", rrule="FREQ=SECONDLY")
        )
        self.assertContains(r, "more often than once an hour", status_code=400)
        r = client.form(self.url(), form(made_to=self.charlie.pk))
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Commitment.objects.exists())

    def test_propose_then_accept_on_the_page(self) -> None:
        bob = self.login(self.bob)
        r = bob.form(self.url("propose"), form(committer=self.alice.pk))
        self.assertEqual(r.status_code, 302)
        c = Commitment.objects.get()
        self.assertEqual((c.status, c.owner, c.proposed_by), ("proposed", self.alice, self.bob))
        alice = self.login(self.alice)
        page = alice.get(f"/spaces/{self.space.pk}/commitments/")
        self.assertContains(page, "Asked of you")
        r = alice.form(f"/commitments/{c.pk}/accept/")
        self.assertEqual(r.status_code, 302)
        c.refresh_from_db()
        self.assertEqual(c.status, "active")

    def test_renegotiate_page_prefills_and_saves_a_version(self) -> None:
        c = make_commitment(self.space, self.alice, self.bob)
        client = self.login(self.alice)
        page = client.get(f"/commitments/{c.pk}/renegotiate/")
        self.assertContains(page, CONCRETE)
        r = client.form(
            f"/commitments/{c.pk}/renegotiate/",
            form(what="I text you by 18:30 if I will be home after 19:00", reason="Earlier helps"),
        )
        self.assertEqual(r.status_code, 302)
        bob = self.login(self.bob)
        page = bob.get(f"/commitments/{c.pk}/")
        self.assertContains(page, "offers new terms")
        self.assertContains(page, "Earlier helps")
        bob.form(f"/commitments/{c.pk}/terms/answer/", {"decision": "agree"})
        page = bob.get(f"/commitments/{c.pk}/")
        self.assertContains(page, "Version 2")
        self.assertContains(page, CONCRETE)  # the first version is still in the history

    def test_an_answer_to_new_terms_without_a_decision_decides_nothing(self) -> None:
        c = offer_new_terms(make_commitment(self.space, self.alice, self.bob), self.alice)
        bob = self.login(self.bob)
        for sent in ({}, {"decision": ""}, {"decision": "Agree"}, {"decision": "agree\x00"}):
            with self.subTest(sent=sent):
                r = bob.form(f"/commitments/{c.pk}/terms/answer/", sent)
                self.assertContains(r, "Nothing was decided", status_code=400)
                proposal = TermsProposal.objects.get(commitment=c)
                self.assertEqual(proposal.status, TermsProposal.Status.PENDING)


class OccurrenceActionTests(MendTestCase):
    def setUp(self) -> None:
        self.commitment = make_commitment(self.space, self.alice, self.bob)
        self.occurrence = first_occurrence(self.commitment)

    def test_htmx_report_and_confirm_swap_the_row(self) -> None:
        alice = self.login(self.alice)
        r = alice.form(
            f"/occurrences/{self.occurrence.pk}/report/",
            {"outcome": "kept", "note": "Sent at 17:50"},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, f'id="occ-{self.occurrence.pk}"')
        self.assertContains(r, "Reported kept")
        bob = self.login(self.bob)
        r = bob.form(
            f"/occurrences/{self.occurrence.pk}/dispute/",
            {"note": "It came at 21:10"},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(r, "Disputed")
        self.assertContains(r, "It came at 21:10")
        self.assertContains(r, "Sent at 17:50")  # the report stays beside the dispute
        # A second answer through htmx shows the error in the row.
        r = bob.form(f"/occurrences/{self.occurrence.pk}/confirm/", {}, HTTP_HX_REQUEST="true")
        self.assertContains(r, "already been disputed")
        # Without htmx it is a plain 409 page.
        r = bob.form(f"/occurrences/{self.occurrence.pk}/confirm/", {})
        self.assertEqual(r.status_code, 409)
        o = Occurrence.objects.get(pk=self.occurrence.pk)
        self.assertEqual(o.response, "disputed")

    def test_bad_outcome_is_400(self) -> None:
        r = self.login(self.alice).form(
            f"/occurrences/{self.occurrence.pk}/report/", {"outcome": "maybe"}
        )
        self.assertEqual(r.status_code, 400)


class PageQueryCountTests(MendTestCase):
    def test_list_and_detail_pages_do_not_grow_with_rows(self) -> None:
        alice = self.login(self.alice)
        list_counts, detail_counts = [], []
        for n in (1, 5):
            while Commitment.objects.filter(owner=self.alice).count() < n:
                c = make_commitment(self.space, self.alice, self.bob)
                o = first_occurrence(c)
                services.report_occurrence(occurrence=o, user=self.alice, outcome="kept")
                make_commitment(self.space, self.bob, self.alice)
            alice.get(f"/spaces/{self.space.pk}/commitments/")
            alice.get(f"/commitments/{c.pk}/")
            # One more for the keys of the sealed words, however many rows.
            with self.assertNumQueries(8) as ctx:
                r = alice.get(f"/spaces/{self.space.pk}/commitments/")
            self.assertEqual(r.status_code, 200)
            list_counts.append(len(ctx.captured_queries))
            with self.assertNumQueries(10) as ctx:  # one for the key of the sealed words
                alice.get(f"/commitments/{c.pk}/")
            detail_counts.append(len(ctx.captured_queries))
        self.assertEqual(list_counts[0], list_counts[1])
        self.assertEqual(detail_counts[0], detail_counts[1])


class PrefillFromAnApology(MendTestCase):
    def test_the_apology_studio_link_prefills_what_and_to_whom(self) -> None:
        client = self.login(self.alice)
        url = (
            f"/spaces/{self.space.pk}/commitments/new/"
            f"?what=I+will+text+you+by+19:00&to={self.bob.pk}"
        )
        page = client.get(url)
        self.assertContains(page, 'value="I will text you by 19:00"')
        self.assertContains(page, f'value="{self.bob.pk}" selected')

    def test_a_stranger_in_the_link_is_ignored(self) -> None:
        page = self.login(self.alice).get(
            f"/spaces/{self.space.pk}/commitments/new/?to={self.charlie.pk}"
        )
        self.assertNotContains(page, f'<option value="{self.charlie.pk}"')
