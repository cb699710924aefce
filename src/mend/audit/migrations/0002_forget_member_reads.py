from django.db import migrations


def forget_member_reads(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Members' reads of what was shared with them were logged with the minute: a timeline of
    # when the other person used Mend. Mend no longer records them; the old rows go too.
    apps.get_model("audit", "AuditEvent").objects.filter(action="read", actor_role="member").delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forget_member_reads, migrations.RunPython.noop)]
