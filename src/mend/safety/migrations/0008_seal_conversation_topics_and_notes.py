"""Repair-conversation topics and notes are sealed with their owner's data key (issue 11,
item 9); the plain columns are dropped."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0007_checkin_baseline_is_resting_rate"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "safety",
            "conversation",
            {
                "topic": SealedTextField(max_length=120),
            },
        ),
        *seal_fields(
            "safety",
            "conversationnote",
            {
                "text": SealedTextField(max_length=5000),
            },
        ),
    ]
