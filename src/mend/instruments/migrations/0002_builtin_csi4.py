"""Load Mend's built-in definitions (the CSI-4) for every space of the deployment."""

from django.db import migrations


def load_builtins(apps, schema_editor):
    from mend.domain.instruments import builtin_definitions, parse_definition

    Definition = apps.get_model("instruments", "InstrumentDefinition")
    for data in builtin_definitions().values():
        instrument = parse_definition(data)
        Definition.objects.get_or_create(
            key=instrument.id,
            version=instrument.version,
            practice_id=None,
            defaults={
                "name": instrument.name,
                "short_name": instrument.short_name,
                "definition": data,
                "builtin": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("instruments", "0001_definitions_and_results")]

    operations = [migrations.RunPython(load_builtins, migrations.RunPython.noop)]
