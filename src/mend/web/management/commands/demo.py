from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mend.accounts.models import User
from mend.web.demo import build_demo


class Command(BaseCommand):
    help = "Load the demo couple and about 90 days of their history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only on a new database (no users yet); otherwise do nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Existing database: demo data not loaded.")
            return
        logins = build_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo space “{logins.space.name}” is ready."))
        self.stdout.write("Demo logins (e-mail / password):")
        for email, password in logins.people:
            self.stdout.write(f"  {email} / {password}")
        password = logins.people[0][1]  # every demo login shares it
        for email, role in logins.others:
            self.stdout.write(f"  {email} / {password} ({role})")
