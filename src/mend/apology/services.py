"""Writes for apologies: drafts, sending, and the recipient's answer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mend.apology.models import RESPONSES, Apology
from mend.core.exceptions import DomainError
from mend.core.text import clean_user_text
from mend.spaces.models import Breach, Membership, Space
from mend.spaces.services import bump_revision, log_sharing, require_owner
from mend.spaces.visibility import Visibility

MAX_TEXT = 5000
MAX_NOTE = 1000
UNSET: Any = object()


def _clean_text(text: str) -> str:
    try:
        return clean_user_text(text, field="The apology", max_length=MAX_TEXT, multiline=True)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], fields={"text": exc.messages[0]}) from exc


def _breach(writer: Any, space: Space, breach_id: int | None) -> Breach | None:
    if breach_id is None:
        return None
    breach = Breach.objects.visible_to(writer).filter(space=space, pk=breach_id).first()
    if breach is None:
        raise DomainError(
            "Choose something that happened in this space and that you can see.",
            fields={"breach": "not_found"},
        )
    return breach  # type: ignore[no-any-return]


def _recipient(writer: Any, space: Space, recipient_id: int | None) -> Any:
    if recipient_id is None:
        return None
    if recipient_id == writer.pk:
        raise DomainError(
            "An apology is for someone else: choose another member of the space.",
            fields={"recipient": "self"},
        )
    membership = (
        Membership.objects.active()
        .filter(space=space, user_id=recipient_id)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise DomainError(
            "The person you write to must be a member of this space.",
            fields={"recipient": "not_member"},
        )
    return membership.user


def _lock(apology_id: int) -> Apology:
    return Apology.objects.select_for_update().get(pk=apology_id)  # type: ignore[no-any-return]


@transaction.atomic
def create_draft(
    *,
    space: Space,
    writer: Any,
    text: str,
    breach_id: int | None = None,
    recipient_id: int | None = None,
) -> Apology:
    """A new draft, private to ``writer``."""
    return Apology.objects.create(  # type: ignore[no-any-return]
        space=space,
        owner=writer,
        text=_clean_text(text),
        breach=_breach(writer, space, breach_id),
        recipient=_recipient(writer, space, recipient_id),
        status=Apology.Status.DRAFT,
        visibility=Visibility.PRIVATE,
    )


def _locked_draft(apology: Apology, writer: Any, doing: str) -> Apology:
    """The apology, locked, once it is sure ``writer`` wrote it and it is still a draft: only
    a draft's writer may ``doing`` it."""
    locked = _lock(apology.pk)
    require_owner(locked, writer, f"Only the writer can {doing} this.")
    if not locked.is_draft:
        raise DomainError(
            "This apology has been sent; it can no longer be changed.",
            code="already_sent",
            status=409,
        )
    return locked


@transaction.atomic
def update_draft(
    *,
    apology: Apology,
    writer: Any,
    text: Any = UNSET,
    breach_id: Any = UNSET,
    recipient_id: Any = UNSET,
) -> Apology:
    """Change a draft's text, breach or recipient (only what is passed)."""
    locked = _locked_draft(apology, writer, "change")
    fields = ["updated_at"]
    if text is not UNSET:
        locked.text = _clean_text(text)
        fields.append("text")
    if breach_id is not UNSET:
        locked.breach = _breach(writer, locked.space, breach_id)
        fields.append("breach")
    if recipient_id is not UNSET:
        locked.recipient = _recipient(writer, locked.space, recipient_id)
        fields.append("recipient")
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def discard_draft(*, apology: Apology, writer: Any) -> None:
    locked = _locked_draft(apology, writer, "discard")
    locked.delete()


def visibility_when_sent(*, share_with_counsellor: bool) -> str:
    """Sending shares with the space, so the recipient can read it; the counsellor if chosen."""
    return Visibility.SPACE_AND_COUNSELLOR if share_with_counsellor else Visibility.SPACE


@transaction.atomic
def send_apology(*, apology: Apology, writer: Any, share_with_counsellor: bool = False) -> Apology:
    """Send a draft: it becomes readable by the recipient (and the rest of the space)."""
    locked = _locked_draft(apology, writer, "send")
    if locked.recipient_id is None:
        raise DomainError(
            "Choose who the apology is for before sending it.",
            fields={"recipient": "required"},
        )
    if (
        not Membership.objects.active()
        .filter(space_id=locked.space_id, user_id=locked.recipient_id)
        .exists()
    ):
        raise DomainError(
            "The person you wrote to is no longer a member of this space.",
            code="recipient_left",
            status=409,
            fields={"recipient": "not_member"},
        )
    if not locked.text.strip():
        raise DomainError("Write the apology before sending it.", fields={"text": "empty"})
    old = locked.visibility
    locked.visibility = visibility_when_sent(share_with_counsellor=share_with_counsellor)
    locked.status = Apology.Status.SENT
    locked.sent_at = locked.shared_at = timezone.now()
    locked.save(update_fields=["visibility", "status", "sent_at", "shared_at", "updated_at"])
    log_sharing(user=writer, record=locked, old=old, what="sent an apology")
    bump_revision(space_ids=[locked.space_id])
    return locked


@transaction.atomic
def respond(*, apology: Apology, recipient: Any, response: str, note: str = "") -> Apology:
    """The recipient's answer. Once given it stands, except "not ready", which may change."""
    if response not in RESPONSES:
        raise DomainError(
            "Choose one of: received, thank you; I need more; not ready to talk yet.",
            fields={"response": "unknown"},
        )
    try:
        note = clean_user_text(
            note, field="The note", max_length=MAX_NOTE, required=False, multiline=True
        )
    except ValidationError as exc:
        raise DomainError(exc.messages[0], fields={"note": exc.messages[0]}) from exc
    if note and response != Apology.Status.NEED_MORE:
        raise DomainError(
            "A note goes with “I need more”: choose that answer, or leave the note empty.",
            fields={"note": "only_with_need_more"},
        )
    locked = _lock(apology.pk)
    if locked.recipient_id != recipient.pk:
        raise DomainError(
            "Only the person it was written to can answer it.", code="forbidden", status=403
        )
    if locked.is_draft:
        raise DomainError("Not found.", code="not_found", status=404)
    if locked.status not in (Apology.Status.SENT, Apology.Status.NOT_READY):
        raise DomainError(
            "You have already answered this apology.", code="already_answered", status=409
        )
    locked.status = response
    locked.response_note = note
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "response_note", "responded_at", "updated_at"])
    bump_revision(space_ids=[locked.space_id])
    return locked
