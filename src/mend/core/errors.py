"""One error shape for every API failure, and the HTML fallbacks for pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse


def error_payload(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def json_error(
    status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> JsonResponse:
    return JsonResponse(error_payload(code, message, fields), status=status)


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_or_json(
    request: HttpRequest, status: int, code: str, title: str, message: str, back: str = ""
) -> HttpResponse:
    """The error page (with a link ``back`` to where the person was, when given), or the API's
    error shape."""
    if wants_json(request):
        return json_error(status, code, message)
    context = {"title": title, "message": message, "back": back}
    return TemplateResponse(request, "web/error.html", context, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return page_or_json(
        request, 404, "not_found", "Not found", "There is nothing here, or it is not yours to see."
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return page_or_json(request, 403, "forbidden", "Not allowed", "You cannot do that here.")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return page_or_json(
        request, 400, "bad_request", "Bad request", "The request could not be understood."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return json_error(500, "server_error", "Something went wrong on our side.")
    return TemplateResponse(
        request,
        "web/error.html",
        {"title": "Something went wrong", "message": "Something went wrong on our side."},
        status=500,
    ).render()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return page_or_json(
        request,
        403,
        "csrf_failed",
        "Please try again",
        "This form had expired or came from elsewhere. Reload the page and try again.",
    )
