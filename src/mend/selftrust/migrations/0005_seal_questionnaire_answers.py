"""The answers of questionnaire results kept from before questionnaires became data are sealed
with their owner's data key (issue 11, item 9)."""

from django.db import migrations

from mend.vault.fields import SealedJSONField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("selftrust", "0004_seal_boundaries_gut_checks_ratings"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields("selftrust", "questionnaireresult", {"answers": SealedJSONField()}),
    ]
