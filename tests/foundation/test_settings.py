from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from mend.core import env as readers
from mend.core.env import ImproperlyConfiguredEnv
from tests.served import run_with_settings


def test_a_secret_can_come_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("MEND_TEST_SECRET_FILE", str(secret))
    monkeypatch.setenv("MEND_TEST_SECRET", "from-the-environment")
    assert readers.env_str("MEND_TEST_SECRET") == "from-a-file"


def test_typed_readers_refuse_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEND_TEST_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfiguredEnv, match="boolean"):
        readers.env_bool("MEND_TEST_FLAG")
    monkeypatch.setenv("MEND_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfiguredEnv, match="integer"):
        readers.env_int("MEND_TEST_NUMBER", 1)
    monkeypatch.setenv("MEND_TEST_LIST", " a, b ,,c ")
    assert readers.env_list("MEND_TEST_LIST", []) == ["a", "b", "c"]
    assert readers.env_int("MEND_TEST_UNSET", 7) == 7
    monkeypatch.setenv("MEND_TEST_SIGNUP", "everyone")
    with pytest.raises(ImproperlyConfiguredEnv, match="one of open, invitation"):
        readers.env_choice("MEND_TEST_SIGNUP", ("open", "invitation"), "open")
    monkeypatch.setenv("MEND_TEST_SIGNUP", " Invitation ")
    assert readers.env_choice("MEND_TEST_SIGNUP", ("open", "invitation"), "open") == "invitation"


@pytest.mark.django_db
def test_sqlite_runs_with_a_busy_timeout_and_foreign_keys() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


def test_production_mode_requires_a_secret_key(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DATABASE_URL"))}
    env.update({"MEND_PRODUCTION": "1", "MEND_DATA_DIR": str(tmp_path)})
    result = run_with_settings("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    import base64

    env["SECRET_KEY"] = "x" * 50
    env["MEND_KEK"] = base64.urlsafe_b64encode(bytes(32)).decode()
    code = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    result = run_with_settings(code, {**env, "MEND_DEBUG": "1"})
    assert result.stdout.split() == ["False", "True"]
