"""``mend serve --prod`` keeps no request log: each line would give a person's address, the
time and the page (a self-trust page, the safety screen, "get in touch", a calendar feed's
secret), a timeline of when and how someone uses Mend for whoever reads the host's logs. The
nginx example turns its own access log off for the same reason."""

from __future__ import annotations

import os
from unittest import mock

from mend import cli
from tests.served import run_with_settings


def test_gunicorn_is_started_without_an_access_log() -> None:
    with (
        mock.patch.dict(os.environ),
        mock.patch("django.setup"),
        mock.patch.object(cli.os, "execvp") as execvp,
    ):
        cli._serve(["--prod", "--no-collectstatic", "--workers", "2"])
    (_program, argv), _kwargs = execvp.call_args
    assert "gunicorn" in argv
    assert not any(arg.startswith("--access-log") for arg in argv), argv


# The development server (``mend serve`` without --prod, Django's runserver), in a fresh
# interpreter with Mend's settings: it answers a page that works, one not found, one failing.
DEV_SERVER = """
import threading, urllib.error, urllib.request
import django
django.setup()
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

def app(environ, start_response):
    status = {"/broken": "500 Internal Server Error", "/gone": "404 Not Found"}.get(
        environ["PATH_INFO"], "200 OK"
    )
    start_response(status, [("Content-Type", "text/plain")])
    return [b"x"]

server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
server.set_app(app)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}"
urllib.request.urlopen(base + "/self-trust/journal/5/").read()
for path in ("/gone", "/broken"):
    try:
        urllib.request.urlopen(base + path)
    except urllib.error.HTTPError:
        pass
server.shutdown()
"""


def test_the_development_server_logs_errors_but_not_each_request() -> None:
    # Run from `make run` on a household's own computer, its terminal or log file would hold
    # a timeline of which pages each person opened, and when.
    ran = run_with_settings(DEV_SERVER, dict(os.environ), check=True)
    assert "/self-trust/journal/5/" not in ran.stderr, ran.stderr
    assert "/gone" not in ran.stderr, ran.stderr  # nor a 4xx's path, as in production
    assert "/broken" in ran.stderr, ran.stderr
