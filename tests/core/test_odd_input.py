"""Odd input and the headers that keep private pages private."""

from __future__ import annotations

import inspect
import json
import os
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pydantic
from django.conf import settings
from django.core.exceptions import ValidationError

from mend.accounts.tokens import create_token
from mend.api.main import api
from mend.apology import services as apology_services
from mend.core.forms import LARGEST_ID, whole_number
from mend.core.schemas import not_true_or_false
from mend.core.text import clean_user_text
from mend.spaces.models import Space
from tests.base import MendTestCase
from tests.safety.helpers import SETTLED, conversation
from tests.served import run_with_settings

# Digits ``str.isdigit`` accepts and ``int`` refuses (superscript two, circled one), a number
# past any id the database holds, and a negative one.
NOT_IDS = ("\u00b2", "\u2460", str(LARGEST_ID + 1), "-1")


class OddInput(MendTestCase):
    def test_a_lone_surrogate_in_any_json_field_is_a_400(self) -> None:
        client = self.login(self.alice)
        body = '{"name": "\\ud800", "kind": "team"}'
        self.assertEqual(json.loads(body)["name"], "\ud800")
        r = client.post(
            "/api/v1/spaces", body, content_type="application/json", HTTP_X_CSRFTOKEN=client._csrf
        )
        self.assertEqual(r.status_code, 400, r.content)
        self.assertEqual(r.json()["error"]["code"], "bad_request")
        r = client.post(
            "/api/v1/spaces",
            '{"name": "Fine", "kind": "\\udfff"}',
            content_type="application/json",
            HTTP_X_CSRFTOKEN=client._csrf,
        )
        self.assertEqual(r.status_code, 400, r.content)

    def test_a_body_the_api_cannot_read_is_a_400_that_says_why(self) -> None:
        client = self.login(self.alice)
        bodies = {
            b"{": "not valid JSON: Expecting property name",
            b'{"name": "A", "kind": "team", "x": NaN}': "NaN is not a JSON value",
            b'{"name": "A", "kind": "team", "x": -Infinity}': "-Infinity is not a JSON value",
            b'{"name": "\xff"}': "not UTF-8 text",
            b"[" * 5000 + b"]" * 5000: "nested too deeply",
            b'{"a": ' * 40 + b"1" + b"}" * 40: "nested too deeply",
            b'{"name": "A", "kind": "team", "x": 1e400}': "1e400 is too large a number",
            b'{"name": "\\ud800", "kind": "team"}': "broken text (a lone surrogate)",
        }
        # JSON, but not the object the document describes: invalid, as a field of a wrong type.
        invalid = {
            b'[{"name": "A", "kind": "team"}]': "must be a JSON object",
            b'"A"': "must be a JSON object",
        }
        for body, reason in (bodies | invalid).items():
            with self.subTest(body=body[:40]):
                r = client.api("POST", "/api/v1/spaces", body)
                status, code = (422, "invalid") if body in invalid else (400, "bad_request")
                self.assertEqual(r.status_code, status, r.content)
                self.assertEqual(r.json()["error"]["code"], code)
                self.assertIn(reason, r.json()["error"]["message"])
        self.assertFalse(Space.objects.filter(name="A").exists())
        # A byte-order mark before the JSON (some Windows tools send one) is read past.
        r = client.api("POST", "/api/v1/spaces", b'\xef\xbb\xbf{"name": "A", "kind": "team"}')
        self.assertEqual(r.status_code, 201, r.content)

    def test_a_body_that_is_not_sent_as_json_is_a_415(self) -> None:
        # JSON sent as text/plain (which a page of another site can send without asking) or
        # with no type at all was read as JSON; a form's fields were read as the body.
        client = self.login(self.alice)
        _token, secret = create_token(user=self.alice, name="cli", scope="write")
        body = b'{"name": "Sent as text", "kind": "team"}'
        for content_type in ("text/plain", "", "application/octet-stream", "text/json"):
            for auth in (
                {"HTTP_X_CSRFTOKEN": client._csrf},
                {"HTTP_AUTHORIZATION": f"Bearer {secret}"},
            ):
                with self.subTest(content_type=content_type, auth=sorted(auth)):
                    r = client.generic(
                        "POST", "/api/v1/spaces", body, content_type=content_type, **auth
                    )
                    self.assertEqual(r.status_code, 415, r.content)
                    error = r.json()["error"]
                    self.assertEqual(error["code"], "unsupported_media_type")
                    self.assertIn("Content-Type: application/json", error["message"])
        form = client.form("/api/v1/spaces", {"name": "Sent as a form", "kind": "team"})
        self.assertEqual(form.status_code, 415, form.content)
        self.assertFalse(Space.objects.filter(name__startswith="Sent as").exists())
        # JSON's own types, with a charset or a +json suffix, are read as before.
        for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
            with self.subTest(content_type=content_type):
                r = client.generic(
                    "POST",
                    "/api/v1/spaces",
                    json.dumps({"name": content_type, "kind": "team"}),
                    content_type=content_type,
                    HTTP_X_CSRFTOKEN=client._csrf,
                )
                self.assertEqual(r.status_code, 201, r.content)
        # A POST with nothing in it (an operation whose body may be left out) is no body.
        self.assertEqual(client.api("POST", "/api/v1/calendar-feed").status_code, 201)
        # The document says so for every operation that takes a JSON body.
        operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/spaces"]["post"]
        self.assertIn("415", operation["responses"])

    def test_a_form_sent_with_put_or_patch_is_a_415_and_changes_nothing(self) -> None:
        # Django reads a form's fields only for POST: a PUT or PATCH form was read as an empty
        # body, so the preferences went back to their defaults and a draft "changed" with 200.
        client = self.login(self.alice)
        prefs = "/api/v1/me/notifications/preferences"
        saved = client.api("PUT", prefs, {"digest_hour": 21, "daily_digest": True})
        self.assertEqual(saved.status_code, 200, saved.content)
        draft = apology_services.create_draft(space=self.space, writer=self.alice, text="Sorry.")
        for method, path, body in (
            ("PUT", prefs, b"digest_hour=3"),
            ("PATCH", f"/api/v1/apologies/{draft.pk}", b"text=Changed+by+a+form"),
        ):
            for content_type, sent in (
                ("application/x-www-form-urlencoded", body),
                ("multipart/form-data; boundary=xYzZy", b"--xYzZy--\r\n"),
            ):
                with self.subTest(method=method, content_type=content_type):
                    r = client.generic(
                        method, path, sent, content_type=content_type, HTTP_X_CSRFTOKEN=client._csrf
                    )
                    self.assertEqual(r.status_code, 415, r.content)
                    self.assertEqual(r.json()["error"]["code"], "unsupported_media_type")
        now = client.get(prefs).json()
        self.assertEqual((now["digest_hour"], now["daily_digest"]), (21, True))
        draft.refresh_from_db()
        self.assertEqual(draft.text, "Sorry.")

    def test_true_and_false_are_not_numbers(self) -> None:
        # pydantic's lax mode read true as 1 and false as 0 for a whole number.
        client = self.login(self.alice)
        path = f"/api/v1/spaces/{self.space.pk}/checkins"
        for field, value in (("felt_trust", True), ("felt_trust", False), ("about", True)):
            with self.subTest(field=field, value=value):
                body = {"about": self.bob.pk, "felt_trust": 1} | {field: value}
                r = client.api("POST", path, body)
                self.assertEqual(r.status_code, 422, r.content)
                self.assertEqual(r.json()["error"]["code"], "invalid")
                self.assertIn("not true or false", r.json()["error"]["fields"][field])
        # Nested: a questionnaire's answers, a list of ids.
        r = client.api(
            "POST",
            f"/api/v1/spaces/{self.space.pk}/safety/checkins",
            {"safety": 5, "answers": {**SETTLED, "racing_heart": True}},
        )
        self.assertEqual(r.status_code, 422, r.content)
        self.assertIn("not true or false", json.dumps(r.json()["error"]["fields"]))
        self.assertEqual(
            client.api("POST", path, {"about": self.bob.pk, "felt_trust": 1}).status_code, 201
        )

    def test_every_number_in_every_request_body_refuses_true_and_false(self) -> None:
        # A number field added later with a plain ``int`` would take true as 1 again.
        unguarded = [
            f"{operation} {field}"
            for operation, model in body_models()
            for field in numbers_without_the_guard(model)
        ]
        self.assertEqual(unguarded, [], "use mend.core.schemas.WholeNumber (or RecordId)")

    def test_a_form_whose_bytes_are_not_utf8_is_a_400_and_saves_nothing(self) -> None:
        # Django reads them with errors="replace": the name was saved as "Caf\ufffd".
        client = self.login(self.alice)
        token = client._csrf
        urlencoded = f"csrfmiddlewaretoken={token}&kind=team&name=Caf%E9".encode()
        boundary = "xYzZy"
        multipart = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{token}\r\n"
                f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nteam\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n'
            ).encode()
            + b"Caf\xe9\r\n"
            + f"--{boundary}--\r\n".encode()
        )
        for content_type, body in (
            ("application/x-www-form-urlencoded", urlencoded),
            (f"multipart/form-data; boundary={boundary}", multipart),
        ):
            with self.subTest(content_type=content_type):
                r = client.generic("POST", "/spaces/", body, content_type=content_type)
                self.assertContains(r, "not UTF-8", status_code=400)
        self.assertFalse(Space.objects.filter(name__startswith="Caf").exists())
        # The API reads no form (415), in its own error shape.
        r = client.generic(
            "POST",
            "/api/v1/spaces",
            urlencoded,
            content_type="application/x-www-form-urlencoded",
            HTTP_X_CSRFTOKEN=token,
        )
        self.assertEqual(r.json()["error"]["code"], "unsupported_media_type")
        # The same text sent as UTF-8 is saved.
        r = client.form("/spaces/", {"name": "Caf\u00e9", "kind": "team"})
        self.assertEqual(r.status_code, 302)
        self.assertTrue(Space.objects.filter(name="Caf\u00e9").exists())

    def test_a_host_this_server_does_not_serve_is_a_400(self) -> None:
        # Refused before any middleware has put a person on the request: the error page must not
        # need one.
        for path, json_wanted in (("/", False), ("/api/v1/me", True)):
            with self.subTest(path=path):
                r = self.client.get(path, HTTP_HOST="mend.evil.example")
                self.assertEqual(r.status_code, 400)
                if json_wanted:
                    self.assertEqual(r.json()["error"]["code"], "bad_request")
                else:
                    self.assertContains(r, "could not be understood", status_code=400)

    def test_a_pause_of_a_trillion_minutes_is_a_clear_400(self) -> None:
        client = self.login(self.alice)
        r = client.api("POST", f"/api/v1/spaces/{self.space.pk}/safety/pauses", {"minutes": 10**12})
        self.assertEqual(r.status_code, 400, r.content)
        self.assertIn("20 minutes to a day", r.json()["error"]["message"])

    def test_bidi_isolates_and_overrides_are_stripped(self) -> None:
        for mark in "\u202e\u2066\u2067\u2068\u2069":
            self.assertEqual(clean_user_text(f"a{mark}b", field="Name", max_length=10), "ab")

    def test_lone_surrogates_never_pass_the_text_rule(self) -> None:
        with self.assertRaisesMessage(ValidationError, "broken characters"):
            clean_user_text("a\ud800b", field="Name", max_length=10)


