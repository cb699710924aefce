"""Sessions: a database copy signs no one in; a signed-in request does not write its session."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mend.accounts.models import SignInSession
from tests.base import CsrfClient, MendTestCase
from tests.factories import PASSWORD


def _session_writes(queries: list[dict[str, str]]) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "accounts_signinsession" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


class StoredSessions(MendTestCase):
    def sign_in(self) -> CsrfClient:
        client = CsrfClient(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
        response = client.form(
            "/accounts/login/", {"login": self.alice.email, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)
        # Signing in rotates the CSRF secret, as a browser would see in its cookie.
        client._csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
        return client

    def test_the_database_holds_no_session_key_a_browser_could_present(self) -> None:
        client = self.sign_in()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        rows = list(SignInSession.objects.filter(user=self.alice))
        self.assertEqual(len(rows), 1)
        self.assertNotEqual(rows[0].session_key, cookie)
        self.assertFalse(SignInSession.objects.filter(session_key=cookie).exists())
        self.assertEqual(client.get("/api/v1/me").status_code, 200)

        # Someone with a copy of the table presents a stored key as their cookie: not signed in.
        thief = CsrfClient()
        thief.cookies[settings.SESSION_COOKIE_NAME] = rows[0].session_key
        self.assertEqual(thief.get("/api/v1/me").status_code, 401)

    def test_a_session_remembers_its_owner_and_a_short_browser_description(self) -> None:
        self.sign_in()
        row = SignInSession.objects.get(user=self.alice)
        self.assertEqual(row.device, "Firefox on Linux")

    def test_a_signed_in_request_does_not_write_the_session(self) -> None:
        client = self.sign_in()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(client.get("/api/v1/me").status_code, 200)
        self.assertEqual(_session_writes(queries.captured_queries), [])

    def test_idle_expiry_is_pushed_forward_at_most_once_a_minute(self) -> None:
        client = self.sign_in()
        row = SignInSession.objects.get(user=self.alice)
        # Last refreshed two minutes ago: this request pushes the expiry forward again.
        SignInSession.objects.filter(pk=row.pk).update(
            expire_date=row.expire_date - timedelta(minutes=2)
        )
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/me")
        self.assertEqual(len(_session_writes(queries.captured_queries)), 1)
        refreshed = SignInSession.objects.get(pk=row.pk).expire_date
        expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        self.assertLess(abs((refreshed - expected).total_seconds()), 5)

    def test_an_idle_session_expires(self) -> None:
        client = self.sign_in()
        SignInSession.objects.filter(user=self.alice).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        self.assertEqual(client.get("/api/v1/me").status_code, 401)

    def test_signing_out_deletes_the_stored_session(self) -> None:
        client = self.sign_in()
        client.form("/accounts/logout/")
        self.assertFalse(SignInSession.objects.filter(user=self.alice).exists())


class OneReadPerRequest(StoredSessions):
    """The session row and its person come in one query; every check a separate read made
    still holds (issue 16: a signed-in request that costs little, and is no less safe)."""

    def test_a_signed_in_request_reads_its_session_and_person_in_one_query(self) -> None:
        client = self.sign_in()
        client.get("/api/v1/me")
        with self.assertNumQueries(1):
            response = client.get("/api/v1/me")
        self.assertEqual(response.json()["email"], self.alice.email)

    def test_a_password_changed_elsewhere_ends_the_session(self) -> None:
        client = self.sign_in()
        self.alice.set_password("another long password 9")
        self.alice.save(update_fields=["password"])
        self.assertEqual(client.get("/api/v1/me").status_code, 401)
        # Django flushed it: the stored row is gone too.
        self.assertFalse(SignInSession.objects.filter(user=self.alice).exists())

    def test_a_person_made_inactive_is_no_longer_signed_in(self) -> None:
        client = self.sign_in()
        type(self.alice).objects.filter(pk=self.alice.pk).update(is_active=False)
        self.assertEqual(client.get("/api/v1/me").status_code, 401)

    def test_the_person_read_with_the_session_is_the_one_the_session_names(self) -> None:
        client = self.sign_in()
        # A row whose owner column names someone else (never written by Mend): the person is
        # read by the id in the session's signed data, and bob's row is not used.
        SignInSession.objects.filter(user=self.alice).update(user=self.bob)
        with self.assertNumQueries(2):
            response = client.get("/api/v1/me")
        self.assertEqual(response.json()["email"], self.alice.email)

    def test_the_person_is_read_with_the_orm_s_types(self) -> None:
        from mend.accounts.sessions import SessionStore

        client = self.sign_in()
        store = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
        store.load()
        owner = store.owner
        self.assertEqual(owner, self.alice)
        fresh = type(self.alice).objects.get(pk=self.alice.pk)
        for field in type(self.alice)._meta.concrete_fields:
            self.assertEqual(
                getattr(owner, field.attname), getattr(fresh, field.attname), field.name
            )
            self.assertIs(type(getattr(owner, field.attname)), type(getattr(fresh, field.attname)))
        self.assertFalse(owner._state.adding)

    def test_sign_out_everywhere_still_ends_this_session(self) -> None:
        client = self.sign_in()
        self.assertEqual(client.api("POST", "/api/v1/me/sign-out-everywhere").status_code, 204)
        self.assertEqual(client.get("/api/v1/me").status_code, 401)

    def test_stored_data_changed_in_the_database_is_refused_though_seen_before(self) -> None:
        # The checked payload is remembered per stored text: a row changed behind Mend's back
        # is checked again, and its forged signature refused as Django refuses it.
        client = self.sign_in()
        self.assertEqual(client.get("/api/v1/me").status_code, 200)
        row = SignInSession.objects.get(user=self.alice)
        body, _, signature = row.session_data.rpartition(":")
        forged = f"{body}:{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
        SignInSession.objects.filter(pk=row.pk).update(session_data=forged)
        with self.assertLogs("django.security.SuspiciousSession", "WARNING"):
            self.assertEqual(client.get("/api/v1/me").status_code, 401)

    def test_each_request_gets_its_own_copy_of_the_session_data(self) -> None:
        from mend.accounts.sessions import SessionStore

        client = self.sign_in()
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        first = SessionStore(key)
        first["changed_in_memory_only"] = ["a"]
        second = SessionStore(key)
        self.assertNotIn("changed_in_memory_only", second.keys())
        self.assertEqual(second["_auth_user_id"], str(self.alice.pk))


class SiteContentSecurityPolicy(MendTestCase):
    """The policy header is built once per process; it is the one django-csp would build."""

    def test_the_header_is_the_site_policy(self) -> None:
        from csp.utils import build_policy

        response = self.client.get("/healthz")
        self.assertEqual(response["Content-Security-Policy"], build_policy())
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])

    def test_a_changed_setting_is_never_served_stale(self) -> None:
        self.client.get("/healthz")
        policy = {"DIRECTIVES": {"default-src": ["'none'"]}}
        with self.settings(CONTENT_SECURITY_POLICY=policy):
            self.assertEqual(
                self.client.get("/healthz")["Content-Security-Policy"], "default-src 'none'"
            )
        self.assertIn("'self'", self.client.get("/healthz")["Content-Security-Policy"])

    def test_a_view_s_own_policy_is_still_built_for_it(self) -> None:
        # The API docs page allows Swagger's inline styles, and only it does.
        docs = self.client.get("/api/v1/docs")
        self.assertIn("'unsafe-inline'", docs["Content-Security-Policy"])
        self.assertNotIn("'unsafe-inline'", self.client.get("/healthz")["Content-Security-Policy"])
