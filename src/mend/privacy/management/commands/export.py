from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mend.accounts.models import User
from mend.privacy.export import export_user_data


class Command(BaseCommand):
    help = "Print everything a user owns as JSON on stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the user's e-mail address")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {options['user']!r}.")
        self.stdout.write(json.dumps(export_user_data(user), indent=2, ensure_ascii=False))
