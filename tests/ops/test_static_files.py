"""`mend serve --prod` starts at once: static files are collected at install, and a start
collects again only when this version's static files changed."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase, override_settings

from mend.ops import static_files

# Compression is what makes collection slow; these tests check when it runs, not how.
PLAIN = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


class CollectOnceTests(SimpleTestCase):
    def setUp(self) -> None:
        import tempfile

        self.root = Path(tempfile.mkdtemp())
        self.overrides = override_settings(STATIC_ROOT=self.root, STORAGES=PLAIN)
        self.overrides.enable()
        self.addCleanup(self.overrides.disable)

    def test_a_second_start_does_not_collect_again(self) -> None:
        self.assertFalse(static_files.is_current())
        self.assertTrue(static_files.collect())
        self.assertTrue((self.root / "staticfiles.json").exists())
        with mock.patch.object(static_files, "call_command") as collectstatic:
            self.assertFalse(static_files.collect())
        collectstatic.assert_not_called()

    def test_a_new_version_of_the_static_files_is_collected(self) -> None:
        static_files.collect()
        with mock.patch.object(static_files, "source_fingerprint", return_value="changed"):
            self.assertFalse(static_files.is_current())
            with mock.patch.object(static_files, "call_command") as collectstatic:
                self.assertTrue(static_files.collect())
        collectstatic.assert_called_once()

    def test_a_lost_manifest_means_collecting_again(self) -> None:
        static_files.collect()
        (self.root / "staticfiles.json").unlink()
        self.assertFalse(static_files.is_current())
