"""``mend instruments import FILE [--practice ID]``, ``mend instruments list`` and
``mend instruments builtins`` (Mend's own definitions; the migration loads them once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mend.core.exceptions import DomainError
from mend.instruments import hooks, services
from mend.instruments.models import InstrumentDefinition


class Command(BaseCommand):
    help = "Load a questionnaire definition (checked, all or nothing), or list those loaded."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="check a definition file and load it")
        load.add_argument("file", type=Path)
        load.add_argument(
            "--practice",
            type=int,
            default=None,
            help="offer it only where this practice serves (default: every space)",
        )
        sub.add_parser("list", help="the definitions loaded, every version")
        sub.add_parser("builtins", help="(re)load Mend's own definitions, such as the CSI-4")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "builtins":
            for d in services.load_builtins():
                self.stdout.write(f"{d.short_name} version {d.version}: loaded (id {d.pk}).")
            return
        if options["action"] == "list":
            for d in InstrumentDefinition.objects.order_by("key", "practice_id", "loaded_at"):
                self.stdout.write(
                    f"{d.pk}\t{d.key}\t{d.version}\t{d.scope}\t{d.name}"
                    f"\t{d.results.count()} result(s)"
                )
            return
        path: Path = options["file"]
        practice = options["practice"]
        if practice is not None and not any(hooks.practice_name.send(practice)):
            raise CommandError(f"No practice with id {practice}.")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            data = services.decode_definition(raw)
            definition, created = services.import_definition(data=data, practice_id=practice)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        where = "every space" if practice is None else f"spaces served by practice {practice}"
        if created:
            self.stdout.write(
                f"Loaded {definition.short_name} version {definition.version} "
                f"(id {definition.pk}), offered in {where}."
            )
        else:
            self.stdout.write(
                f"{definition.short_name} version {definition.version} is already loaded "
                f"(id {definition.pk}); nothing changed."
            )
