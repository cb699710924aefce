"""Quick exit that leaves nothing behind (issue 14, item 5): private answers are never kept by
the browser, and a person may choose that "Exit this page" also signs them out."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

from mend.accounts.models import SignInSession
from mend.accounts.quick_exit import exit_token
from tests.base import CsrfClient, MendTestCase
from tests.factories import PASSWORD

NEUTRAL = settings.MEND_QUICK_EXIT_URL


class QuickExit(MendTestCase):
    def sign_in(self) -> CsrfClient:
        client = CsrfClient()
        response = client.form(
            "/accounts/login/", {"login": self.alice.email, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)
        client._csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
        return client

    def exit_href(self, client: CsrfClient) -> str:
        page = client.get("/me/").content.decode()
        found = re.search(r'<a href="([^"]+)" class="quick-exit__button"', page)
        assert found is not None
        return found.group(1)

    def choose(self, client: CsrfClient, on: bool) -> None:
        data = {"sign_out_on_exit": "on"} if on else {}
        response = client.form(reverse("accounts:quick_exit_setting"), data)
        self.assertEqual(response.status_code, 302)
        self.alice.refresh_from_db()
        self.assertIs(self.alice.sign_out_on_exit, on)

    def test_by_default_exit_leaves_for_the_neutral_site_and_keeps_the_session(self) -> None:
        client = self.sign_in()
        self.assertEqual(self.exit_href(client), NEUTRAL)
        self.assertNotIn("data-quick-exit-sign-out", client.get("/me/").content.decode())

    def test_the_setting_is_on_the_account_page_and_saved(self) -> None:
        client = self.sign_in()
        page = client.get("/me/").content.decode()
        self.assertIn("Sign me out when I use Exit this page", page)
        self.choose(client, True)
        self.assertIn("now also signs you out", client.get("/me/").content.decode())
        self.choose(client, False)

    def test_with_the_setting_on_the_exit_link_signs_out_and_leaves(self) -> None:
        client = self.sign_in()
        self.choose(client, True)
        href = self.exit_href(client)
        session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.assertEqual(href, f"/exit/{exit_token(session_key)}/")
        self.assertNotIn(session_key, href)
        response = client.get(href)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], NEUTRAL)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertFalse(SignInSession.objects.filter(user=self.alice).exists())
        self.assertEqual(client.get("/api/v1/me").status_code, 401)
        self.assertEqual(client.get("/me/").status_code, 302)  # to sign in
        # The link worked once: its session is gone, so it now only leaves.
        self.assertEqual(client.get(href).status_code, 303)

    def test_the_page_s_beacon_signs_out_without_a_csrf_token(self) -> None:
        client = self.sign_in()
        self.choose(client, True)
        href = self.exit_href(client)
        # navigator.sendBeacon: a POST with no body, the session cookie, no CSRF token.
        response = client.post(href)
        self.assertEqual(response.status_code, 303)
        self.assertFalse(SignInSession.objects.filter(user=self.alice).exists())

    def test_another_session_s_link_does_not_sign_this_one_out(self) -> None:
        client = self.sign_in()
        other = self.sign_in()
        self.choose(other, True)
        stolen = self.exit_href(other)
        # A page of another site sending this browser to someone else's link, or a made-up one.
        for href in (stolen, "/exit/not-a-token/", f"/exit/{exit_token('guess')}/"):
            response = client.get(href)
            self.assertEqual(response.status_code, 303)
            self.assertEqual(response["Location"], NEUTRAL)
        self.assertEqual(client.get("/api/v1/me").status_code, 200)

    def test_exit_without_a_session_still_leaves(self) -> None:
        response = CsrfClient().get(f"/exit/{exit_token('x')}/")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], NEUTRAL)

    def test_other_methods_are_refused(self) -> None:
        client = self.sign_in()
        self.assertEqual(client.put(f"/exit/{exit_token('x')}/").status_code, 405)


class NothingKept(MendTestCase):
    """Every private answer says no-store (the authorization matrix checks each route as each
    signed-in role; these are the kinds of answer a matrix does not visit)."""

    def test_pages_api_answers_errors_and_redirects_are_not_kept(self) -> None:
        client = self.login(self.alice)
        for path in ("/", "/me/", "/spaces/", "/api/v1/me", "/api/v1/spaces", "/no-such-page/"):
            response = client.get(path)
            with self.subTest(path=path):
                self.assertIn("no-store", response["Cache-Control"])
                self.assertIn("private", response["Cache-Control"])
        response = CsrfClient().get("/me/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("no-store", CsrfClient().get("/api/v1/me")["Cache-Control"])
