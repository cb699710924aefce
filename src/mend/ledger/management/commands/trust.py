"""``mend trust SPACE_ID [--json]``: every trust pair of a space, for an operator."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mend.domain.trust import MIN_EVIDENCE
from mend.ledger.selectors import trust_pairs_for_operator
from mend.spaces.models import Space


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


class Command(BaseCommand):
    help = "Show the trust index of every ordered pair in a space (A's trust in B)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("space_id", type=int)
        parser.add_argument("--json", action="store_true", help="the same JSON as the API")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            space = Space.objects.get(pk=options["space_id"])
        except Space.DoesNotExist as exc:
            raise CommandError(f"No space with id {options['space_id']}.") from exc
        pairs = trust_pairs_for_operator(space)
        if options["json"]:
            self.stdout.write(json.dumps({"pairs": [p.to_dict() for p in pairs]}, indent=2))
            return
        rows = [
            (
                f"{p.truster} ({p.truster.pk})",
                f"{p.trustee} ({p.trustee.pk})",
                # Below the minimum the index is mostly the prior: no number (issue 12).
                _pct(p.index) if p.enough_evidence else "not enough evidence yet",
                f"{_pct(p.low)}-{_pct(p.high)}" if p.enough_evidence else "-",
                f"{p.evidence:.1f} of {MIN_EVIDENCE:g}"
                if not p.enough_evidence
                else f"{p.evidence:.1f}",
                "-" if p.felt_trust is None else f"{round(p.felt_trust * 10)}/10",
                p.ratio_text if p.positive + p.negative else "-",
                str(p.claims.total),
            )
            for p in pairs
        ]
        header = (
            "Truster",
            "Trustee",
            "Index",
            "80% range",
            "Evidence",
            "Felt",
            "Ratio 28d",
            "Unconfirmed",
        )
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        self.stdout.write(f"Trust in “{space.name}” (space {space.pk})")
        for row in [header, tuple("-" * w for w in widths), *rows]:
            self.stdout.write(
                "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True))
            )
        if not rows:
            self.stdout.write("(no pairs: the space has fewer than two active members)")
