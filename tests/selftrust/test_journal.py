"""The journal: encrypted at rest, never the partner's, the counsellor's only entry by entry."""

from __future__ import annotations

import io
import secrets
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from mend.audit.models import AuditEvent
from mend.privacy.export import export_user_data
from mend.selftrust import services
from mend.selftrust.models import JournalEntry, decrypt_entries
from mend.spaces.models import CounsellorAccess
from mend.vault import crypto
from mend.vault.config import encode_kek
from mend.vault.models import PersonalKey
from tests.base import MendTestCase

SECRET_TITLE = "Ultramarine-heron title"
SECRET_BODY = "The body says: periwinkle-otter-42 and nothing else."


def _raw_rows() -> list[tuple[int, int, bytes]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, owner_id, ciphertext FROM selftrust_journalentry ORDER BY id")
        return [(r[0], r[1], bytes(r[2])) for r in cursor.fetchall()]


class JournalTests(MendTestCase):
    def write(self, owner=None, visibility="private", title=SECRET_TITLE, body=SECRET_BODY):
        return services.create_entry(
            space=self.space,
            owner=owner or self.alice,
            title=title,
            body=body,
            visibility=visibility,
        )

    # --- At rest --------------------------------------------------------------------------

    def test_database_holds_no_plaintext(self) -> None:
        self.write()
        rows = _raw_rows()
        self.assertEqual(len(rows), 1)
        blob = rows[0][2]
        for needle in (SECRET_TITLE, SECRET_BODY, "periwinkle", "Ultramarine"):
            self.assertNotIn(needle.encode(), blob)
            self.assertNotIn(needle.encode("utf-16-le"), blob)
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM selftrust_journalentry")
            dump = repr(cursor.fetchall())
            cursor.execute("SELECT * FROM vault_datakey")
            dump += repr(cursor.fetchall())
        self.assertNotIn("periwinkle", dump)
        self.assertNotIn("Ultramarine", dump)

    def test_data_key_is_stored_only_wrapped(self) -> None:
        entry = self.write()
        # A private entry is sealed with the person's personal (self-trust) key.
        row = PersonalKey.objects.get(user=self.alice)
        from mend.vault.personal import key_for

        raw = key_for(self.alice.pk)
        self.assertEqual(len(raw), 32)
        self.assertNotIn(raw, bytes(row.wrapped_key))
        self.assertEqual(
            decrypt_entries([JournalEntry.objects.get(pk=entry.pk)])[0].body, SECRET_BODY
        )

    def test_ciphertext_moved_to_another_users_row_fails(self) -> None:
        mine = self.write(owner=self.alice)
        theirs = self.write(owner=self.bob, title="Bob's", body="bob")
        JournalEntry.objects.filter(pk=theirs.pk).update(ciphertext=mine.ciphertext)
        with self.assertRaisesMessage(crypto.VaultKeyError, "The private text cannot be decrypted"):
            decrypt_entries([JournalEntry.objects.get(pk=theirs.pk)])
        # Even with the owner column changed too, the entry id in the associated data differs.
        JournalEntry.objects.filter(pk=theirs.pk).update(owner=self.alice)
        with self.assertRaisesMessage(crypto.VaultKeyError, "The private text cannot be decrypted"):
            decrypt_entries([JournalEntry.objects.get(pk=theirs.pk)])

    def test_ciphertext_moved_to_another_record_of_the_same_owner_fails(self) -> None:
        first = self.write(title="First", body="one")
        second = self.write(title="Second", body="two")
        JournalEntry.objects.filter(pk=second.pk).update(ciphertext=first.ciphertext)
        with self.assertRaisesMessage(crypto.VaultKeyError, "The private text cannot be decrypted"):
            decrypt_entries([JournalEntry.objects.get(pk=second.pk)])

    def test_wrapped_key_moved_to_another_user_fails(self) -> None:
        self.write(owner=self.alice)
        bobs = self.write(owner=self.bob, title="b", body="b")
        alice_key = PersonalKey.objects.get(user=self.alice)
        PersonalKey.objects.filter(user=self.bob).update(wrapped_key=alice_key.wrapped_key)
        with self.assertRaisesMessage(crypto.VaultKeyError, "The data key cannot be decrypted"):
            decrypt_entries([JournalEntry.objects.get(pk=bobs.pk)])

    def test_wrong_kek_fails_cleanly_on_page_and_api(self) -> None:
        entry = self.write()
        other = encode_kek(secrets.token_bytes(32))
        client = self.login(self.alice)
        with override_settings(MEND_KEK=other):
            page = client.get(f"/self-trust/journal/{entry.pk}/")
            self.assertEqual(page.status_code, 503)
            self.assertContains(page, "different server key", status_code=503)
            self.assertNotContains(page, SECRET_BODY, status_code=503)
            listing = client.get(f"/spaces/{self.space.pk}/self-trust/journal/")
            self.assertEqual(listing.status_code, 503)
            api = client.api("GET", f"/api/v1/journal/{entry.pk}")
            self.assertEqual(api.status_code, 503)
            self.assertEqual(api.json()["error"]["code"], "journal_locked")
            created = client.api(
                "POST", f"/api/v1/spaces/{self.space.pk}/journal", {"title": "x", "body": "y"}
            )
            self.assertEqual(created.status_code, 503)
        self.assertEqual(JournalEntry.objects.count(), 1)
        self.assertEqual(client.get(f"/self-trust/journal/{entry.pk}/").status_code, 200)

    # --- Key rotation -----------------------------------------------------------------------

    def test_rotate_kek_rewraps_and_entries_still_open(self) -> None:
        from django.conf import settings

        entry = self.write()
        self.write(owner=self.bob, title="b", body="bob's")
        old_wrapped = bytes(PersonalKey.objects.get(user=self.alice).wrapped_key)
        new = encode_kek(secrets.token_bytes(32))
        with tempfile.TemporaryDirectory() as tmp:
            new_file = Path(tmp) / "new"
            new_file.write_text(new)
            out = io.StringIO()
            call_command("rotate-kek", "--new-file", str(new_file), stdout=out)
            self.assertIn("Re-wrapped 2", out.getvalue())
            # Running it again is harmless: everything already uses the new key.
            old_file = Path(tmp) / "old"
            old_file.write_text(settings.MEND_KEK)
            out = io.StringIO()
            call_command(
                "rotate-kek", "--old-file", str(old_file), "--new-file", str(new_file), stdout=out
            )
            self.assertIn("Re-wrapped 0", out.getvalue())
        row = PersonalKey.objects.get(user=self.alice)
        self.assertNotEqual(bytes(row.wrapped_key), old_wrapped)
        self.assertIsNotNone(row.rotated_at)
        # The old key no longer opens the journal; the new one does, and the entry is unchanged.
        with self.assertRaisesMessage(
            crypto.VaultKeyError, "it was locked with a different server key"
        ):
            decrypt_entries([JournalEntry.objects.get(pk=entry.pk)])
        with override_settings(MEND_KEK=new):
            self.assertEqual(
                decrypt_entries([JournalEntry.objects.get(pk=entry.pk)])[0].body, SECRET_BODY
            )

    def test_rotate_kek_with_a_wrong_old_key_changes_nothing(self) -> None:
        self.write()
        before = bytes(PersonalKey.objects.get(user=self.alice).wrapped_key)
        with tempfile.TemporaryDirectory() as tmp:
            wrong, new = Path(tmp) / "wrong", Path(tmp) / "new"
            wrong.write_text(encode_kek(secrets.token_bytes(32)))
            new.write_text(encode_kek(secrets.token_bytes(32)))
            with self.assertRaisesMessage(
                CommandError, "was wrapped by neither the old nor the new key; nothing was changed"
            ):
                call_command("rotate-kek", "--old-file", str(wrong), "--new-file", str(new))
            bad = Path(tmp) / "bad"
            bad.write_text("not-a-key")
            with self.assertRaisesMessage(
                CommandError, "The new key: the key-encryption key is not valid base64url"
            ):
                call_command("rotate-kek", "--new-file", str(bad))
        self.assertEqual(bytes(PersonalKey.objects.get(user=self.alice).wrapped_key), before)

    # --- Who can read it ------------------------------------------------------------------

    def test_partner_gets_404_by_url_and_api_and_sees_nothing_in_lists(self) -> None:
        private = self.write()
        shared = self.write(visibility="counsellor", title="For Carol", body="carol only")
        client = self.login(self.bob)
        for entry in (private, shared):
            self.assertEqual(client.get(f"/self-trust/journal/{entry.pk}/").status_code, 404)
            self.assertEqual(client.api("GET", f"/api/v1/journal/{entry.pk}").status_code, 404)
            self.assertEqual(client.get(f"/self-trust/journal/{entry.pk}/edit/").status_code, 404)
            self.assertEqual(
                client.api("PUT", f"/api/v1/journal/{entry.pk}", {"title": "x"}).status_code, 404
            )
            self.assertEqual(client.api("DELETE", f"/api/v1/journal/{entry.pk}").status_code, 404)
            self.assertEqual(
                client.api("POST", f"/api/v1/journal/{entry.pk}/share").status_code, 404
            )
        listing = client.api("GET", f"/api/v1/spaces/{self.space.pk}/journal")
        self.assertEqual(listing.json(), [])
        page = client.get(f"/spaces/{self.space.pk}/self-trust/journal/")
        self.assertNotContains(page, SECRET_TITLE)
        self.assertNotContains(page, "For Carol")
        self.assertEqual(JournalEntry.objects.count(), 2)

    def test_counsellor_sees_only_shared_entries_while_consent_is_in_force(self) -> None:
        private = self.write(title="Private thoughts", body="not for carol")
        shared = self.write(visibility="counsellor", title="For Carol", body="carol may read")
        client = self.login(self.carol)
        self.assertEqual(client.get(f"/self-trust/journal/{private.pk}/").status_code, 404)
        page = client.get(f"/self-trust/journal/{shared.pk}/")
        self.assertContains(page, "carol may read")
        listing = client.api("GET", f"/api/v1/spaces/{self.space.pk}/journal").json()
        self.assertEqual([e["title"] for e in listing], ["For Carol"])
        shared_page = client.get(f"/spaces/{self.space.pk}/self-trust/shared/")
        self.assertContains(shared_page, "For Carol")
        self.assertNotContains(shared_page, "Private thoughts")
        # The counsellor's read is in alice's access log, without the entry's title.
        events = AuditEvent.objects.filter(subject=self.alice, action=AuditEvent.Action.READ)
        self.assertTrue(events.filter(actor=self.carol).exists())
        self.assertFalse(any("Carol" in e.summary for e in events))
        # Withdrawn consent: gone at once.
        CounsellorAccess.objects.filter(member=self.alice, counsellor=self.carol).update(
            withdrawn_at=timezone.now()
        )
        self.assertEqual(client.get(f"/self-trust/journal/{shared.pk}/").status_code, 404)
        self.assertEqual(client.api("GET", f"/api/v1/journal/{shared.pk}").status_code, 404)
        self.assertEqual(
            client.api("GET", f"/api/v1/spaces/{self.space.pk}/journal").status_code, 404
        )

    def test_unshare_takes_it_back_from_the_counsellor(self) -> None:
        entry = self.write()
        owner = self.login(self.alice)
        self.assertEqual(
            owner.api("POST", f"/api/v1/journal/{entry.pk}/share").json()["visibility"],
            "counsellor",
        )
        carol = self.client_class()
        carol.force_login(self.carol)
        self.assertEqual(carol.get(f"/self-trust/journal/{entry.pk}/").status_code, 200)
        self.assertEqual(
            owner.api("POST", f"/api/v1/journal/{entry.pk}/unshare").json()["visibility"], "private"
        )
        self.assertEqual(carol.get(f"/self-trust/journal/{entry.pk}/").status_code, 404)

    # --- Never the space --------------------------------------------------------------------

    def test_space_visibility_is_refused_by_api_and_form(self) -> None:
        client = self.login(self.alice)
        for visibility in ("space", "space_counsellor"):
            response = client.api(
                "POST",
                f"/api/v1/spaces/{self.space.pk}/journal",
                {"title": "t", "body": "b", "visibility": visibility},
            )
            self.assertEqual(response.status_code, 400)
            self.assertEqual(response.json()["error"]["code"], "not_shareable_with_space")
            form = client.form(
                f"/spaces/{self.space.pk}/self-trust/journal/new/",
                {"title": "t", "body": "b", "visibility": visibility},
            )
            self.assertEqual(form.status_code, 400)
        self.assertEqual(JournalEntry.objects.count(), 0)
        entry = self.write()
        put = client.api(
            "PUT", f"/api/v1/journal/{entry.pk}", {"title": "t", "visibility": "space"}
        )
        self.assertEqual(put.status_code, 400)
        sharing = client.form(f"/self-trust/journal/{entry.pk}/sharing/", {"visibility": "space"})
        self.assertEqual(sharing.status_code, 400)
        entry.refresh_from_db()
        self.assertEqual(entry.visibility, "private")
        self.assertEqual(decrypt_entries([entry])[0].title, SECRET_TITLE)

    def test_bad_input_is_a_clear_4xx_and_saves_nothing(self) -> None:
        client = self.login(self.alice)
        url = f"/api/v1/spaces/{self.space.pk}/journal"
        for body in (
            {"title": "", "body": "x"},
            {"title": "a\x00b", "body": "x"},
            {"title": "t" * 121, "body": "x"},
            {"title": "t", "body": "x" * 20001},
            {"title": "t", "visibility": "everyone"},
            "not json",
        ):
            response = client.api("POST", url, body)
            self.assertIn(response.status_code, (400, 422), body)
            self.assertIn("error", response.json())
        self.assertEqual(JournalEntry.objects.count(), 0)
        self.assertEqual(PersonalKey.objects.count(), 0)

    # --- Web flow ---------------------------------------------------------------------------

    def test_write_edit_and_delete_through_the_pages(self) -> None:
        client = self.login(self.alice)
        response = client.form(
            f"/spaces/{self.space.pk}/self-trust/journal/new/",
            {"title": SECRET_TITLE, "body": SECRET_BODY, "visibility": "private"},
        )
        self.assertEqual(response.status_code, 302)
        entry = JournalEntry.objects.get()
        self.assertContains(client.get(f"/self-trust/journal/{entry.pk}/"), "periwinkle-otter-42")
        self.assertContains(
            client.get(f"/spaces/{self.space.pk}/self-trust/journal/"), SECRET_TITLE
        )
        client.form(
            f"/self-trust/journal/{entry.pk}/edit/",
            {"title": "Renamed", "body": "new body", "visibility": "counsellor"},
        )
        entry.refresh_from_db()
        decrypt_entries([entry])
        self.assertEqual(
            (entry.title, entry.body, entry.visibility), ("Renamed", "new body", "counsellor")
        )
        self.assertNotIn(b"new body", _raw_rows()[0][2])
        client.form(f"/self-trust/journal/{entry.pk}/delete/")
        self.assertFalse(JournalEntry.objects.exists())

    def test_export_holds_the_decrypted_entries_and_no_ciphertext(self) -> None:
        self.write()
        self.write(owner=self.bob, title="Bob's own", body="bob")
        data = export_user_data(self.alice)
        rows = data["records"]["selftrust.journalentry"]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["title"], SECRET_TITLE)
        self.assertEqual(rows[0]["body"], SECRET_BODY)
        self.assertNotIn("ciphertext", rows[0])
        self.assertNotIn("Bob's own", repr(data))

    def test_deleting_the_account_deletes_the_data_key(self) -> None:
        from mend.privacy.export import delete_account

        self.write()
        delete_account(user=self.alice)
        self.assertFalse(PersonalKey.objects.filter(user_id=self.alice.pk).exists())
        self.assertFalse(JournalEntry.objects.exists())
