"""The care cast on top of the usual one.

- Riverside practice: carol (counsellor; alice consents in "Alice & Bob"), dave (counsellor
  with no consent anywhere), frank (counsellor whose consent from alice was withdrawn),
  pat (practice staff).
- Hillside practice: erin (counsellor), with charlie's consent in "Charlie & Dana".
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mend.care.models import CounsellorProfile, Practice, PracticeStaff
from tests.authz import ROLES, Expect, Route, check_matrix
from tests.base import MendTestCase
from tests.care.records import counsellor_of_a_practice
from tests.factories import UserFactory, give_two_factor, grant_counsellor

# The roles the care app adds to the matrix, and who of the care cast plays each.
CARE_CAST = {
    "counsellor_no_consent": "dave",
    "counsellor_withdrawn": "frank",
    "counsellor_other_practice": "erin",
    "practice_staff": "pat",
}
CARE_ROLES = (*ROLES, *CARE_CAST)


class CareTestCase(MendTestCase):
    CAST = MendTestCase.CAST | CARE_CAST

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = Practice.objects.create(
            name="Riverside Counselling", contact_email="inbox@riverside.test"
        )
        cls.hillside = Practice.objects.create(
            name="Hillside", contact_email="hello@hillside.test", emergency_number="112"
        )
        CounsellorProfile.objects.create(
            user=cls.carol, practice=cls.practice, title="Couples counsellor"
        )
        cls.dave = UserFactory(email="dave@counsel.test", display_name="Dave (counsellor)")
        CounsellorProfile.objects.create(user=cls.dave, practice=cls.practice)
        cls.frank = UserFactory(email="frank@counsel.test", display_name="Frank (counsellor)")
        CounsellorProfile.objects.create(user=cls.frank, practice=cls.practice)
        withdrawn = grant_counsellor(cls.space, cls.alice, cls.frank)
        withdrawn.withdrawn_at = timezone.now()
        withdrawn.save()
        cls.erin = UserFactory(email="erin@hillside.test", display_name="Erin (counsellor)")
        CounsellorProfile.objects.create(user=cls.erin, practice=cls.hillside)
        grant_counsellor(cls.other_space, cls.charlie, cls.erin)
        cls.pat = give_two_factor(
            UserFactory(email="pat@riverside.test", display_name="Pat", is_staff=True)
        )
        PracticeStaff.objects.create(user=cls.pat, practice=cls.practice)


class CounsellorTestCase(MendTestCase):
    """The usual cast, carol a counsellor of a practice of her own (none of the care cast)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        counsellor_of_a_practice(cls.carol)


def check_care_matrix(test: Any, routes: list[Route], setup: Any = None) -> None:
    """``tests.authz.check_matrix`` with the counsellor and practice roles added."""
    check_matrix(test, routes, setup, roles=CARE_ROLES)


def everyone(status: int | tuple[int, ...], anonymous: int | None = None) -> Expect:
    """Every signed-in role of the care cast is answered ``status``; an anonymous visitor is
    asked to sign in unless ``anonymous`` says otherwise (see ``tests.authz.Route``)."""
    expect: Expect = {role: status for role in CARE_ROLES if role != "anonymous"}
    if anonymous is not None:
        expect["anonymous"] = anonymous
    return expect


def only(**allowed: int | tuple[int, ...]) -> Expect:
    """Every role of the care cast finds nothing (404) but those named."""
    return everyone(404) | allowed
