"""Session notes: readable by their counsellor (and, by practice policy, its staff)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from mend.care import selectors, services
from mend.care.access import (
    get_note_for_author,
    get_note_for_reader,
)
from mend.care.notes_crypto import open_notes
from mend.core.schemas import SpaceRecordOut, checked_text
from mend.spaces.access import get_space_for_counsellor

router = Router(tags=["care"])


NoteText = Annotated[str, checked_text(10000, multiline=True)]


class SessionNoteIn(Schema):
    text: NoteText
    session_on: date | None = None


class SessionNoteOut(SpaceRecordOut):
    id: int
    space: int
    counsellor: int = Field(validation_alias="counsellor_id")
    session_on: date | None
    text: str
    created_at: datetime
    updated_at: datetime


@router.get("/spaces/{space_id}/notes", response=list[SessionNoteOut], summary="My session notes")
def list_notes(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_counsellor(request.user, space_id)
    return list(selectors.notes_for_counsellor(request.user, space))


@router.post(
    "/spaces/{space_id}/notes", response={201: SessionNoteOut}, summary="Write a session note"
)
def create_note(request: HttpRequest, space_id: int, payload: SessionNoteIn) -> Any:
    space = get_space_for_counsellor(request.user, space_id)
    note = services.create_note(
        space=space, counsellor=request.user, text=payload.text, session_on=payload.session_on
    )
    return Status(201, open_notes([note])[0])


@router.get("/notes/{note_id}", response=SessionNoteOut, summary="One session note")
def get_note(request: HttpRequest, note_id: int) -> Any:
    return open_notes([get_note_for_reader(request.user, note_id)])[0]


@router.put("/notes/{note_id}", response=SessionNoteOut, summary="Change a session note")
def update_note(request: HttpRequest, note_id: int, payload: SessionNoteIn) -> Any:
    note = get_note_for_author(request.user, note_id)
    services.update_note(note=note, text=payload.text, session_on=payload.session_on)
    return open_notes([note])[0]


@router.delete("/notes/{note_id}", response={204: None}, summary="Delete a session note")
def delete_note(request: HttpRequest, note_id: int) -> Any:
    services.delete_note(note=get_note_for_author(request.user, note_id))
    return Status(204, None)
