"""``mend rebuild_trust [SPACE_ID ...]``: recompute stored trust pairs from all their evidence.

Run at deploy after a change of the trust model's rules (the migration for issue 12 does it
once); the per-process memo of recent evidence is versioned by the stored state, so running
servers pick up the rebuilt pairs on their next read, and each space's change counter moves,
so the dashboards' stored checkpoints are read again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from mend.ledger import recent, trust_pairs
from mend.spaces.models import Space
from mend.spaces.services import bump_revision


class Command(BaseCommand):
    help = "Recompute every stored trust pair (of the given spaces, or of all) from its evidence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("space_ids", nargs="*", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        spaces = Space.objects.order_by("pk")
        if options["space_ids"]:
            spaces = spaces.filter(pk__in=options["space_ids"])
        count = 0
        for space in spaces.iterator():
            with transaction.atomic():
                trust_pairs.rebuild_space(space=space)
                # What was stored from the old pairs (a dashboard's checkpoint) is out of date.
                bump_revision(space_ids=[space.pk])
            count += 1
        recent.clear()
        self.stdout.write(f"Rebuilt the trust pairs of {count} space(s).")
