"""Every page of Mend's says which HTTP methods it serves and answers any other with 405: a
read-only page must not answer a POST with 200 and the page, as if something had been done."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, SimpleTestCase

from mend.core.pages import methods_of, signed_in


def _ask(view: Any, method: str, user: Any, **kwargs: Any) -> HttpResponse:
    request = RequestFactory().generic(method, "/page/")
    request.user = user
    response: HttpResponse = view(request, **kwargs)
    return response


@signed_in("GET")
def _read_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the page")


class SignedInTests(SimpleTestCase):
    def test_a_read_page_serves_get_and_head_and_says_so(self) -> None:
        self.assertEqual(methods_of(_read_page), {"GET", "HEAD"})
        for method in ("GET", "HEAD"):
            self.assertEqual(_ask(_read_page, method, get_user_model()()).status_code, 200)

    def test_a_read_page_answers_a_post_by_a_signed_in_person_with_405(self) -> None:
        response = _ask(_read_page, "POST", get_user_model()())
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD")

    def test_a_visitor_not_signed_in_is_sent_to_sign_in_whatever_the_method(self) -> None:
        for method in ("GET", "POST", "PUT"):
            response = _ask(_read_page, method, AnonymousUser())
            self.assertEqual(response.status_code, 302, method)
            self.assertIn("/accounts/login/", response["Location"])

    def test_a_page_with_no_method_is_refused_when_it_is_declared(self) -> None:
        with pytest.raises(ValueError, match="at least one method"):
            signed_in()
