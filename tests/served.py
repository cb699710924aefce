"""Mend's production server (`mend serve --prod`, gunicorn) on a free loopback port, for the
test and the benchmark that talk to production processes over HTTP."""

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
