"""The ``mend`` command: Django's management commands plus Mend's own.

``mend serve [--prod] [--port N] [--workers N]``  development server, or gunicorn with --prod
``mend apology analyze …``                        the apology analyser (no Django start-up)
``mend <any management command>``                  migrate, createsuperuser, demo, export, trust…
"""

from __future__ import annotations

import os
import sys


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
        help="skip collectstatic (when the static files are already collected)",
    )
    opts = parser.parse_args(args)
    if not opts.prod:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["mend", "runserver", f"{opts.host}:{opts.port}"])
        return 0
    os.environ["MEND_PRODUCTION"] = "1"
    import django
    from django.core.management import call_command

    django.setup()
    if not opts.no_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)
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
            "--access-logfile",
            "-",
        ],
    )
    return 0  # pragma: no cover - execvp does not return


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
    if len(args) > 1 and args[1] == "apology":
        from mend.domain.apology.cli import run

        return run(args[2:], sys.stdin, sys.stdout, sys.stderr)
    if len(args) > 1 and args[1] == "serve":
        return _serve(args[2:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mend", *args[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
