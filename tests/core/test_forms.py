"""How a page hands a form or a button to a service (core.forms), without a page around it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import RequestFactory, SimpleTestCase

from mend.core.exceptions import DomainError
from mend.core.forms import ScaleField, act, page_status, submit


class _Form(forms.Form):
    start = forms.CharField()
    end = forms.CharField(required=False)


def _request(data: dict[str, str] | None = None) -> HttpRequest:
    request = (
        RequestFactory().post("/", data or {}) if data is not None else RequestFactory().get("/")
    )
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _refuse(error: DomainError) -> Any:
    def write(**_: Any) -> Any:
        raise error

    return write


class Submit(SimpleTestCase):
    def test_what_was_written_and_a_page_without_errors(self) -> None:
        form = _Form({"start": "a"})
        self.assertEqual(submit(_request({"start": "a"}), form, lambda **data: data)["start"], "a")
        self.assertEqual(page_status(form), 200)

    def test_a_field_error_writes_nothing_and_is_a_400(self) -> None:
        form = _Form({})
        self.assertIsNone(submit(_request({}), form, lambda **data: data))
        self.assertEqual(page_status(form), 400)

    def test_a_refusal_is_the_forms_own_error_with_the_services_status(self) -> None:
        form = _Form({"start": "a"})
        refusal = DomainError("Already open.", status=409, fields={"start": "Not now."})
        self.assertIsNone(submit(_request({"start": "a"}), form, _refuse(refusal)))
        self.assertEqual(form.non_field_errors(), ["Already open."])
        self.assertEqual(page_status(form), 409)

    def test_field_messages_go_beside_their_fields(self) -> None:
        form = _Form({"start": "a"})
        refusal = DomainError("Start", fields={"start": "Start later.", "gone": "Elsewhere."})
        submit(_request({"start": "a"}), form, _refuse(refusal), field_messages=True)
        self.assertEqual(form.errors["start"], ["Start later."])
        self.assertEqual(form.non_field_errors(), ["Elsewhere."])
        self.assertEqual(page_status(form), 400)

    def test_field_messages_without_fields_fall_back_to_the_message(self) -> None:
        form = _Form({"start": "a"})
        submit(_request({"start": "a"}), form, _refuse(DomainError("No.")), field_messages=True)
        self.assertEqual(form.non_field_errors(), ["No."])


class Act(SimpleTestCase):
    def _levels(self, request: HttpRequest) -> list[tuple[int, str]]:
        return [(m.level, m.message) for m in messages.get_messages(request)]

    def test_done_is_a_success_message(self) -> None:
        request = _request({})
        self.assertTrue(act(request, lambda: None, done="Done."))
        self.assertEqual(self._levels(request), [(messages.SUCCESS, "Done.")])

    def test_a_refusal_is_an_error_message_or_the_level_asked(self) -> None:
        for level in (messages.ERROR, messages.INFO):
            with self.subTest(level=level):
                request = _request({})
                write = _refuse(DomainError("Already.", status=409))
                self.assertFalse(act(request, write, done="Done.", refused=level))
                self.assertEqual(self._levels(request), [(level, "Already.")])

    def test_a_403_is_a_message_unless_a_forbidden_page_is_asked(self) -> None:
        request = _request({})
        write = _refuse(DomainError("Not yours.", status=403))
        self.assertFalse(act(request, write, done="Done."))
        self.assertEqual(self._levels(request), [(messages.ERROR, "Not yours.")])
        with self.assertRaises(PermissionDenied):
            act(_request({}), write, done="Done.", forbidden_page=True)


class Scale(SimpleTestCase):
    def test_zero_to_ten_as_numbers_and_unrated_as_none(self) -> None:
        field = ScaleField(label="How much?")
        self.assertEqual(field.clean("7"), 7)
        with self.assertRaisesRegex(forms.ValidationError, "11 is not one of the available"):
            field.clean("11")
        with self.assertRaisesRegex(forms.ValidationError, "This field is required"):
            field.clean("")
        optional = ScaleField(label="How far?", unrated="Rather not say")
        self.assertIsNone(optional.clean(""))
        self.assertEqual(optional.choices[0], ("", "Rather not say"))
        self.assertEqual(optional.clean("0"), 0)
