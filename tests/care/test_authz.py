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
from tests.care.base import CARE_ROLES, CareTestCase, check_care_matrix, everyone, only

COUNSELLORS = tuple(role for role in CARE_ROLES if role.startswith("counsellor"))
DECLINING = {"note": "no"}


def _asks_for_help(t: Any) -> dict[str, Any]:
    """A request for help to carol's practice, as the page's form and the API take it."""
    return {
        "practice": t.practice.pk,
        "contact_method": "email",
        "contact_detail": "a@b.test",
        "help_with": "Help",
        "urgency": "soon",
    }


def _grant_dave(t: Any) -> dict[str, Any]:
    return {"counsellor_id": t.dave.pk}


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
        web, api = "/spaces/{t.space.pk}/counsellor", "/api/v1/spaces/{t.space.pk}"
        consent, answer = "consents/{t.consent.pk}/withdraw", "/homework/{t.homework.pk}/answer/"
        homework = "/api/v1/homework/{t.homework.pk}"
        members, alice = only(owner=200, partner=200), only(owner=200)
        granted = only(owner=201, partner=201)
        with_carol = only(owner=200, partner=200, counsellor=200)
        invite, declined = {"email": "dave@counsel.test"}, {"answer": "declined"}
        # Homework "for everyone" is only for members who chose that counsellor: bob (the
        # partner) never consented to carol.
        check_care_matrix(
            self,
            [
                Route("counsellor page", "GET", f"{web}/", members),
                Route("invite", "POST", f"{web}/invite/", only(owner=302, partner=302), invite),
                Route("withdraw", "POST", f"{web}/{consent}/", only(owner=302, partner=403)),
                Route("answer homework", "POST", answer, only(owner=302), declined),
                Route("API consents", "API GET", f"{api}/consents", members),
                Route("API grant", "API POST", f"{api}/consents", granted, _grant_dave),
                Route("API withdraw", "API POST", f"{api}/{consent}", only(owner=200, partner=403)),
                Route("API accept homework", "API POST", f"{homework}/accept", alice, {}),
                Route("API decline homework", "API POST", f"{homework}/decline", alice, DECLINING),
                Route("API homework list", "API GET", f"{api}/homework", with_carol),
                Route("API counsellors", "API GET", "/api/v1/counsellors", everyone(200)),
            ],
        )

    def test_counsellor_routes(self) -> None:
        web, api = "/caseload/spaces/{t.space.pk}", "/api/v1/spaces/{t.space.pk}"
        note, api_note = "/caseload/notes/{t.note.pk}", "/api/v1/notes/{t.note.pk}"
        any_counsellor = only(**dict.fromkeys(COUNSELLORS, 200))
        carol, carol_acts = only(counsellor=200), only(counsellor=302)
        walk = {"kind": "exercise", "title": "Walk"}
        suggested = only(counsellor=201, owner=403, partner=403)
        check_care_matrix(
            self,
            [
                Route("caseload", "GET", "/caseload/", any_counsellor),
                Route("counsellor space", "GET", f"{web}/", carol),
                Route("suggest homework", "POST", f"{web}/homework/", carol_acts, walk),
                Route("notes", "GET", f"{web}/notes/", carol),
                Route("new note", "POST", f"{web}/notes/", carol_acts, {"text": "Session one"}),
                Route("note", "GET", f"{note}/", carol),
                Route("edit note", "POST", f"{note}/", carol_acts, {"text": "Changed"}),
                Route("delete note", "POST", f"{note}/delete/", carol_acts),
                Route("API caseload", "API GET", "/api/v1/caseload", any_counsellor),
                Route("API counsellor space", "API GET", f"/api/v1{web}", carol),
                Route("API suggest homework", "API POST", f"{api}/homework", suggested, walk),
                Route("API notes", "API GET", f"{api}/notes", carol),
                Route(
                    "API new note", "API POST", f"{api}/notes", only(counsellor=201), {"text": "x"}
                ),
                Route("API note", "API GET", api_note, carol),
                Route("API edit note", "API PUT", api_note, carol, {"text": "y"}),
                Route("API delete note", "API DELETE", api_note, only(counsellor=204)),
            ],
        )

    def test_practice_and_intake_routes(self) -> None:
        # Anyone may ask a practice for help, signed in or not; a request's status is read by
        # whoever holds its secret link.
        public = everyone(200, anonymous=200)
        status = "/practice/inbox/{t.intake.pk}/status/"
        closed = {"status": "closed"}
        asked, asked_api = everyone(302, anonymous=302), everyone(201, anonymous=201)
        check_care_matrix(
            self,
            [
                Route("inbox", "GET", "/practice/inbox/", only(practice_staff=200)),
                Route("intake status change", "POST", status, only(practice_staff=302), closed),
                Route("get in touch", "GET", "/get-in-touch/", public),
                Route("send intake", "POST", "/get-in-touch/", asked, _asks_for_help),
                Route("intake status page", "GET", "/get-in-touch/status/{t.secret}/", public),
                Route("my requests", "GET", "/get-in-touch/requests/", everyone(200)),
                Route("API intake", "API POST", "/api/v1/intake", asked_api, _asks_for_help),
                Route("API intake status", "API GET", "/api/v1/intake/status/{t.secret}", public),
                Route("API my intake", "API GET", "/api/v1/intake", everyone(200)),
            ],
        )
