"""The ``mend`` command: Mend's own commands first, and every Django management command.

``mend serve [--prod] [--port N] [--workers N]``  development server, or gunicorn with --prod
``mend apology analyze …``                        the apology analyser (no Django start-up)
``mend <any management command>``                  migrate, createsuperuser, demo, export, trust…
``mend`` / ``mend --help``                         Mend's commands, then Django's
"""

from __future__ import annotations

import os
import sys
from typing import TextIO


def _serve(args: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="mend serve")
    parser.add_argument("--prod", action="store_true", help="run gunicorn in production mode")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument(
        "--no-collectstatic",
        action="store_true",
        help="do not even check that the static files are collected",
    )
    opts = parser.parse_args(args)
    if not opts.prod:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["mend", "runserver", f"{opts.host}:{opts.port}"])
        return 0
    os.environ["MEND_PRODUCTION"] = "1"
    import django

    django.setup()
    if not opts.no_collectstatic:
        # Not at the top: it needs django.setup(), which runs only for `mend serve --prod`.
        from mend.ops.static_files import collect

        # A no-op unless this version's static files were never collected (mend collect-static).
        collect()
    os.execvp(  # noqa: S606 - replaces this process with gunicorn, arguments are ours
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mend.wsgi:application",
            "--bind",
            f"{opts.host}:{opts.port}",
            "--workers",
            str(opts.workers),
            # Mend is loaded once, before the workers fork: each worker starts at once, ready to
            # answer, instead of every worker importing Mend at the same time (on a busy machine
            # that took longer than gunicorn's 30-second timeout, which killed and restarted
            # them without end).
            "--preload",
            # No gunicornc control socket: one per user at a fixed path, which several Mend
            # processes on one host would take from each other.
            "--no-control-socket",
            # No access log (gunicorn keeps none unless told): each line would carry a person's
            # address, the time and the page, a timeline of their use of Mend for whoever reads
            # the host's logs; the nginx example turns its own off for the same reason.
        ],
    )
    return 0  # pragma: no cover - execvp does not return


# Commands that are not management commands (they run without starting Django, or replace it).
_OWN = {
    "serve": "Run Mend: the development server, or with --prod gunicorn in production mode.",
    "apology": "The apology analyser on text or JSON lines (apology analyze --help).",
}


def _usage(out: TextIO) -> None:
    """Mend's own commands with their purpose, then the names of Django's."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    ours = dict(_OWN)
    theirs: list[str] = []
    for name, app in sorted(get_commands().items()):
        if app.startswith("mend."):
            ours[name] = load_command_class(app, name).help.split(". ")[0].rstrip(".") + "."
        else:
            theirs.append(name)
    width = max(map(len, ours)) + 2
    out.write("Usage: mend COMMAND [options]   (mend COMMAND --help for one command)\n\n")
    out.write("Mend's commands:\n")
    for name in sorted(ours):
        out.write(f"  {name:<{width}}{ours[name]}\n")
    out.write("\nDjango's management commands (for example migrate, createsuperuser, shell):\n")
    line = " "
    for name in theirs:
        if len(line) + len(name) > 78:
            out.write(line.rstrip() + "\n")
            line = " "
        line += f" {name}"
    out.write(line.rstrip() + "\n")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
    if len(args) == 1 or args[1:] in (["--help"], ["-h"], ["help"]):
        _usage(sys.stdout)
        return 0
    if len(args) > 1 and args[1] == "apology":
        # Not at the top: `mend apology` needs no Django, and other commands need no analyser.
        from mend.domain.apology.cli import run

        return run(args[2:], sys.stdin, sys.stdout, sys.stderr)
    if len(args) > 1 and args[1] == "serve":
        return _serve(args[2:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mend", *args[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
