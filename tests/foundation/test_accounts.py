from __future__ import annotations

import base64
import json
import os
import re
import tempfile
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import mail
from django.test import RequestFactory, override_settings
from django.urls import reverse

from mend import settings as mend_settings
from mend.accounts import throttle
from mend.accounts.models import PersonalAccessToken, User
from mend.accounts.throttle import DEVICE_COOKIE
from mend.accounts.tokens import create_token
from mend.privacy.export import export_user_data
from mend.spaces.models import Breach, Membership
from mend.spaces.services import create_invitation, revoke_invitation
from mend.spaces.visibility import Visibility
from tests.base import CsrfClient, MendTestCase
from tests.factories import PASSWORD, BreachFactory, SpaceFactory, UserFactory, add_member
from tests.served import run_with_settings


class SigningUp(MendTestCase):
    # The suite hashes with a fast hasher; Mend's own setting is what this test checks.
    @override_settings(PASSWORD_HASHERS=mend_settings.PASSWORD_HASHERS)
    def test_sign_up_stores_an_argon2_hash_and_the_display_name(self) -> None:
        response = self.client.form(
            "/accounts/signup/",
            {
                "email": "eve@example.test",
                "display_name": "Eve",
                "password1": "a long calm password 1",
                "password2": "a long calm password 1",
            },
        )
        self.assertEqual(response.status_code, 302)
        eve = User.objects.get(email="eve@example.test")
        self.assertEqual(eve.display_name, "Eve")
        self.assertTrue(eve.password.startswith("argon2$"))

    def test_people_and_operators_are_made_by_email_address(self) -> None:
        # The manager behind sign-up and ``mend createsuperuser``: no username, staff only for
        # an operator unless said otherwise.
        person = User.objects.create_user("Eve@EXAMPLE.test", "a long calm password 1")
        operator = User.objects.create_superuser("op@example.test", "a long calm password 2")
        helper = User.objects.create_superuser("help@example.test", None, is_superuser=False)
        self.assertEqual(person.email, "Eve@example.test")
        self.assertTrue(person.check_password("a long calm password 1"))
        made = [(u.is_staff, u.is_superuser) for u in (person, operator, helper)]
        self.assertEqual(made, [(False, False), (True, True), (True, False)])

    def test_password_reset_sends_an_email(self) -> None:
        self.client.form("/accounts/password/reset/", {"email": self.alice.email})
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("/accounts/password/reset/key/", mail.outbox[0].body)

    def test_sessions_expire_after_idle_time(self) -> None:
        # Refreshed at most once a minute by the session middleware, not written every request.
        self.assertFalse(settings.SESSION_SAVE_EVERY_REQUEST)
        self.assertLessEqual(settings.SESSION_COOKIE_AGE, 60 * 60)

    def test_two_factor_setup_page_is_available(self) -> None:
        client = self.login(self.alice)
        response = client.get(reverse("mfa_index"))
        self.assertContains(response, "Authenticator App")
        # Turning it on asks for the password again first.
        activate = client.get(reverse("mfa_activate_totp"))
        self.assertRedirects(
            activate,
            reverse("account_reauthenticate") + "?next=" + reverse("mfa_activate_totp"),
            fetch_redirect_response=False,
        )

    def test_changing_the_e_mail_address_asks_for_the_password_again(self) -> None:
        # Someone at her unlocked phone, without her password, must not move her account to an
        # address of theirs and remove hers (the reset link would then go to them).
        client = self.login(self.alice)
        primary = EmailAddress.objects.create(
            user=self.alice, email=self.alice.email, primary=True, verified=True
        )
        added = client.form("/accounts/email/", {"action_add": "", "email": "bob@x.test"})
        self.assertRedirects(
            added,
            reverse("account_reauthenticate") + "?next=%2Faccounts%2Femail%2F",
            fetch_redirect_response=False,
        )
        client.form("/accounts/email/", {"action_remove": "", "email": primary.email})
        self.assertEqual(
            list(EmailAddress.objects.filter(user=self.alice).values_list("email", flat=True)),
            [self.alice.email],
        )
        client.form("/accounts/reauthenticate/", {"password": PASSWORD})
        client.form("/accounts/email/", {"action_add": "", "email": "alice.new@x.test"})
        self.assertTrue(EmailAddress.objects.filter(email="alice.new@x.test").exists())


