import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over the safety screen's table from the care app (care 0002), then renames it."""

    initial = True

    dependencies = [
        ("care", "0003_safetyscreen_moved_to_screening"),
        ("spaces", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SafetyScreen",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "visibility",
                            models.CharField(
                                choices=[
                                    ("private", "Only me"),
                                    ("counsellor", "Me and our counsellor"),
                                    ("space", "Everyone in this space"),
                                    ("space_counsellor", "Everyone in this space and our counsellor"),
                                ],
                                default="private",
                                max_length=16,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("red_flag", models.BooleanField(default=False)),
                        ("categories", models.JSONField(blank=True, default=list)),
                        ("declined", models.JSONField(blank=True, default=list)),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "space",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="spaces.space",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "safety screen",
                        "ordering": ["-created_at", "-id"],
                        "abstract": False,
                        "db_table": "care_safetyscreen",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("visibility", "private")),
                                name="care_safety_screen_private",
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="safetyscreen", table=None),
        migrations.RemoveConstraint(model_name="safetyscreen", name="care_safety_screen_private"),
        migrations.AddConstraint(
            model_name="safetyscreen",
            constraint=models.CheckConstraint(
                condition=models.Q(("visibility", "private")), name="screening_safety_screen_private"
            ),
        ),
    ]
