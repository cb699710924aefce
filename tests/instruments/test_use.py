"""Using an instrument: a member fills it in (page and API), sees it scored with the citation
and terms beside the score and charted with the cut-off; results stay private unless shared;
a counsellor assigns one as homework; results reach the report and the data export."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mend.instruments import services
from mend.instruments.models import InstrumentResult
from mend.privacy.export import export_user_data
from mend.spaces.services import set_visibility
from tests.instruments.base import ANSWERS, InstrumentsTestCase, fixture_definition


class FillingIn(InstrumentsTestCase):
    def test_the_overview_offers_the_space_s_instruments(self) -> None:
        page = self.login(self.alice).get(f"/spaces/{self.space.pk}/instruments/")
        self.assertContains(page, "Fixture scale")
        self.assertContains(page, "Couples Satisfaction Index")
        other = self.login(self.charlie).get(f"/spaces/{self.other_space.pk}/instruments/")
        self.assertNotContains(other, "Fixture scale")
        self.assertContains(other, "Couples Satisfaction Index")

    def test_a_member_fills_one_in_on_the_page(self) -> None:
        client = self.login(self.alice)
        url = f"/spaces/{self.space.pk}/instruments/{self.fixture.pk}/"
        form = client.get(url)
        self.assertContains(form, "Item A1")
        self.assertContains(form, "Free to use in tests.")
        response = client.form(url, {**ANSWERS, "visibility": "private"})
        found = InstrumentResult.objects.get(owner=self.alice)
        self.assertRedirects(response, f"/instrument-results/{found.pk}/")
        self.assertEqual((found.total, found.subscales), (12, {"a": 10, "b": 2}))
        self.assertEqual(found.definition, self.fixture)
        page = client.get(f"/instrument-results/{found.pk}/")
        self.assertContains(page, "FS: 12")
        self.assertContains(page, "A score of 12 is at or above the cut-off of 12 (high).")
        self.assertContains(page, "Scale B: A score of 2 is below the cut-off of 3 (low B).")
        self.assertContains(page, "Journal of Tests")  # the citation
        self.assertContains(page, "Free to use in tests.")  # the terms
        self.assertContains(page, "(scored in reverse)")

    def test_a_missing_answer_is_a_400_and_saves_nothing(self) -> None:
        client = self.login(self.alice)
        url = f"/spaces/{self.space.pk}/instruments/{self.fixture.pk}/"
        response = client.form(url, {"a1": 1, "visibility": "private"})
        self.assertContains(response, "Choose one answer for this question.", status_code=400)
        self.assertFalse(InstrumentResult.objects.exists())

    def test_the_api_scores_and_refuses_bad_answers(self) -> None:
        client = self.login(self.alice)
        listed = client.api("GET", f"/api/v1/spaces/{self.space.pk}/instruments").json()
        fixture = next(i for i in listed if i["key"] == "fixture")
        self.assertEqual(
            fixture["items"][1],
            {
                "id": "a2",
                "text": "Item A2",
                "reverse_keyed": True,
                "options": [{"value": v, "label": f"agree {v}"} for v in range(1, 6)],
            },
        )
        self.assertEqual(fixture["cutoffs"][0]["source"], "Fixture (2026), p. 2")
        url = f"/api/v1/spaces/{self.space.pk}/instruments/{self.fixture.pk}/results"
        made = client.api("POST", url, {"answers": ANSWERS})
        self.assertEqual(made.status_code, 201, made.content)
        body = made.json()
        self.assertEqual((body["total"], body["version"], body["visibility"]), (12, "1", "private"))
        self.assertIn("Journal of Tests", body["citation"])
        self.assertEqual(body["terms"], "Free to use in tests.")
        bad = client.api("POST", url, {"answers": {**ANSWERS, "a1": 9}})
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(bad.json()["error"]["code"], "invalid_answers")
        self.assertIn("a1: 9 is not an allowed answer", bad.json()["error"]["message"])
        self.assertEqual(InstrumentResult.objects.count(), 1)

    def test_another_practice_s_instrument_is_not_there(self) -> None:
        theirs, _ = services.import_definition(
            data=fixture_definition(key="hill"), practice_id=self.hillside.pk
        )
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/instruments/{theirs.pk}/results"
        self.assertEqual(client.api("POST", url, {"answers": ANSWERS}).status_code, 404)

    def test_the_csi4_is_filled_in_through_the_same_engine(self) -> None:
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/instruments/{self.csi4.pk}/results"
        answers = {"csi4_1": 3, "csi4_2": 3, "csi4_3": 3, "csi4_4": 3}
        body = client.api("POST", url, {"answers": answers}).json()
        self.assertEqual((body["total"], body["min_total"], body["max_total"]), (12, 0, 21))
        self.assertIn("A score of 12 is below 13.5", body["interpretation"])


class Privacy(InstrumentsTestCase):
    def test_private_unless_shared(self) -> None:
        mine = self.submit()
        path = f"/api/v1/instrument-results/{mine.pk}"
        self.assertEqual(self.login(self.bob).api("GET", path).status_code, 404)
        self.assertEqual(self.login(self.carol).api("GET", path).status_code, 404)
        set_visibility(record=mine, user=self.alice, visibility="counsellor")
        self.assertEqual(self.login(self.carol).api("GET", path).status_code, 200)
        self.assertEqual(self.login(self.bob).api("GET", path).status_code, 404)
        set_visibility(record=mine, user=self.alice, visibility="space")
        self.assertEqual(self.login(self.bob).api("GET", path).status_code, 200)

    def test_the_partner_s_overview_shows_nothing_private(self) -> None:
        self.submit()
        page = self.login(self.bob).get(f"/spaces/{self.space.pk}/instruments/")
        self.assertNotContains(page, "Alice's FS scores")
        self.assertNotContains(page, "<svg")

    def test_sharing_through_the_page(self) -> None:
        mine = self.submit()
        client = self.login(self.alice)
        response = client.form(f"/instrument-results/{mine.pk}/sharing/", {"visibility": "space"})
        self.assertEqual(response.status_code, 302)
        mine.refresh_from_db()
        self.assertEqual(mine.visibility, "space")
        refused = self.login(self.bob).form(
            f"/instrument-results/{mine.pk}/sharing/", {"visibility": "private"}
        )
        self.assertEqual(refused.status_code, 403)


class Charts(InstrumentsTestCase):
    def test_charted_per_subscale_with_the_cutoff(self) -> None:
        self.submit()
        self.submit(a1=1)
        page = self.login(self.alice).get(f"/spaces/{self.space.pk}/instruments/")
        html = page.content.decode()
        self.assertEqual(html.count("<svg"), 3)  # total, Scale A, Scale B
        self.assertIn("Cut-off 12", html)  # the total's reference line
        self.assertIn("Cut-off 3", html)  # Scale B's
        self.assertIn("12: high (Fixture (2026), p. 2)", html)
        self.assertIn("Journal of Tests", html)

    def test_a_counsellor_sees_only_what_was_shared_and_the_read_is_logged(self) -> None:
        self.submit()
        self.submit(visibility="counsellor", a1=4)
        page = self.login(self.carol).get(f"/spaces/{self.space.pk}/instruments/")
        self.assertContains(page, "Alice's FS scores")
        self.assertNotContains(page, "Answer now")
        listed = self.login(self.carol).api(
            "GET", f"/api/v1/spaces/{self.space.pk}/instrument-results"
        )
        self.assertEqual([r["total"] for r in listed.json()], [11])

    def test_the_counsellor_s_space_page_leads_to_them(self) -> None:
        page = self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/")
        self.assertContains(page, f'href="/spaces/{self.space.pk}/instruments/"')

    def test_list_queries_do_not_grow_with_rows(self) -> None:
        client = self.login(self.alice)
        paths = [
            f"/spaces/{self.space.pk}/instruments/",
            f"/api/v1/spaces/{self.space.pk}/instrument-results",
            f"/api/v1/spaces/{self.space.pk}/instruments",
        ]

        def counts() -> dict[str, int]:
            found = {}
            for path in paths:
                with CaptureQueriesContext(connection) as ctx:
                    self.assertEqual(client.get(path).status_code, 200, path)
                found[path] = len(ctx.captured_queries)
            return found

        self.submit()
        self.submit(user=self.bob, visibility="space")
        few = counts()
        for _ in range(6):
            self.submit()
            self.submit(user=self.bob, visibility="space")
        self.assertEqual(few, counts())
        with self.assertNumQueries(
            4
        ):  # the session with its person, space, results, keys of sealed answers
            client.get(f"/api/v1/spaces/{self.space.pk}/instrument-results")


class Homework(InstrumentsTestCase):
    def test_a_counsellor_assigns_an_instrument_and_the_member_is_led_to_it(self) -> None:
        carol = self.login(self.carol)
        made = carol.api(
            "POST",
            f"/api/v1/spaces/{self.space.pk}/homework",
            {
                "kind": "questionnaire",
                "title": "Fill in the fixture scale",
                "member": self.alice.pk,
                "instrument": self.fixture.pk,
            },
        )
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual(made.json()["instrument"], self.fixture.pk)
        homework_id = made.json()["id"]
        alice = self.login(self.alice)
        accepted = alice.form(f"/homework/{homework_id}/answer/", {"answer": "accepted"})
        self.assertEqual(
            accepted["Location"], f"/spaces/{self.space.pk}/instruments/{self.fixture.pk}/"
        )

    def test_an_instrument_not_available_in_the_space_is_refused(self) -> None:
        theirs, _ = services.import_definition(
            data=fixture_definition(key="hill"), practice_id=self.hillside.pk
        )
        carol = self.login(self.carol)
        for kind, instrument in (("questionnaire", theirs.pk), ("exercise", self.fixture.pk)):
            refused = carol.api(
                "POST",
                f"/api/v1/spaces/{self.space.pk}/homework",
                {"kind": kind, "title": "Try", "instrument": instrument},
            )
            self.assertEqual(refused.status_code, 400, kind)

    def test_the_homework_form_offers_the_space_s_instruments(self) -> None:
        page = self.login(self.carol).get(f"/caseload/spaces/{self.space.pk}/")
        self.assertContains(page, "Fixture scale (FS, version 1)")
        response = self.login(self.carol).form(
            f"/caseload/spaces/{self.space.pk}/homework/",
            {"kind": "questionnaire", "title": "Try it", "instrument": self.fixture.pk},
        )
        self.assertEqual(response.status_code, 302)


class ReportAndExport(InstrumentsTestCase):
    def test_the_progress_report_charts_results_with_citation_and_terms(self) -> None:
        self.submit()
        self.submit(a1=2)
        page = self.login(self.alice).get(f"/spaces/{self.space.pk}/report/")
        self.assertContains(page, "FS: Alice")
        self.assertContains(page, "Cut-off 12")
        self.assertContains(page, "Journal of Tests")
        self.assertContains(page, "Free to use in tests.")

    def test_the_partner_s_report_has_no_private_result(self) -> None:
        self.submit()
        page = self.login(self.bob).get(f"/spaces/{self.space.pk}/report/")
        self.assertNotContains(page, "FS: Alice")

    def test_the_export_holds_results_with_their_version(self) -> None:
        self.submit()
        data = export_user_data(self.alice)
        [row] = data["records"]["instruments.instrumentresult"]
        self.assertEqual((row["instrument"], row["version"], row["total"]), ("fixture", "1", 12))
        self.assertEqual(row["answers"], ANSWERS)
        self.assertIn("Journal of Tests", row["citation"])
        self.assertEqual(
            export_user_data(self.bob)["records"].get("instruments.instrumentresult"), None
        )


class SelfTrustCsi4InTheReport(InstrumentsTestCase):
    def test_the_self_trust_csi4_scores_carry_their_citation_and_terms(self) -> None:
        from mend.selftrust import services as selftrust_services

        selftrust_services.submit_questionnaire(
            space=self.space,
            owner=self.alice,
            instrument_id="csi4",
            answers={"csi4_1": 3, "csi4_2": 3, "csi4_3": 3, "csi4_4": 3},
        )
        page = self.login(self.alice).get(f"/spaces/{self.space.pk}/report/")
        self.assertContains(page, "CSI-4: Funk, J. L., &amp; Rogge, R. D. (2007)")
        self.assertContains(page, "Terms: The authors make the CSI scales freely available")


class Erasure(InstrumentsTestCase):
    def test_deleting_an_account_erases_its_results_and_keeps_the_definitions(self) -> None:
        from mend.privacy.export import delete_account

        self.submit()
        self.submit(user=self.bob)
        delete_account(user=self.alice)
        self.assertEqual(
            list(InstrumentResult.objects.values_list("owner", flat=True)), [self.bob.pk]
        )
        delete_account(user=self.pat)  # who loaded the fixture
        self.fixture.refresh_from_db()
        self.assertIsNone(self.fixture.loaded_by)


class Caseload(InstrumentsTestCase):
    def test_the_counsellor_sees_shared_results_in_the_space_view_and_the_caseload(self) -> None:
        self.submit()  # private: nowhere
        self.submit(visibility="counsellor", a1=4)
        self.submit(visibility="counsellor", a1=3)
        client = self.login(self.carol)
        page = client.get(f"/caseload/spaces/{self.space.pk}/")
        self.assertContains(page, "Score 10 (range 4–20), version 1")
        self.assertContains(page, "Score 11 (range 4–20), version 1")
        self.assertNotContains(page, "Score 12 (range 4–20)")
        caseload = client.api("GET", "/api/v1/caseload").json()["results"]
        [row] = [r for r in caseload if r["space"] == self.space.pk]
        trends = row["questionnaires"]
        self.assertIn(
            {"instrument_id": "fixture", "latest": 10, "previous": 11},
            [{k: t[k] for k in ("instrument_id", "latest", "previous")} for t in trends],
        )
