"""Benchmark the cost of being signed in: wrk against `mend serve --prod`.

Run: .venv/bin/python benchmarks/bench_sessions.py [--rounds 7] [--seconds 3] [--connections 16]
Needs wrk: on Debian, as root, it installs Debian's `wrk` with apt-get; elsewhere it says how
to install it and skips (exit 0), so `make bench` goes on.

It makes a fresh production install in a temporary folder (SQLite; with DATABASE_URL pointing at
PostgreSQL it creates its own empty database beside the one named, `<name>_bench_sessions`, and
drops it afterwards), creates one person and a signed-in session for them, starts
`mend serve --prod` (gunicorn) on a free loopback port and runs wrk in interleaved rounds:
GET /healthz without a cookie (the baseline: no session, no database), GET /api/v1/me with the
session cookie (reads the session with its person in one query), and GET /healthz with the
cookie (the same read without the API framework). The order alternates each round (ABC, CBA, …)
so a machine whose load drifts weighs on each alike. It prints the median rates, the median of
the per-round ratios of /api/v1/me to /healthz (issue 16 asks for at least 0.5) and the command
that made them.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.served import free_port, serve  # noqa: E402

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

# In-process, on the same install: queries per request and microseconds per request of each
# endpoint, interleaved in batches (no HTTP server: the middleware, session, person and view).
IN_PROCESS = """
import statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
key = sys.argv[1]
anonymous, signed_in = Client(), Client()
signed_in.cookies["sessionid"] = key
def get(client, path):
    response = client.get(path, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (path, response.status_code)
for client, path, name in ((anonymous, "/healthz", "health"), (signed_in, "/api/v1/me", "me")):
    get(client, path)
    with CaptureQueriesContext(connection) as queries:
        get(client, path)
    print(name, "queries", len(queries.captured_queries))
def batch(client, path, n=100):
    start = time.perf_counter()
    for _ in range(n):
        get(client, path)
    return (time.perf_counter() - start) / n
health, me = [], []
for _ in range(9):
    health.append(batch(anonymous, "/healthz"))
    me.append(batch(signed_in, "/api/v1/me"))
print("health us", statistics.median(health) * 1e6)
print("me us", statistics.median(me) * 1e6)
print("ratio", statistics.median(h / m for h, m in zip(health, me)))
"""


def _in_process(env: dict[str, str], key: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, key],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found: dict[str, float] = {}
    for line in out.splitlines():
        *name, value = line.split()
        found[" ".join(name)] = float(value)
    return found


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved runs of each")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    return parser.parse_args()


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


def _ensure_wrk() -> bool:
    if shutil.which("wrk"):
        return True
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing Debian's wrk for the session benchmark…", flush=True)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)  # type: ignore[call-overload]
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, **quiet)  # type: ignore[call-overload]
    return shutil.which("wrk") is not None


def _own_postgres_database(url: str) -> tuple[str, str, str] | None:
    """(the benchmark's database URL, its name, the server's maintenance URL), or None."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return None
    name = f"{parts.path.lstrip('/') or 'mend'}_bench_sessions"
    return (
        urlunsplit(parts._replace(path=f"/{name}")),
        name,
        urlunsplit(parts._replace(path="/postgres")),
    )


def _postgres(maintenance_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(statement)


def main() -> int:
    args = _parse()
    if not _ensure_wrk():
        print(
            "SKIPPED bench_sessions: wrk is not installed and could not be installed here "
            "(Debian: apt-get install wrk; macOS: brew install wrk)."
        )
        return 0
    data_dir = Path(tempfile.mkdtemp(prefix="mend-bench-sessions-"))
    own_db = _own_postgres_database(os.environ.get("DATABASE_URL", ""))
    if own_db is not None:
        _postgres(own_db[2], f'DROP DATABASE IF EXISTS "{own_db[1]}"')
        _postgres(own_db[2], f'CREATE DATABASE "{own_db[1]}"')
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
    if own_db is not None:
        env["DATABASE_URL"] = own_db[0]
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
        inside = _in_process(env, key)
        port = free_port()
        server = serve(env, port, workers=args.workers, out=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        # The server listens once Mend is loaded (gunicorn --preload): on a loaded machine that
        # can take a minute or more.
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5)  # noqa: S310 - loopback
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        cookie = f"Cookie: sessionid={key}"
        check = urllib.request.Request(  # noqa: S310 - loopback
            f"{base}/api/v1/me", headers={"Cookie": f"sessionid={key}"}
        )
        # Generous: on a loaded machine a worker may still be starting when the first request
        # reaches it.
        with urllib.request.urlopen(check, timeout=60) as answer:  # noqa: S310 - loopback
            assert answer.status == 200, answer.status

        # Interleaved short runs, the order reversed every other round, medians compared: on a
        # shared machine the load drifts, and one long run of each would measure the drift as
        # much as the difference.
        runs: dict[str, list[float]] = {"health": [], "signed_in": [], "health_cookie": []}
        targets = [
            ("health", f"{base}/healthz", []),
            ("signed_in", f"{base}/api/v1/me", [cookie]),
            # /healthz with the cookie: the same trivial view, plus reading the session and the
            # person; it separates the cost of being signed in from the API framework's.
            ("health_cookie", f"{base}/healthz", [cookie]),
        ]
        # One unmeasured run of each first, so that no measured round pays for a worker's start.
        for _name, url, headers in targets:
            _wrk(url, args, headers)
        for round_number in range(args.rounds):
            order = targets if round_number % 2 == 0 else targets[::-1]
            for name, url, headers in order:
                runs[name].append(_wrk(url, args, headers)[0])
        health = statistics.median(runs["health"])
        signed_in = statistics.median(runs["signed_in"])
        health_cookie = statistics.median(runs["health_cookie"])
        ratios = [s / h for s, h in zip(runs["signed_in"], runs["health"], strict=True)]
        database = own_db[0].split(":", 1)[0] if own_db else "sqlite"
        given = urlsplit(os.environ.get("DATABASE_URL", ""))
        shown = f"DATABASE_URL={given.scheme}://{given.hostname}:{given.port}{given.path} "
        command = (shown if own_db else "") + " ".join(
            ["python", "benchmarks/bench_sessions.py", *sys.argv[1:]]
        )
        print(f"$ {command}")
        print(
            f"{args.rounds} interleaved rounds of "
            f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s against "
            f"`mend serve --prod` ({args.workers} gunicorn workers, {database}, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})"
        )
        print(f"  GET /healthz (no cookie)         {health:9.0f} requests/s (median)")
        print(f"  GET /healthz (session cookie)    {health_cookie:9.0f} requests/s (median)")
        print(f"  GET /api/v1/me (signed in)       {signed_in:9.0f} requests/s (median)")
        print(
            f"  signed-in / healthz ratio        {statistics.median(ratios):9.2f}"
            "  (median of the rounds; issue 16 asks >= 0.5)"
        )
        print(f"  ratio of the medians             {signed_in / health:9.2f}")
        print(f"  ratio per round, sorted          {', '.join(f'{r:.2f}' for r in sorted(ratios))}")
        print(
            "In process (no HTTP server), medians of 9 interleaved batches of 100:\n"
            f"  GET /healthz      {inside['health us']:7.0f} µs, "
            f"{inside['health queries']:.0f} queries\n"
            f"  GET /api/v1/me    {inside['me us']:7.0f} µs, "
            f"{inside['me queries']:.0f} queries (the session with its person)\n"
            f"  ratio             {inside['ratio']:7.2f}"
        )
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                # gunicorn lets workers finish for up to 30 s; a loaded machine may need longer.
                server.kill()
                server.wait()
        shutil.rmtree(data_dir, ignore_errors=True)
        if own_db is not None:
            _postgres(own_db[2], f'DROP DATABASE IF EXISTS "{own_db[1]}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
