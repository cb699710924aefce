"""Access to safety records beyond the plain visibility rule.

- A repair conversation is shared with the space, but only its two participants may open it
  or act in it; anyone else gets 404 (as if it did not exist).
- While two people agree which notes to keep, each may read the notes the OTHER has offered
  (the writer chose to offer them); reads are logged to the writer's audit log.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from mend.audit.services import log_reads
from mend.safety.models import Conversation, ConversationNote


def get_conversation_for_participant(user: Any, pk: int | str) -> Conversation:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        conv = (
            Conversation.objects.visible_to(user)
            .select_related("owner", "partner", "speaker", "space", "breach")
            .get(pk=int(pk))
        )
    except (Conversation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not conv.is_participant(user):
        raise Http404
    return conv


def offered_notes_for_review(user: Any, conv: Conversation) -> list[ConversationNote]:
    """The other participant's offered notes, readable by ``user`` only while agreeing."""
    if conv.phase != Conversation.Phase.AGREEING or not conv.is_participant(user):
        return []
    notes = list(
        ConversationNote.objects.filter(conversation=conv, offered=True)
        .exclude(owner_id=user.pk)
        .order_by("step_number", "created_at", "id")
    )
    log_reads(actor=user, records=notes)
    return notes
