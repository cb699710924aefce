"""The API's JSON parser: well-formed JSON that holds text, or a 400.

JSON may spell a lone surrogate ("\\ud800"), which is not a character: Python keeps it in a str
until the database refuses it mid-request. Refused here, for every field of every operation.
"""

from __future__ import annotations

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


class TextJSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            # A form body (a plain HTML form, or an empty POST from a client that sends no JSON)
            # is read as its fields; each operation's schema still validates them.
            data: Any = request.POST.dict()
        else:
            data = super().parse_body(request)
        if _has_surrogate(data):
            raise HttpError(400, "The request holds broken text (a lone surrogate).")
        return data
