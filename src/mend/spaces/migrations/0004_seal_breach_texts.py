"""Breach titles, descriptions, topics and tags are sealed with their owner's data key (issue 11,
item 9); the plain columns are dropped."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0003_breach_deception_and_acknowledgement"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "spaces",
            "breach",
            {
                "title": SealedTextField(max_length=120),
                "description": SealedTextField(blank=True, max_length=5000),
                "topic": SealedTextField(max_length=60, blank=True),
                "tags": SealedTextField(max_length=200, blank=True, help_text="Comma-separated."),
            },
        ),
    ]
