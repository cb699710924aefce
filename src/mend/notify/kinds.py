"""The kinds a person can be notified of, with the neutral words a preference form uses.

Every kind of "what needs you", plus the reminder before one's own commitment falls due. The
words say what kind of thing waits, never anything of the record itself.
"""

from __future__ import annotations

CHANNELS = ("in_app", "email", "push")
CHANNEL_LABELS = {"in_app": "In Mend", "email": "E-mail", "push": "Push"}

KIND_LABELS = {
    "moment_to_confirm": "A moment to confirm",
    "occurrence_to_confirm": "A report on a commitment made to you",
    "disclosure_to_acknowledge": "Something shared with you",
    "apology_to_answer": "An apology to you",
    "commitment_proposal": "A commitment asked of you",
    "terms_to_answer": "New terms for a commitment made to you",
    "homework": "A suggestion from your counsellor",
    "conversation_waiting": "A conversation waiting for your step",
    "partner_pause": "The other person asked for a pause",
    "partner_back": "The other person is back from a pause",
    "join_request": "Someone asks to join a space",
    "moment_disputed": "A moment you noted was seen differently",
    "occurrence_disputed": "A report of yours was seen differently",
    "occurrence_unreported": "A commitment nobody reported on",
    "commitment_due": "A reminder before your commitment is due",
}
KINDS = tuple(KIND_LABELS)
