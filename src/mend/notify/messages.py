"""The words of an e-mail or a push: that something is waiting, and a link. Nothing else.

Someone else may read a person's inbox or see their lock screen, so these never carry a
record's content: no apology text, note, kind of moment, check-in detail, commitment title or
other person's name, and the space's name only when the person chose to allow it. The kind
of thing is left out too (an apology waiting is itself a piece of content).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse

from mend.notify.models import Notification, Preferences


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


def link(path: str) -> str:
    return f"{settings.MEND_BASE_URL.rstrip('/')}{path}"


def _where(rows: Sequence[Notification], prefs: Preferences) -> list[str]:
    if not prefs.name_space:
        return []
    names = Counter(str(row.space.name) for row in rows)
    return [f"- {n} in “{name}”" for name, n in sorted(names.items())]


def _how_many(n: int) -> str:
    return "Something is waiting for you" if n == 1 else f"{n} things are waiting for you"


def email_for(rows: Sequence[Notification], prefs: Preferences, *, digest: bool = False) -> Email:
    n = len(rows)
    subject = f"Mend: {_how_many(n)[0].lower()}{_how_many(n)[1:]}"
    if digest:
        subject = "Mend: your daily summary"
    lines = ["Hello,", "", f"{_how_many(n)} in Mend."]
    where = _where(rows, prefs)
    if where:
        lines += ["", *where]
    lines += [
        "",
        f"Open Mend to see: {link(reverse('notify:list'))}",
        "",
        "This e-mail says nothing more on purpose, in case someone else reads your inbox. "
        f"You can change how and when Mend tells you of things: {link(reverse('notify:settings'))}",
        "",
        "Mend",
    ]
    return Email(subject, "\n".join(lines))


def push_for(rows: Sequence[Notification], prefs: Preferences) -> dict[str, Any]:
    body = _how_many(len(rows)) + "."
    if prefs.name_space:
        names = sorted({str(row.space.name) for row in rows})
        if len(names) == 1:
            body = f"{_how_many(len(rows))} in “{names[0]}”."
    return {"title": "Mend", "body": body, "url": reverse("notify:list")}
