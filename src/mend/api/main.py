"""The JSON API under /api/v1/: one NinjaAPI, one error shape for every failure."""

from __future__ import annotations

import logging
from typing import Any

from csp.decorators import csp_update
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic_core import ValidationError as PydanticCoreError

from mend.accounts import api as accounts_api
from mend.accounts.auth import AUTH, session_auth
from mend.apology import api as apology_api
from mend.care import api as care_api
from mend.commitments import api as commitments_api
from mend.core.api_parser import TextJSONParser, unwrapped
from mend.core.errors import error_payload
from mend.core.exceptions import DomainError
from mend.core.schemas import ErrorOut
from mend.inbox import api as inbox_api
from mend.instruments import api as instruments_api
from mend.ledger import api as ledger_api
from mend.notify import api as notify_api
from mend.privacy import api as privacy_api
from mend.safety import api as safety_api
from mend.screening import api as screening_api
from mend.selftrust import api as selftrust_api
from mend.spaces import api as spaces_api
from mend.vault.crypto import VaultKeyError, VaultLocked
from mend.vault.personal import LOCKED_MESSAGE

logger = logging.getLogger("mend.api")


def _docs_decorator(view: Any) -> Any:
    # Swagger UI sets inline styles; only its page gets that allowance.
    return csp_update({"style-src": ["'self'", "'unsafe-inline'"], "img-src": ["'self'", "data:"]})(
        view
    )


api = NinjaAPI(
    title="Mend API",
    version="1",
    description=(
        "Mend's JSON API. Authenticate with your browser session or with a personal access "
        "token (`Authorization: Bearer mend_…`, created on your account page). Every failure "
        'answers `{"error": {"code": "…", "message": "…", "fields": {…}}}`.'
    ),
    auth=AUTH,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=_docs_decorator,
    parser=TextJSONParser(),
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, fields: Any = None
) -> HttpResponse:
    return api.create_response(request, error_payload(code, message, fields), status=status)


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for err in exc.errors:
        msg = str(err.get("msg", "Invalid value."))
        fields.setdefault(_field_name(list(err.get("loc", []))), msg.removeprefix("Value error, "))
    return _error(request, 422, "invalid", "Some fields are missing or invalid.", fields)


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


_LOCKED = (
    "Private text cannot be opened: it was locked with a different server key, or it was "
    "changed in the database. Nothing was changed; the person who runs this Mend can restore "
    "the right key or the data."
)


def _is_locked_text(exc: BaseException) -> bool:
    # Sealed text read while the response is built arrives wrapped in pydantic's error.
    if isinstance(exc, PydanticCoreError):
        return any("VaultKeyError" in str(e.get("ctx", {}).get("error", "")) for e in exc.errors())
    return isinstance(exc, VaultKeyError)


def _is_self_locked(exc: BaseException) -> bool:
    if isinstance(exc, PydanticCoreError):
        return any(
            isinstance(e.get("ctx", {}).get("error"), VaultLocked)
            or LOCKED_MESSAGE in str(e.get("ctx", {}).get("error", ""))
            for e in exc.errors()
        )
    return isinstance(exc, VaultLocked)


_SELF_LOCKED = (
    f"{LOCKED_MESSAGE} In a browser session: POST /api/v1/me/self-trust/unlock with the "
    "passphrase (an access token cannot unlock it)."
)


@api.exception_handler(VaultKeyError)
def _locked(request: HttpRequest, exc: VaultKeyError) -> HttpResponse:
    if isinstance(exc, VaultLocked):
        # The person's own passphrase locks it and this session has not unlocked it.
        return _error(request, 423, "self_trust_locked", _SELF_LOCKED)
    # Text locked with another server key: say so (503), never a 500 or the key.
    return _error(request, 503, "text_locked", _LOCKED)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Sign in or send a valid access token.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "You cannot do that.")


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "too_large", "The request body is too large.")


# Django answers these with 400 itself, but inside the API ninja sees them first (reading
# request.POST for the CSRF check, or the files of an upload) and would call them a 500.
@api.exception_handler(MultiPartParserError)
def _malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _error(
        request,
        400,
        "bad_request",
        f"The request body could not be read as {request.content_type or 'sent'}: {exc}.",
    )


@api.exception_handler(BadRequest)
@api.exception_handler(SuspiciousOperation)
@api.exception_handler(UnreadablePostError)
def _unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 400, "bad_request", "The request could not be understood.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    exc = unwrapped(exc)
    codes = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        415: "unsupported_media_type",
        422: "invalid",
        429: "rate_limited",
    }
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc.message))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if _is_self_locked(exc):
        return _error(request, 423, "self_trust_locked", _SELF_LOCKED)
    if _is_locked_text(exc):
        return _error(request, 503, "text_locked", _LOCKED)
    logger.exception("Unhandled API error", exc_info=exc)
    return _error(request, 500, "server_error", "Something went wrong on our side.")


def register_routers() -> None:
    for router in (
        accounts_api.router,
        inbox_api.router,
        notify_api.router,
        privacy_api.router,
        spaces_api.router,
        ledger_api.router,
        commitments_api.router,
        apology_api.router,
        selftrust_api.router,
        instruments_api.router,
        safety_api.router,
        screening_api.router,
        care_api.router,
    ):
        api.add_router("/", router)


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
BODY_SOURCES = {"body", "form", "file"}


def document_errors(ninja_api: NinjaAPI) -> None:
    """Add to every operation's responses the failures the API's own machinery answers.

    A route declares what its services answer (``error_responses(403, 409)``); what any
    operation of its kind can meet is added here, so the document says it everywhere:
    401 without valid credentials; 403 when a session's CSRF check fails on an unsafe method;
    404 for an id that is not there or not yours; 422 for parameters or a body that do not
    validate; 400 for a body that cannot be parsed and 413 for one that is too large; 415 for a
    JSON body not sent as JSON (``mend.core.api_parser``).
    """
    for router in ninja_api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                sources = {model.__ninja_param_source__ for model in operation.models}
                statuses = set()
                unsafe = set(operation.methods) - SAFE_METHODS
                if operation.auth_callbacks:
                    statuses.add(401)
                    if session_auth in operation.auth_callbacks and unsafe:
                        statuses.add(403)
                if "path" in sources:
                    statuses.add(404)
                if sources:
                    statuses.add(422)
                if sources & BODY_SOURCES:
                    statuses |= {400, 413}
                if "body" in sources:
                    statuses.add(415)
                for status in sorted(statuses - set(operation.response_models)):
                    # The same wrapper ninja builds for ``response={status: ErrorOut}``.
                    operation.response_models[status] = operation._create_response_model(ErrorOut)


register_routers()
document_errors(api)
