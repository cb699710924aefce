import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over the self-trust app's DataKey table (created by selftrust 0001), then renames it."""

    initial = True

    dependencies = [
        ("selftrust", "0002_datakey_moved_to_vault"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("wrapped_key", models.BinaryField()),
                        ("kek_id", models.CharField(max_length=16)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("rotated_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "selftrust_datakey"},
                )
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="datakey", table=None),
    ]
