"""Writes for self-trust: keyword-only, atomic, DomainError for bad input or conflicts."""

from __future__ import annotations

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
    PersonallySealed,
    QuestionnaireResult,
    SelfRating,
    decrypt_entries,
)
from mend.spaces import services as space_services
from mend.spaces.models import Space
from mend.spaces.visibility import Visibility, check_visibility
from mend.vault import crypto, personal
from mend.vault.fields import forget_sealed_copies, open_records

JOURNAL_TITLE_MAX = 120
JOURNAL_BODY_MAX = 20000


def check_personal_visibility(visibility: str, *, what: str) -> str:
    """Private or counsellor only: these records never reach the partner or the space."""
    if visibility in PERSONAL_VISIBILITIES:
        return visibility
    check_visibility(visibility)
    raise DomainError(
        f"{what} can only be kept private or shared with your counsellor, never with the space.",
        code="not_shareable_with_space",
        fields={"visibility": "not_allowed"},
    )


def _seal_entry(entry: JournalEntry, *, title: str, body: str) -> None:
    entry.seal_text(title=title, body=body)


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
    space_services.record_changed(record=entry)
    return entry


@transaction.atomic
def update_entry(
    *, entry: JournalEntry, user: Any, title: str, body: str, visibility: str | None = None
) -> JournalEntry:
    space_services.require_owner(entry, user, "Only the person who wrote this can change it.")
    if visibility is not None:
        check_personal_visibility(visibility, what="Journal entries")
    _check_entry_text(title, body)
    locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    _seal_entry(locked, title=title, body=body)
    locked.save(update_fields=["ciphertext", "updated_at"])
    if visibility is not None:
        space_services.set_visibility(record=locked, user=user, visibility=visibility)
    space_services.record_changed(record=locked)
    return locked


@transaction.atomic
def delete_record(*, record: Any, user: Any) -> None:
    space_services.require_owner(record, user, "Only the person who wrote this can delete it.")
    # Someone signed in as her without the passphrase must not destroy what they cannot read:
    # a locked space is unlocked first, from the API as from the pages (423).
    if personal.is_locked(user):
        raise crypto.VaultLocked(personal.LOCKED_MESSAGE)
    record.delete()
    # Its space, owner and visibility are still on the instance: who could see it decides.
    space_services.record_changed(record=record)


@transaction.atomic
def set_personal_visibility(*, record: Any, user: Any, visibility: str, what: str) -> Any:
    check_personal_visibility(visibility, what=what)
    return space_services.set_visibility(record=record, user=user, visibility=visibility)


def _statement(statement: str, ask: str) -> str:
    """A boundary's or a gut check's sentence, once it is sure there is one; else ``ask`` for it."""
    if not statement.strip():
        raise DomainError(ask, fields={"statement": "required"})
    return statement


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
    check_visibility(visibility)
    record = Boundary.objects.create(
        space=space,
        owner=owner,
        statement=_statement(statement, "Write the boundary in a sentence."),
        why=why,
        if_crossed=if_crossed,
        visibility=visibility,
    )
    space_services.record_changed(record=record)
    return record


@transaction.atomic
def add_boundary_event(
    *, boundary: Boundary, user: Any, kind: str, occurred_on: date, note: str = ""
) -> BoundaryEvent:
    space_services.require_owner(
        boundary, user, "Only the person whose boundary it is can add to its history."
    )
    if kind not in BoundaryEvent.Kind.values:
        raise DomainError("Choose held, crossed or 'I said no'.", fields={"kind": "unknown"})
    if occurred_on > timezone.localdate():
        raise DomainError("The date cannot be in the future.", fields={"occurred_on": "future"})
    record = BoundaryEvent.objects.create(
        boundary=boundary, kind=kind, occurred_on=occurred_on, note=note
    )
    # Part of the boundary: seen by whoever may see the boundary.
    space_services.record_changed(record=boundary)
    return record


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
    _statement(statement, "Write what your gut tells you.")
    try:
        validate_confidence(confidence)
    except CalibrationError as exc:
        raise DomainError(str(exc), fields={"confidence": "out_of_range"}) from exc
    record = GutCheck.objects.create(
        space=space, owner=owner, statement=statement, confidence=confidence, visibility=visibility
    )
    space_services.record_changed(record=record)
    return record


