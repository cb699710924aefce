"""An invitation's note is sealed with its writer's data key (issue 11, item 9); the plain
column is dropped."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0004_seal_breach_texts"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "spaces",
            "invitation",
            {"note": SealedTextField(max_length=120, blank=True, holder="created_by_id")},
        ),
    ]
