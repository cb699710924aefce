"""Authorization matrix for every self-trust web route and API endpoint.

Roles are seen from alice's records: owner (alice), partner (bob), other_space (charlie),
counsellor (carol, with alice's consent), anonymous.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mend.selftrust import services
from mend.selftrust.models import Boundary, GutCheck, JournalEntry, QuestionnaireResult
from tests.authz import Route, check_matrix
from tests.base import MendTestCase

LOGIN = 302
CSI_ANSWERS = {"csi4_1": 3, "csi4_2": 3, "csi4_3": 3, "csi4_4": 3}


def _expect(owner: Any, partner: Any, other: Any, counsellor: Any, anon: Any) -> dict[str, Any]:
    return {
        "owner": owner,
        "partner": partner,
        "other_space": other,
        "counsellor": counsellor,
        "anonymous": anon,
    }


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
        member_page = _expect(200, 200, 404, 404, LOGIN)
        sid = lambda t: t.space.pk  # noqa: E731
        pages = [
            ("home", "self-trust/"),
            ("journal list", "self-trust/journal/"),
            ("journal new", "self-trust/journal/new/"),
            ("boundaries", "self-trust/boundaries/"),
            ("intuition", "self-trust/intuition/"),
            ("ratings", "self-trust/ratings/"),
            ("questionnaires", "self-trust/questionnaires/"),
            ("questionnaire csi4", "self-trust/questionnaires/csi4/"),
        ]
        routes = [
            Route(label, "GET", lambda t, p=path: f"/spaces/{sid(t)}/{p}", member_page)
            for label, path in pages
        ]
        routes += [
            Route(
                "unknown questionnaire",
                "GET",
                lambda t: f"/spaces/{sid(t)}/self-trust/questionnaires/nope/",
                _expect(404, 404, 404, 404, LOGIN),
            ),
            Route(
                "shared with me (counsellor)",
                "GET",
                lambda t: f"/spaces/{sid(t)}/self-trust/shared/",
                _expect(404, 404, 404, 200, LOGIN),
            ),
            Route(
                "journal create (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/self-trust/journal/new/",
                _expect(302, 302, 404, 404, LOGIN),
                data=lambda t: {"title": "t", "body": "b", "visibility": "private"},
            ),
            Route(
                "boundary create (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/self-trust/boundaries/",
                _expect(302, 302, 404, 404, LOGIN),
                data=lambda t: {"statement": "s", "visibility": "private"},
            ),
            Route(
                "gut check create (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/self-trust/intuition/",
                _expect(302, 302, 404, 404, LOGIN),
                data=lambda t: {"statement": "s", "confidence": 60, "visibility": "private"},
            ),
            Route(
                "self-rating (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/self-trust/ratings/",
                _expect(302, 302, 404, 404, LOGIN),
                data=lambda t: {"trust_judgement": 6, "said_no": "", "visibility": "private"},
            ),
            Route(
                "questionnaire submit (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/self-trust/questionnaires/csi4/",
                _expect(302, 302, 404, 404, LOGIN),
                data=lambda t: {**CSI_ANSWERS, "visibility": "private"},
            ),
        ]
        check_matrix(self, routes)

    def test_lock_routes(self) -> None:
        # The lock belongs to whoever is signed in: every signed-in role reaches only their own
        # (here nobody has set a passphrase, so unlocking has nothing to open).
        everyone = _expect(200, 200, 200, 200, LOGIN)
        new = "a long enough passphrase"
        routes = [
            Route("lock page", "GET", lambda t: "/self-trust/lock/", everyone),
            Route(
                "lock set (form, mismatched)",
                "POST",
                lambda t: "/self-trust/lock/",
                _expect(400, 400, 400, 400, LOGIN),
                data=lambda t: {
                    "action": "set",
                    "passphrase": new,
                    "confirm": new + "!",
                    "understood": "on",
                },
            ),
            Route(
                "unlock page",
                "GET",
                lambda t: "/self-trust/unlock/",
                _expect(302, 302, 302, 302, LOGIN),
            ),
            Route(
                "unlock (form)",
                "POST",
                lambda t: "/self-trust/unlock/",
                _expect(302, 302, 302, 302, LOGIN),
                data=lambda t: {"passphrase": new},
            ),
            Route("recover page", "GET", lambda t: "/self-trust/recover/", everyone),
            Route(
                "recover (form)",
                "POST",
                lambda t: "/self-trust/recover/",
                _expect(400, 400, 400, 400, LOGIN),
                data=lambda t: {"code": "AAAA-BBBB", "passphrase": new, "confirm": new},
            ),
            Route(
                "lock now (form)",
                "POST",
                lambda t: "/self-trust/lock-now/",
                _expect(302, 302, 302, 302, LOGIN),
            ),
            Route(
                "API lock state",
                "API GET",
                lambda t: "/api/v1/me/self-trust/lock",
                _expect(200, 200, 200, 200, 401),
            ),
            Route(
                "API unlock",
                "API POST",
                lambda t: "/api/v1/me/self-trust/unlock",
                _expect(409, 409, 409, 409, 401),
                data=lambda t: {"passphrase": new},
            ),
            Route(
                "API lock now",
                "API POST",
                lambda t: "/api/v1/me/self-trust/lock",
                _expect(204, 204, 204, 204, 401),
            ),
        ]
        check_matrix(self, routes)

    def test_space_api(self) -> None:
        sid = lambda t: t.space.pk  # noqa: E731
        viewer_list = _expect(200, 200, 404, 200, 401)
        lists = ["journal", "boundaries", "intuition", "self-ratings", "questionnaire-results"]
        routes = [
            Route(
                f"API list {name}",
                "API GET",
                lambda t, n=name: f"/api/v1/spaces/{sid(t)}/{n}",
                viewer_list,
            )
            for name in lists
        ]
        create = _expect(201, 201, 404, 404, 401)
        routes += [
            Route(
                "API calibration",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/intuition/calibration",
                _expect(200, 200, 404, 404, 401),
            ),
            Route(
                "API instruments",
                "API GET",
                lambda t: "/api/v1/questionnaires",
                _expect(200, 200, 200, 200, 401),
            ),
            Route(
                "API journal create",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/journal",
                create,
                data=lambda t: {"title": "t", "body": "b"},
            ),
            Route(
                "API boundary create",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/boundaries",
                create,
                data=lambda t: {"statement": "s"},
            ),
            Route(
                "API gut check create",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/intuition",
                create,
                data=lambda t: {"statement": "s", "confidence": 55},
            ),
            Route(
                "API self-rating",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/self-ratings",
                create,
                data=lambda t: {"trust_judgement": 7},
            ),
            Route(
                "API questionnaire submit",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/questionnaires/csi4",
                create,
                data=lambda t: {"answers": CSI_ANSWERS},
            ),
        ]
        check_matrix(self, routes)

    def test_journal_routes(self) -> None:
        def rows(name: str, entry: JournalEntry, counsellor_reads: bool) -> list[Route]:
            c_read = 200 if counsellor_reads else 404
            c_write = 403 if counsellor_reads else 404
            pk = entry.pk
            return [
                Route(
                    f"{name} page",
                    "GET",
                    lambda t: f"/self-trust/journal/{pk}/",
                    _expect(200, 404, 404, c_read, LOGIN),
                ),
                Route(
                    f"{name} edit page",
                    "GET",
                    lambda t: f"/self-trust/journal/{pk}/edit/",
                    _expect(200, 404, 404, c_write, LOGIN),
                ),
                Route(
                    f"{name} edit",
                    "POST",
                    lambda t: f"/self-trust/journal/{pk}/edit/",
                    _expect(302, 404, 404, c_write, LOGIN),
                    data=lambda t: {"title": "x", "body": "y", "visibility": "private"},
                ),
                Route(
                    f"{name} sharing",
                    "POST",
                    lambda t: f"/self-trust/journal/{pk}/sharing/",
                    _expect(302, 404, 404, c_write, LOGIN),
                    data=lambda t: {"visibility": "counsellor"},
                ),
                Route(
                    f"{name} delete",
                    "POST",
                    lambda t: f"/self-trust/journal/{pk}/delete/",
                    _expect(302, 404, 404, c_write, LOGIN),
                ),
                Route(
                    f"API {name}",
                    "API GET",
                    lambda t: f"/api/v1/journal/{pk}",
                    _expect(200, 404, 404, c_read, 401),
                ),
                Route(
                    f"API {name} update",
                    "API PUT",
                    lambda t: f"/api/v1/journal/{pk}",
                    _expect(200, 404, 404, c_write, 401),
                    data=lambda t: {"title": "x", "body": "y"},
                ),
                Route(
                    f"API {name} share",
                    "API POST",
                    lambda t: f"/api/v1/journal/{pk}/share",
                    _expect(200, 404, 404, c_write, 401),
                ),
                Route(
                    f"API {name} unshare",
                    "API POST",
                    lambda t: f"/api/v1/journal/{pk}/unshare",
                    _expect(200, 404, 404, c_write, 401),
                ),
                Route(
                    f"API {name} delete",
                    "API DELETE",
                    lambda t: f"/api/v1/journal/{pk}",
                    _expect(204, 404, 404, c_write, 401),
                ),
            ]

        check_matrix(
            self,
            rows("private entry", self.entry, False) + rows("shared entry", self.entry_c, True),
        )

    def test_boundary_routes(self) -> None:
        def rows(
            name: str, b: Boundary, partner_reads: bool, counsellor_reads: bool
        ) -> list[Route]:
            p_read, c_read = (200 if partner_reads else 404), (200 if counsellor_reads else 404)
            p_write, c_write = (403 if partner_reads else 404), (403 if counsellor_reads else 404)
            pk = b.pk
            event = {"kind": "held", "occurred_on": date.today().isoformat(), "note": ""}
            return [
                Route(
                    f"{name} page",
                    "GET",
                    lambda t: f"/self-trust/boundaries/{pk}/",
                    _expect(200, p_read, 404, c_read, LOGIN),
                ),
                Route(
                    f"{name} event",
                    "POST",
                    lambda t: f"/self-trust/boundaries/{pk}/events/",
                    _expect(302, p_write, 404, c_write, LOGIN),
                    data=lambda t: event,
                ),
                Route(
                    f"{name} sharing",
                    "POST",
                    lambda t: f"/self-trust/boundaries/{pk}/sharing/",
                    _expect(302, p_write, 404, c_write, LOGIN),
                    data=lambda t: {"visibility": "private"},
                ),
                Route(
                    f"{name} delete",
                    "POST",
                    lambda t: f"/self-trust/boundaries/{pk}/delete/",
                    _expect(302, p_write, 404, c_write, LOGIN),
                ),
                Route(
                    f"API {name}",
                    "API GET",
                    lambda t: f"/api/v1/boundaries/{pk}",
                    _expect(200, p_read, 404, c_read, 401),
                ),
                Route(
                    f"API {name} events",
                    "API GET",
                    lambda t: f"/api/v1/boundaries/{pk}/events",
                    _expect(200, p_read, 404, c_read, 401),
                ),
                Route(
                    f"API {name} add event",
                    "API POST",
                    lambda t: f"/api/v1/boundaries/{pk}/events",
                    _expect(201, p_write, 404, c_write, 401),
                    data=lambda t: event,
                ),
                Route(
                    f"API {name} visibility",
                    "API PUT",
                    lambda t: f"/api/v1/boundaries/{pk}/visibility",
                    _expect(200, p_write, 404, c_write, 401),
                    data=lambda t: {"visibility": "private"},
                ),
                Route(
                    f"API {name} delete",
                    "API DELETE",
                    lambda t: f"/api/v1/boundaries/{pk}",
                    _expect(204, p_write, 404, c_write, 401),
                ),
            ]

        check_matrix(
            self,
            rows("private boundary", self.boundary, False, False)
            + rows("space boundary", self.boundary_s, True, False)
            + rows("counsellor boundary", self.boundary_c, False, True),
        )

    def test_gut_check_and_result_routes(self) -> None:
        def gut_rows(name: str, g: GutCheck, counsellor_reads: bool) -> list[Route]:
            c_read, c_write = (200, 403) if counsellor_reads else (404, 404)
            pk = g.pk
            return [
                Route(
                    f"API {name}",
                    "API GET",
                    lambda t: f"/api/v1/intuition/{pk}",
                    _expect(200, 404, 404, c_read, 401),
                ),
                Route(
                    f"{name} resolve",
                    "POST",
                    lambda t: f"/self-trust/intuition/{pk}/resolve/",
                    _expect(302, 404, 404, c_write, LOGIN),
                    data=lambda t: {"outcome": "yes", "note": ""},
                ),
                Route(
                    f"API {name} resolve",
                    "API POST",
                    lambda t: f"/api/v1/intuition/{pk}/resolve",
                    _expect(200, 404, 404, c_write, 401),
                    data=lambda t: {"outcome": "partly"},
                ),
            ]

        def result_rows(name: str, r: QuestionnaireResult, counsellor_reads: bool) -> list[Route]:
            c_read, c_write = (200, 403) if counsellor_reads else (404, 404)
            pk = r.pk
            return [
                Route(
                    f"{name} page",
                    "GET",
                    lambda t: f"/self-trust/results/{pk}/",
                    _expect(200, 404, 404, c_read, LOGIN),
                ),
                Route(
                    f"{name} sharing",
                    "POST",
                    lambda t: f"/self-trust/results/{pk}/sharing/",
                    _expect(302, 404, 404, c_write, LOGIN),
                    data=lambda t: {"visibility": "counsellor"},
                ),
                Route(
                    f"API {name}",
                    "API GET",
                    lambda t: f"/api/v1/questionnaire-results/{pk}",
                    _expect(200, 404, 404, c_read, 401),
                ),
                Route(
                    f"API {name} visibility",
                    "API PUT",
                    lambda t: f"/api/v1/questionnaire-results/{pk}/visibility",
                    _expect(200, 404, 404, c_write, 401),
                    data=lambda t: {"visibility": "private"},
                ),
            ]

        check_matrix(
            self,
            gut_rows("private gut check", self.gut, False)
            + gut_rows("shared gut check", self.gut_c, True)
            + result_rows("private result", self.result, False)
            + result_rows("shared result", self.result_c, True),
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
