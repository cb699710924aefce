"""Apology studio demo: a first apology that was not yet enough, then a fuller one."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mend.apology import services
from mend.apology.models import Apology
from mend.spaces.models import Breach, Space

FIRST = (
    "Sam, I am sorry I hid the credit-card debt from you. I hid the statements because I was "
    "ashamed, and that was my choice, not yours. It was wrong, and I understand it hurt you. "
    "From now on I will show you every statement on the first Sunday of the month."
)
FIRST_NOTE = (
    "Thank you for writing it. I need to hear that you understand it was the months of hiding, "
    "not the money, that hurt."
)
FULLER = (
    "Sam, you told me something was still missing, and you were right. I am sorry. I hid the "
    "debt and I lied to you for months, every time you asked if we were okay with money. That "
    "is what broke your trust: not the money, the hiding. I took away your right to make "
    "decisions about our life with the full picture. I will not ask you to move on.\n\n"
    "From now on I will open every statement with you on the first Sunday of the month, and I "
    "have given you the login to every account so you never have to take my word for it."
)


def _apology(
    *,
    space: Space,
    writer: Any,
    recipient: Any,
    breach: Breach | None,
    text: str,
    written: datetime,
    sent: datetime,
    response: str,
    answered: datetime,
    note: str = "",
) -> Apology:
    apology = services.create_draft(
        space=space,
        writer=writer,
        text=text,
        breach_id=breach.pk if breach else None,
        recipient_id=recipient.pk,
    )
    apology = services.send_apology(apology=apology, writer=writer)
    apology = services.respond(apology=apology, recipient=recipient, response=response, note=note)
    Apology.objects.filter(pk=apology.pk).update(
        created_at=written, sent_at=sent, responded_at=answered, updated_at=answered
    )
    return apology


def extend(*, space: Space, people: list[Any], start: datetime, days: int) -> None:
    """Alex apologises to Sam for the hidden debt; Sam needs more; a fuller apology is received."""
    alex, sam = people[0], people[1]
    breach = (
        Breach.objects.visible_to(alex)
        .filter(space=space, owner=sam)
        .order_by("created_at")
        .first()
    )
    _apology(
        space=space,
        writer=alex,
        recipient=sam,
        breach=breach,
        text=FIRST,
        written=start + timedelta(days=3, hours=20),
        sent=start + timedelta(days=4, hours=21),
        response=Apology.Status.NEED_MORE,
        answered=start + timedelta(days=6, hours=9),
        note=FIRST_NOTE,
    )
    later = 21 if days > 23 else max(days - 2, 1)
    _apology(
        space=space,
        writer=alex,
        recipient=sam,
        breach=breach,
        text=FULLER,
        written=start + timedelta(days=later - 2),
        sent=start + timedelta(days=later, hours=20),
        response=Apology.Status.RECEIVED,
        answered=start + timedelta(days=later + 1, hours=8),
    )
