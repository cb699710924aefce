"""Writes for instruments: loading a definition (all or nothing) and scoring a result."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from mend.core.exceptions import DomainError
from mend.domain.instruments import (
    DefinitionError,
    QuestionnaireError,
    builtin_definitions,
    parse_definition,
    score_instrument,
)
from mend.instruments.models import InstrumentDefinition, InstrumentResult
from mend.spaces.models import Space
from mend.spaces.services import record_changed
from mend.spaces.visibility import Visibility, check_visibility

MAX_DEFINITION_BYTES = 512 * 1024


def decode_definition(raw: bytes | str) -> Any:
    """The JSON of a definition file, or a DomainError saying why it cannot be read."""
    if len(raw) > MAX_DEFINITION_BYTES:
        raise DomainError(
            f"The file is larger than {MAX_DEFINITION_BYTES // 1024} KiB.",
            code="invalid_definition",
            fields={"definition": ["The file is too large."]},
        )
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        message = f"Not valid JSON: {exc}."
        raise DomainError(
            message, code="invalid_definition", fields={"definition": [message]}
        ) from exc


@transaction.atomic
def import_definition(
    *, data: Any, practice_id: int | None = None, loaded_by: Any = None, builtin: bool = False
) -> tuple[InstrumentDefinition, bool]:
    """Check a definition and load it, all or nothing. Loading the same key and version again
    with the same content changes nothing (False); with other content it is refused, because
    results already scored with that version must keep the wording they were answered with."""
    try:
        instrument = parse_definition(data)
    except DefinitionError as exc:
        raise DomainError(
            "The definition cannot be loaded:\n" + "\n".join(exc.errors),
            code="invalid_definition",
            fields={"definition": exc.errors},
        ) from exc
    existing = (
        InstrumentDefinition.objects.select_for_update()
        .filter(key=instrument.id, version=instrument.version, practice_id=practice_id)
        .first()
    )
    if existing is not None:
        if existing.definition == data:
            return existing, False
        raise DomainError(
            f"{instrument.short_name} version {instrument.version} is already loaded with "
            "different content. Results scored with it keep that wording: give the changed "
            "definition a new version.",
            code="version_exists",
            status=409,
            fields={"version": ["already loaded with different content"]},
        )
    definition = InstrumentDefinition.objects.create(
        key=instrument.id,
        version=instrument.version,
        practice_id=practice_id,
        name=instrument.name,
        short_name=instrument.short_name,
        definition=data,
        builtin=builtin,
        loaded_by=loaded_by,
    )
    return definition, True


@transaction.atomic
def load_builtins() -> list[InstrumentDefinition]:
    """Make sure Mend's own definitions (the CSI-4) are loaded for the whole deployment. The
    migration does this once; this is for a database that was emptied since (tests that
    flush, an operator's reset). Safe to run again."""
    return [
        import_definition(data=data, builtin=True)[0] for data in builtin_definitions().values()
    ]


@transaction.atomic
def submit_result(
    *,
    space: Space,
    owner: Any,
    definition: InstrumentDefinition,
    answers: dict[str, int],
    visibility: str = Visibility.PRIVATE,
) -> InstrumentResult:
    check_visibility(visibility)
    try:
        scored = score_instrument(definition.instrument, answers)
    except QuestionnaireError as exc:
        raise DomainError(str(exc), code="invalid_answers", fields={"answers": "invalid"}) from exc
    result = InstrumentResult.objects.create(
        space=space,
        owner=owner,
        definition=definition,
        answers=dict(answers),
        total=scored.total,
        min_total=scored.min_total,
        max_total=scored.max_total,
        subscales=scored.subscales,
        visibility=visibility,
    )
    record_changed(record=result)
    return result