@transaction.atomic
def resolve_gut_check(*, gut_check: GutCheck, user: Any, outcome: str, note: str = "") -> GutCheck:
    space_services.require_owner(
        gut_check, user, "Only the person who wrote this can say what happened."
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
    space_services.record_changed(record=locked)
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
    same_day = {"owner": owner, "space": space, "rated_on": day}
    # A rating it replaces may have been seen by others than the new one is.
    was = SelfRating.objects.filter(**same_day).values_list("visibility", flat=True).first()
    rating, _created = SelfRating.objects.update_or_create(
        **same_day,
        defaults={
            "trust_judgement": trust_judgement,
            "said_no": said_no,
            "note": note,
            "visibility": visibility,
        },
    )
    space_services.record_changed(record=rating, was=was)
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
    record = QuestionnaireResult.objects.create(
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
    space_services.record_changed(record=record)
    return record


# --- A lock of one's own: the passphrase over the private records of self-trust.


def _check_new_passphrase(passphrase: str, confirm: str) -> None:
    if len(passphrase) < personal.MIN_PASSPHRASE:
        raise DomainError(
            f"Choose a passphrase of at least {personal.MIN_PASSPHRASE} characters; a few "
            "words you will remember are easier to type than a short password.",
            fields={"passphrase": "too_short"},
        )
    if len(passphrase) > 1000:
        raise DomainError("That passphrase is too long.", fields={"passphrase": "too_long"})
    if passphrase != confirm:
        raise DomainError("The two passphrases are not the same.", fields={"confirm": "different"})


def _private_records(user: Any) -> list[PersonallySealed]:
    """Every record sealed with the person's personal key, locked for update, events with
    their boundary."""
    mine = {"owner_id": user.pk, "visibility": Visibility.PRIVATE}
    records: list[PersonallySealed] = []
    for model in (JournalEntry, Boundary, GutCheck, SelfRating, QuestionnaireResult):
        records += list(model.objects.select_for_update().filter(**mine).order_by("pk"))
    return records


def _events_of(boundaries: list[Boundary]) -> list[BoundaryEvent]:
    by_pk = {b.pk: b for b in boundaries}
    events = list(
        BoundaryEvent.objects.select_for_update().filter(boundary_id__in=by_pk).order_by("pk")
    )
    for event in events:
        event.boundary = by_pk[event.boundary_id]
    return events


@transaction.atomic
def set_passphrase(*, user: Any, passphrase: str, confirm: str) -> tuple[list[str], bytes]:
    """Lock the private records of self-trust with a passphrase: a new personal key, wrapped
    only by the passphrase (and by ten recovery codes, returned to be shown once), and every
    private record sealed again under it, all in this one transaction. Returns the codes and the
    key (to keep for this session).

    A new key rather than the old one wrapped differently: the old one was wrapped by the KEK
    in every earlier copy of the database, and would open whatever is written from now on.
    """
    _check_new_passphrase(passphrase, confirm)
    if personal.has_passphrase(user):
        raise DomainError(
            "A passphrase is already set: change it instead.", code="conflict", status=409
        )
    records = _private_records(user)
    events = _events_of([r for r in records if isinstance(r, Boundary)])
    everything: list[Any] = [*records, *events]
    _open_everything(everything)
    key = crypto.new_data_key()
    codes = personal.lock_new_key(user_id=user.pk, key=key, passphrase=passphrase)
    with personal.holding(user.pk, key):
        for record in everything:
            record.save(update_fields=_sealed_columns(record))
    return codes, key


def _open_everything(records: list[Any]) -> None:
    entries = [r for r in records if isinstance(r, JournalEntry)]
    decrypt_entries(entries)
    open_records([r for r in records if not isinstance(r, JournalEntry)])
    for record in records:
        forget_sealed_copies(record)


def _sealed_columns(record: Any) -> list[str]:
    if isinstance(record, JournalEntry):
        # Sealed again, now, with the key the block holds.
        record.seal_text(title=record.title, body=record.body)
        return ["ciphertext"]
    if isinstance(record, BoundaryEvent):
        return ["note"]
    return list(record.sealed_columns())


def unlock(*, user: Any, passphrase: str) -> bytes:
    """The personal key, opened with the passphrase (``WrongPassphrase`` otherwise)."""
    return personal.open_with_passphrase(user_id=user.pk, passphrase=passphrase)


@transaction.atomic
def recover(*, user: Any, code: str, passphrase: str, confirm: str) -> bytes:
    """A forgotten passphrase: one recovery code (used up) opens the key, and a new
    passphrase wraps it. The other codes stay valid."""
    _check_new_passphrase(passphrase, confirm)
    key = personal.open_with_recovery_code(user_id=user.pk, code=code)
    personal.change_passphrase(user_id=user.pk, key=key, passphrase=passphrase)
    return key


@transaction.atomic
def change_passphrase(*, user: Any, current: str, passphrase: str, confirm: str) -> bytes:
    _check_new_passphrase(passphrase, confirm)
    key = personal.open_with_passphrase(user_id=user.pk, passphrase=current)
    personal.change_passphrase(user_id=user.pk, key=key, passphrase=passphrase)
    return key


@transaction.atomic
def remove_passphrase(*, user: Any, current: str) -> bytes:
    """The server's KEK wraps the key again: the records open without a passphrase."""
    key = personal.open_with_passphrase(user_id=user.pk, passphrase=current)
    personal.remove_passphrase(user_id=user.pk, key=key)
    return key


@transaction.atomic
def new_recovery_codes(*, user: Any, current: str) -> tuple[list[str], bytes]:
    key = personal.open_with_passphrase(user_id=user.pk, passphrase=current)
    return personal.new_recovery_codes(user_id=user.pk, key=key), key
