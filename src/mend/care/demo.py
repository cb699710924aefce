"""Demo: Riverside Counselling, with Robin as the couple's counsellor. Sam has consented
(and shares the breach with Robin); Alex has not decided yet."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mend.accounts.demo import demo_user
from mend.care import services
from mend.care.models import CaseloadVisit, CounsellorProfile, Practice
from mend.spaces import services as space_services
from mend.spaces.models import Breach, CounsellorAccess, Space
from mend.spaces.visibility import Visibility

COUNSELLOR_EMAIL = "robin@demo.mend.test"


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
    breach = Breach.objects.filter(space=space, owner=sam).order_by("id").first()
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
