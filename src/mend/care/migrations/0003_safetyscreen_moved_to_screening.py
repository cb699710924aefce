from django.db import migrations


class Migration(migrations.Migration):
    """The safety screen now belongs to mend.screening, which takes over its table."""

    dependencies = [("care", "0002_safetyscreen")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SafetyScreen")], database_operations=[]
        )
    ]
