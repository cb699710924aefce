"""Intake requests (name, contact detail, what they need help with) are sealed with their
practice's data key, and a member's note on a homework answer with the member's (issue 11,
item 9); the plain columns are dropped."""

from django.db import migrations

from mend.vault.fields import SealedTextField
from mend.vault.migration import seal_fields


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0004_homework_names_a_questionnaire"),
        ("vault", "0002_scoped_keys"),
    ]

    operations = [
        *seal_fields(
            "care",
            "intakerequest",
            {
                "name": SealedTextField(
                    max_length=80, blank=True, holder="practice_id", holder_scope="practice"
                ),
                "contact_detail": SealedTextField(
                    max_length=254, holder="practice_id", holder_scope="practice"
                ),
                "help_with": SealedTextField(
                    max_length=2000, holder="practice_id", holder_scope="practice"
                ),
            },
        ),
        *seal_fields(
            "care",
            "homeworkresponse",
            {"note": SealedTextField(max_length=500, blank=True, holder="member_id")},
        ),
    ]
