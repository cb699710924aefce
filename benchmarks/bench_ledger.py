"""Benchmark the ledger: five years of daily activity, then the trust endpoint and the dashboard.

Run: .venv/bin/python benchmarks/bench_ledger.py [--years 5] [--requests 50] [--load 2000]
SQLite by default (a file in a temporary folder); PostgreSQL when DATABASE_URL points at one
(a fresh database named mend_bench_ledger_<pid> is created on that server and dropped after).

1. In-process (Django test client): median and p95 of 50 requests each to
   GET /api/v1/spaces/{id}/trust and GET /spaces/{id}/ledger/, and the query count of each.
2. Load on loopback: `mend serve --prod --port 8765 --workers 2 --no-collectstatic` against the
   same database; wrk (when installed, time-bounded) or client threads (bounded in count and time)
   against /healthz (no authentication, no database), /api/v1/ping (the bare JSON view behind the
   same token authentication as the API) and the trust endpoint; requests/s for each and the
   ratios trust/ping (the fair comparison; goal >= 0.5) and trust/healthz.
   The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import os
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import checkout  # noqa: F401  (this tree's src first on the path)
from scratch import Database

HOST, PORT = "127.0.0.1", 8765


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=5.0)
    parser.add_argument("--per-day", type=int, default=11, help="moments per day (both ways)")
    parser.add_argument("--requests", type=int, default=50, help="in-process requests per page")
    parser.add_argument("--load", type=int, default=2000, help="loopback requests per endpoint")
    parser.add_argument("--threads", type=int, default=8, help="client threads / connections")
    parser.add_argument("--seconds", type=float, default=15, help="time limit per endpoint")
    parser.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="wrk when installed"
    )
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile one request of each")
    return parser.parse_args()


# --- Data ---------------------------------------------------------------------------------------


def build(years: float, per_day: int) -> dict[str, Any]:
    import random

    from django.utils import timezone

    from mend.accounts.models import User
    from mend.accounts.tokens import create_token
    from mend.domain.bank import MOMENT_KINDS
    from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
    from mend.ledger.trust_pairs import rebuild_space
    from mend.spaces.models import Membership, Space
    from mend.spaces.visibility import Visibility

    rng = random.Random(5)
    alex = User.objects.create_user(email="alex@bench.test", password="x" * 20, display_name="Alex")
    sam = User.objects.create_user(email="sam@bench.test", password="x" * 20, display_name="Sam")
    now = timezone.now()
    days = round(365.25 * years)
    start = now - timedelta(days=days)
    space = Space.objects.create(name="Bench", created_by=alex, created_at=start)
    Membership.objects.create(space=space, user=alex, joined_at=start)
    Membership.objects.create(space=space, user=sam, joined_at=start)
    positive = [k.code for k in MOMENT_KINDS if k.sign > 0]
    negative = [k.code for k in MOMENT_KINDS if k.sign < 0]
    batch: list[Moment] = []
    total = 0
    for day in range(days):
        for _ in range(per_day):
            at = start + timedelta(days=day, minutes=rng.randint(0, 24 * 60 - 1))
            actor, receiver = (alex, sam) if rng.random() < 0.5 else (sam, alex)
            by_receiver = rng.random() < 0.7
            batch.append(
                Moment(
                    space=space,
                    owner=receiver if by_receiver else actor,
                    visibility=Visibility.PRIVATE if rng.random() < 0.05 else Visibility.SPACE,
                    kind=rng.choice(positive if rng.random() < 0.8 else negative),
                    actor=actor,
                    receiver=receiver,
                    occurred_at=at,
                    created_at=at,
                    confirmed_at=at if by_receiver or rng.random() < 0.7 else None,
                )
            )
        if len(batch) >= 5000:
            Moment.objects.bulk_create(batch, batch_size=1000)
            total += len(batch)
            batch = []
    Moment.objects.bulk_create(batch, batch_size=1000)
    total += len(batch)
    disclosures = [
        Disclosure(
            space=space,
            owner=alex,
            visibility=Visibility.SPACE,
            kind="change",
            text=f"Week {w}",
            occurred_at=start + timedelta(weeks=w),
            acknowledged_by=sam,
            acknowledged_at=start + timedelta(weeks=w, hours=3),
        )
        for w in range(days // 7)
    ]
    Disclosure.objects.bulk_create(disclosures, batch_size=1000)
    checkins = [
        FeltTrustCheckIn(
            space=space,
            owner=owner,
            about=about,
            felt_trust=rng.randint(2, 9),
            forgiveness=rng.randint(2, 9),
            occurred_at=start + timedelta(days=d),
        )
        for d in range(0, days, 14)
        for owner, about in ((alex, sam), (sam, alex))
    ]
    FeltTrustCheckIn.objects.bulk_create(checkins, batch_size=1000)
    t0 = time.perf_counter()
    rebuild_space(space=space)
    rebuild_s = time.perf_counter() - t0
    from django.db import connection

    with connection.cursor() as cursor:  # planner statistics, as a live database would have
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    _token, secret = create_token(user=alex, name="bench")
    return {
        "space": space,
        "alex": alex,
        "secret": secret,
        "events": total + len(disclosures),
        "moments": total,
        "rebuild_s": rebuild_s,
    }


# --- In-process timing --------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def in_process(data: dict[str, Any], n: int, profile: bool = False) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.force_login(data["alex"])
    sid = data["space"].pk
    for label, path in (
        ("trust endpoint", f"/api/v1/spaces/{sid}/trust"),
        ("dashboard page", f"/spaces/{sid}/ledger/"),
    ):
        t0 = time.perf_counter()
        response = client.get(path)  # warm caches, the session and the pair memo
        first_ms = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        queries = len(ctx.captured_queries)
        if profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(client.get, path)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
            for q in ctx.captured_queries:
                print(f"{q['time']}  {q['sql'][:200]}")
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        print(
            f"{label:15s} median {statistics.median(times):7.2f} ms"
            f"   p95 {_pct(times, 0.95):7.2f} ms   queries {queries}"
            f"   ({n} requests, in-process test client; first {first_ms:.1f} ms)"
        )


# --- Load on loopback ---------------------------------------------------------------------------


def _wait_ready(deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start in time")


def _drive(
    path: str, headers: dict[str, str], total: int, threads: int, limit_s: float
) -> tuple[float, int, int]:
    """Send `total` requests over `threads` threads (stopping early at `limit_s`)."""
    lock = threading.Lock()
    state = {"left": total, "ok": 0, "bad": 0}
    stop_at = time.monotonic() + limit_s

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
        while time.monotonic() < stop_at:
            with lock:
                if state["left"] <= 0:
                    break
                state["left"] -= 1
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                good = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
            except OSError:
                good = False
                conn.close()
                conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
            with lock:
                state["ok" if good else "bad"] += 1
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    return state["ok"] / elapsed, state["ok"], state["bad"]


def _wrk(
    path: str, headers: dict[str, str], seconds: float, threads: int
) -> tuple[float, int, int]:
    """Drive one path with wrk (bounded by time); (requests/s, ok, failed)."""
    import re

    cmd = ["wrk", "-t2", f"-c{threads}", f"-d{max(1, round(seconds))}s", "--timeout", "10s"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    cmd.append(f"http://{HOST}:{PORT}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30).stdout
    rate = re.search(r"Requests/sec:\s*([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", out)
    n_bad = int(bad.group(1)) if bad else 0
    n_bad += int(errors.group(1)) if errors else 0
    n = int(total.group(1)) if total else 0
    return (float(rate.group(1)) if rate else 0.0) * (n - n_bad) / max(n, 1), n - n_bad, n_bad


def load(
    data: dict[str, Any], db: Database, total: int, threads: int, client: str, seconds: float
) -> None:
    import shutil

    env = dict(os.environ)
    env.update(
        {
            "SECRET_KEY": base64.urlsafe_b64encode(os.urandom(40)).decode(),
            "MEND_KEK": base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MEND_DATA_DIR": str(db.tmp),
        }
    )
    if db.pg_name:
        env["DATABASE_URL"] = db.url
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    mend = str(Path(sys.executable).with_name("mend"))
    # Only JSON is requested here, so the static files are not collected (that takes minutes on
    # a busy machine and has nothing to do with the figures).
    cmd = [mend, "serve", "--prod", "--port", str(PORT), "--workers", "2", "--no-collectstatic"]
    print(f"server: {shlex.join(cmd)}")
    log = open(db.tmp / "server.log", "wb")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        _wait_ready(time.monotonic() + 120)
        sid = data["space"].pk
        auth = {"Authorization": f"Bearer {data['secret']}"}
        targets = [
            ("/healthz (no auth, no DB)", "/healthz", {}),
            ("/api/v1/ping (token auth)", "/api/v1/ping", auth),
            ("trust endpoint", f"/api/v1/spaces/{sid}/trust", auth),
        ]
        for _label, path, headers in targets:  # warm-up: imports, connections, caches
            _drive(path, headers, 50, threads, 10)
        if client == "wrk":
            print(f"client: wrk, 2 threads, {threads} connections, {seconds:g} s per endpoint")
        else:
            print(f"client: Python threads ({threads}), {total} requests or {seconds:g} s each")
        rates: dict[str, float] = {}
        for label, path, headers in targets:
            if client == "wrk":
                rate, ok, bad = _wrk(path, headers, seconds, threads)
            else:
                rate, ok, bad = _drive(path, headers, total, threads, seconds)
            rates[path.split("/")[-1]] = rate
            print(f"{label:28s} {rate:8.1f} req/s   ({ok} ok, {bad} failed)")
        trust = rates["trust"]
        print(f"ratio trust / ping          {trust / rates['ping']:8.2f}   (goal >= 0.5)")
        print(f"ratio trust / healthz       {trust / rates['healthz']:8.2f}")
    except Exception:
        log.flush()
        print((db.tmp / "server.log").read_text(errors="replace")[-3000:], file=sys.stderr)
        raise
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def main() -> int:
    opts = _parse()
    print(
        "command: " + shlex.join([".venv/bin/python", "benchmarks/bench_ledger.py", *sys.argv[1:]])
    )
    db = Database("ledger")
    db.create()
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        data = build(opts.years, opts.per_day)
        print(
            f"database: {db.kind}; {data['events']} events ({data['moments']} moments) over "
            f"{opts.years:g} years built in {time.perf_counter() - t0:.1f} s; "
            f"rebuild of every pair {data['rebuild_s'] * 1000:.0f} ms"
        )
        in_process(data, opts.requests, profile=opts.profile)
        if not opts.skip_load:
            from django.db import connections

            connections.close_all()
            load(data, db, opts.load, opts.threads, opts.client, opts.seconds)
    finally:
        db.drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
