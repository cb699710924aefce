"""Questionnaire answers are sealed with their owner's data key (issue 11, item 9); the scores
stay plain for the charts and the progress report."""

from django.db import migrations

from mend.vault.fields import SealedJSONField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0002_builtin_csi4"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields("instruments", "instrumentresult", {"answers": SealedJSONField()}),
    ]
