"""Safety-screen results (categories flagged, questions declined) are sealed with their owner's
data key, and the separate red-flag column is dropped: it follows from the categories (issue 11,
item 9)."""

from django.db import migrations

from mend.vault.fields import SealedJSONField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0002_shared_at"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "screening",
            "safetyscreen",
            {
                "categories": SealedJSONField(blank=True),
                "declined": SealedJSONField(blank=True),
            },
        ),
        migrations.RemoveField("safetyscreen", "red_flag"),
    ]
