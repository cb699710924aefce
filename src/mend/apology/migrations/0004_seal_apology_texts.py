"""Apology texts and the recipient's answer note are sealed with the writer's data key (issue 11,
item 9); the plain columns are dropped."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("apology", "0003_shared_at"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "apology",
            "apology",
            {
                "text": SealedTextField(max_length=5000),
                "response_note": SealedTextField(max_length=1000, blank=True),
            },
        ),
    ]
