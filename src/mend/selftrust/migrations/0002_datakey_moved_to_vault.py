from django.db import migrations


class Migration(migrations.Migration):
    """DataKey now belongs to mend.vault; its table stays where it is."""

    dependencies = [("selftrust", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataKey")], database_operations=[]
        )
    ]
