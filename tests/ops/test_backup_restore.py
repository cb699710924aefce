"""A backup restored into a fresh install reads back a journal entry with the key, and
cannot without it. Runs the `mend` command as an operator would, on this run's database
engine (SQLite files, or fresh PostgreSQL databases when DATABASE_URL is set)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

WRITE = """
from mend.accounts.models import User
from mend.selftrust.services import create_entry
from mend.spaces.services import create_space
alex = User.objects.create_user(email="alex@example.test", password="not-used-here-1")
space = create_space(creator=alex, name="Alex", kind="couple")
entry = create_entry(space=space, owner=alex, title="Backed up", body="MARKER-a1b2 in the journal")
print(entry.pk)
"""

READ = """
from mend.selftrust.models import JournalEntry, decrypt_entries
entry = decrypt_entries([JournalEntry.objects.get()])[0]
print(entry.body)
"""


def _mend(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "mend.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=180,
    )


def _pg_url(name: str) -> str:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)  # type: ignore[arg-type]


@pytest.fixture
def installs(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Two installs (the original and a fresh one) sharing nothing but the key folder."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MEND_", "DATABASE_URL"))}
    base["DJANGO_SETTINGS_MODULE"] = "mend.settings"
    keys = tmp_path / "keys"
    made: list[str] = []
    envs = []
    for name in ("original", "fresh"):
        env = {**base, "MEND_DATA_DIR": str(tmp_path / name), "MEND_KEY_DIR": str(keys)}
        if connection.vendor == "postgresql":
            db = f"mend_backup_{name}_{uuid.uuid4().hex[:8]}"
            _pg_admin(f'CREATE DATABASE "{db}"')
            made.append(db)
            env["DATABASE_URL"] = _pg_url(db)
        envs.append(env)
    yield envs[0], envs[1], tmp_path
    for db in made:
        _pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def test_a_restored_backup_opens_the_journal_with_the_key_and_only_with_it(installs) -> None:  # type: ignore[no-untyped-def]
    original, fresh, tmp = installs
    _mend(original, "migrate", "--noinput", "-v0")
    _mend(original, "shell", "-c", WRITE)
    backup = tmp / "mend.backup"
    made = _mend(original, "backup", str(backup))
    assert "holds no key" in made.stdout
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert b"MARKER-a1b2" not in backup.read_bytes()
    kek = (tmp / "keys" / "kek").read_text().strip()
    assert kek.encode() not in backup.read_bytes()

    again = _mend(original, "backup", str(backup), check=False)
    assert again.returncode != 0 and "exists" in again.stderr

    _mend(fresh, "migrate", "--noinput", "-v0")
    refused = _mend(fresh, "restore", str(backup), check=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    _mend(fresh, "restore", str(backup), "--yes")
    assert (
        _mend(fresh, "shell", "-c", READ).stdout.strip().splitlines()[-1]
        == "MARKER-a1b2 in the journal"
    )

    other_keys = {**fresh, "MEND_KEY_DIR": str(tmp / "other-keys")}
    without = _mend(other_keys, "shell", "-c", READ, check=False)
    assert without.returncode != 0
    assert "MARKER-a1b2" not in without.stdout


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    from mend.ops.backup import BackupError, restore

    junk = tmp_path / "junk"
    junk.write_bytes(b"hello")
    with pytest.raises(BackupError, match="not a Mend backup"):
        restore(settings_dict=connection.settings_dict, source=junk)
