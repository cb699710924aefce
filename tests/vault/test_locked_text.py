"""Sealed text: a wrong server key answers a clear 503; keys and searches stay out of reach."""

from __future__ import annotations

import pickle

from django.test import override_settings

from mend.selftrust.models import Boundary
from mend.spaces.models import Breach
from mend.spaces.visibility import Visibility
from mend.vault import keys, personal
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


class SealedRecordTests(MendTestCase):
    def test_a_saved_record_never_carries_its_owners_key(self) -> None:
        boundary = Boundary.objects.create(
            space=self.space, owner=self.alice, statement="No money talk late", why="Tired"
        )
        key = keys.data_key_for(self.alice)
        self.assertNotIn(key, pickle.dumps(boundary))
        self.assertNotIn(key, pickle.dumps(Boundary.objects.get(pk=boundary.pk)))

    def test_saving_several_sealed_texts_fetches_the_key_once(self) -> None:
        # A private boundary is sealed with the person's personal key (made first here).
        personal.key_for(self.alice.pk)
        with self.assertNumQueries(2):  # the key, the insert
            Boundary.objects.create(
                space=self.space, owner=self.alice, statement="a", why="b", if_crossed="c"
            )

    def test_sealed_text_cannot_be_searched_in_the_database(self) -> None:
        from django.core.exceptions import FieldError

        with self.assertRaisesRegex(FieldError, "Unsupported lookup 'icontains'"):
            list(Boundary.objects.filter(statement__icontains="money"))
        with self.assertRaisesRegex(TypeError, "Boundary.statement is sealed"):
            Boundary.objects.update(statement="x")
