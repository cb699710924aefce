from __future__ import annotations

from django.test import override_settings

from mend.accounts.tokens import create_token, revoke_token
from tests.base import MendTestCase


class OneErrorShape(MendTestCase):
    def assertError(self, response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, status, response.content)
        body = response.json()
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message", "fields"})
        self.assertEqual(body["error"]["code"], code)
        self.assertTrue(body["error"]["message"])
        return body["error"]  # type: ignore[no-any-return]

    def test_anonymous(self) -> None:
        self.assertError(self.client.get("/api/v1/me"), 401, "unauthenticated")

    def test_a_write_with_a_revoked_token_is_unauthenticated(self) -> None:
        # Not a CSRF failure: without a session cookie there is no session to protect.
        token, secret = create_token(user=self.alice, name="old")
        revoke_token(user=self.alice, token_id=token.pk)
        response = self.client.post(
            "/api/v1/spaces",
            data='{"name": "x"}',
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        self.assertError(response, 401, "unauthenticated")

    def test_unknown_route(self) -> None:
        self.assertError(self.login(self.alice).get("/api/v1/nothing-here"), 404, "not_found")

    def test_missing_and_wrong_typed_fields(self) -> None:
        client = self.login(self.alice)
        error = self.assertError(client.api("POST", "/api/v1/spaces", {}), 422, "invalid")
        self.assertIn("name", error["fields"])
        error = self.assertError(
            client.api("POST", "/api/v1/spaces", {"name": ["x"], "kind": "castle"}), 422, "invalid"
        )
        self.assertEqual(set(error["fields"]), {"name", "kind"})

    def test_malformed_json(self) -> None:
        client = self.login(self.alice)
        response = client.api("POST", "/api/v1/spaces", '{"name": ')
        self.assertIn(response.status_code, (400, 422))
        self.assertIn("error", response.json())

    def test_malformed_content_type_is_a_bad_request(self) -> None:
        # The session's CSRF check reads request.POST, which cannot parse a multipart body
        # without a boundary: that was a 500 on every unsafe API call.
        client = self.login(self.alice)
        for content_type in (
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\u00e9t\u00e9",
        ):
            with self.subTest(content_type=content_type):
                response = client.generic(
                    "POST",
                    "/api/v1/calendar-feed",
                    b"--x--",
                    content_type=content_type,
                    HTTP_X_CSRFTOKEN=client._csrf,
                )
                error = self.assertError(response, 400, "bad_request")
                self.assertIn("multipart", error["message"])

    def test_malformed_upload_is_a_bad_request(self) -> None:
        # With a token there is no CSRF check: the upload's own parsing meets the bad header.
        _token, secret = create_token(user=self.alice, name="upload")
        response = self.client.generic(
            "POST",
            f"/api/v1/spaces/{self.space.pk}/safety/heart-rate",
            b"timestamp,bpm\n",
            content_type="multipart/form-data",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        self.assertError(response, 400, "bad_request")

    @override_settings(MEND_MAX_BODY_BYTES=1000)
    def test_oversized_body(self) -> None:
        client = self.login(self.alice)
        response = client.api("POST", "/api/v1/spaces", {"name": "x" * 2000, "kind": "team"})
        self.assertError(response, 413, "too_large")

    def test_nul_and_control_characters_are_refused(self) -> None:
        client = self.login(self.alice)
        error = self.assertError(
            client.api("POST", "/api/v1/spaces", {"name": "ok\u0000no", "kind": "team"}),
            422,
            "invalid",
        )
        self.assertIn("control characters", error["fields"]["name"])

    def test_an_id_beyond_the_database_range_is_invalid(self) -> None:
        # SQLite cannot bind an integer past 64 bits: that was a 500 on POST .../moments.
        client = self.login(self.alice)
        moment = {"kind": "appreciation", "actor": 2**65, "receiver": self.bob.pk}
        error = self.assertError(
            client.api("POST", f"/api/v1/spaces/{self.space.pk}/moments", moment), 422, "invalid"
        )
        self.assertIn("actor", error["fields"])

    def test_a_time_the_database_cannot_store_is_invalid(self) -> None:
        # In UTC this is the year 0: converting it for the database was a 500.
        client = self.login(self.alice)
        checkin = {"about": self.bob.pk, "felt_trust": 5, "occurred_at": "0001-01-01T00:00+05:00"}
        error = self.assertError(
            client.api("POST", f"/api/v1/spaces/{self.space.pk}/checkins", checkin),
            422,
            "invalid",
        )
        self.assertEqual(error["fields"], {"occurred_at": "This time is out of range."})

    def test_wrong_space_id_type_is_not_found_or_invalid(self) -> None:
        response = self.login(self.alice).get("/api/v1/spaces/abc")
        self.assertIn(response.status_code, (404, 422))


class Schema(MendTestCase):
    def test_openapi_schema_lists_the_endpoints(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        for path in [
            "/api/v1/me",
            "/api/v1/spaces",
            "/api/v1/spaces/{space_id}",
            "/api/v1/invitations/accept",
        ]:
            self.assertIn(path, schema["paths"])

    def test_docs_page_is_served_without_a_cdn(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"cdn.", response.content)


class PageSafety(MendTestCase):
    def test_every_page_has_quick_exit_and_a_strict_csp(self) -> None:
        for path in ["/", "/accounts/login/", "/accounts/signup/"]:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertContains(response, 'id="quick-exit"')
                csp = response["Content-Security-Policy"]
                self.assertIn("script-src 'self'", csp)
                self.assertNotIn("unsafe-inline", csp.split("style-src")[0])
                self.assertIn("frame-ancestors 'none'", csp)
        page = self.login(self.alice).get(f"/spaces/{self.space.pk}/")
        self.assertContains(page, 'id="quick-exit"')

    def test_static_assets_are_served_by_the_app(self) -> None:
        response = self.client.get("/static/mend/mend.css")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"quick-exit", b"".join(response.streaming_content))
        response.close()
