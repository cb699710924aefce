"""No secret reaches an error page; the data folder and its files are private to their owner."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.views.debug import technical_500_response

from mend.core.reporting import SecretSafeReporterFilter
from tests.base import MendTestCase


def _error_page(**environ: str) -> str:
    request = RequestFactory().get("/spaces/1/report/", **environ)
    try:
        raise OverflowError("date value out of range")
    except OverflowError:
        exc_type, exc, tb = sys.exc_info()
    return technical_500_response(request, exc_type, exc, tb).content.decode()


@override_settings(DEBUG=True)
def test_the_debug_page_shows_no_secret_setting_or_environment_value() -> None:
    kek = settings.MEND_KEK
    page = _error_page(MEND_KEK=kek, DATABASE_URL="postgres://mend:hunter2hunter2@db/mend")
    assert kek not in page
    assert settings.SECRET_KEY not in page
    assert "hunter2hunter2" not in page
    assert "MEND_KEK" in page  # named, with its value masked


@override_settings(MEND_QUICK_EXIT_URL="https://example.test/?k=" + "x" * 40)
def test_a_secret_pasted_into_another_setting_is_masked_by_value() -> None:
    with override_settings(MEND_NOTE=settings.MEND_KEK):
        safe = SecretSafeReporterFilter().get_safe_settings()
    assert settings.MEND_KEK not in repr(safe)


class ReportParameters(MendTestCase):
    def test_out_of_range_dates_are_a_clear_400_not_a_500(self) -> None:
        client = self.login(self.alice)
        for query in ("end=9999-12-31", "end=0001-01-01", "start=0001-01-01", "end=2026-02-30"):
            r = client.get(f"/spaces/{self.space.pk}/report/?{query}")
            self.assertEqual(r.status_code, 400, query)
            self.assertContains(
                r, "Choose dates" if "000" in query or "9999" in query else "YYYY", status_code=400
            )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_local_install_keeps_its_files_private(tmp_path: Path) -> None:
    data, keys = tmp_path / "data", tmp_path / "keys"
    env = {
        **os.environ,
        "MEND_DATA_DIR": str(data),
        "MEND_KEY_DIR": str(keys),
        "DJANGO_SETTINGS_MODULE": "mend.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("MEND_KEK", None)
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, check=True, timeout=60
    )
    assert _mode(data) == 0o700
    assert _mode(data / "secret_key") == 0o600
    assert _mode(data / "mend.sqlite3") == 0o600
    # The key-encryption key is not in the data folder: a copy of it alone cannot be read.
    assert not (data / "kek").exists()
    assert _mode(keys / "kek") == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_key_kept_in_the_data_folder_by_an_earlier_version_is_moved_out(tmp_path: Path) -> None:
    from mend.vault.config import generate_kek, load_kek

    data, keys = tmp_path / "data", tmp_path / "keys"
    data.mkdir()
    old = generate_kek()
    (data / "kek").write_text(old)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MEND_KEY_DIR", str(keys))
        mp.delenv("MEND_KEK", raising=False)
        assert load_kek(data_dir=data, production=False) == old
    assert not (data / "kek").exists()
    assert (keys / "kek").read_text() == old
