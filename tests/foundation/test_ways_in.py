"""The way in does not survive the way out: sign out everywhere, tokens, the ways-in page."""

from __future__ import annotations

import json
from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mend.accounts.models import PersonalAccessToken, SignInSession, User
from mend.accounts.tokens import create_token
from mend.commitments.services import create_calendar_feed
from mend.notify.models import PushSubscription
from mend.notify.services import subscribe_push
from tests.base import CsrfClient, MendTestCase
from tests.factories import PASSWORD

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Safari/604.1"
# A browser's push keys (shape only: nothing is sent in these tests).
PUSH_KEYS = {"p256dh": "B" + "x" * 86, "auth": "a" * 22}


def sign_in(email: str, user_agent: str = FIREFOX, address: str = "203.0.113.7") -> CsrfClient:
    client = CsrfClient(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.form("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    # Signing in rotates the CSRF secret, as a browser would see in its cookie.
    client._csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
    return client


def reauthenticate(client: CsrfClient) -> None:
    response = client.form("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.status_code


class WaysIn(MendTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.laptop = sign_in(self.alice.email)
        self.phone = sign_in(self.alice.email, PHONE)
        self.bobs = sign_in(self.bob.email)
        self.token, self.secret = create_token(user=self.alice, name="laptop cli")
        _feed, self.feed_secret = create_calendar_feed(user=self.alice)
        _bob_feed, self.bob_feed_secret = create_calendar_feed(user=self.bob)
        # Push turned on for her account in a browser that is not hers (someone who knew the
        # password, on his own phone): each message there says when something waits for her.
        subscribe_push(user=self.alice, endpoint="https://push.example.test/his-phone", **PUSH_KEYS)
        subscribe_push(user=self.bob, endpoint="https://push.example.test/bobs", **PUSH_KEYS)
        mail.outbox.clear()  # the notices of these first sign-ins (NewSignIn below)

    def assert_phone_token_and_feed(self, *, work: bool) -> None:
        token_client = CsrfClient()
        me = token_client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {self.secret}")
        feed = CsrfClient().get(f"/calendar/{self.feed_secret}.ics")
        statuses = (self.phone.get("/api/v1/me").status_code, me.status_code, feed.status_code)
        self.assertEqual(statuses, (200, 200, 200) if work else (401, 401, 404))
        pushed = PushSubscription.objects.filter(user=self.alice).exists()
        self.assertEqual(pushed, work, "a browser still gets her push messages")

    def test_sign_out_everywhere_ends_sessions_tokens_and_calendar_links(self) -> None:
        self.assert_phone_token_and_feed(work=True)
        response = self.laptop.form("/me/sign-out-everywhere/")
        self.assertRedirects(response, reverse("account_login"), fetch_redirect_response=False)
        self.assert_phone_token_and_feed(work=False)
        self.assertEqual(self.laptop.get("/api/v1/me").status_code, 401)
        self.assertFalse(SignInSession.objects.filter(user=self.alice).exists())
        # Bob's ways in are his own.
        self.assertEqual(self.bobs.get("/api/v1/me").status_code, 200)
        self.assertEqual(CsrfClient().get(f"/calendar/{self.bob_feed_secret}.ics").status_code, 200)
        self.assertTrue(PushSubscription.objects.filter(user=self.bob).exists())

    def test_sign_out_everywhere_through_the_api(self) -> None:
        response = self.laptop.api("POST", "/api/v1/me/sign-out-everywhere")
        self.assertEqual(response.status_code, 204)
        self.assert_phone_token_and_feed(work=False)

    def test_changing_the_password_ends_every_other_way_in(self) -> None:
        new = "a different calm password 2"
        response = self.laptop.form(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.laptop.get("/api/v1/me").status_code, 200)
        self.assert_phone_token_and_feed(work=False)

    def test_turning_on_two_factor_ends_sessions_opened_before_it(self) -> None:
        reauthenticate(self.laptop)
        self.laptop.get(reverse("mfa_activate_totp"))
        secret = self.laptop.session[SECRET_SESSION_KEY]
        code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.laptop.form(reverse("mfa_activate_totp"), {"code": code})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Authenticator.objects.filter(user=self.alice, type="totp").exists())
        # She is told, in a notice that names the change and nothing else.
        (notice,) = [m for m in mail.outbox if self.alice.email in m.to]
        self.assertIn("authenticator", notice.subject.lower())
        self.assertEqual(self.laptop.get("/api/v1/me").status_code, 200)
        self.assert_phone_token_and_feed(work=False)

    def test_the_ways_in_page_lists_each_way_without_its_key_and_ends_one(self) -> None:
        # the session with its person, sessions, tokens, calendar feed, push browsers, the
        # navigation's inbox count
        with self.assertNumQueries(6):
            page = self.laptop.get("/me/ways-in/")
        text = page.content.decode()
        self.assertIn("Firefox on Linux", text)
        self.assertIn("Safari on iPhone", text)
        self.assertIn("laptop cli", text)
        self.assertIn("Calendar feed link", text)
        self.assertIn("Push messages", text)
        for client in (self.laptop, self.phone):
            self.assertNotIn(client.cookies[settings.SESSION_COOKIE_NAME].value, text)
        for row in SignInSession.objects.all():
            self.assertNotIn(row.session_key, text)
        self.assertNotIn("Bob", text.split("<main", 1)[-1])

        phone_row = SignInSession.objects.get(user=self.alice, device="Safari on iPhone")
        handle = phone_row.session_key[:16]
        self.assertEqual(self.bobs.form(f"/me/sessions/{handle}/end/").status_code, 404)
        self.assertEqual(self.phone.get("/api/v1/me").status_code, 200)
        self.laptop.form(f"/me/sessions/{handle}/end/")
        self.assertEqual(self.phone.get("/api/v1/me").status_code, 401)
        self.assertEqual(self.laptop.get("/api/v1/me").status_code, 200)

    def test_a_calendar_link_can_be_turned_off_from_the_ways_in_page(self) -> None:
        self.laptop.form("/calendar/revoke/")
        self.assertEqual(CsrfClient().get(f"/calendar/{self.feed_secret}.ics").status_code, 404)
        self.assertNotIn("Calendar feed link", self.laptop.get("/me/ways-in/").content.decode())

    def test_push_in_every_browser_can_be_turned_off_from_the_ways_in_page(self) -> None:
        page = self.laptop.get("/me/ways-in/").content.decode()
        self.assertIn("Push messages: 1 browser", page)
        self.assertIn(f'action="{reverse("notify:push_off")}"', page)
        self.laptop.form(reverse("notify:push_off"))
        self.assertFalse(PushSubscription.objects.filter(user=self.alice).exists())
        self.assertNotIn("Push messages", self.laptop.get("/me/ways-in/").content.decode())


class TokenRules(MendTestCase):
    def test_creating_a_token_needs_a_recent_password_check(self) -> None:
        client = self.login(self.alice)
        refused = client.api("POST", "/api/v1/me/tokens", {"name": "laptop"})
        self.assertEqual(refused.status_code, 403)
        self.assertIn("reauthenticate", refused.json()["error"]["message"])
        form = client.form("/me/", {"name": "laptop", "scope": "read", "days": "30"})
        self.assertRedirects(
            form, reverse("account_reauthenticate") + "?next=/me/", fetch_redirect_response=False
        )
        self.assertFalse(PersonalAccessToken.objects.exists())

        reauthenticate(client)
        created = client.api("POST", "/api/v1/me/tokens", {"name": "laptop", "days": 7})
        self.assertEqual(created.status_code, 201)
        token = PersonalAccessToken.objects.get()
        self.assertEqual(token.scope, "read")
        self.assertAlmostEqual(
            (token.expires_at - timezone.now()).total_seconds(), 7 * 86400, delta=60
        )
        page = client.form("/me/", {"name": "cli", "scope": "write", "days": "90"})
        self.assertContains(page, "Copy your new token now")

    def test_a_token_cannot_create_tokens(self) -> None:
        _token, secret = create_token(user=self.alice, name="cli", scope="write")
        response = CsrfClient().post(
            "/api/v1/me/tokens",
            data=json.dumps({"name": "another"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(PersonalAccessToken.objects.count(), 1)

    def test_a_read_only_token_looks_but_changes_nothing(self) -> None:
        _token, secret = create_token(user=self.alice, name="cli", scope="read")
        api = CsrfClient()
        auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        self.assertEqual(api.get("/api/v1/spaces", **auth).status_code, 200)
        response = api.post(
            "/api/v1/spaces",
            data=json.dumps({"name": "x", "kind": "team"}),
            content_type="application/json",
            **auth,
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["message"], "This access token is read-only.")

    def test_an_expired_token_is_refused(self) -> None:
        past = timezone.now() - timedelta(days=8)
        _token, secret = create_token(user=self.alice, name="old", days=7, now=past)
        response = CsrfClient().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(response.status_code, 401)

    def test_a_token_cannot_export_everything(self) -> None:
        _token, secret = create_token(user=self.alice, name="cli", scope="write")
        response = CsrfClient().get("/api/v1/me/export", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(response.status_code, 403)
        # A session must have confirmed the password in the last minutes, as to make a token.
        client = self.login(self.alice)
        refused = client.get("/api/v1/me/export")
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(refused.json()["error"]["code"], "reauthentication_required")
        self.assertIn("/accounts/reauthenticate/", refused.json()["error"]["message"])
        self.assertNotIn(self.alice.email, refused.content.decode())
        reauthenticate(client)
        self.assertEqual(client.get("/api/v1/me/export").status_code, 200)


class NewSignIn(MendTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Alice and Bob have signed in before, somewhere (a first sign-in is no news).
        User.objects.filter(pk__in=[self.alice.pk, self.bob.pk]).update(last_login=timezone.now())

    def test_a_browser_new_to_her_address_is_told_to_her_and_a_known_one_is_not(self) -> None:
        laptop = sign_in(self.alice.email)
        (notice,) = mail.outbox
        self.assertEqual(notice.to, [self.alice.email])
        self.assertIn("new sign-in", notice.subject.lower())
        self.assertIn("Firefox on Linux", notice.body)
        self.assertIn(reverse("accounts:ways_in"), notice.body)
        # Her own browser signing in again is known: no notice.
        mail.outbox.clear()
        laptop.form("/accounts/logout/")
        again = laptop.form("/accounts/login/", {"login": self.alice.email, "password": PASSWORD})
        self.assertEqual(again.status_code, 302)
        self.assertEqual(mail.outbox, [])
        # Bob, who knows her password, signs in from his phone: she hears of it.
        sign_in(self.alice.email, PHONE)
        (notice,) = mail.outbox
        self.assertEqual(notice.to, [self.alice.email])
        self.assertIn("Safari on iPhone", notice.body)

    def test_the_notice_says_neither_where_from_nor_the_browsers_own_words(self) -> None:
        # Her mailbox may be read by the one she needs privacy from: an address tells where
        # she was (a shelter, a friend's).
        sign_in(self.alice.email)
        (notice,) = mail.outbox
        self.assertNotIn("203.0.113.7", notice.body)
        self.assertNotIn(FIREFOX, notice.body)
        self.assertNotIn("IP address", notice.body)

    def test_her_other_account_notices_say_neither_where_from(self) -> None:
        client = sign_in(self.alice.email)
        mail.outbox.clear()
        changed = client.form(
            "/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "a new long passphrase 42",
                "password2": "a new long passphrase 42",
            },
        )
        self.assertEqual(changed.status_code, 302)
        (notice,) = mail.outbox
        self.assertIn("change", notice.body)
        self.assertNotIn("203.0.113.7", notice.body)
        self.assertNotIn(FIREFOX, notice.body)

    def test_a_first_sign_in_ever_is_not_news(self) -> None:
        User.objects.filter(pk=self.alice.pk).update(last_login=None)
        sign_in(self.alice.email)
        self.assertEqual(mail.outbox, [])

    def test_a_computer_two_people_share_knows_both(self) -> None:
        shared = sign_in(self.alice.email)

        def switch_to(person: User) -> list[list[str]]:
            shared.form("/accounts/logout/")
            mail.outbox.clear()
            response = shared.form(
                "/accounts/login/", {"login": person.email, "password": PASSWORD}
            )
            self.assertEqual(response.status_code, 302)
            shared._csrf = shared.cookies[settings.CSRF_COOKIE_NAME].value
            return [m.to for m in mail.outbox]

        self.assertEqual(switch_to(self.bob), [[self.bob.email]])  # new to Bob
        # From now on each signs in on a browser it knows, however often they take turns.
        self.assertEqual(switch_to(self.alice), [])
        self.assertEqual(switch_to(self.bob), [])
        self.assertEqual(switch_to(self.alice), [])

    def test_a_mail_server_that_is_down_keeps_no_one_out(self) -> None:
        with (
            self.settings(EMAIL_BACKEND="tests.foundation.mail_down.Backend"),
            self.assertLogs("mend.accounts.adapter", "WARNING") as logs,
        ):
            sign_in(self.alice.email)
        self.assertNotIn(self.alice.email, "\n".join(logs.output))
