"""Several app processes, one PostgreSQL: a session made on one process works on another, and
a sign-in throttle counted on one holds on the other (both live in the database)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import PASSWORD, UserFactory
from tests.served import free_port, serve

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="several app processes share one database on the PostgreSQL path only",
    ),
]


# The name the reverse proxy passes on to every process (allauth counts sign-in failures per
# site and address, and the site is the request's host).
HOST = {"Host": "mend.test"}


def _wait(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the app process stopped: {log.read_text()[-2000:]}")
        try:
            health = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=HOST)
            urllib.request.urlopen(health, timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the app process did not answer: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def two_processes(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None
) -> Iterator[tuple[str, str]]:
    tmp_path = tmp_path_factory.mktemp("scale-out")
    db = connection.settings_dict
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + db["NAME"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEND_")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="mend.settings",
        MEND_DATA_DIR=str(tmp_path / "data"),
        SECRET_KEY="one-secret-for-every-process",
        MEND_KEK="A" * 43,
        ALLOWED_HOSTS="mend.test",
        MEND_SECURE_COOKIES="0",
        # Compressing every static file takes minutes on a busy machine; not what is tested.
        MEND_STATIC_COMPRESS="0",
        MEND_PRODUCTION="1",
    )
    subprocess.run(
        [sys.executable, "-m", "mend.cli", "collect-static"], env=env, check=True, timeout=600
    )
    procs = []
    ports = []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"{name}.log"
            with log.open("wb") as out:
                proc = serve(env, port, workers=1, out=out)
            procs.append((proc, port, log))
            ports.append(port)
        for proc, port, log in procs:
            _wait(port, proc, log)
        yield (f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
    finally:
        for proc, _, _ in procs:
            proc.terminate()
            proc.wait(timeout=30)
        connection.close()


class Browser:
    """One person's cookies, used against any process, as through one reverse proxy."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            request = urllib.request.Request(url, headers=HOST)  # noqa: S310 - http on loopback
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def sign_in(self, base: str, email: str, password: str) -> tuple[int, str]:
        _, page = self.get(f"{base}/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:500]
        body = urllib.parse.urlencode(
            {"login": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - http on loopback
            f"{base}/accounts/login/", data=body, method="POST", headers=HOST
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()


def _verified(email: str) -> None:
    """Production asks for a verified address before signing in (allauth's mandatory mode). The
    app processes hash with Mend's own setting, not the suite's fast hasher."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    user = UserFactory(email=email)
    user.password = make_password(PASSWORD, hasher="argon2")
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


def test_a_session_made_on_one_process_works_on_another(two_processes: tuple[str, str]) -> None:
    first, second = two_processes
    _verified("sam@example.test")
    sam = Browser()
    status, _ = sam.sign_in(first, "sam@example.test", PASSWORD)
    assert status == 200
    status, body = sam.get(f"{second}/api/v1/me")
    assert status == 200, body
    assert "sam@example.test" in body


WAIT = re.compile(r"try again in (?:(\d+) min )?(\d+) s")


def test_a_sign_in_throttle_counted_on_one_process_holds_on_another(
    two_processes: tuple[str, str],
) -> None:
    """Wrong passwords on one process make the guesser wait longer and longer; the other
    process makes them wait just the same (the counters live in the shared database cache)."""
    first, second = two_processes
    _verified("sam@example.test")
    attacker = Browser()
    wait = 0
    for _ in range(20):
        _, body = attacker.sign_in(first, "sam@example.test", "wrong-password")
        found = WAIT.search(body)
        if found:
            wait = int(found.group(1) or 0) * 60 + int(found.group(2))
            if wait >= 8:
                break
            time.sleep(wait + 0.5)
    assert wait >= 8
    _, body = attacker.sign_in(second, "sam@example.test", "wrong-password")
    assert WAIT.search(body), body[:500]
