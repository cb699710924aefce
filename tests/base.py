"""The cast every test uses, and a CSRF-enforcing client.

- alice and bob share the couple space "Alice & Bob";
- charlie is in another space, "Charlie & Dana", with dana;
- carol is a counsellor: alice has consented to her in Alice & Bob, bob has not.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.test import Client, TestCase

from tests.factories import SpaceFactory, UserFactory, add_member, grant_counsellor


class CsrfClient(Client):
    """A test client that enforces CSRF, with helpers that send a valid token like a browser."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(enforce_csrf_checks=True, **kwargs)
        self._csrf = secrets.token_hex(16)  # a 32-character unmasked secret
        self.cookies[settings.CSRF_COOKIE_NAME] = self._csrf

    def form(self, path: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
        return self.post(path, {**(data or {}), "csrfmiddlewaretoken": self._csrf}, **extra)

    def api(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        kwargs: dict[str, Any] = {"HTTP_X_CSRFTOKEN": self._csrf, **extra}
        if body is not None:
            kwargs["data"] = json.dumps(body) if not isinstance(body, str | bytes) else body
            kwargs["content_type"] = "application/json"
        return getattr(self, method.lower())(path, **kwargs)


class MendTestCase(TestCase):
    client_class = CsrfClient

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alice = UserFactory(email="alice@example.test", display_name="Alice")
        cls.bob = UserFactory(email="bob@example.test", display_name="Bob")
        cls.charlie = UserFactory(email="charlie@example.test", display_name="Charlie")
        cls.dana = UserFactory(email="dana@example.test", display_name="Dana")
        cls.carol = UserFactory(email="carol@counsel.test", display_name="Carol (counsellor)")
        cls.space = SpaceFactory(name="Alice & Bob")
        add_member(cls.space, cls.alice)
        add_member(cls.space, cls.bob)
        cls.other_space = SpaceFactory(name="Charlie & Dana")
        add_member(cls.other_space, cls.charlie)
        add_member(cls.other_space, cls.dana)
        grant_counsellor(cls.space, cls.alice, cls.carol)

    def assertShows(self, text: str, shown: Iterable[str] = (), hidden: Iterable[str] = ()) -> None:
        """Every one of ``shown`` is in ``text`` (a page's HTML, say) and none of ``hidden``."""
        for part in shown:
            self.assertIn(part, text)
        for part in hidden:
            self.assertNotIn(part, text)

    def login(self, user: Any) -> CsrfClient:
        self.client.force_login(user)
        return self.client  # type: ignore[return-value]

    # Who plays each role of the authorization matrix (tests.authz), from the point of view of
    # alice's records; an anonymous visitor is played by nobody. Subclasses add roles.
    CAST: dict[str, str] = {
        "owner": "alice",
        "partner": "bob",
        "other_space": "charlie",
        "counsellor": "carol",
    }

    def people(self) -> dict[str, Any]:
        """The people of the authorization matrix, by role."""
        return {role: getattr(self, name) for role, name in self.CAST.items()} | {"anonymous": None}