class IdsInQueriesAndForms(MendTestCase):
    """An id or a step number a page reads from its query string or a form field, sent as
    something that is not one, is ignored or refused: never a 500."""

    def test_whole_number_takes_ascii_digits_within_the_databases_range(self) -> None:
        self.assertEqual(whole_number("42"), 42)
        self.assertEqual(whole_number(str(LARGEST_ID)), LARGEST_ID)
        for raw in (None, "", " 4", "4.0", "1e3", "\u0661", *NOT_IDS):
            with self.subTest(raw=raw):
                self.assertIsNone(whole_number(raw))

    def test_a_page_that_prefills_from_an_id_ignores_one_that_is_not(self) -> None:
        client = self.login(self.alice)
        space = self.space.pk
        for value in NOT_IDS:
            for path in (
                f"/spaces/{space}/apologies/new/?breach={value}",
                f"/spaces/{space}/apologies/new/?from={value}",
                f"/spaces/{space}/commitments/new/?to={value}",
            ):
                with self.subTest(path=path):
                    self.assertEqual(client.get(path).status_code, 200)

    def test_a_form_field_that_names_an_id_or_a_step_is_never_a_500(self) -> None:
        client = self.login(self.alice)
        talk = conversation(self.space, self.alice, self.bob)
        for value in NOT_IDS:
            with self.subTest(value=value):
                feedback = {"text": "I am sorry.", "recipient": value}
                r = client.form(f"/spaces/{self.space.pk}/apologies/feedback/", feedback)
                self.assertEqual(r.status_code, 200)
                r = client.form(f"/safety/conversations/{talk.pk}/begin/", {"step": value})
                self.assertIn(r.status_code, (302, 409))
                r = client.form(f"/safety/conversations/{talk.pk}/keep/", {"note_ids": value})
                self.assertContains(r, "Choose notes from the list.", status_code=400)


