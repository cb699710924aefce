"""Authorization matrix for the care routes, with the counsellor and practice roles.

Roles: owner (alice, consents to carol), partner (bob, no consent), other_space (charlie),
counsellor (carol), anonymous, counsellor_no_consent (dave), counsellor_withdrawn (frank,
alice withdrew), counsellor_other_practice (erin, Hillside), practice_staff (pat, Riverside;
the practice does not let staff read notes).
"""

from __future__ import annotations

from typing import Any

from mend.care import services
from mend.care.models import Homework
from mend.spaces.models import CounsellorAccess
from tests.authz import Route
from tests.care.base import CareTestCase, check_care_matrix

LOGIN = 302
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


def everyone(status: int, anonymous: int) -> dict[str, Any]:
    return {k: status for k in NOBODY} | {"anonymous": anonymous}


COUNSELLORS = (
    "counsellor",
    "counsellor_no_consent",
    "counsellor_withdrawn",
    "counsellor_other_practice",
)


class CareMatrix(CareTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.consent = CounsellorAccess.objects.get(
            space=cls.space, member=cls.alice, counsellor=cls.carol
        )
        cls.homework = Homework.objects.create(
            space=cls.space,
            counsellor=cls.carol,
            counsellor_name="Carol",
            kind="exercise",
            title="Ten minutes a day",
        )
        cls.note = services.create_note(space=cls.space, counsellor=cls.carol, text="Note")
        cls.intake, cls.secret = services.create_intake(
            practice=cls.practice,
            requester=cls.bob,
            contact_method="email",
            contact_detail="bob@example.test",
            help_with="Help",
            urgency="routine",
        )

    def test_member_routes(self) -> None:
        s = lambda t: t.space.pk  # noqa: E731
        members = {"owner": 200, "partner": 200}
        check_care_matrix(
            self,
            [
                Route(
                    "counsellor page",
                    "GET",
                    lambda t: f"/spaces/{s(t)}/counsellor/",
                    only(LOGIN, **members),
                ),
                Route(
                    "invite",
                    "POST",
                    lambda t: f"/spaces/{s(t)}/counsellor/invite/",
                    only(LOGIN, owner=302, partner=302),
                    lambda t: {"email": "dave@counsel.test"},
                ),
                Route(
                    "withdraw",
                    "POST",
                    lambda t: f"/spaces/{s(t)}/counsellor/consents/{t.consent.pk}/withdraw/",
                    only(LOGIN, owner=302, partner=403),
                ),
                Route(
                    "answer homework",
                    "POST",
                    lambda t: f"/homework/{t.homework.pk}/answer/",
                    # Homework "for everyone" is only for members who chose that counsellor:
                    # bob (the partner) never consented to carol.
                    only(LOGIN, owner=302, partner=404),
                    lambda t: {"answer": "declined"},
                ),
                Route(
                    "API consents",
                    "API GET",
                    lambda t: f"/api/v1/spaces/{s(t)}/consents",
                    only(401, **members),
                ),
                Route(
                    "API grant",
                    "API POST",
                    lambda t: f"/api/v1/spaces/{s(t)}/consents",
                    only(401, owner=201, partner=201),
                    lambda t: {"counsellor_id": t.dave.pk},
                ),
                Route(
                    "API withdraw",
                    "API POST",
                    lambda t: f"/api/v1/spaces/{s(t)}/consents/{t.consent.pk}/withdraw",
                    only(401, owner=200, partner=403),
                ),
                Route(
                    "API accept homework",
                    "API POST",
                    lambda t: f"/api/v1/homework/{t.homework.pk}/accept",
                    only(401, owner=200, partner=404),
                    lambda t: {},
                ),
                Route(
                    "API decline homework",
                    "API POST",
                    lambda t: f"/api/v1/homework/{t.homework.pk}/decline",
                    only(401, owner=200, partner=404),
                    lambda t: {"note": "no"},
                ),
                Route(
                    "API homework list",
                    "API GET",
                    lambda t: f"/api/v1/spaces/{s(t)}/homework",
                    only(401, owner=200, partner=200, counsellor=200),
                ),
                Route(
                    "API counsellors",
                    "API GET",
                    lambda t: "/api/v1/counsellors",
                    everyone(200, 401),
                ),
            ],
        )

    def test_counsellor_routes(self) -> None:
        s = lambda t: t.space.pk  # noqa: E731
        check_care_matrix(
            self,
            [
                Route(
                    "caseload",
                    "GET",
                    lambda t: "/caseload/",
                    only(LOGIN, **dict.fromkeys(COUNSELLORS, 200)),
                ),
                Route(
                    "counsellor space",
                    "GET",
                    lambda t: f"/caseload/spaces/{s(t)}/",
                    only(LOGIN, counsellor=200),
                ),
                Route(
                    "suggest homework",
                    "POST",
                    lambda t: f"/caseload/spaces/{s(t)}/homework/",
                    only(LOGIN, counsellor=302),
                    lambda t: {"kind": "exercise", "title": "Walk"},
                ),
                Route(
                    "notes",
                    "GET",
                    lambda t: f"/caseload/spaces/{s(t)}/notes/",
                    only(LOGIN, counsellor=200),
                ),
                Route(
                    "new note",
                    "POST",
                    lambda t: f"/caseload/spaces/{s(t)}/notes/",
                    only(LOGIN, counsellor=302),
                    lambda t: {"text": "Session one"},
                ),
                Route(
                    "note",
                    "GET",
                    lambda t: f"/caseload/notes/{t.note.pk}/",
                    only(LOGIN, counsellor=200),
                ),
                Route(
                    "edit note",
                    "POST",
                    lambda t: f"/caseload/notes/{t.note.pk}/",
                    only(LOGIN, counsellor=302),
                    lambda t: {"text": "Changed"},
                ),
                Route(
                    "delete note",
                    "POST",
                    lambda t: f"/caseload/notes/{t.note.pk}/delete/",
                    only(LOGIN, counsellor=302),
                ),
                Route(
                    "API caseload",
                    "API GET",
                    lambda t: "/api/v1/caseload",
                    only(401, **dict.fromkeys(COUNSELLORS, 200)),
                ),
                Route(
                    "API counsellor space",
                    "API GET",
                    lambda t: f"/api/v1/caseload/spaces/{s(t)}",
                    only(401, counsellor=200),
                ),
                Route(
                    "API suggest homework",
                    "API POST",
                    lambda t: f"/api/v1/spaces/{s(t)}/homework",
                    only(401, counsellor=201, owner=403, partner=403),
                    lambda t: {"kind": "exercise", "title": "Walk"},
                ),
                Route(
                    "API notes",
                    "API GET",
                    lambda t: f"/api/v1/spaces/{s(t)}/notes",
                    only(401, counsellor=200),
                ),
                Route(
                    "API new note",
                    "API POST",
                    lambda t: f"/api/v1/spaces/{s(t)}/notes",
                    only(401, counsellor=201),
                    lambda t: {"text": "x"},
                ),
                Route(
                    "API note",
                    "API GET",
                    lambda t: f"/api/v1/notes/{t.note.pk}",
                    only(401, counsellor=200),
                ),
                Route(
                    "API edit note",
                    "API PUT",
                    lambda t: f"/api/v1/notes/{t.note.pk}",
                    only(401, counsellor=200),
                    lambda t: {"text": "y"},
                ),
                Route(
                    "API delete note",
                    "API DELETE",
                    lambda t: f"/api/v1/notes/{t.note.pk}",
                    only(401, counsellor=204),
                ),
            ],
        )

    def test_practice_and_intake_routes(self) -> None:
        check_care_matrix(
            self,
            [
                Route(
                    "inbox", "GET", lambda t: "/practice/inbox/", only(LOGIN, practice_staff=200)
                ),
                Route(
                    "intake status change",
                    "POST",
                    lambda t: f"/practice/inbox/{t.intake.pk}/status/",
                    only(LOGIN, practice_staff=302),
                    lambda t: {"status": "closed"},
                ),
                Route("get in touch", "GET", lambda t: "/get-in-touch/", everyone(200, 200)),
                Route(
                    "send intake",
                    "POST",
                    lambda t: "/get-in-touch/",
                    everyone(302, 302),
                    lambda t: {
                        "practice": str(t.practice.pk),
                        "contact_method": "email",
                        "contact_detail": "a@b.test",
                        "help_with": "Help",
                        "urgency": "soon",
                    },
                ),
                Route(
                    "intake status page",
                    "GET",
                    lambda t: f"/get-in-touch/status/{t.secret}/",
                    everyone(200, 200),
                ),
                Route(
                    "my requests", "GET", lambda t: "/get-in-touch/requests/", everyone(200, LOGIN)
                ),
                Route(
                    "API intake",
                    "API POST",
                    lambda t: "/api/v1/intake",
                    everyone(201, 201),
                    lambda t: {
                        "practice": t.practice.pk,
                        "contact_method": "phone",
                        "contact_detail": "+44 20 7946 0000",
                        "help_with": "Help",
                        "urgency": "routine",
                    },
                ),
                Route(
                    "API intake status",
                    "API GET",
                    lambda t: f"/api/v1/intake/status/{t.secret}",
                    everyone(200, 200),
                ),
                Route("API my intake", "API GET", lambda t: "/api/v1/intake", everyone(200, 401)),
            ],
        )
