"""Static files collected once per version, not on every start.

Collecting with compression (gzip and Brotli for every file) takes most of a minute on a small
machine. ``mend serve --prod`` used to do it on every start, so a restarted or added process
served nothing for that long. Now collection runs at install or upgrade (``make run``, the
container build, ``mend collectstatic``) and writes a stamp of what it collected from; a start
collects again only when the stamp differs from the static files this version ships.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

STAMP_NAME = ".mend-collected"


def source_fingerprint() -> str:
    """A digest of every static file's path, size and modification time, over all finders."""
    digest = hashlib.sha256()
    entries: list[str] = []
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=None):
            full = Path(storage.path(path))
            stat = full.stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode("utf-8", "surrogateescape"))
        digest.update(b"\n")
    return digest.hexdigest()


def _root() -> Path:
    if settings.STATIC_ROOT is None:
        raise RuntimeError("Static files are collected in production only (STATIC_ROOT).")
    return Path(settings.STATIC_ROOT)


def _stamp_path() -> Path:
    return _root() / STAMP_NAME


def is_current() -> bool:
    stamp = _stamp_path()
    manifest = _root() / "staticfiles.json"
    if not stamp.exists() or not manifest.exists():
        return False
    return stamp.read_text(encoding="ascii").strip() == source_fingerprint()


def collect(*, force: bool = False) -> bool:
    """Collect (and compress) the static files unless they are already current; True if it ran."""
    if not force and is_current():
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    _stamp_path().write_text(source_fingerprint() + "\n", encoding="ascii")
    return True
