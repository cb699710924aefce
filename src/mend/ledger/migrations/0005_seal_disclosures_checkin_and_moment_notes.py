"""Disclosures, felt-trust and forgiveness check-in notes and moment notes are sealed with their
owner's data key (issue 11, item 9); the plain columns are dropped."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0004_moment_dispute_note"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "ledger",
            "disclosure",
            {
                "text": SealedTextField(max_length=2000),
            },
        ),
        *seal_fields(
            "ledger",
            "felttrustcheckin",
            {
                "note": SealedTextField(max_length=200, blank=True),
            },
        ),
        *seal_fields(
            "ledger",
            "moment",
            {
                "note": SealedTextField(max_length=200, blank=True),
                "dispute_note": SealedTextField(max_length=200, blank=True),
            },
        ),
    ]
