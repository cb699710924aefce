"""Benchmark the cost of being signed in: wrk against `mend serve --prod`.

Run: .venv/bin/python benchmarks/bench_sessions.py [--rounds 5] [--seconds 5] [--connections 16]
Needs wrk (Debian/Ubuntu: `sudo apt-get install wrk`; macOS: `brew install wrk`).

It makes a fresh production install in a temporary folder (SQLite; PostgreSQL when DATABASE_URL
points at one: the tables are created in that database, so give it an empty one), creates one
person and a signed-in session for them, starts `mend serve --prod` (gunicorn) on a free loopback
port and runs wrk in alternating rounds: GET /healthz without a cookie (the baseline: no session,
no database), GET /api/v1/me with the session cookie (reads the session and the person), and
GET /healthz with the cookie (the session and the person without the API framework). It prints
the median rates and the ratio of /api/v1/me to /healthz; issue 16 asks for at least 0.5, which
needs a signed-in request that does not write its session (mend.accounts.sessions).
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MAKE_SESSION = """
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from mend.accounts.models import User
from mend.accounts.sessions import SessionStore
user = User.objects.create_user("bench@example.test", "a long bench password", display_name="B")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=5, help="alternating runs of each")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    return parser.parse_args()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wrk(url: str, args: argparse.Namespace, headers: list[str]) -> tuple[float, str]:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s"]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    found = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if not found:
        raise SystemExit(f"wrk printed no rate:\n{result.stdout}\n{result.stderr}")
    if "Non-2xx" in result.stdout:
        raise SystemExit(f"{url} answered errors under load:\n{result.stdout}")
    return float(found.group(1)), result.stdout


def main() -> int:
    args = _parse()
    if shutil.which("wrk") is None:
        print("wrk is not installed: sudo apt-get install wrk (or brew install wrk)")
        return 1
    data_dir = Path(tempfile.mkdtemp(prefix="mend-bench-sessions-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "DJANGO_SETTINGS_MODULE": "mend.settings",
        "MEND_PRODUCTION": "1",
        "MEND_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MEND_KEK": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    mend = [sys.executable, "-c", "from mend.cli import main; raise SystemExit(main())"]
    server = None
    try:
        subprocess.run([*mend, "migrate", "-v0"], env=env, check=True)
        subprocess.run([*mend, "createcachetable"], env=env, check=True)
        key = subprocess.run(
            [sys.executable, "-c", MAKE_SESSION],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        port = _free_port()
        server = subprocess.Popen(
            [
                *mend,
                "serve",
                "--prod",
                "--no-collectstatic",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        cookie = f"Cookie: sessionid={key}"
        check = urllib.request.Request(  # noqa: S310 - loopback
            f"{base}/api/v1/me", headers={"Cookie": f"sessionid={key}"}
        )
        with urllib.request.urlopen(check, timeout=5) as answer:  # noqa: S310 - loopback
            assert answer.status == 200, answer.status

        # Alternating short runs, medians compared: on a shared machine the load drifts, and
        # one long run of each would measure the drift as much as the difference.
        healths: list[float] = []
        signed_ins: list[float] = []
        # /healthz with the cookie: the same trivial view, plus reading the session and the
        # person; it separates the cost of being signed in from the API framework's.
        health_cookies: list[float] = []
        for _ in range(args.rounds):
            healths.append(_wrk(f"{base}/healthz", args, [])[0])
            signed_ins.append(_wrk(f"{base}/api/v1/me", args, [cookie])[0])
            health_cookies.append(_wrk(f"{base}/healthz", args, [cookie])[0])
        health, signed_in = statistics.median(healths), statistics.median(signed_ins)
        health_cookie = statistics.median(health_cookies)
        ratios = sorted(s / h for s, h in zip(signed_ins, healths, strict=True))
        database = os.environ.get("DATABASE_URL", "").split(":", 1)[0] or "sqlite"
        print(
            f"{args.rounds} alternating rounds of "
            f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s against "
            f"`mend serve --prod` ({args.workers} gunicorn workers, {database}, "
            f"{os.cpu_count()} CPUs)"
        )
        print(f"  GET /healthz (no cookie)         {health:9.0f} requests/s")
        print(f"  GET /healthz (session cookie)    {health_cookie:9.0f} requests/s")
        print(f"  GET /api/v1/me (signed in)       {signed_in:9.0f} requests/s")
        print(
            f"  signed-in / healthz ratio        {signed_in / health:9.2f}  (issue 16 asks >= 0.5)"
        )
        print(f"  ratio per round                  {', '.join(f'{r:.2f}' for r in ratios)}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
