"""Demo: Riverside Counselling, with Robin as the couple's counsellor. Sam has consented
(and shares the breach with Robin); Alex has not decided yet. Jordan runs the practice's
intake inbox, where a "get in touch" request from someone without an account is waiting."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mend.accounts.demo import demo_user
from mend.care import services
from mend.care.models import (
    CaseloadVisit,
    CounsellorProfile,
    IntakeRequest,
    Practice,
    PracticeStaff,
)
from mend.spaces import services as space_services
from mend.spaces.models import Breach, CounsellorAccess, Space
from mend.spaces.visibility import Visibility

COUNSELLOR_EMAIL = "robin@demo.mend.test"
# Practice staff are Django staff with a PracticeStaff row: that is what opens the intake inbox.
# The admin (practice settings) also asks them to turn on two-factor first; the inbox does not.
STAFF_EMAIL = "jordan@demo.mend.test"


def logins() -> list[tuple[str, str]]:
    """The care demo's logins beside the couple's, each with what it is for."""
    return [
        (COUNSELLOR_EMAIL, "counsellor: the caseload"),
        (STAFF_EMAIL, "practice staff: the intake inbox"),
    ]


def extend(*, space: Space, people: list[Any], start: datetime, days: int) -> None:
    _alex, sam = people[0], people[1]
    practice = Practice.objects.create(
        name="Riverside Counselling", contact_email="intake@riverside.demo.mend.test"
    )
    robin = demo_user(COUNSELLOR_EMAIL, "Robin")
    CounsellorProfile.objects.create(
        user=robin,
        practice=practice,
        title="Couples counsellor",
        bio="Works with couples rebuilding trust after a breach.",
    )
    consent_at = start + timedelta(days=max(1, days // 3))
    access = services.grant_consent(space=space, member=sam, counsellor=robin)
    CounsellorAccess.objects.filter(pk=access.pk).update(granted_at=consent_at)
    breach = Breach.objects.filter(space=space, owner=sam).order_by("created_at", "id").first()
    if breach is not None:
        space_services.set_visibility(
            record=breach, user=sam, visibility=Visibility.SPACE_AND_COUNSELLOR
        )
    services.suggest_homework(
        space=space,
        counsellor=robin,
        kind="exercise",
        title="Ten minutes of turning toward, each evening",
        instructions=(
            "Each evening, notice one bid for connection from the other and turn toward it. "
            "Log it as a moment if you like. No need to talk about the debt during these ten "
            "minutes."
        ),
        due_on=timezone.localdate() + timedelta(days=7),
    )
    services.create_note(
        space=space,
        counsellor=robin,
        text=(
            "First session with Sam. The hurt is about the hiding more than the money. "
            "Sam wants to trust their own judgement again. Alex has not consented yet: "
            "invite, never push."
        ),
        session_on=consent_at.date(),
    )
    CaseloadVisit.objects.create(counsellor=robin, space=space, visited_at=consent_at)
    _practice_staff(practice)


def _practice_staff(practice: Practice) -> None:
    jordan = demo_user(STAFF_EMAIL, "Jordan")
    jordan.is_staff = True
    jordan.save(update_fields=["is_staff"])
    PracticeStaff.objects.create(user=jordan, practice=practice)
    now = timezone.now()
    for hours_ago, status, request in (
        (
            3,
            IntakeRequest.Status.NEW,
            {
                "name": "Jamie",
                "contact_method": "email",
                "contact_detail": "jamie@example.org",
                "help_with": (
                    "My partner and I keep having the same argument about money, and since I "
                    "found out about a loan they hid we barely talk. We would like to see "
                    "someone together."
                ),
                "urgency": IntakeRequest.Urgency.SOON,
            },
        ),
        (
            50,
            IntakeRequest.Status.CONTACTED,
            {
                "name": "Lee",
                "contact_method": "phone",
                "contact_detail": "+44 20 7946 0000",
                "help_with": "Looking for couples counselling after an affair. Evenings suit us.",
                "urgency": IntakeRequest.Urgency.ROUTINE,
            },
        ),
    ):
        intake, _secret = services.create_intake(
            practice=practice, requester=None, announce=False, **request
        )
        at = now - timedelta(hours=hours_ago)
        IntakeRequest.objects.filter(pk=intake.pk).update(
            created_at=at, status=status, status_changed_at=at
        )
