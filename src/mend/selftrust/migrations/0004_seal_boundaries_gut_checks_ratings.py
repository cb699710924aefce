"""Boundaries, their history notes, gut check-ins and self-rating notes are sealed with their
owner's data key (issue 11, item 9); the plain columns are dropped."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("selftrust", "0003_shared_at"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "selftrust",
            "boundary",
            {
                "statement": SealedTextField(max_length=300),
                "why": SealedTextField(max_length=2000, blank=True),
                "if_crossed": SealedTextField(max_length=2000, blank=True),
            },
        ),
        *seal_fields(
            "selftrust",
            "boundaryevent",
            {"note": SealedTextField(max_length=500, blank=True, holder="boundary.owner_id")},
        ),
        *seal_fields(
            "selftrust",
            "gutcheck",
            {
                "statement": SealedTextField(max_length=300),
                "outcome_note": SealedTextField(max_length=1000, blank=True),
            },
        ),
        *seal_fields(
            "selftrust", "selfrating", {"note": SealedTextField(max_length=500, blank=True)}
        ),
    ]
