"""Two-factor secrets are stored encrypted: a copy of the database cannot produce codes."""

from __future__ import annotations

import base64

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.db import connection
from django.test import override_settings

from mend.vault import crypto
from mend.vault.keys import rotate_kek
from tests.base import MendTestCase

NEW_KEK = base64.urlsafe_b64encode(bytes(range(32))).decode()


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


class TwoFactorSecretsAtRest(MendTestCase):
    def test_the_totp_key_and_recovery_seed_are_stored_encrypted(self) -> None:
        secret = generate_totp_secret()
        TOTP.activate(self.alice, secret)
        codes = RecoveryCodes.activate(self.alice)
        with connection.cursor() as cursor:
            cursor.execute("SELECT data FROM mfa_authenticator")
            raw = " ".join(str(row[0]) for row in cursor.fetchall())
        self.assertNotIn(secret, raw)
        self.assertIn("mendv1:", raw)
        for code in codes.get_unused_codes():
            self.assertNotIn(code, raw)
        # Mend still reads them: the authenticator app's code and a recovery code work.
        totp = TOTP(Authenticator.objects.get(user=self.alice, type="totp"))
        self.assertTrue(totp.validate_code(current_code(secret)))
        stored = RecoveryCodes(Authenticator.objects.get(user=self.alice, type="recovery_codes"))
        self.assertTrue(stored.validate_code(codes.get_unused_codes()[0]))

    def test_rotating_the_server_key_seals_them_again(self) -> None:
        from django.conf import settings

        secret = generate_totp_secret()
        TOTP.activate(self.alice, secret)
        before = Authenticator.objects.get(user=self.alice).data["secret"]
        old = crypto.kek_from_setting(settings.MEND_KEK)
        rotate_kek(old=old, new=crypto.kek_from_setting(NEW_KEK))
        with override_settings(MEND_KEK=NEW_KEK):
            authenticator = Authenticator.objects.get(user=self.alice)
            self.assertNotEqual(authenticator.data["secret"], before)
            self.assertTrue(TOTP(authenticator).validate_code(current_code(secret)))

    def test_an_authenticator_stored_before_encryption_still_works(self) -> None:
        secret = generate_totp_secret()
        legacy = Authenticator.objects.create(user=self.alice, type="totp", data={"secret": secret})
        self.assertTrue(TOTP(legacy).validate_code(current_code(secret)))
