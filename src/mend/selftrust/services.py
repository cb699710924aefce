"""Writes for self-trust: keyword-only, atomic, DomainError for bad input or conflicts."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from mend.core.exceptions import DomainError
from mend.domain.calibration import CalibrationError, parse_outcome, validate_confidence
from mend.domain.questionnaires import QuestionnaireError, get_instrument, score_instrument
from mend.selftrust.models import (
    PERSONAL_VISIBILITIES,
    Boundary,
    BoundaryEvent,
    GutCheck,
    JournalEntry,
    QuestionnaireResult,
    SelfRating,
)
from mend.spaces import services as space_services
from mend.spaces.models import Space
from mend.spaces.visibility import Visibility
from mend.vault import sealing

JOURNAL_TITLE_MAX = 120
JOURNAL_BODY_MAX = 20000


def check_personal_visibility(visibility: str, *, what: str) -> str:
    """Private or counsellor only: these records never reach the partner or the space."""
    if visibility in PERSONAL_VISIBILITIES:
        return visibility
    if visibility in Visibility.values:
        raise DomainError(
            f"{what} can only be kept private or shared with your counsellor, never with the "
            "space.",
            code="not_shareable_with_space",
            fields={"visibility": "not_allowed"},
        )
    raise DomainError(f"Unknown visibility {visibility!r}.", fields={"visibility": "unknown"})


def _seal_entry(entry: JournalEntry, *, title: str, body: str) -> None:
    plaintext = json.dumps({"title": title, "body": body}, ensure_ascii=False)
    entry.ciphertext = sealing.seal(plaintext, owner=entry.owner, ref=str(entry.uid))
    entry.title, entry.body = title, body


def _check_entry_text(title: str, body: str) -> None:
    if not title.strip():
        raise DomainError("Give the entry a title.", fields={"title": "required"})
    if len(title) > JOURNAL_TITLE_MAX:
        raise DomainError(
            f"The title is {len(title)} characters long; the limit is {JOURNAL_TITLE_MAX}.",
            fields={"title": "too_long"},
        )
    if len(body) > JOURNAL_BODY_MAX:
        raise DomainError(
            f"The entry is {len(body)} characters long; the limit is {JOURNAL_BODY_MAX}.",
            fields={"body": "too_long"},
        )


@transaction.atomic
def create_entry(
    *, space: Space, owner: Any, title: str, body: str, visibility: str = Visibility.PRIVATE
) -> JournalEntry:
    check_personal_visibility(visibility, what="Journal entries")
    _check_entry_text(title, body)
    entry = JournalEntry(space=space, owner=owner, visibility=visibility)
    _seal_entry(entry, title=title, body=body)
    entry.save()
    return entry


@transaction.atomic
def update_entry(
    *, entry: JournalEntry, user: Any, title: str, body: str, visibility: str | None = None
) -> JournalEntry:
    if entry.owner_id != user.pk:
        raise DomainError(
            "Only the person who wrote this can change it.", code="forbidden", status=403
        )
    if visibility is not None:
        check_personal_visibility(visibility, what="Journal entries")
    _check_entry_text(title, body)
    locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    _seal_entry(locked, title=title, body=body)
    locked.save(update_fields=["ciphertext", "updated_at"])
    if visibility is not None:
        space_services.set_visibility(record=locked, user=user, visibility=visibility)
    return locked


@transaction.atomic
def delete_record(*, record: Any, user: Any) -> None:
    if record.owner_id != user.pk:
        raise DomainError(
            "Only the person who wrote this can delete it.", code="forbidden", status=403
        )
    record.delete()


@transaction.atomic
def set_personal_visibility(*, record: Any, user: Any, visibility: str, what: str) -> Any:
    check_personal_visibility(visibility, what=what)
    return space_services.set_visibility(record=record, user=user, visibility=visibility)


@transaction.atomic
def create_boundary(
    *,
    space: Space,
    owner: Any,
    statement: str,
    why: str = "",
    if_crossed: str = "",
    visibility: str = Visibility.PRIVATE,
) -> Boundary:
    if visibility not in Visibility.values:
        raise DomainError(f"Unknown visibility {visibility!r}.", fields={"visibility": "unknown"})
    if not statement.strip():
        raise DomainError("Write the boundary in a sentence.", fields={"statement": "required"})
    return Boundary.objects.create(
        space=space,
        owner=owner,
        statement=statement,
        why=why,
        if_crossed=if_crossed,
        visibility=visibility,
    )


@transaction.atomic
def add_boundary_event(
    *, boundary: Boundary, user: Any, kind: str, occurred_on: date, note: str = ""
) -> BoundaryEvent:
    if boundary.owner_id != user.pk:
        raise DomainError(
            "Only the person whose boundary it is can add to its history.",
            code="forbidden",
            status=403,
        )
    if kind not in BoundaryEvent.Kind.values:
        raise DomainError("Choose held, crossed or 'I said no'.", fields={"kind": "unknown"})
    if occurred_on > timezone.localdate():
        raise DomainError("The date cannot be in the future.", fields={"occurred_on": "future"})
    return BoundaryEvent.objects.create(
        boundary=boundary, kind=kind, occurred_on=occurred_on, note=note
    )


@transaction.atomic
def create_gut_check(
    *,
    space: Space,
    owner: Any,
    statement: str,
    confidence: int,
    visibility: str = Visibility.PRIVATE,
) -> GutCheck:
    check_personal_visibility(visibility, what="Gut check-ins")
    if not statement.strip():
        raise DomainError("Write what your gut tells you.", fields={"statement": "required"})
    try:
        validate_confidence(confidence)
    except CalibrationError as exc:
        raise DomainError(str(exc), fields={"confidence": "out_of_range"}) from exc
    return GutCheck.objects.create(
        space=space, owner=owner, statement=statement, confidence=confidence, visibility=visibility
    )


@transaction.atomic
def resolve_gut_check(*, gut_check: GutCheck, user: Any, outcome: str, note: str = "") -> GutCheck:
    if gut_check.owner_id != user.pk:
        raise DomainError(
            "Only the person who wrote this can say what happened.", code="forbidden", status=403
        )
    try:
        parsed = parse_outcome(outcome)
    except CalibrationError as exc:
        raise DomainError(str(exc), fields={"outcome": "unknown"}) from exc
    locked = GutCheck.objects.select_for_update().get(pk=gut_check.pk)
    if locked.outcome:
        raise DomainError(
            "You have already recorded what happened for this one.",
            code="already_resolved",
            status=409,
        )
    locked.outcome = parsed.value
    locked.outcome_note = note
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["outcome", "outcome_note", "resolved_at", "updated_at"])
    return locked


def _rating(value: Any, field: str, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise DomainError(
            f"Choose a whole number from 0 to 10, not {value!r}.", fields={field: "out_of_range"}
        )
    return value


@transaction.atomic
def record_self_rating(
    *,
    space: Space,
    owner: Any,
    trust_judgement: int,
    said_no: int | None = None,
    note: str = "",
    rated_on: date | None = None,
    visibility: str = Visibility.PRIVATE,
) -> SelfRating:
    """Record today's rating; a second rating on the same day replaces the first."""
    check_personal_visibility(visibility, what="Self-ratings")
    _rating(trust_judgement, "trust_judgement", required=True)
    _rating(said_no, "said_no", required=False)
    day = rated_on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError("The date cannot be in the future.", fields={"rated_on": "future"})
    rating, _created = SelfRating.objects.update_or_create(
        owner=owner,
        space=space,
        rated_on=day,
        defaults={
            "trust_judgement": trust_judgement,
            "said_no": said_no,
            "note": note,
            "visibility": visibility,
        },
    )
    return rating


@transaction.atomic
def submit_questionnaire(
    *,
    space: Space,
    owner: Any,
    instrument_id: str,
    answers: dict[str, int],
    visibility: str = Visibility.PRIVATE,
) -> QuestionnaireResult:
    check_personal_visibility(visibility, what="Questionnaire answers")
    try:
        instrument = get_instrument(instrument_id)
        result = score_instrument(instrument, answers)
    except QuestionnaireError as exc:
        raise DomainError(str(exc), code="invalid_answers", fields={"answers": "invalid"}) from exc
    return QuestionnaireResult.objects.create(
        space=space,
        owner=owner,
        instrument_id=instrument.id,
        answers=dict(answers),
        total=result.total,
        min_total=result.min_total,
        max_total=result.max_total,
        subscales=result.subscales,
        visibility=visibility,
    )
