"""Rebuild every stored trust pair under issue 12's rules.

Every stored state was built with the old weights (self-reports at 0.4, no breaches) and the old
30-day forgetting of negative evidence, and holds no claim counts. This recomputes each pair from
all its sources, once. It calls the ledger's own service (the rules live in mend.domain.trust and
the sources, not in a frozen copy here); on an empty database it does nothing. To run it again
later, ``mend rebuild_trust``.
"""

from django.db import migrations


def rebuild(apps, schema_editor):  # type: ignore[no-untyped-def]
    historical = apps.get_model("spaces", "Space")
    if not historical.objects.exists():
        return
    from mend.ledger import recent, trust_pairs
    from mend.spaces.models import Space

    for space in Space.objects.order_by("pk").iterator():
        trust_pairs.rebuild_space(space=space)
    recent.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_trust_lasting_and_claims"),
        # After every text is sealed: the rebuild reads records through the current models.
        ("spaces", "0004_seal_breach_texts"),
        ("safety", "0008_seal_conversation_topics_and_notes"),
        ("commitments", "0004_terms_proposals"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
