"""Demo logins: every demo person shares one published password."""

from __future__ import annotations

from mend.accounts.models import User

DEMO_PASSWORD = "mend-demo-2026"  # noqa: S105 - published on purpose: demo logins only


def demo_user(email: str, name: str) -> User:
    return User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
