from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from mend.core.errors import page_or_json


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
