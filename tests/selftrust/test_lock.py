"""A lock of one's own (issue 11, item 10): a passphrase over the private self-trust records.

With it set, neither a copy of the database nor the database with the server's key opens them;
the person unlocks per session, wrong passphrases answer a clear 4xx and are throttled, recovery
codes work once, and what is shared with the counsellor stays readable to them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection

from mend.selftrust import services
from mend.selftrust.models import (
    Boundary,
    BoundaryEvent,
    GutCheck,
    JournalEntry,
    SelfRating,
    decrypt_entries,
)
from mend.vault import crypto, keys, personal
from mend.vault.models import DataKey, PersonalKey, RecoveryCode, ScopedKey
from tests.base import MendTestCase
from tests.factories import PASSWORD

PASS = "correct horse battery staple"
TITLE, BODY = "MARKER-lock-title-5c1e", "MARKER-lock-body-9d2f"
NOTE = "MARKER-lock-boundary-note-77aa"


def _raw(table: str, columns: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608
        return list(cursor.fetchall())


def _database_bytes() -> bytes:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return bytes(connection.connection.serialize())
    # PostgreSQL: every row of every table this feature writes, as text.
    rows = []
    for table in ("selftrust_journalentry", "selftrust_boundary", "vault_personalkey"):
        rows += _raw(table, "*")
    return repr(rows).encode()


def _every_server_key() -> list[bytes]:
    """Every data key a holder of the database and the KEK can unwrap."""
    kek = keys.current_kek()
    found = [keys.unwrap(row, kek) for row in [*DataKey.objects.all(), *ScopedKey.objects.all()]]
    for row in PersonalKey.objects.exclude(kek_id=""):
        found.append(
            crypto.unwrap_personal_key(
                bytes(row.wrapped_key), wrapping=kek, user_id=row.user_id, how="kek"
            )
        )
    return found


class LockTests(MendTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()

    def fresh(self, user: Any) -> Any:
        """A browser of its own: its own session and cookies."""
        client = self.client_class()
        client.force_login(user)
        return client

    def write(self, **kwargs: Any) -> JournalEntry:
        return services.create_entry(
            space=self.space, owner=self.alice, title=TITLE, body=BODY, **kwargs
        )

    def lock(self) -> tuple[Any, list[str]]:
        """Alice sets her passphrase through the page; returns her client and the codes."""
        client = self.fresh(self.alice)
        response = client.form(
            "/self-trust/lock/",
            {"action": "set", "passphrase": PASS, "confirm": PASS, "understood": "on"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "shown only this once")
        codes = re.findall(r"<code>([A-Z2-7-]+)</code>", response.content.decode())
        self.assertEqual(len(codes), 10)
        return client, codes

    def unlocked_elsewhere(self) -> tuple[Any, list[str], Any, str]:
        """Alice writes an entry and locks her space (her client and codes, as ``lock``); another
        browser of hers unlocks it on the entry's page: that browser and the page."""
        entry = self.write()
        mine, codes = self.lock()
        theirs = self.fresh(self.alice)
        page = f"/self-trust/journal/{entry.pk}/"
        theirs.form("/self-trust/unlock/", {"passphrase": PASS, "next": page})
        self.assertContains(theirs.get(page), BODY)
        return mine, codes, theirs, page

    # --- at rest ------------------------------------------------------------------------

    def test_the_database_with_the_kek_cannot_open_a_locked_persons_records(self) -> None:
        entry = self.write()
        boundary = services.create_boundary(space=self.space, owner=self.alice, statement=NOTE)
        services.add_boundary_event(
            boundary=boundary, user=self.alice, kind="held", occurred_on=date.today(), note=NOTE
        )
        before = bytes(PersonalKey.objects.get(user=self.alice).wrapped_key)
        old_key = personal.key_for(self.alice.pk)
        self.lock()

        raw = _database_bytes()
        for marker in (TITLE, BODY, NOTE):
            self.assertNotIn(marker.encode(), raw)
        row = PersonalKey.objects.get(user=self.alice)
        self.assertEqual(row.kek_id, "")
        self.assertNotEqual(bytes(row.wrapped_key), before)
        self.assertEqual(
            (row.kdf_n, row.kdf_r, row.kdf_p), (settings.MEND_SELFTRUST_SCRYPT_N, 8, 1)
        )
        # The KEK does not unwrap the personal key any more...
        with self.assertRaisesMessage(crypto.VaultKeyError, "cannot be decrypted"):
            crypto.unwrap_personal_key(
                bytes(row.wrapped_key),
                wrapping=keys.current_kek(),
                user_id=self.alice.pk,
                how="kek",
            )
        # ... no key the KEK opens, nor the key from before the lock (an older database copy),
        # opens the entry or the boundary's texts.
        (_, _, blob), *_ = _raw("selftrust_journalentry", "id, owner_id, ciphertext")
        blob = bytes(blob)
        (b_uid, statement), *_ = _raw("selftrust_boundary", "seal_uid, statement")
        for key in [*_every_server_key(), old_key]:
            for owner in (self.alice.pk, personal.holder_for(self.alice.pk)):
                with self.assertRaises(crypto.VaultKeyError):
                    crypto.decrypt_text(
                        blob, data_key=key, owner_id=owner, record_ref=str(entry.uid)
                    )
                with self.assertRaises(crypto.VaultKeyError):
                    crypto.decrypt_text(
                        bytes(statement),
                        data_key=key,
                        owner_id=owner,
                        record_ref=f"selftrust.boundary.statement:{b_uid}",
                    )
        # The server itself, outside the person's session, cannot read them either.
        with self.assertRaises(crypto.VaultLocked):
            decrypt_entries([JournalEntry.objects.get()])
        with self.assertRaises(crypto.VaultLocked):
            _ = Boundary.objects.get().statement
        with self.assertRaises(crypto.VaultLocked):
            _ = BoundaryEvent.objects.get().note

    def test_the_real_scrypt_parameters_are_owasps(self) -> None:
        from mend import settings as mend_settings

        self.assertEqual(
            (mend_settings.MEND_SELFTRUST_SCRYPT_N, mend_settings.MEND_SELFTRUST_SCRYPT_R),
            (2**17, 8),
        )
        self.assertEqual(mend_settings.MEND_SELFTRUST_SCRYPT_P, 1)

    # --- per session ----------------------------------------------------------------------

    def test_unlock_per_session_and_a_wrong_passphrase(self) -> None:
        entry = self.write()
        mine, _codes = self.lock()
        # The session that set it is unlocked.
        self.assertContains(mine.get(f"/self-trust/journal/{entry.pk}/"), BODY)
        # Another session of hers is locked: a calm form, nothing of the entry.
        other = self.fresh(self.alice)
        page = other.get(f"/self-trust/journal/{entry.pk}/")
        self.assertEqual(page.status_code, 423)
        self.assertContains(page, "Your self-trust space is locked", status_code=423)
        self.assertNotContains(page, TITLE, status_code=423)
        api = other.api("GET", f"/api/v1/spaces/{self.space.pk}/journal")
        self.assertEqual(api.status_code, 423)
        self.assertEqual(api.json()["error"]["code"], "self_trust_locked")
        # The data download needs the unlocked key too, even after her password.
        other.form("/accounts/reauthenticate/", {"password": PASSWORD})
        self.assertEqual(other.api("GET", "/api/v1/me/export").status_code, 423)
        download = other.get("/me/export.json")
        self.assertEqual(download.status_code, 423)
        self.assertContains(download, "Unlock it", status_code=423)
        wrong = other.form(
            "/self-trust/unlock/",
            {"passphrase": "not it at all", "next": f"/self-trust/journal/{entry.pk}/"},
        )
        self.assertEqual(wrong.status_code, 400)
        self.assertContains(wrong, "does not open this space", status_code=400)
        right = other.form(
            "/self-trust/unlock/", {"passphrase": PASS, "next": f"/self-trust/journal/{entry.pk}/"}
        )
        self.assertRedirects(
            right, f"/self-trust/journal/{entry.pk}/", fetch_redirect_response=False
        )
        self.assertContains(other.get(f"/self-trust/journal/{entry.pk}/"), BODY)
        # The key is in the session only sealed, its key in the cookie: neither alone opens it.
        cookie = other.cookies[personal.COOKIE]
        self.assertTrue(cookie["httponly"])
        del other.cookies[personal.COOKIE]
        self.assertEqual(other.get(f"/self-trust/journal/{entry.pk}/").status_code, 423)
        # Lock now.
        mine.form("/self-trust/lock-now/")
        self.assertEqual(mine.get(f"/self-trust/journal/{entry.pk}/").status_code, 423)

    def test_someone_signed_in_as_her_cannot_delete_locked_records_through_the_api(self) -> None:
        entry = self.write()
        boundary = services.create_boundary(
            space=self.space, owner=self.alice, statement="I leave when shouted at."
        )
        self.lock()
        # Bob knows her password, not her passphrase: another browser signed in as her.
        other = self.fresh(self.alice)
        for path in (f"/api/v1/journal/{entry.pk}", f"/api/v1/boundaries/{boundary.pk}"):
            answer = other.api("DELETE", path)
            self.assertEqual(answer.status_code, 423, path)
            self.assertEqual(answer.json()["error"]["code"], "self_trust_locked")
        self.assertTrue(JournalEntry.objects.filter(pk=entry.pk).exists())
        self.assertTrue(Boundary.objects.filter(pk=boundary.pk).exists())
        # Unlocked, she deletes as before.
        other.form("/self-trust/unlock/", {"passphrase": PASS, "next": "/self-trust/lock/"})
        self.assertEqual(other.api("DELETE", f"/api/v1/journal/{entry.pk}").status_code, 204)

    def test_wrong_passphrases_are_throttled(self) -> None:
        self.lock()
        client = self.fresh(self.alice)
        statuses = [
            client.api("POST", "/api/v1/me/self-trust/unlock", {"passphrase": f"wrong {i}"})
            for i in range(settings.MEND_SIGNIN_FREE_TRIES + 1)
        ]
        self.assertEqual({r.status_code for r in statuses[:-1]}, {400})
        self.assertEqual(statuses[0].json()["error"]["code"], "wrong_passphrase")
        throttled = client.api("POST", "/api/v1/me/self-trust/unlock", {"passphrase": PASS})
        self.assertEqual(throttled.status_code, 429)
        self.assertIn("Too many wrong tries", throttled.json()["error"]["message"])
        page = client.form("/self-trust/unlock/", {"passphrase": PASS})
        self.assertEqual(page.status_code, 429)
        cache.clear()  # the wait is over
        self.assertEqual(
            client.api("POST", "/api/v1/me/self-trust/unlock", {"passphrase": PASS}).status_code,
            204,
        )
        self.assertEqual(
            client.api("GET", f"/api/v1/spaces/{self.space.pk}/journal").status_code, 200
        )

    def test_guesses_sent_at_once_are_tried_one_at_a_time(self) -> None:
        """The throttle counts a wrong try after the slow scrypt: guesses sent in parallel would
        all pass the wait check before any was counted (and each take 128 MiB). While one try
        of a person's passphrase runs, another answers 429 at once."""
        from unittest import mock

        self.lock()
        client = self.fresh(self.alice)
        inner: list[int] = []
        tries: list[str] = []
        real = personal.open_with_passphrase

        def slow_try(**kwargs: Any) -> bytes:
            tries.append(kwargs["passphrase"])
            if len(tries) == 1:  # a second guess arrives while the first is being checked
                second = client.api("POST", "/api/v1/me/self-trust/unlock", {"passphrase": "x"})
                inner.append(second.status_code)
            return real(**kwargs)

        with mock.patch.object(personal, "open_with_passphrase", side_effect=slow_try):
            first = client.api("POST", "/api/v1/me/self-trust/unlock", {"passphrase": "guess"})
        self.assertEqual(first.status_code, 400)
        self.assertEqual(inner, [429])
        self.assertEqual(tries, ["guess"])
        # Nothing is left held: the next try runs.
        self.assertEqual(
            client.api("POST", "/api/v1/me/self-trust/unlock", {"passphrase": PASS}).status_code,
            204,
        )

    def test_someone_elses_wrong_guesses_never_slow_her_own_browser(self) -> None:
        """Like sign-in: someone signed in as her on another browser (who knows her password,
        not her passphrase) who guesses until every unknown client waits does not make the
        browser she unlocked from before wait; the sign-in device cookie is left as it was."""
        mine, _codes = self.lock()
        mine.form("/self-trust/lock-now/")
        self.assertEqual(mine.form("/self-trust/unlock/", {"passphrase": PASS}).status_code, 302)
        mine.form("/self-trust/lock-now/")
        signin_device = mine.cookies.get("mend_device")
        guesser = self.fresh(self.alice)
        for i in range(settings.MEND_SIGNIN_FREE_TRIES * 4 + 1):
            guesser.api("POST", "/api/v1/me/self-trust/unlock", {"passphrase": f"guess {i}"})
        self.assertEqual(
            guesser.api("POST", "/api/v1/me/self-trust/unlock", {"passphrase": PASS}).status_code,
            429,
        )
        self.assertEqual(mine.form("/self-trust/unlock/", {"passphrase": PASS}).status_code, 302)
        self.assertEqual(mine.cookies.get("mend_device"), signin_device)

    def test_an_access_token_cannot_unlock(self) -> None:
        from mend.accounts.tokens import create_token

        self.lock()
        _token, secret = create_token(user=self.alice, name="t")
        response = self.client.post(
            "/api/v1/me/self-trust/unlock",
            {"passphrase": PASS},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        self.assertEqual(response.status_code, 403)

    # --- recovery, change, remove ---------------------------------------------------------

    def test_a_recovery_code_works_once(self) -> None:
        entry = self.write()
        _mine, codes = self.lock()
        client = self.fresh(self.alice)
        new = "a brand new passphrase"
        data = {"code": codes[3].lower().replace("-", " "), "passphrase": new, "confirm": new}
        self.assertEqual(client.form("/self-trust/recover/", data).status_code, 302)
        self.assertContains(client.get(f"/self-trust/journal/{entry.pk}/"), BODY)
        self.assertEqual(RecoveryCode.objects.filter(used_at__isnull=False).count(), 1)
        self.assertFalse(
            RecoveryCode.objects.filter(used_at__isnull=False, wrapped_key__isnull=False)
        )
        again = self.fresh(self.alice).form("/self-trust/recover/", data)
        self.assertEqual(again.status_code, 400)
        self.assertContains(again, "used before", status_code=400)
        # The new passphrase opens it, the old one no longer; the other codes still work.
        with self.assertRaises(personal.WrongPassphrase):
            personal.open_with_passphrase(user_id=self.alice.pk, passphrase=PASS)
        personal.open_with_passphrase(user_id=self.alice.pk, passphrase=new)
        personal.open_with_recovery_code(user_id=self.alice.pk, code=codes[0])

    def test_every_change_of_the_lock_is_told_to_her_by_email_without_its_words(self) -> None:
        # Someone who knows her password could set a lock and keep the codes: her own journal
        # would be held from her. She hears of each change, and the mail carries no record.
        self.write()
        mail.outbox.clear()
        client, codes = self.lock()
        new = "another long passphrase"
        client.form(
            "/self-trust/lock/",
            {"action": "change", "current": PASS, "passphrase": new, "confirm": new},
        )
        self.fresh(self.alice).form(
            "/self-trust/recover/", {"code": codes[0], "passphrase": PASS, "confirm": PASS}
        )
        client.form("/self-trust/lock/", {"action": "remove", "remove-current": PASS})
        self.assertEqual([m.to for m in mail.outbox], [[self.alice.email]] * 4)
        bodies = [m.body for m in mail.outbox]
        for said in (
            "A passphrase now locks your private self-trust space.",
            "The passphrase of your private self-trust space was changed.",
            "A recovery code was used to set a new self-trust passphrase.",
            "The passphrase of your private self-trust space was removed.",
        ):
            self.assertTrue(any(said in body for body in bodies), said)
        for body in bodies:
            self.assertIn("Sign out everywhere", body)
            for secret in (TITLE, BODY, PASS, new, *codes):
                self.assertNotIn(secret, body)
        self.assertFalse(any(self.bob.email in m.to for m in mail.outbox))

    def test_change_and_remove_the_passphrase(self) -> None:
        entry = self.write()
        client, _codes = self.lock()
        new = "another long passphrase"
        wrong = client.form(
            "/self-trust/lock/",
            {"action": "change", "current": "nope nope nope", "passphrase": new, "confirm": new},
        )
        self.assertEqual(wrong.status_code, 400)
        client.form(
            "/self-trust/lock/",
            {"action": "change", "current": PASS, "passphrase": new, "confirm": new},
        )
        personal.open_with_passphrase(user_id=self.alice.pk, passphrase=new)
        client.form("/self-trust/lock/", {"action": "remove", "remove-current": new})
        row = PersonalKey.objects.get(user=self.alice)
        self.assertFalse(row.has_passphrase)
        self.assertFalse(RecoveryCode.objects.exists())
        # Open again for every session of hers, with the server's key.
        self.assertContains(self.fresh(self.alice).get(f"/self-trust/journal/{entry.pk}/"), BODY)

    def test_a_new_passphrase_locks_every_other_session(self) -> None:
        """Someone who learned the passphrase and unlocked on their own browser (signed in as
        her) is locked out when she changes it or recovers with a code, not only after 30 idle
        minutes; the session that changed it stays open."""
        mine, codes, theirs, page = self.unlocked_elsewhere()
        new = "another long passphrase"
        mine.form(
            "/self-trust/lock/",
            {"action": "change", "current": PASS, "passphrase": new, "confirm": new},
        )
        self.assertContains(mine.get(page), BODY)
        locked = theirs.get(page)
        self.assertEqual(locked.status_code, 423)
        self.assertNotContains(locked, BODY, status_code=423)
        self.assertTrue(theirs.api("GET", "/api/v1/me/self-trust/lock").json()["passphrase_set"])
        self.assertFalse(theirs.api("GET", "/api/v1/me/self-trust/lock").json()["unlocked"])
        # A recovery code used elsewhere does the same to this session.
        theirs.form("/self-trust/unlock/", {"passphrase": new, "next": page})
        self.assertContains(theirs.get(page), BODY)
        newer = "the newest passphrase yet"
        recovered = mine.form(
            "/self-trust/recover/", {"code": codes[0], "passphrase": newer, "confirm": newer}
        )
        self.assertEqual(recovered.status_code, 302)
        self.assertContains(mine.get(page), BODY)
        self.assertEqual(theirs.get(page).status_code, 423)

    def test_signing_out_everywhere_drops_every_unlocked_key(self) -> None:
        """The key lives sealed in the session row: ending the sessions ends it, even for a
        browser that still has the cookie half (and signs in again)."""
        from mend.accounts.security import sign_out_everywhere

        _mine, _codes, theirs, page = self.unlocked_elsewhere()
        sign_out_everywhere(user=self.alice)
        self.assertNotEqual(theirs.get(page).status_code, 200)
        self.assertIn(personal.COOKIE, theirs.cookies)
        theirs.force_login(self.alice)
        self.assertEqual(theirs.get(page).status_code, 423)

    def test_a_key_from_before_a_removed_passphrase_opens_nothing_later(self) -> None:
        """Removed, then set again (a new key): a session still holding the old key is locked
        (a calm 423), not answered with the wrong-server-key error."""
        mine, _codes, theirs, page = self.unlocked_elsewhere()
        mine.form("/self-trust/lock/", {"action": "remove", "remove-current": PASS})
        again = "set once more, a new key"
        mine.form(
            "/self-trust/lock/",
            {"action": "set", "passphrase": again, "confirm": again, "understood": "on"},
        )
        self.assertContains(mine.get(page), BODY)
        self.assertEqual(theirs.get(page).status_code, 423)

    def test_a_short_or_mismatched_passphrase_is_refused_and_nothing_changes(self) -> None:
        client = self.fresh(self.alice)
        for data in (
            {"passphrase": "short", "confirm": "short"},
            {"passphrase": PASS, "confirm": PASS + "x"},
        ):
            response = client.form(
                "/self-trust/lock/", {"action": "set", "understood": "on", **data}
            )
            self.assertEqual(response.status_code, 400)
        self.assertFalse(PersonalKey.objects.filter(passphrase_set_at__isnull=False).exists())

    # --- sharing ------------------------------------------------------------------------

    def test_what_is_shared_with_the_counsellor_stays_readable_to_them(self) -> None:
        shared = self.write(visibility="counsellor")
        private = self.write()
        gut = services.create_gut_check(
            space=self.space, owner=self.alice, statement="gut feeling", confidence=70
        )
        mine, _codes = self.lock()
        carol = self.fresh(self.carol)
        self.assertContains(carol.get(f"/self-trust/journal/{shared.pk}/"), BODY)
        self.assertEqual(carol.get(f"/self-trust/journal/{private.pk}/").status_code, 404)
        # Sharing a locked record seals it again under her ordinary key: the counsellor reads
        # it; unsharing puts it back under the passphrase.
        mine.form(f"/self-trust/journal/{private.pk}/sharing/", {"visibility": "counsellor"})
        self.assertContains(carol.get(f"/self-trust/journal/{private.pk}/"), BODY)
        # Outside her session the other private records stay locked.
        with self.assertRaises(crypto.VaultLocked):
            _ = GutCheck.objects.get(pk=gut.pk).statement
        mine.form(f"/self-trust/journal/{private.pk}/sharing/", {"visibility": "private"})
        self.assertEqual(carol.get(f"/self-trust/journal/{private.pk}/").status_code, 404)
        with self.assertRaises(crypto.VaultLocked):
            decrypt_entries([JournalEntry.objects.get(pk=private.pk)])
        # The page says so before the passphrase is set.
        page = self.fresh(self.bob).get("/self-trust/lock/")
        self.assertContains(page, "Sharing with your counsellor")
        self.assertEqual(SelfRating.objects.count(), 0)
