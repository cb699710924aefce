"""Session notes at rest, sealed with the counsellor's data key. The reference names the note
(not a journal entry), so a note's ciphertext cannot be replayed as a journal entry or onto
another note."""

from __future__ import annotations

from typing import Any

from mend.vault import sealing


def _ref(note_uid: Any) -> str:
    return f"session-note:{note_uid}"


def seal(*, text: str, counsellor: Any, note_uid: Any) -> bytes:
    return sealing.seal(text, owner=counsellor, ref=_ref(note_uid))


def open_note(note: Any) -> str:
    return sealing.open_one(note.ciphertext, owner_id=note.counsellor_id, ref=_ref(note.uid))


def open_notes(notes: list[Any]) -> list[Any]:
    """Decrypt each note's text into ``note.text`` (one key query for all counsellors)."""
    texts = sealing.open_many((n.counsellor_id, n.ciphertext, _ref(n.uid)) for n in notes)
    for note, text in zip(notes, texts, strict=True):
        note.text = text
    return notes
