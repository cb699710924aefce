"""Mend's production server (`mend serve --prod`, gunicorn) on a free loopback port, for the
test and the benchmark that talk to production processes over HTTP; and a fresh interpreter
for the tests of what the settings read from the environment at start-up."""

from __future__ import annotations

import socket
import subprocess
import sys
from typing import IO, Any


def free_port() -> int:
    """A loopback port nobody listens on when asked (the server binds it soon after)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(
    env: dict[str, str], port: int, *, workers: int, out: IO[Any] | int
) -> subprocess.Popen[bytes]:
    """The server started with ``env``, its output and errors to ``out`` (a file, or
    ``subprocess.DEVNULL``). The static files are not collected: that takes minutes on a busy
    machine and is neither tested nor measured here."""
    command = [
        sys.executable,
        "-m",
        "mend.cli",
        "serve",
        "--prod",
        "--no-collectstatic",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603 - our own command


def run_with_settings(
    code: str, env: dict[str, str], *, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """``code`` run by a fresh Python with ``env`` as its whole environment and Mend's settings:
    the settings are read once per process, so a test of how they read the environment cannot
    change them in its own. Its output and errors are captured as text."""
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "mend.settings"},
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
    )
