"""Private text that cannot be opened answers a clear 503 page, never a crash or a debug page.

It happens when the server runs with another key-encryption key than the one the text was
locked with (a restored database without its key, a rotation not finished). The message says
what to do and names no key.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from mend.vault.crypto import VaultKeyError, VaultLocked

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cannot be opened · Mend</title></head>
<body><main><h1>This private text cannot be opened</h1><p>{message}</p>
<p>Nothing was changed. The person who runs this Mend needs to restore the right key.</p>
<p><a href="/">Home</a></p></main></body></html>"""


_OWN_LOCK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Locked · Mend</title></head>
<body><main><h1>Your self-trust space is locked</h1><p>{message}</p>
<p><a href="/self-trust/unlock/?next={next}">Unlock it</a>, then try again. Nothing was changed.</p>
<p><a href="/">Home</a></p></main></body></html>"""


class LockedTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, VaultKeyError):
            return None
        if isinstance(exception, VaultLocked):
            # The person's own passphrase (a page outside self-trust, e.g. the data download).
            page = _OWN_LOCK_PAGE.format(
                message=escape(str(exception)), next=quote(request.get_full_path())
            )
            return HttpResponse(page, status=423)
        return HttpResponse(_PAGE.format(message=escape(str(exception))), status=503)
