"""Session notes at rest: the self-trust journal's envelope encryption, with the counsellor's
data key. The associated data names the note (not a journal entry), so a note's ciphertext
cannot be replayed as a journal entry or onto another note."""

from __future__ import annotations

from typing import Any

from mend.selftrust import crypto, keys


def _aad_uid(note_uid: Any) -> str:
    return f"session-note:{note_uid}"


def seal(*, text: str, counsellor: Any, note_uid: Any) -> bytes:
    return crypto.encrypt_text(
        text,
        data_key=keys.data_key_for(counsellor),
        owner_id=counsellor.pk,
        entry_uid=_aad_uid(note_uid),
    )


def open_note(note: Any) -> str:
    return crypto.decrypt_text(
        bytes(note.ciphertext),
        data_key=keys.data_key_for(note.counsellor),
        owner_id=note.counsellor_id,
        entry_uid=_aad_uid(note.uid),
    )


def open_notes(notes: list[Any]) -> list[Any]:
    """Decrypt each note's text into ``note.text`` (one key query per counsellor)."""
    if not notes:
        return notes
    wrapped = keys.data_keys_for({n.counsellor_id for n in notes})
    kek = keys.current_kek()
    unwrapped: dict[int, bytes] = {}
    for note in notes:
        if note.counsellor_id not in wrapped:
            raise crypto.JournalKeyError("The key for this note is missing.")
        if note.counsellor_id not in unwrapped:
            unwrapped[note.counsellor_id] = keys.unwrap(wrapped[note.counsellor_id], kek)
        note.text = crypto.decrypt_text(
            bytes(note.ciphertext),
            data_key=unwrapped[note.counsellor_id],
            owner_id=note.counsellor_id,
            entry_uid=_aad_uid(note.uid),
        )
    return notes
