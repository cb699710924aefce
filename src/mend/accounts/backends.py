"""Django's and allauth's sign-in backends, with a cheaper "who is this session's person?".

Every signed-in request loads its person by id. Django builds that ORM query afresh each time,
which cost more than the rest of a trivial signed-in request (issue 16's benchmark); here it is
one primary-key read in plain SQL, with the same rule afterwards (inactive people are refused).
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from mend.accounts.models import User


class _FastGetUser:
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        table = User._meta.db_table
        found = list(User.objects.raw(f"SELECT * FROM {table} WHERE id = %s", [pk]))  # noqa: S608
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_FastGetUser, DjangoModelBackend):
    pass


class AuthenticationBackend(_FastGetUser, AllauthBackend):
    pass
