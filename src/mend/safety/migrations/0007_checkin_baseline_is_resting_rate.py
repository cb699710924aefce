"""Past check-ins: empty the old baseline and reassess the heart rate under the one rule.

``SafetyCheckIn.baseline`` held the 10th percentile of imported readings (sleep included), not
a resting rate anyone gave, so it is emptied. Check-ins with a heart rate are reassessed from
their stored self-check answers with the 100 bpm rule (nobody had given a resting rate before
this migration), because triage reads ``flooded``: a calm 69 bpm is no longer "flooded".
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from mend.domain import flooding

ITEMS = ("racing_heart", "flee_or_fight", "cant_think", "body_tense")


def reassess(apps: Any, schema_editor: Any) -> None:
    checkins = apps.get_model("safety", "SafetyCheckIn")
    checkins.objects.filter(baseline__isnull=False).update(baseline=None)
    changed = []
    for c in checkins.objects.filter(heart_rate__isnull=False).iterator(chunk_size=2000):
        answers = {code: getattr(c, code) for code in ITEMS}
        try:
            result = flooding.assess(answers, c.heart_rate, flooding.heart_rate_baseline(None))
        except ValueError:
            continue  # a row that never passed validation: leave it as it was
        if (c.flooded, c.reasons) != (result.flooded, list(result.reasons)):
            c.flooded, c.reasons = result.flooded, list(result.reasons)
            changed.append(c)
    checkins.objects.bulk_update(changed, ["flooded", "reasons"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("safety", "0006_heart_rate_profile")]

    operations = [migrations.RunPython(reassess, migrations.RunPython.noop)]