class PrivateHeaders(MendTestCase):
    def test_signed_in_pages_and_api_answers_are_not_stored(self) -> None:
        client = self.login(self.alice)
        for path in (f"/spaces/{self.space.pk}/", "/api/v1/me", "/me/"):
            cache = client.get(path)["Cache-Control"]
            self.assertIn("no-store", cache, path)
            self.assertIn("private", cache, path)

    def test_production_sends_hsts_by_default(self) -> None:
        env = {**os.environ, "MEND_PRODUCTION": "1", "SECRET_KEY": "x" * 50}
        code = "import mend.settings as s; print(s.SECURE_HSTS_SECONDS)"
        out = run_with_settings(code, {**env, "MEND_KEK": settings.MEND_KEK}, check=True).stdout
        self.assertEqual(int(out), 365 * 24 * 3600)


def body_models() -> Iterator[tuple[str, type[pydantic.BaseModel]]]:
    """Every operation's body (and form) model, named by the operation."""
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    if model.__ninja_param_source__ in ("body", "form"):
                        yield f"{operation.methods[0]} {operation.path}", model


def numbers_without_the_guard(model: type[pydantic.BaseModel]) -> Iterator[str]:
    """The fields of ``model`` (nested models, lists and dicts included) that read a number
    without ``not_true_or_false`` before it."""
    stack: list[tuple[str, Any, tuple[Any, ...]]] = [
        (name, field.annotation, tuple(field.metadata))
        for name, field in model.model_fields.items()
    ]
    while stack:
        name, annotation, metadata = stack.pop()
        if typing.get_origin(annotation) is typing.Annotated:
            inner, *extra = typing.get_args(annotation)
            stack.append((name, inner, (*metadata, *extra)))
        elif inspect.isclass(annotation) and issubclass(annotation, pydantic.BaseModel):
            stack.extend(
                (f"{name}.{inner}", field.annotation, tuple(field.metadata))
                for inner, field in annotation.model_fields.items()
            )
        elif annotation in (int, float, Decimal):
            if not any(getattr(m, "func", None) is not_true_or_false for m in metadata):
                yield name
        else:
            stack.extend((name, arg, ()) for arg in typing.get_args(annotation))
