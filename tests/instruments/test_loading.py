"""Loading a definition: checked in full, all or nothing, per deployment or per practice; a
newer version never rewrites the results scored with an older one."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from mend.core.exceptions import DomainError
from mend.instruments import selectors, services
from mend.instruments.models import InstrumentDefinition
from tests.factories import UserFactory, give_two_factor
from tests.instruments.base import ANSWERS, InstrumentsTestCase, fixture_definition


class BuiltIn(InstrumentsTestCase):
    def test_the_csi4_ships_as_a_definition_for_every_space(self) -> None:
        self.assertTrue(self.csi4.builtin)
        self.assertEqual(self.csi4.version, "2007")
        self.assertEqual((self.csi4.instrument.min_total, self.csi4.instrument.max_total), (0, 21))
        for space in (self.space, self.other_space):
            self.assertIn(self.csi4, selectors.available_for_space(space))

    def test_a_practice_instrument_is_offered_only_where_the_practice_serves(self) -> None:
        self.assertIn(self.fixture, selectors.available_for_space(self.space))  # carol
        self.assertNotIn(self.fixture, selectors.available_for_space(self.other_space))  # erin


class ImportService(InstrumentsTestCase):
    def test_a_bad_definition_loads_nothing_and_says_what_is_wrong(self) -> None:
        before = InstrumentDefinition.objects.count()
        data = fixture_definition(key="other", reverse_keyed=["zz"])
        data["subscales"][1]["items"] = []
        with self.assertRaises(DomainError) as caught:
            services.import_definition(data=data, practice_id=self.practice.pk)
        self.assertEqual(
            caught.exception.fields["definition"],
            [
                "reverse_keyed[0]: no item 'zz' to reverse.",
                "subscales[1]: (Scale B) references no item.",
            ],
        )
        self.assertEqual(InstrumentDefinition.objects.count(), before)

    def test_loading_the_same_version_again_changes_nothing(self) -> None:
        again, created = services.import_definition(
            data=fixture_definition(), practice_id=self.practice.pk
        )
        self.assertFalse(created)
        self.assertEqual(again.pk, self.fixture.pk)

    def test_changed_wording_needs_a_new_version(self) -> None:
        changed = fixture_definition()
        changed["items"][0]["text"] = "Item A1, reworded"
        with self.assertRaises(DomainError) as caught:
            services.import_definition(data=changed, practice_id=self.practice.pk)
        self.assertEqual(caught.exception.status, 409)
        self.assertIn("give the changed definition a new version", caught.exception.message)

    def test_a_newer_version_does_not_rewrite_old_results(self) -> None:
        old = self.submit()
        changed = fixture_definition(version="2")
        changed["items"][0]["text"] = "Item A1, reworded"
        newer, created = services.import_definition(data=changed, practice_id=self.practice.pk)
        self.assertTrue(created)
        old.refresh_from_db()
        self.assertEqual(old.definition.version, "1")
        self.assertEqual(old.definition.instrument.items[0].text, "Item A1")
        self.assertEqual(old.total, 12)
        # New answers use the newest version; the old one stays only for its results.
        available = selectors.available_for_space(self.space)
        self.assertIn(newer, available)
        self.assertNotIn(self.fixture, available)

    def test_the_same_key_may_be_loaded_by_another_practice(self) -> None:
        theirs, created = services.import_definition(
            data=fixture_definition(), practice_id=self.hillside.pk
        )
        self.assertTrue(created)
        self.assertNotEqual(theirs.pk, self.fixture.pk)


class CommandLine(InstrumentsTestCase):
    def run_import(self, data: object, *extra: str) -> str:
        with TemporaryDirectory() as folder:
            path = Path(folder) / "definition.json"
            path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
            out = StringIO()
            call_command("instruments", "import", str(path), *extra, stdout=out)
            return out.getvalue()

    def test_import_for_the_deployment(self) -> None:
        out = self.run_import(fixture_definition(key="deployment-wide"))
        self.assertIn("Loaded FS version 1", out)
        self.assertIn("offered in every space", out)
        loaded = InstrumentDefinition.objects.get(key="deployment-wide")
        self.assertIsNone(loaded.practice_id)
        self.assertIn(loaded, selectors.available_for_space(self.other_space))

    def test_import_for_a_practice(self) -> None:
        out = self.run_import(fixture_definition(key="hill"), "--practice", str(self.hillside.pk))
        self.assertIn("spaces served by practice", out)
        hill = InstrumentDefinition.objects.get(key="hill")
        self.assertIn(hill, selectors.available_for_space(self.other_space))
        self.assertNotIn(hill, selectors.available_for_space(self.space))

    def test_every_mistake_is_an_error_line_and_nothing_is_loaded(self) -> None:
        before = InstrumentDefinition.objects.count()
        data = fixture_definition(key="broken")
        del data["citation"]
        with self.assertRaises(CommandError) as caught:
            self.run_import(data)
        self.assertEqual(
            str(caught.exception), "The definition cannot be loaded:\ncitation: missing."
        )
        with self.assertRaisesRegex(CommandError, "Not valid JSON"):
            self.run_import("{not json")
        with self.assertRaisesRegex(CommandError, "No practice with id 999999"):
            self.run_import(fixture_definition(key="x"), "--practice", "999999")
        self.assertEqual(InstrumentDefinition.objects.count(), before)

    def test_builtins_reload_without_duplicates(self) -> None:
        out = StringIO()
        call_command("instruments", "builtins", stdout=out)
        self.assertIn("CSI-4 version 2007: loaded", out.getvalue())
        self.assertEqual(InstrumentDefinition.objects.filter(key="csi4").count(), 1)

    def test_list(self) -> None:
        out = StringIO()
        call_command("instruments", "list", stdout=out)
        self.assertIn("csi4\t2007\tdeployment", out.getvalue())
        self.assertIn(f"fixture\t1\tpractice:{self.practice.pk}", out.getvalue())


class AdminImport(InstrumentsTestCase):
    URL = "/admin/instruments/instrumentdefinition/import/"

    def upload(self, user: object, data: object, scope: object) -> object:
        client = self.login(user)
        raw = data if isinstance(data, bytes) else json.dumps(data).encode()
        return client.form(
            self.URL,
            {"file": SimpleUploadedFile("def.json", raw, "application/json"), "scope": scope},
        )

    def test_practice_staff_import_for_their_practice(self) -> None:
        client = self.login(self.pat)
        self.assertEqual(client.get(self.URL).status_code, 200)
        response = self.upload(self.pat, fixture_definition(key="staff-made"), self.practice.pk)
        self.assertEqual(response.status_code, 302)  # type: ignore[attr-defined]
        made = InstrumentDefinition.objects.get(key="staff-made")
        self.assertEqual((made.practice_id, made.loaded_by), (self.practice.pk, self.pat))
        listing = client.get("/admin/instruments/instrumentdefinition/")
        self.assertContains(listing, "staff-made")

    def test_a_bad_file_answers_400_with_every_mistake_and_loads_nothing(self) -> None:
        before = InstrumentDefinition.objects.count()
        response = self.upload(
            self.pat, fixture_definition(key="bad", reverse_keyed=["zz"]), self.practice.pk
        )
        self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        self.assertContains(
            response, "reverse_keyed[0]: no item &#x27;zz&#x27; to reverse.", status_code=400
        )
        self.assertEqual(InstrumentDefinition.objects.count(), before)

    def test_staff_cannot_load_for_the_deployment_or_another_practice(self) -> None:
        for scope in ("deployment", self.hillside.pk):
            response = self.upload(self.pat, fixture_definition(key="sneaky"), scope)
            self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        self.assertFalse(InstrumentDefinition.objects.filter(key="sneaky").exists())

    def test_a_superuser_imports_for_the_deployment(self) -> None:
        root = give_two_factor(
            UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
        )
        response = self.upload(root, fixture_definition(key="everywhere"), "deployment")
        self.assertEqual(response.status_code, 302)  # type: ignore[attr-defined]
        self.assertIsNone(InstrumentDefinition.objects.get(key="everywhere").practice_id)

    def test_other_staff_cannot_reach_the_import(self) -> None:
        stranger = UserFactory(email="staff@example.test", is_staff=True)
        response = self.login(stranger).get(self.URL)
        self.assertIn(response.status_code, (302, 403))

    def test_results_keep_their_definition(self) -> None:
        self.submit()
        root = give_two_factor(
            UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
        )
        client = self.login(root)
        client.form(
            f"/admin/instruments/instrumentdefinition/{self.fixture.pk}/delete/", {"post": "yes"}
        )
        self.assertTrue(InstrumentDefinition.objects.filter(pk=self.fixture.pk).exists())
        self.assertEqual(self.submit().answers, ANSWERS)