class Tokens(MendTestCase):
    def test_a_token_is_shown_once_stored_hashed_and_revocable(self) -> None:
        client = self.login(self.alice)
        client.form("/accounts/reauthenticate/", {"password": PASSWORD})
        created = client.api("POST", "/api/v1/me/tokens", {"name": "laptop", "scope": "write"})
        self.assertEqual(created.status_code, 201)
        secret = created.json()["token"]
        stored = PersonalAccessToken.objects.get(pk=created.json()["id"])
        self.assertNotIn(secret, stored.digest)
        self.assertNotIn("token", client.api("GET", "/api/v1/me/tokens").json()[0])

        api = CsrfClient()
        me = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(me.json()["email"], self.alice.email)
        # A token client needs no CSRF token: it carries no cookie.
        space = api.post(
            "/api/v1/spaces",
            data=json.dumps({"name": "From the CLI", "kind": "team"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        self.assertEqual(space.status_code, 201)

        self.assertEqual(client.api("DELETE", f"/api/v1/me/tokens/{stored.pk}").status_code, 204)
        refused = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(refused.status_code, 401)
        self.assertEqual(refused.json()["error"]["code"], "unauthenticated")

    def test_nobody_revokes_another_persons_token(self) -> None:
        token, _secret = create_token(user=self.alice, name="x")
        response = self.login(self.bob).api("DELETE", f"/api/v1/me/tokens/{token.pk}")
        self.assertEqual(response.status_code, 404)

    def test_session_writes_need_csrf(self) -> None:
        client = self.login(self.alice)
        response = client.post(
            "/api/v1/spaces",
            data=json.dumps({"name": "x", "kind": "team"}),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)


class DataRights(MendTestCase):
    def test_export_holds_my_records_and_nothing_of_anyone_else(self) -> None:
        mine = BreachFactory(
            space=self.space, owner=self.alice, title="Mine", visibility=Visibility.PRIVATE
        )
        BreachFactory(
            space=self.space,
            owner=self.bob,
            title="Bob's shared",
            visibility=Visibility.SPACE,
            description="bob's words",
        )
        data = export_user_data(self.alice)
        text = json.dumps(data)
        self.assertEqual([r["title"] for r in data["records"]["spaces.breach"]], ["Mine"])
        self.assertEqual(data["records"]["spaces.breach"][0]["id"], mine.pk)
        self.assertNotIn("bob's words", text)
        self.assertNotIn(self.bob.email, text)
        self.assertNotIn('"Bob"', text)

    def test_export_holds_what_mend_told_me_and_how_i_asked_to_be_told(self) -> None:
        from mend.notify.models import Notification, Preferences

        Notification.objects.create(
            user=self.alice, kind="moment_to_confirm", space=self.space, object_id=1, path="/x"
        )
        Notification.objects.create(
            user=self.bob, kind="apology_to_answer", space=self.space, object_id=2, path="/y"
        )
        Preferences.objects.create(user=self.alice, daily_digest=True)
        data = export_user_data(self.alice)["notifications"]
        self.assertEqual([n["kind"] for n in data["items"]], ["moment_to_confirm"])
        self.assertTrue(data["preferences"]["daily_digest"])
        self.assertEqual(data["push_subscriptions"], [])

    def test_export_download_and_command_line(self) -> None:
        from io import StringIO

        from django.core.management import call_command

        client = self.login(self.alice)
        # Someone at a browser left signed in as her is asked for her password first.
        asked = client.get("/me/export.json")
        self.assertRedirects(
            asked,
            reverse("account_reauthenticate") + "?next=%2Fme%2Fexport.json",
            fetch_redirect_response=False,
        )
        self.assertNotIn(self.alice.email.encode(), asked.content)
        client.form("/accounts/reauthenticate/", {"password": PASSWORD})
        response = client.get("/me/export.json")
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(json.loads(response.content)["account"]["email"], self.alice.email)
        out = StringIO()
        call_command("export", "--user", self.alice.email, stdout=out)
        self.assertEqual(json.loads(out.getvalue())["account"]["display_name"], "Alice")

    def test_deleting_an_account_erases_what_it_owned_and_keeps_others_records(self) -> None:
        BreachFactory(space=self.space, owner=self.alice, visibility=Visibility.SPACE)
        bobs = BreachFactory(space=self.space, owner=self.bob, other_person=self.alice)
        client = self.login(self.alice)
        wrong = client.form("/me/delete/", {"password": "not it"})
        self.assertEqual(wrong.status_code, 400)
        self.assertTrue(User.objects.filter(pk=self.alice.pk).exists())
        client.form("/me/delete/", {"password": PASSWORD})
        self.assertFalse(User.objects.filter(pk=self.alice.pk).exists())
        self.assertFalse(Breach.objects.filter(owner_id=self.alice.pk).exists())
        self.assertFalse(Membership.objects.filter(user_id=self.alice.pk).exists())
        bobs.refresh_from_db()
        self.assertIsNone(bobs.other_person)


class PersonTimeZone(MendTestCase):
    def test_pages_show_times_on_the_persons_own_clock(self) -> None:
        from datetime import UTC, datetime

        from mend.safety import services as safety_services
        from tests.safety.helpers import SETTLED

        at = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
        checkin = safety_services.record_checkin(
            space=self.space, owner=self.alice, safety=8, answers=SETTLED, now=at
        )
        self.alice.time_zone = "Pacific/Auckland"  # UTC+13 in March: 11:30 the next day
        self.alice.save(update_fields=["time_zone"])
        page = self.login(self.alice).get(f"/safety/checkins/{checkin.pk}/").content.decode()
        self.assertIn("Mon 2 Mar, 11:30", page)

    def test_an_unknown_zone_name_falls_back_to_utc(self) -> None:
        from mend.accounts.timezones import zone_of

        self.alice.time_zone = "Mars/Olympus_Mons"
        self.assertEqual(zone_of(self.alice).key, "UTC")


class OneSignIn(MendTestCase):
    """The admin has no password form of its own; staff need two-factor to reach it."""

    def setUp(self) -> None:
        super().setUp()
        self.staff = UserFactory(email="operator@example.test", is_staff=True, is_superuser=True)

    def test_the_admin_login_page_sends_people_to_the_one_sign_in(self) -> None:
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(
            response, "/accounts/login/?next=%2Fadmin%2F", fetch_redirect_response=False
        )
        # Its password form is gone: posting the staff password there signs no one in.
        self.client.form("/admin/login/", {"username": self.staff.email, "password": PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)
        # An address elsewhere is not followed.
        outside = self.client.get("/admin/login/?next=https://elsewhere.test/")
        self.assertEqual(outside["Location"], "/accounts/login/?next=%2Fadmin%2F")

    def test_staff_without_two_factor_cannot_reach_the_admin(self) -> None:
        client = self.login(self.staff)
        response = client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        setup = client.get(response["Location"])
        self.assertRedirects(setup, reverse("mfa_index"), fetch_redirect_response=False)
        self.assertEqual(client.get("/admin/accounts/user/").status_code, 302)

    def test_staff_with_two_factor_reach_the_admin(self) -> None:
        Authenticator.objects.create(user=self.staff, type="totp", data={"secret": "x"})
        self.assertEqual(self.login(self.staff).get("/admin/").status_code, 200)

    def test_people_who_are_not_staff_are_refused(self) -> None:
        self.assertEqual(self.login(self.alice).get("/admin/login/").status_code, 403)


WRONG = {"password": "wrong password"}
WAIT = "Too many wrong passwords from here"


class Throttling(MendTestCase):
    """Wrong passwords slow the client that sends them; they never lock the owner out."""

    def try_password(self, client: CsrfClient, password: str) -> Any:
        return client.form("/accounts/login/", {"login": self.alice.email, "password": password})

    def owners_browser(self) -> CsrfClient:
        """Alice's own browser: it signed in here before, then she signed out."""
        first = CsrfClient()
        self.assertEqual(self.try_password(first, PASSWORD).status_code, 302)
        browser = CsrfClient()
        browser.cookies[DEVICE_COOKIE] = first.cookies[DEVICE_COOKIE].value
        return browser

    def test_a_guesser_waits_longer_and_longer_but_the_owner_still_signs_in(self) -> None:
        owner = self.owners_browser()
        partner = CsrfClient()  # another browser on the same home network (same address)
        for _ in range(5):
            self.assertNotContains(self.try_password(partner, WRONG["password"]), WAIT)
        self.assertContains(self.try_password(partner, WRONG["password"]), WAIT)
        # While it waits, the guessing browser gets no answer about any password.
        self.assertContains(self.try_password(partner, PASSWORD), WAIT)
        self.assertNotIn("_auth_user_id", partner.session)
        # Alice's own browser is counted on its own: the right password lets her in at once.
        self.assertEqual(self.try_password(owner, PASSWORD).status_code, 302)
        self.assertEqual(owner.get("/api/v1/me").status_code, 200)

    def test_a_new_browser_of_the_owner_gets_past_the_wait_with_a_code_by_email(self) -> None:
        partner = CsrfClient()
        for _ in range(6):
            self.try_password(partner, WRONG["password"])
        new_phone = CsrfClient()  # same network, never signed in: it waits too
        self.assertContains(self.try_password(new_phone, PASSWORD), WAIT)
        self.assertContains(self.try_password(new_phone, PASSWORD), "sign in with a code")
        response = new_phone.form("/accounts/login/code/", {"email": self.alice.email})
        self.assertEqual(response.status_code, 302)
        code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M)
        assert code is not None, mail.outbox[-1].body
        confirmed = new_phone.form(response["Location"], {"code": code.group(1)})
        self.assertEqual(confirmed.status_code, 302)
        self.assertEqual(new_phone.get("/api/v1/me").status_code, 200)

    def test_waits_double_and_end(self) -> None:
        request = RequestFactory().post("/accounts/login/")
        now = 1_000_000.0
        waits = []
        for _ in range(9):
            throttle.record_failure(request, self.alice.email, "10.0.0.1", now=now)
            waits.append(throttle.wait_seconds(request, self.alice.email, "10.0.0.1", now=now))
        self.assertEqual(waits, [0, 0, 0, 0, 1, 2, 4, 8, 16])
        self.assertEqual(
            throttle.wait_seconds(request, self.alice.email, "10.0.0.1", now=now + 16), 0
        )
        # Another address of the same person, or the same person elsewhere, is not slowed.
        self.assertEqual(throttle.wait_seconds(request, self.bob.email, "10.0.0.1", now=now), 0)
        self.assertEqual(throttle.wait_seconds(request, self.alice.email, "10.0.0.2", now=now), 0)

    def test_guessing_from_many_addresses_is_slowed_too(self) -> None:
        request = RequestFactory().post("/accounts/login/")
        now = 1_000_000.0
        for i in range(20):
            throttle.record_failure(request, self.alice.email, f"10.0.1.{i}", now=now)
        self.assertGreater(throttle.wait_seconds(request, self.alice.email, "10.0.2.1", now=now), 0)
        owner = self.owners_browser()
        self.assertEqual(self.try_password(owner, PASSWORD).status_code, 302)


class WhoMaySignUp(MendTestCase):
    SIGNUP = {
        "display_name": "Eve",
        "password1": "a long calm password 1",
        "password2": "a long calm password 1",
    }

    @override_settings(MEND_SIGNUP="invitation")
    def test_by_invitation_only_a_stranger_cannot_sign_up(self) -> None:
        self.assertContains(self.client.get("/accounts/signup/"), "Sign Up Closed")
        self.client.form("/accounts/signup/", {"email": "eve@example.test", **self.SIGNUP})
        self.assertFalse(User.objects.filter(email="eve@example.test").exists())

    @override_settings(MEND_SIGNUP="invitation")
    def test_by_invitation_only_someone_invited_to_a_space_can_sign_up(self) -> None:
        space = SpaceFactory(name="Family", kind="family")
        add_member(space, self.alice)
        _invitation, secret = create_invitation(space=space, inviter=self.alice)
        self.assertEqual(self.client.get(f"/join/{secret}/").status_code, 200)
        response = self.client.form(
            "/accounts/signup/", {"email": "eve@example.test", **self.SIGNUP}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(User.objects.filter(email="eve@example.test").exists())

    @override_settings(MEND_SIGNUP="invitation")
    def test_a_used_or_withdrawn_invitation_lets_no_one_sign_up(self) -> None:
        invitation, secret = create_invitation(space=self.space, inviter=self.alice)
        self.client.get(f"/join/{secret}/")
        revoke_invitation(space=self.space, invitation_id=invitation.pk)
        self.assertContains(self.client.get("/accounts/signup/"), "Sign Up Closed")

    def test_production_defaults_to_sign_up_by_invitation(self) -> None:
        code = "from django.conf import settings; "
        code += "print(settings.MEND_SIGNUP, settings.ACCOUNT_EMAIL_VERIFICATION)"
        kek = base64.urlsafe_b64encode(bytes(32)).decode()
        env = {**os.environ, "MEND_PRODUCTION": "1", "SECRET_KEY": "x" * 50, "MEND_KEK": kek}
        result = run_with_settings(code, {**env, "MEND_DATA_DIR": tempfile.mkdtemp()})
        self.assertEqual(result.stdout.split(), ["invitation", "mandatory"], result.stderr)

    @override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
    def test_sign_up_does_not_reveal_who_has_an_account(self) -> None:
        taken = CsrfClient().form("/accounts/signup/", {"email": self.alice.email, **self.SIGNUP})
        free = CsrfClient().form("/accounts/signup/", {"email": "eve@example.test", **self.SIGNUP})
        self.assertEqual(taken.status_code, free.status_code)
        self.assertEqual(taken["Location"], free["Location"])
        self.assertNotContains(taken, "already registered", status_code=taken.status_code)
        self.assertEqual(User.objects.filter(email=self.alice.email).count(), 1)


class ThrottlingBehindAProxy(MendTestCase):
    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_clients_behind_the_proxy_are_counted_apart(self) -> None:
        guesser = CsrfClient(HTTP_X_FORWARDED_FOR="203.0.113.7")
        for _ in range(6):
            guesser.form("/accounts/login/", {"login": self.alice.email, "password": "nope"})
        self.assertContains(
            guesser.form("/accounts/login/", {"login": self.alice.email, "password": "nope"}),
            WAIT,
        )
        elsewhere = CsrfClient(HTTP_X_FORWARDED_FOR="198.51.100.2")
        response = elsewhere.form(
            "/accounts/login/", {"login": self.alice.email, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)
