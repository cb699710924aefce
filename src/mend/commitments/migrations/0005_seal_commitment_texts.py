"""Commitments' words (what, how the other will know, why it changed), their versions and
proposed terms, and the notes on each occurrence's report and response are sealed with the
committer's data key (issue 11, item 9); the plain columns are dropped. The recurrence rule
stays plain (it is chosen, not written, and the worker expands it in bulk)."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields

_C = "commitment.owner_id"


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0004_terms_proposals"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "commitments",
            "commitment",
            {
                "what": SealedTextField(max_length=200),
                "how_known": SealedTextField(max_length=300, blank=True),
            },
        ),
        *seal_fields(
            "commitments",
            "commitmentversion",
            {
                "what": SealedTextField(max_length=200, holder=_C),
                "how_known": SealedTextField(max_length=300, blank=True, holder=_C),
                "reason": SealedTextField(max_length=500, blank=True, holder=_C),
            },
        ),
        *seal_fields(
            "commitments",
            "occurrence",
            {
                "report_note": SealedTextField(max_length=500, blank=True, holder=_C),
                "response_note": SealedTextField(max_length=500, blank=True, holder=_C),
            },
        ),
        *seal_fields(
            "commitments",
            "termsproposal",
            {
                "what": SealedTextField(max_length=200, holder=_C),
                "how_known": SealedTextField(max_length=300, blank=True, holder=_C),
                "reason": SealedTextField(max_length=500, blank=True, holder=_C),
            },
        ),
    ]
