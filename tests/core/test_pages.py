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
from tests.route_coverage import web_pages

# What Mend's pages may serve: forms post, everything else is read.
PAGE_METHODS = {"GET", "HEAD", "POST"}


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


def _arguments(entry: Any) -> dict[str, Any]:
    """Made-up values for a route's arguments: a refused method is answered before the view
    reads them."""
    converters = getattr(entry.pattern, "converters", {})
    return {**{name: 1 for name in converters}, **entry.default_args}


class EveryPageDeclaresItsMethodsTests(SimpleTestCase):
    """Walks every URL pattern of Mend's own pages (not the API, allauth's or the admin's)."""

    def test_every_signed_in_page_declares_its_methods_and_refuses_the_others(self) -> None:
        signed_in_pages = 0
        for route, entry in web_pages():
            declared = methods_of(entry.callback)
            if declared is None:
                continue
            signed_in_pages += 1
            with self.subTest(route=route):
                self.assertLessEqual(declared, PAGE_METHODS)
                refused = {"PUT", "DELETE", "PATCH"} | (PAGE_METHODS - declared)
                for method in sorted(refused):
                    response = _ask(entry.callback, method, get_user_model()(), **_arguments(entry))
                    self.assertEqual(response.status_code, 405, f"{method} /{route}")
        self.assertGreater(signed_in_pages, 100)

    def test_every_other_page_is_public_and_refuses_a_method_it_does_not_serve(self) -> None:
        """A page that does not declare its methods with ``signed_in`` must be public and
        restricted with Django's ``require_http_methods`` (or ``require_GET``,
        ``require_safe``): a visitor not signed in who sends a PUT is answered 405, not sent
        to sign in (a bare ``login_required``) nor served the page."""
        for route, entry in web_pages():
            if methods_of(entry.callback) is not None:
                continue
            with self.subTest(route=route):
                try:
                    response = _ask(entry.callback, "PUT", AnonymousUser(), **_arguments(entry))
                except Exception as exc:
                    self.fail(f"/{route} ran its view on a PUT ({exc!r}): declare its methods")
                self.assertEqual(
                    response.status_code,
                    405,
                    f"/{route} answered a PUT with {response.status_code}: declare its methods "
                    "(core.pages.signed_in, or require_http_methods for a public page)",
                )
                # As signed_in does: a page that serves GET serves HEAD (a calendar app or a
                # link checker asks HEAD first). Not the quick exit, whose GET ends the session
                # (it must work as a plain link): a HEAD must not.
                allowed = {method.strip() for method in response["Allow"].split(",")}
                if "GET" in allowed and route != "exit/<str:token>/":
                    self.assertIn("HEAD", allowed, f"/{route} serves GET but not HEAD")
