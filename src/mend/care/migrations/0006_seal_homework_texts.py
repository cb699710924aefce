"""Homework a counsellor writes (title and instructions) is sealed with its space's data key
(issue 11, item 9); the plain columns are dropped."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0005_seal_intake_requests_and_homework_answers"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "care",
            "homework",
            {
                "title": SealedTextField(max_length=120, holder="space_id", holder_scope="space"),
                "instructions": SealedTextField(
                    max_length=2000, blank=True, holder="space_id", holder_scope="space"
                ),
            },
        ),
    ]
