"""Writes for care: consent, homework, session notes, caseload visits and intake requests."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mend.accounts.models import User
from mend.audit.models import AuditEvent
from mend.audit.services import log_space_change
from mend.care import notes_crypto
from mend.care.models import (
    CaseloadSnapshot,
    CaseloadVisit,
    CounsellorProfile,
    Homework,
    HomeworkResponse,
    IntakeRequest,
    Practice,
    SessionNote,
)
from mend.core.exceptions import DomainError
from mend.instruments import selectors as instrument_selectors
from mend.spaces.models import CounsellorAccess, Membership, Space
from mend.spaces.services import bump_revision

# --- Consent ---------------------------------------------------------------------------------


# Audit a change of a counsellor's consent (actor, subject, space, summary), for the member it
# concerns.
_log_consent = partial(log_space_change, AuditEvent.Action.CONSENT)


def find_counsellor(*, counsellor_id: int | None = None, email: str = "") -> User:
    """A counsellor chosen from the list (by id) or named by e-mail; only users with a profile."""
    profiles = CounsellorProfile.objects.select_related("user", "practice")
    profile = None
    if counsellor_id is not None:
        profile = profiles.filter(user_id=counsellor_id).first()
    elif email.strip():
        try:
            validate_email(email.strip())
        except ValidationError as exc:
            raise DomainError(
                "That is not an e-mail address.", fields={"counsellor_email": "invalid"}
            ) from exc
        profile = profiles.filter(user__email__iexact=email.strip()).first()
    else:
        raise DomainError(
            "Choose a counsellor, or give their e-mail address.",
            fields={"counsellor": "required"},
        )
    if profile is None:
        raise DomainError(
            "There is no counsellor on Mend with that address. Check it with your counsellor.",
            code="no_such_counsellor",
            fields={"counsellor": "unknown"},
        )
    return profile.user


@transaction.atomic
def grant_consent(*, space: Space, member: Any, counsellor: Any) -> CounsellorAccess:
    """The member lets the counsellor see what the member shares with "our counsellor".

    Covers only the member's own records; each other member decides for themselves.
    """
    if not Membership.objects.active().filter(space=space, user=member).exists():
        raise DomainError("You are not a member of this space.", code="not_member", status=404)
    if (
        counsellor.pk == member.pk
        or Membership.objects.active().filter(space=space, user=counsellor).exists()
    ):
        raise DomainError(
            "A member of this space cannot also be its counsellor.",
            fields={"counsellor": "member"},
        )
    if not CounsellorProfile.objects.filter(user=counsellor).exists():
        raise DomainError("That person is not a counsellor.", fields={"counsellor": "unknown"})
    try:
        with transaction.atomic():
            access = CounsellorAccess.objects.create(
                space=space, member=member, counsellor=counsellor
            )
    except IntegrityError as exc:
        raise DomainError(
            f"You already share with {counsellor}.", code="already_granted", status=409
        ) from exc
    _log_consent(
        member,
        member,
        space,
        f"let {counsellor} (counsellor) see what you share with your counsellor",
    )
    bump_revision(space_ids=[space.pk])
    return access


def _drop_snapshots(*, counsellor_id: int, space_ids: list[int]) -> None:
    """A caseload row built while a consent was in force goes when it ends, unless another
    member of the space still shares with the counsellor (then it is rebuilt before shown)."""
    still = CounsellorAccess.objects.in_force().filter(
        counsellor_id=counsellor_id, space_id__in=space_ids
    )
    CaseloadSnapshot.objects.filter(counsellor_id=counsellor_id, space_id__in=space_ids).exclude(
        space_id__in=still.values("space_id")
    ).delete()


@transaction.atomic
def withdraw_consent(*, access_id: int, space: Space, member: Any) -> CounsellorAccess:
    """Withdraw at once: the counsellor's next request no longer sees this member's records."""
    try:
        access = (
            CounsellorAccess.objects.select_for_update()
            .select_related("counsellor")
            .get(pk=access_id, space=space)
        )
    except CounsellorAccess.DoesNotExist as exc:
        raise DomainError("No such consent.", code="not_found", status=404) from exc
    if access.member_id != member.pk:
        raise DomainError(
            "Only the member who gave this consent can withdraw it.", code="forbidden", status=403
        )
    if access.withdrawn_at is None:
        access.withdrawn_at = timezone.now()
        access.save(update_fields=["withdrawn_at"])
        _log_consent(
            member,
            member,
            space,
            f"withdrew consent: {access.counsellor} no longer sees your shared records",
        )
        _drop_snapshots(counsellor_id=access.counsellor_id, space_ids=[space.pk])
        bump_revision(space_ids=[space.pk])
    return access


# --- Homework --------------------------------------------------------------------------------


@transaction.atomic
def remove_counsellor(*, profile: CounsellorProfile) -> int:
    """A person stops being a counsellor: every consent given to them ends now (each member's
    access log says so), then the profile goes. Returns the consents ended."""
    counsellor = profile.user
    ended = list(CounsellorAccess.objects.in_force().filter(counsellor=counsellor))
    now = timezone.now()
    for access in ended:
        access.withdrawn_at = now
        access.save(update_fields=["withdrawn_at"])
        _log_consent(
            counsellor,
            access.member,
            access.space,
            f"{counsellor} is no longer a counsellor here; your consent ended",
        )
    profile.delete()
    CaseloadSnapshot.objects.filter(counsellor=counsellor).delete()
    bump_revision(space_ids=[a.space_id for a in ended])
    return len(ended)


@transaction.atomic
def suggest_homework(
    *,
    space: Space,
    counsellor: Any,
    kind: str,
    title: str,
    instructions: str = "",
    due_on: date | None = None,
    member: Any = None,
    instrument_id: int | None = None,
) -> Homework:
    if kind not in Homework.Kind.values:
        raise DomainError(f"Unknown kind of homework: {kind!r}.", fields={"kind": "unknown"})
    instrument = None
    if instrument_id is not None:
        if kind != Homework.Kind.QUESTIONNAIRE:
            raise DomainError(
                "Only questionnaire homework names a questionnaire.",
                fields={"instrument": "not_a_questionnaire"},
            )
        instrument = next(
            (d for d in instrument_selectors.available_for_space(space) if d.pk == instrument_id),
            None,
        )
        if instrument is None:
            raise DomainError(
                "That questionnaire is not available in this space.",
                fields={"instrument": "unavailable"},
            )
    if due_on is not None and due_on < timezone.localdate():
        raise DomainError("The due date is in the past.", fields={"due_on": "past"})
    if (
        member is not None
        and not CounsellorAccess.objects.in_force()
        .filter(space=space, member=member, counsellor=counsellor)
        .exists()
    ):
        # Homework for one person goes only to someone who chose to work with this counsellor.
        raise DomainError(
            "You can suggest homework to a member only while they share with you.",
            fields={"member": "no_consent"},
        )
    return Homework.objects.create(
        space=space,
        counsellor=counsellor,
        counsellor_name=str(counsellor)[:80],
        member=member,
        kind=kind,
        title=title,
        instructions=instructions,
        due_on=due_on,
        instrument=instrument,
    )


@transaction.atomic
def respond_to_homework(
    *, homework: Homework, member: Any, answer: str, note: str = ""
) -> HomeworkResponse:
    if answer not in HomeworkResponse.Answer.values:
        raise DomainError("Answer accept or decline.", fields={"answer": "unknown"})
    response, _created = HomeworkResponse.objects.select_for_update().update_or_create(
        homework=homework,
        member=member,
        defaults={"answer": answer, "note": note, "answered_at": timezone.now()},
    )
    return response


# --- Session notes ---------------------------------------------------------------------------


@transaction.atomic
def create_note(
    *, space: Space, counsellor: Any, text: str, session_on: date | None = None
) -> SessionNote:
    profile = CounsellorProfile.objects.filter(user=counsellor).first()
    note = SessionNote(
        space=space,
        counsellor=counsellor,
        practice=profile.practice if profile else None,
        session_on=session_on,
    )
    note.ciphertext = notes_crypto.seal(text=text, counsellor=counsellor, note_uid=note.uid)
    note.save()
    return note


@transaction.atomic
def update_note(*, note: SessionNote, text: str, session_on: date | None = None) -> SessionNote:
    note.ciphertext = notes_crypto.seal(text=text, counsellor=note.counsellor, note_uid=note.uid)
    note.session_on = session_on
    note.save(update_fields=["ciphertext", "session_on", "updated_at"])
    return note


@transaction.atomic
def delete_note(*, note: SessionNote) -> None:
    note.delete()


# --- Caseload --------------------------------------------------------------------------------


def record_visit(*, counsellor: Any, space: Space) -> None:
    # The counter read with the space, before anything else in the request: a write landing
    # meanwhile leaves the visit looking older than it is, never newer.
    CaseloadVisit.objects.update_or_create(
        counsellor=counsellor,
        space=space,
        defaults={"visited_at": timezone.now(), "revision_seen": space.counsellor_changes},
    )


# --- Intake ----------------------------------------------------------------------------------

_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{4,28}$")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def clean_contact(method: str, detail: str) -> str:
    """The contact detail, checked against its method; DomainError with a field if wrong."""
    detail = detail.strip()
    if method == IntakeRequest.Contact.EMAIL:
        try:
            validate_email(detail)
        except ValidationError as exc:
            raise DomainError(
                "Enter a valid e-mail address.", fields={"contact_detail": "invalid_email"}
            ) from exc
        return detail
    if method == IntakeRequest.Contact.PHONE:
        digits = sum(ch.isdigit() for ch in detail)
        # E.164 numbers have at most 15 digits; fewer than 6 is not a reachable number.
        if not _PHONE.match(detail) or not 6 <= digits <= 15:
            raise DomainError(
                "Enter a phone number with 6 to 15 digits, e.g. +44 20 7946 0000.",
                fields={"contact_detail": "invalid_phone"},
            )
        return detail
    raise DomainError("Choose e-mail or phone.", fields={"contact_method": "unknown"})


def lookup_intake(secret: str) -> IntakeRequest | None:
    if not secret or len(secret) > 100:
        return None
    return (
        IntakeRequest.objects.select_related("practice")
        .filter(status_digest=_digest(secret))
        .first()
    )


@transaction.atomic
def create_intake(
    *,
    practice: Practice,
    requester: Any,
    contact_method: str,
    contact_detail: str,
    help_with: str,
    urgency: str,
    name: str = "",
    inbox_url: str = "",
    announce: bool = True,
) -> tuple[IntakeRequest, str]:
    """Store the request and, once committed, tell the practice by e-mail (unless ``announce``
    is off: the demo's made-up request is not mailed to a made-up practice).

    The e-mail says only that a request arrived and how urgent it is: what the person wrote
    and how to reach them stay in Mend, not in a mailbox.
    """
    if urgency not in IntakeRequest.Urgency.values:
        raise DomainError("Choose how urgent this is.", fields={"urgency": "unknown"})
    detail = clean_contact(contact_method, contact_detail)
    secret = secrets.token_urlsafe(24)
    intake = IntakeRequest.objects.create(
        practice=practice,
        requester=requester if requester is not None and requester.is_authenticated else None,
        status_digest=_digest(secret),
        name=name,
        contact_method=contact_method,
        contact_detail=detail,
        help_with=help_with,
        urgency=urgency,
    )
    if not announce:
        return intake, secret
    link = inbox_url or reverse("care:inbox")
    subject = f"[Mend] New {intake.get_urgency_display().split(':')[0].lower()} intake request"
    body = (
        f"A new intake request (number {intake.pk}) has arrived for {practice.name}.\n"
        f"Urgency: {intake.get_urgency_display()}\n\n"
        f"Open the practice inbox to read it: {link}\n"
    )
    recipient = practice.contact_email
    # robust: a mail server that is down must not turn a saved request into an error page.
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]), robust=True
    )
    return intake, secret


@transaction.atomic
def set_intake_status(*, intake: IntakeRequest, status: str) -> IntakeRequest:
    if status not in IntakeRequest.Status.values:
        raise DomainError("Unknown status.", fields={"status": "unknown"})
    locked = IntakeRequest.objects.select_for_update().get(pk=intake.pk)
    if locked.status != status:
        locked.status = status
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at"])
    return locked
