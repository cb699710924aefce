"""Authorization matrix for every self-trust web route and API endpoint.

Roles are seen from alice's records: owner (alice), partner (bob), other_space (charlie),
counsellor (carol, with alice's consent), anonymous.
"""

from __future__ import annotations

from datetime import date

from mend.selftrust import services
from mend.selftrust.models import Boundary, GutCheck, JournalEntry, QuestionnaireResult
from tests.authz import Route, Shared, answers, check_matrix, each_sharing, everyone
from tests.base import MendTestCase

CSI_ANSWERS = {"csi4_1": 3, "csi4_2": 3, "csi4_3": 3, "csi4_4": 3}


class SelfTrustMatrix(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        a, s = cls.alice, cls.space
        cls.entry = services.create_entry(space=s, owner=a, title="Private", body="p")
        cls.entry_c = services.create_entry(
            space=s, owner=a, title="Shared", body="c", visibility="counsellor"
        )
        cls.boundary = services.create_boundary(space=s, owner=a, statement="Mine alone")
        cls.boundary_s = services.create_boundary(
            space=s, owner=a, statement="Shared with the space", visibility="space"
        )
        cls.boundary_c = services.create_boundary(
            space=s, owner=a, statement="For the counsellor", visibility="counsellor"
        )
        cls.gut = services.create_gut_check(space=s, owner=a, statement="Gut", confidence=70)
        cls.gut_c = services.create_gut_check(
            space=s, owner=a, statement="Gut shared", confidence=80, visibility="counsellor"
        )
        cls.result = services.submit_questionnaire(
            space=s, owner=a, instrument_id="csi4", answers=CSI_ANSWERS
        )
        cls.result_c = services.submit_questionnaire(
            space=s, owner=a, instrument_id="csi4", answers=CSI_ANSWERS, visibility="counsellor"
        )
        services.record_self_rating(space=s, owner=a, trust_judgement=5)

    def test_space_pages(self) -> None:
        web = "/spaces/{t.space.pk}/self-trust"
        members = answers(200, 200)
        pages = [
            ("home", ""),
            ("journal list", "journal/"),
            ("journal new", "journal/new/"),
            ("boundaries", "boundaries/"),
            ("intuition", "intuition/"),
            ("ratings", "ratings/"),
            ("questionnaires", "questionnaires/"),
            ("questionnaire csi4", "questionnaires/csi4/"),
        ]
        routes = [Route(label, "GET", f"{web}/{path}", members) for label, path in pages]
        created = answers(302, 302)
        forms = [
            ("journal create", "journal/new/", {"title": "t", "body": "b"}),
            ("boundary create", "boundaries/", {"statement": "s"}),
            ("gut check create", "intuition/", {"statement": "s", "confidence": 60}),
            ("self-rating", "ratings/", {"trust_judgement": 6, "said_no": ""}),
            ("questionnaire submit", "questionnaires/csi4/", CSI_ANSWERS),
        ]
        routes += [
            Route(
                f"{label} (form)",
                "POST",
                f"{web}/{path}",
                created,
                {**data, "visibility": "private"},
            )
            for label, path, data in forms
        ]
        routes += [
            Route("unknown questionnaire", "GET", f"{web}/questionnaires/nope/", answers(404, 404)),
            Route(
                "shared with me (counsellor)",
                "GET",
                f"{web}/shared/",
                answers(404, 404, counsellor=200),
            ),
        ]
        check_matrix(self, routes)

    def test_lock_routes(self) -> None:
        # The lock belongs to whoever is signed in: every signed-in role reaches only their own
        # (here nobody has set a passphrase, so unlocking has nothing to open).
        new = "a long enough passphrase"
        mismatched = {"action": "set", "passphrase": new, "confirm": new + "!", "understood": "on"}
        recover = {"code": "AAAA-BBBB", "passphrase": new, "confirm": new}
        api = "/api/v1/me/self-trust"
        check_matrix(
            self,
            [
                Route("lock page", "GET", "/self-trust/lock/", everyone(200)),
                Route(
                    "lock set (form, mismatched)",
                    "POST",
                    "/self-trust/lock/",
                    everyone(400),
                    mismatched,
                ),
                Route("unlock page", "GET", "/self-trust/unlock/", everyone(302)),
                Route(
                    "unlock (form)",
                    "POST",
                    "/self-trust/unlock/",
                    everyone(302),
                    {"passphrase": new},
                ),
                Route("recover page", "GET", "/self-trust/recover/", everyone(200)),
                Route("recover (form)", "POST", "/self-trust/recover/", everyone(400), recover),
                Route("lock now (form)", "POST", "/self-trust/lock-now/", everyone(302)),
                Route("API lock state", "API GET", f"{api}/lock", everyone(200)),
                Route(
                    "API unlock", "API POST", f"{api}/unlock", everyone(409), {"passphrase": new}
                ),
                Route("API lock now", "API POST", f"{api}/lock", everyone(204)),
            ],
        )

    def test_space_api(self) -> None:
        api = "/api/v1/spaces/{t.space.pk}"
        # The counsellor's lists hold only what was shared with her (empty here, but allowed).
        viewer_list = answers(200, 200, counsellor=200)
        lists = ["journal", "boundaries", "intuition", "self-ratings", "questionnaire-results"]
        routes = [
            Route(f"API list {name}", "API GET", f"{api}/{name}", viewer_list) for name in lists
        ]
        created = answers(201, 201)
        creates = [
            ("API journal create", "journal", {"title": "t", "body": "b"}),
            ("API boundary create", "boundaries", {"statement": "s"}),
            ("API gut check create", "intuition", {"statement": "s", "confidence": 55}),
            ("API self-rating", "self-ratings", {"trust_judgement": 7}),
            ("API questionnaire submit", "questionnaires/csi4", {"answers": CSI_ANSWERS}),
        ]
        routes += [
            Route(label, "API POST", f"{api}/{path}", created, data)
            for label, path, data in creates
        ]
        routes += [
            Route("API calibration", "API GET", f"{api}/intuition/calibration", answers(200, 200)),
            Route("API instruments", "API GET", "/api/v1/questionnaires", everyone(200)),
        ]
        check_matrix(self, routes)

    def test_journal_routes(self) -> None:
        def rows(name: str, entry: JournalEntry, shared: Shared) -> list[Route]:
            read, write = shared.reads(), shared.writes
            web, api = f"/self-trust/journal/{entry.pk}", f"/api/v1/journal/{entry.pk}"
            edit = {"title": "x", "body": "y"}
            return [
                Route(f"{name} page", "GET", f"{web}/", read),
                Route(f"{name} edit page", "GET", f"{web}/edit/", write(200)),
                Route(
                    f"{name} edit",
                    "POST",
                    f"{web}/edit/",
                    write(302),
                    {**edit, "visibility": "private"},
                ),
                Route(
                    f"{name} sharing",
                    "POST",
                    f"{web}/sharing/",
                    write(302),
                    {"visibility": "counsellor"},
                ),
                Route(f"{name} delete", "POST", f"{web}/delete/", write(302)),
                Route(f"API {name}", "API GET", api, read),
                Route(f"API {name} update", "API PUT", api, write(200), edit),
                Route(f"API {name} share", "API POST", f"{api}/share", write(200)),
                Route(f"API {name} unshare", "API POST", f"{api}/unshare", write(200)),
                Route(f"API {name} delete", "API DELETE", api, write(204)),
            ]

        check_matrix(self, each_sharing(rows, "entry", private=self.entry, counsellor=self.entry_c))

    def test_boundary_routes(self) -> None:
        def rows(name: str, b: Boundary, shared: Shared) -> list[Route]:
            read, write = shared.reads(), shared.writes
            web, api = f"/self-trust/boundaries/{b.pk}", f"/api/v1/boundaries/{b.pk}"
            event = {"kind": "held", "occurred_on": date.today().isoformat(), "note": ""}
            private = {"visibility": "private"}
            return [
                Route(f"{name} page", "GET", f"{web}/", read),
                Route(f"{name} event", "POST", f"{web}/events/", write(302), event),
                Route(f"{name} sharing", "POST", f"{web}/sharing/", write(302), private),
                Route(f"{name} delete", "POST", f"{web}/delete/", write(302)),
                Route(f"API {name}", "API GET", api, read),
                Route(f"API {name} events", "API GET", f"{api}/events", read),
                Route(f"API {name} add event", "API POST", f"{api}/events", write(201), event),
                Route(
                    f"API {name} visibility", "API PUT", f"{api}/visibility", write(200), private
                ),
                Route(f"API {name} delete", "API DELETE", api, write(204)),
            ]

        records = {
            "private": self.boundary,
            "space": self.boundary_s,
            "counsellor": self.boundary_c,
        }
        check_matrix(self, each_sharing(rows, "boundary", **records))

    def test_gut_check_and_result_routes(self) -> None:
        def gut_rows(name: str, g: GutCheck, shared: Shared) -> list[Route]:
            read, write = shared.reads(), shared.writes
            web, api = f"/self-trust/intuition/{g.pk}", f"/api/v1/intuition/{g.pk}"
            return [
                Route(f"API {name}", "API GET", api, read),
                Route(
                    f"{name} resolve",
                    "POST",
                    f"{web}/resolve/",
                    write(302),
                    {"outcome": "yes", "note": ""},
                ),
                Route(
                    f"API {name} resolve",
                    "API POST",
                    f"{api}/resolve",
                    write(200),
                    {"outcome": "partly"},
                ),
            ]

        def result_rows(name: str, r: QuestionnaireResult, shared: Shared) -> list[Route]:
            read, write = shared.reads(), shared.writes
            web, api = f"/self-trust/results/{r.pk}", f"/api/v1/questionnaire-results/{r.pk}"
            to_counsellor, private = {"visibility": "counsellor"}, {"visibility": "private"}
            return [
                Route(f"{name} page", "GET", f"{web}/", read),
                Route(f"{name} sharing", "POST", f"{web}/sharing/", write(302), to_counsellor),
                Route(f"API {name}", "API GET", api, read),
                Route(
                    f"API {name} visibility",
                    "API PUT",
                    f"{api}/visibility",
                    write(200),
                    private,
                ),
            ]

        check_matrix(
            self,
            each_sharing(gut_rows, "gut check", private=self.gut, counsellor=self.gut_c)
            + each_sharing(result_rows, "result", private=self.result, counsellor=self.result_c),
        )

    def test_partner_lists_never_contain_alices_records(self) -> None:
        """Beyond status codes: every list the partner can call holds none of alice's content."""
        client = self.login(self.bob)
        sid = self.space.pk
        texts = ["Private", "Shared", "Mine alone", "For the counsellor", "Gut", "Gut shared"]
        for path in ("journal", "intuition", "self-ratings", "questionnaire-results"):
            body = client.api("GET", f"/api/v1/spaces/{sid}/{path}").json()
            self.assertEqual(body, [], path)
        boundaries = client.api("GET", f"/api/v1/spaces/{sid}/boundaries").json()
        self.assertEqual([b["statement"] for b in boundaries], ["Shared with the space"])
        for page in ("journal/", "boundaries/", "intuition/", "ratings/", "questionnaires/", ""):
            html = client.get(f"/spaces/{sid}/self-trust/{page}").content.decode()
            for text in texts:
                if text == "Shared with the space":
                    continue
                self.assertNotIn(f">{text}<", html, (page, text))
