from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Login throttling and other shared counters live in the database cache; creating its
    # table here means every `migrate` (and every test database) has it.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []  # type: ignore[var-annotated]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
