"""Authorization matrix for the questionnaire pages, API and admin import.

Roles: owner (alice, consents to carol), partner (bob), other_space (charlie), counsellor
(carol, Riverside), anonymous, counsellor_no_consent (dave), counsellor_withdrawn (frank),
counsellor_other_practice (erin, Hillside), practice_staff (pat, Riverside).
"""

from __future__ import annotations

from mend.instruments import services
from tests.authz import Route
from tests.care.base import check_care_matrix, everyone, only
from tests.instruments.base import ANSWERS, InstrumentsTestCase

# The space's questionnaires and shared results are read by its members and alice's counsellor;
# her result shared with carol is read by the two of them only.
READERS = only(owner=200, partner=200, counsellor=200)
ALICE_AND_CAROL = only(owner=200, counsellor=200)


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
        space = "/spaces/{t.space.pk}/instruments"
        private, shared = "/instrument-results/{t.private.pk}", "/instrument-results/{t.shared.pk}"
        check_care_matrix(
            self,
            [
                Route("overview", "GET", f"{space}/", READERS),
                Route(
                    "take form", "GET", f"{space}/{{t.fixture.pk}}/", only(owner=200, partner=200)
                ),
                Route(
                    "take",
                    "POST",
                    f"{space}/{{t.fixture.pk}}/",
                    only(owner=302, partner=302),
                    {**ANSWERS, "visibility": "private"},
                ),
                Route("private result", "GET", f"{private}/", only(owner=200)),
                Route("result shared with the counsellor", "GET", f"{shared}/", ALICE_AND_CAROL),
                Route(
                    "sharing",
                    "POST",
                    f"{private}/sharing/",
                    only(owner=302),
                    {"visibility": "space"},
                ),
                Route(
                    "sharing what was shared with the counsellor",
                    "POST",
                    f"{shared}/sharing/",
                    only(owner=302, counsellor=403),
                    {"visibility": "private"},
                ),
                Route(
                    "admin import",
                    "GET",
                    "/admin/instruments/instrumentdefinition/import/",
                    everyone(302, anonymous=302) | {"practice_staff": 200},
                ),
            ],
        )

    def test_api(self) -> None:
        space = "/api/v1/spaces/{t.space.pk}"
        private = "/api/v1/instrument-results/{t.private.pk}"
        shared = "/api/v1/instrument-results/{t.shared.pk}"
        check_care_matrix(
            self,
            [
                Route("instruments", "API GET", f"{space}/instruments", READERS),
                Route(
                    "submit",
                    "API POST",
                    f"{space}/instruments/{{t.fixture.pk}}/results",
                    only(owner=201, partner=201),
                    {"answers": ANSWERS},
                ),
                Route("results", "API GET", f"{space}/instrument-results", READERS),
                Route("private result", "API GET", private, only(owner=200)),
                Route("result shared with the counsellor", "API GET", shared, ALICE_AND_CAROL),
                Route(
                    "visibility",
                    "API PUT",
                    f"{private}/visibility",
                    only(owner=200),
                    {"visibility": "counsellor"},
                ),
                Route(
                    "visibility of what was shared with the counsellor",
                    "API PUT",
                    f"{shared}/visibility",
                    only(owner=200, counsellor=403),
                    {"visibility": "private"},
                ),
            ],
        )
