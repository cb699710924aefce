"""Access checks for the care app: one helper per object kind, 404 for anything not yours.

A counsellor reaches a space only with a ``CounsellorProfile`` and at least one member's consent
in force; withdrawing consent ends access at the next request.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mend.care.models import CounsellorProfile, Homework, IntakeRequest, Practice, SessionNote
from mend.care.selectors import homework_reaching
from mend.spaces.access import has_consent


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


def counsellor_profile(user: Any) -> CounsellorProfile | None:
    if not user.is_authenticated:
        return None
    return CounsellorProfile.objects.select_related("practice").filter(user=user).first()


def require_counsellor(user: Any) -> CounsellorProfile:
    """The user's counsellor profile; 404 for anyone who is not a counsellor."""
    profile = counsellor_profile(user)
    if profile is None:
        raise Http404
    return profile


def practice_for_staff(user: Any) -> Practice:
    """The practice a staff user runs; 404 for everyone else."""
    if not user.is_authenticated or not user.is_staff:
        raise Http404
    practice = Practice.objects.filter(staff__user=user).first()
    if practice is None:
        raise Http404
    return practice


def staff_practice_id(user: Any) -> int | None:
    if not user.is_authenticated or not user.is_staff:
        return None
    return Practice.objects.filter(staff__user=user).values_list("pk", flat=True).first()


def get_homework_for_member(user: Any, homework_id: int | str) -> Homework:
    """Homework that reaches the user (``selectors.homework_reaching``); otherwise 404."""
    if not user.is_authenticated:
        raise Http404
    homework = homework_reaching(user).select_related("space").filter(pk=_pk(homework_id)).first()
    if homework is None:
        raise Http404
    return homework


def get_note_for_reader(user: Any, note_id: int | str) -> SessionNote:
    """The note's author while some consent is in force, or staff of its practice when the
    practice lets staff read notes. Members never."""
    if not user.is_authenticated:
        raise Http404
    note = (
        SessionNote.objects.select_related("practice", "space", "counsellor")
        .filter(pk=_pk(note_id))
        .first()
    )
    if note is None:
        raise Http404
    if note.counsellor_id == user.pk and has_consent(user, note.space_id):
        return note
    if (
        note.practice is not None
        and note.practice.staff_may_read_notes
        and staff_practice_id(user) == note.practice_id
    ):
        return note
    raise Http404


def get_note_for_author(user: Any, note_id: int | str) -> SessionNote:
    """For changing a note: its author only (staff who may read it get 403)."""
    note = get_note_for_reader(user, note_id)
    if note.counsellor_id != user.pk:
        raise PermissionDenied("Only the counsellor who wrote this note can change it.")
    return note


def get_intake_for_staff(user: Any, intake_id: int | str) -> IntakeRequest:
    practice = practice_for_staff(user)
    found = IntakeRequest.objects.filter(pk=_pk(intake_id), practice=practice).first()
    if found is None:
        raise Http404
    return found
