"""``mend serve --prod`` keeps no request log: each line would give a person's address, the
time and the page (a self-trust page, the safety screen, "get in touch", a calendar feed's
secret), a timeline of when and how someone uses Mend for whoever reads the host's logs. The
nginx example turns its own access log off for the same reason."""

from __future__ import annotations

import os
from unittest import mock

from mend import cli


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
