"""Authorization matrix for the questionnaire pages, API and admin import.

Roles: owner (alice, consents to carol), partner (bob), other_space (charlie), counsellor
(carol, Riverside), anonymous, counsellor_no_consent (dave), counsellor_withdrawn (frank),
counsellor_other_practice (erin, Hillside), practice_staff (pat, Riverside).
"""

from __future__ import annotations

from typing import Any

from mend.instruments import services
from tests.authz import Route
from tests.care.base import check_care_matrix
from tests.instruments.base import ANSWERS, InstrumentsTestCase

LOGIN = 302
API_ANON = 401
NOBODY = {
    "owner": 404,
    "partner": 404,
    "other_space": 404,
    "counsellor": 404,
    "counsellor_no_consent": 404,
    "counsellor_withdrawn": 404,
    "counsellor_other_practice": 404,
    "practice_staff": 404,
}


def only(anonymous: int, **allowed: int | tuple[int, ...]) -> dict[str, Any]:
    return {**NOBODY, "anonymous": anonymous, **allowed}


class InstrumentsMatrix(InstrumentsTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.private, cls.shared = (
            services.submit_result(
                space=cls.space,
                owner=cls.alice,
                definition=cls.fixture,
                answers=ANSWERS,
                visibility=visibility,
            )
            for visibility in ("private", "counsellor")
        )

    def test_pages(self) -> None:
        sid = lambda t: t.space.pk  # noqa: E731
        routes = [
            Route(
                "overview",
                "GET",
                lambda t: f"/spaces/{sid(t)}/instruments/",
                only(LOGIN, owner=200, partner=200, counsellor=200),
            ),
            Route(
                "take form",
                "GET",
                lambda t: f"/spaces/{sid(t)}/instruments/{t.fixture.pk}/",
                only(LOGIN, owner=200, partner=200),
            ),
            Route(
                "take",
                "POST",
                lambda t: f"/spaces/{sid(t)}/instruments/{t.fixture.pk}/",
                only(LOGIN, owner=302, partner=302),
                data=lambda t: {**ANSWERS, "visibility": "private"},
            ),
            Route(
                "private result",
                "GET",
                lambda t: f"/instrument-results/{t.private.pk}/",
                only(LOGIN, owner=200),
            ),
            Route(
                "result shared with the counsellor",
                "GET",
                lambda t: f"/instrument-results/{t.shared.pk}/",
                only(LOGIN, owner=200, counsellor=200),
            ),
            Route(
                "sharing",
                "POST",
                lambda t: f"/instrument-results/{t.private.pk}/sharing/",
                only(LOGIN, owner=302),
                data=lambda t: {"visibility": "space"},
            ),
            Route(
                "sharing what was shared with the counsellor",
                "POST",
                lambda t: f"/instrument-results/{t.shared.pk}/sharing/",
                only(LOGIN, owner=302, counsellor=403),
                data=lambda t: {"visibility": "private"},
            ),
            Route(
                "admin import",
                "GET",
                lambda t: "/admin/instruments/instrumentdefinition/import/",
                {role: 302 for role in [*NOBODY, "anonymous"]} | {"practice_staff": 200},
            ),
        ]
        check_care_matrix(self, routes)

    def test_api(self) -> None:
        sid = lambda t: t.space.pk  # noqa: E731
        routes = [
            Route(
                "instruments",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/instruments",
                only(API_ANON, owner=200, partner=200, counsellor=200),
            ),
            Route(
                "submit",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/instruments/{t.fixture.pk}/results",
                only(API_ANON, owner=201, partner=201),
                data=lambda t: {"answers": ANSWERS},
            ),
            Route(
                "results",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/instrument-results",
                only(API_ANON, owner=200, partner=200, counsellor=200),
            ),
            Route(
                "private result",
                "API GET",
                lambda t: f"/api/v1/instrument-results/{t.private.pk}",
                only(API_ANON, owner=200),
            ),
            Route(
                "result shared with the counsellor",
                "API GET",
                lambda t: f"/api/v1/instrument-results/{t.shared.pk}",
                only(API_ANON, owner=200, counsellor=200),
            ),
            Route(
                "visibility",
                "API PUT",
                lambda t: f"/api/v1/instrument-results/{t.private.pk}/visibility",
                only(API_ANON, owner=200),
                data=lambda t: {"visibility": "counsellor"},
            ),
            Route(
                "visibility of what was shared with the counsellor",
                "API PUT",
                lambda t: f"/api/v1/instrument-results/{t.shared.pk}/visibility",
                only(API_ANON, owner=200, counsellor=403),
                data=lambda t: {"visibility": "private"},
            ),
        ]
        check_care_matrix(self, routes)
