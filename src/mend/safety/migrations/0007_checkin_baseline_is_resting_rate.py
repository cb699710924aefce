"""Past check-ins: empty the old baseline and reassess the heart rate under the one rule.

``SafetyCheckIn.baseline`` held the 10th percentile of imported readings (sleep included), not
a resting rate anyone gave, so it is emptied. Check-ins with a heart rate are reassessed from
their stored self-check answers with the 100 bpm rule (nobody had given a resting rate before
this migration), because triage reads ``flooded``: a calm 69 bpm is no longer "flooded".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import migrations

from mend.domain import flooding

ITEMS = ("racing_heart", "flee_or_fight", "cant_think", "body_tense")


def reassess(apps: Any, schema_editor: Any) -> None:
    checkins = apps.get_model("safety", "SafetyCheckIn")
    checkins.objects.filter(baseline__isnull=False).update(baseline=None)
    # The new assessment depends only on the answers and the heart rate, so rows are grouped by
    # their new (flooded, reasons) and each group is written with a few UPDATE ... WHERE id IN
    # statements (a row-by-row bulk_update took over a second per thousand rows on SQLite).
    groups: dict[tuple[bool, tuple[str, ...]], list[int]] = defaultdict(list)
    rows = checkins.objects.filter(heart_rate__isnull=False).values_list(
        "pk", "heart_rate", "flooded", "reasons", *ITEMS
    )
    for pk, heart_rate, flooded, reasons, *values in rows.iterator(chunk_size=5000):
        try:
            result = flooding.assess(
                dict(zip(ITEMS, values, strict=True)),
                heart_rate,
                flooding.heart_rate_baseline(None),
            )
        except ValueError:
            continue  # a row that never passed validation: leave it as it was
        if (flooded, list(reasons or [])) != (result.flooded, list(result.reasons)):
            groups[(result.flooded, tuple(result.reasons))].append(pk)
    for (flooded, reasons), pks in groups.items():
        for start in range(0, len(pks), 500):
            checkins.objects.filter(pk__in=pks[start : start + 500]).update(
                flooded=flooded, reasons=list(reasons)
            )


class Migration(migrations.Migration):
    dependencies = [("safety", "0006_heart_rate_profile")]

    operations = [migrations.RunPython(reassess, migrations.RunPython.noop)]
