"""The API's JSON parser: a JSON object that holds text, or a 400 that says what is wrong.

JSON may spell a lone surrogate ("\\ud800"), which is not a character: Python keeps it in a str
until the database refuses it mid-request. Refused here, for every field of every operation.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.parser import Parser


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _not_json(constant: str) -> Any:
    # Python's json reads NaN and Infinity, which JSON does not have.
    raise ValueError(f"{constant} is not a JSON value")


def _finite(number: str) -> float:
    # 1e400 is JSON, but Python reads it as infinity, which no field can hold.
    value = float(number)
    if not math.isfinite(value):
        raise ValueError(f"{number} is too large a number")
    return value


# No operation's body nests deeper than a few levels. Said here, not left to the parser's
# recursion limit, which differs between Python versions (3.11 stops near 1,000 levels, 3.13
# reads 5,000).
MAX_DEPTH = 32


def _too_deep(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


class BodyError(HttpError):
    """A request body the API cannot read; ninja wraps it in its own "Cannot parse request
    body", so the API's error handler answers with this message instead (``reason``)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(status, message)


def unwrapped(exc: HttpError) -> HttpError:
    """The parser's own error (its status and what a person can act on) when ninja wrapped it
    in "Cannot parse request body"; else ``exc``."""
    cause = exc.__cause__
    return cause if isinstance(cause, BodyError) else exc


def _json(body: bytes) -> Any:
    try:
        # utf-8-sig: some tools (PowerShell, .NET) begin a body with a byte-order mark.
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BodyError(f"The request body is not UTF-8 text (byte {exc.start}).") from exc
    try:
        data = json.loads(text, parse_constant=_not_json, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise BodyError(
            f"The request body is not valid JSON: {exc.msg} (line {exc.lineno}, "
            f"column {exc.colno})."
        ) from exc
    except ValueError as exc:
        raise BodyError(f"The request body is not valid JSON: {exc}.") from exc
    except RecursionError as exc:
        raise BodyError("The request body is nested too deeply.") from exc
    if _too_deep(data):
        raise BodyError("The request body is nested too deeply.")
    return data


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def is_json_type(content_type: str | None) -> bool:
    """``application/json`` or a ``+json`` type (``application/merge-patch+json``); Django has
    already left out any ``; charset=…``."""
    kind = (content_type or "").lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


def _not_json_type(request: HttpRequest) -> BodyError:
    sent = request.content_type or "no Content-Type"
    return BodyError(
        f"The request body must be JSON sent with Content-Type: application/json (it came with "
        f"{sent}). Nothing was changed.",
        415,
    )


class TextJSONParser(Parser):
    """Reads only what was sent as JSON. Text/plain is a type a page of another site can send
    without asking first, and a form's fields are not the body the document describes: both
    answer 415. Uploads (``File``) and a session's CSRF token are not read here."""

    def parse_body(self, request: HttpRequest) -> Any:
        if request.content_type in FORM_TYPES:
            # Django reads a form's fields for POST only: a PUT or PATCH form would look empty
            # here and be taken as "no body" (a PUT of defaults over what was saved).
            if request.method != "POST" or request.POST or request.FILES:
                raise _not_json_type(request)
            # An empty form: what a client that posts nothing sends (Django's test client, a
            # bare button), to an operation whose body may be left out.
            data: Any = {}
        elif is_json_type(request.content_type):
            data = _json(request.body)
        else:
            raise _not_json_type(request)
        # Every operation's body is an object (null where the body may be left out): a list or
        # a string would otherwise be read as an object with none of its fields. JSON, but not
        # what the document says: invalid (422), as a field of the wrong type is.
        if data is not None and not isinstance(data, dict):
            raise BodyError('The request body must be a JSON object, {"name": value, ...}.', 422)
        if _has_surrogate(data):
            raise BodyError("The request holds broken text (a lone surrogate).")
        return data
