from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

from mend.core.errors import page_or_json, wants_json


class BodySizeLimitMiddleware:
    """Refuse oversized bodies with 413 before anything reads them.

    Form and JSON bodies are capped at MEND_MAX_BODY_BYTES; multipart uploads (heart-rate
    files) at MEND_MAX_UPLOAD_BYTES.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.content_type == "multipart/form-data"
        limit = settings.MEND_MAX_UPLOAD_BYTES if multipart else settings.MEND_MAX_BODY_BYTES
        if length > limit:
            return page_or_json(
                request,
                413,
                "too_large",
                "Too large",
                f"The request body is {length} bytes; the limit is {limit} bytes.",
            )
        if (
            request.path.startswith("/api/")
            and multipart
            and length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        ):
            # Keep a small form body: the CSRF check reads it as a stream, after which an
            # operation with an optional JSON body could no longer look at it (that was a 500).
            # Uploads above the memory limit stay streamed; only file operations take those.
            request.body  # noqa: B018
        return self.get_response(request)


_UNREADABLE_FORM = (
    "Some of the text you sent could not be read: it was not UTF-8 text. Nothing was saved. "
    "Go back, type or paste it again, and send it once more."
)


def _urlencoded_is_text(request: HttpRequest) -> bool:
    # Each name and value as Django reads them (``+`` a space, then %XX), but decoded strictly.
    encoding = request.encoding or settings.DEFAULT_CHARSET
    try:
        for pair in request.body.split(b"&"):
            for part in pair.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _multipart_is_text(request: HttpRequest) -> bool:
    # Django keeps no trace of the bytes of a form field once it has decoded them: U+FFFD is
    # what it made of the ones it could not. A person cannot type it; pasted, it is text that
    # was already broken somewhere else.
    return not any(
        "\ufffd" in name or any("\ufffd" in value for value in values)
        for name, values in request.POST.lists()
    )


class FormTextMiddleware:
    """A form (urlencoded or multipart) whose text is not UTF-8 answers 400 and reaches no view.

    Django decodes form bytes with errors="replace": each one it cannot read becomes U+FFFD, and
    the view would save the text so without a word to the person. Checked here, once for every
    page's form (allauth's and the admin's too), after the CSRF check has read the form. The API
    reads only JSON (``mend.core.api_parser``), which must be UTF-8, and refuses a form's fields.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or wants_json(request):
            return None
        if request.content_type == "application/x-www-form-urlencoded":
            readable = _urlencoded_is_text(request)
        elif request.content_type == "multipart/form-data":
            readable = _multipart_is_text(request)
        else:
            return None
        if readable:
            return None
        return page_or_json(
            request, 400, "bad_request", "Text that could not be read", _UNREADABLE_FORM
        )


class PrivateResponseMiddleware:
    """Mend's pages and API answers are private: no browser or proxy may keep a copy, so Back
    after "Exit this page" or signing out shows nothing (static files are served before this)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response


# What a view can set to change its own policy (django-csp's decorators); any of them, or a
# nonce, and the policy is built for that response as django-csp builds it.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, with the site's policy built once per process.

    django-csp builds the header (twice: the policy and the report-only one) for every
    response; for almost every response it is the same string, from the settings. The same
    rules decide where it goes (exempt views, excluded prefixes, a header a view set itself).
    """

    _site: tuple[Any, Any, str, str] | None = None

    def _site_policies(self) -> tuple[str, str]:
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        site = self._site
        # Held by reference, so a changed setting (tests override it) is never served stale.
        if site is None or site[0] is not config or site[1] is not report_only:
            site = (config, report_only, build_policy(), build_policy(report_only=True))
            self._site = site
        return site[2], site[3]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        policy, policy_ro = self._site_policies()
        for header, value, exempt, setting in (
            (HEADER, policy, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                HEADER_REPORT_ONLY,
                policy_ro,
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ):
            if not value or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
