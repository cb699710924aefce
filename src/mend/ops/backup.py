"""Backups of Mend's database, taken while it runs, and their restore.

A backup holds the database only. The key-encryption key (KEK) that wraps every person's data
key is never written into it: a backup alone cannot open a journal, and a lost KEK loses the
journals whatever backups exist. Keep the two apart (README, "Backup, restore, upgrade").

SQLite: the online backup API, which copies a consistent snapshot while other connections read
and write. PostgreSQL: ``pg_dump`` in its custom format, restored with ``pg_restore``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """What went wrong, in words a person running the command can act on."""


@dataclass(frozen=True)
class Backup:
    path: Path
    engine: str  # "sqlite" or "postgresql"
    size: int


def engine_of(settings_dict: dict[str, Any]) -> str:
    engine = str(settings_dict["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Mend backs up SQLite and PostgreSQL databases, not {engine}.")


def kind_of_file(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a Mend backup (neither SQLite nor pg_dump's format).")


def _private_file(path: Path) -> None:
    path.touch(mode=0o600)
    path.chmod(0o600)


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_args(settings_dict: dict[str, Any]) -> list[str]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return [*args, "--dbname", str(settings_dict["NAME"])]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (PostgreSQL's client tools are needed).")
    return found


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's online backup: a consistent snapshot while other connections read and write."""
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _pg_tool(
    name: str, options: list[str], settings_dict: dict[str, Any], *, file: str = ""
) -> None:
    """pg_dump or pg_restore on this install's database (pg_restore takes its file last)."""
    subprocess.run(  # noqa: S603 - a fixed PostgreSQL tool, arguments from settings
        [_tool(name), *options, *_pg_args(settings_dict), *([file] if file else [])],
        check=True,
        env=_pg_env(settings_dict),
        capture_output=True,
    )


def _failure(what: str, exc: sqlite3.Error | subprocess.CalledProcessError) -> BackupError:
    detail = exc.stderr.decode(errors="replace").strip() if hasattr(exc, "stderr") else exc
    return BackupError(f"The {what} failed: {detail}")


def backup(*, settings_dict: dict[str, Any], dest: Path, overwrite: bool = False) -> Backup:
    """Write a consistent snapshot of the database to ``dest`` (readable by its owner only)."""
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest} exists; choose another name or pass --force.")
    if not dest.parent.is_dir():
        raise BackupError(f"The folder {dest.parent} does not exist.")
    engine = engine_of(settings_dict)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    _private_file(partial)
    try:
        if engine == "sqlite":
            _sqlite_copy(sqlite3.connect(str(settings_dict["NAME"])), sqlite3.connect(str(partial)))
        else:
            _pg_tool(
                "pg_dump", ["--format=custom", "--no-owner", "--file", str(partial)], settings_dict
            )
    except (sqlite3.Error, subprocess.CalledProcessError) as exc:
        partial.unlink(missing_ok=True)
        raise _failure("backup", exc) from exc
    partial.replace(dest)
    return Backup(dest, engine, dest.stat().st_size)


def restore(*, settings_dict: dict[str, Any], source: Path) -> Backup:
    """Replace the database's contents with a backup of the same engine."""
    engine = engine_of(settings_dict)
    kind = kind_of_file(source)
    if kind != engine:
        raise BackupError(
            f"{source} is a {kind} backup; this install's database is {engine}. "
            "Restore it into an install of the same kind."
        )
    try:
        if engine == "sqlite":
            _sqlite_copy(
                sqlite3.connect(f"file:{source}?mode=ro", uri=True),
                sqlite3.connect(str(settings_dict["NAME"]), timeout=20),
            )
        else:
            _pg_tool(
                "pg_restore",
                ["--clean", "--if-exists", "--no-owner", "--single-transaction"],
                settings_dict,
                file=str(source),
            )
    except (sqlite3.Error, subprocess.CalledProcessError) as exc:
        raise _failure("restore", exc) from exc
    return Backup(source, engine, source.stat().st_size)
