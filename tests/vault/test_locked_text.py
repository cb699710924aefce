"""Sealed text locked with another server key answers a clear 503, on pages and in the API."""

from __future__ import annotations

from django.test import override_settings

from mend.spaces.models import Breach
from mend.spaces.visibility import Visibility
from mend.vault.config import generate_kek
from tests.base import MendTestCase


class LockedTextTests(MendTestCase):
    def test_a_wrong_server_key_gives_a_clear_answer_not_a_crash(self) -> None:
        breach = Breach.objects.create(
            space=self.space, owner=self.alice, title="What happened", owner_role="hurt",
            visibility=Visibility.SPACE,
        )  # fmt: skip
        client = self.login(self.alice)
        self.assertContains(client.get(f"/breaches/{breach.pk}/"), "What happened")
        other = generate_kek()
        with override_settings(MEND_KEK=other):
            page = client.get(f"/breaches/{breach.pk}/")
            api = client.api("GET", f"/api/v1/spaces/{self.space.pk}/breaches")
        self.assertEqual(page.status_code, 503)
        self.assertContains(page, "cannot be opened", status_code=503)
        self.assertEqual(api.status_code, 503)
        self.assertEqual(api.json()["error"]["code"], "text_locked")
        for response in (page, api):
            self.assertNotIn(other.encode(), response.content)
