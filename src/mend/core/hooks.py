"""How a lower app lets higher apps take part, without importing them.

Mend's apps import downwards only (see the README's layers). When something in a lower app must
make a higher app act — a member leaves a space and the ledger rebuilds its trust pairs — the
lower app declares a ``Hook`` in its ``hooks`` module and calls it; the higher app connects a
receiver in its ``AppConfig.ready()``. Receivers are thin: each calls one service of its own app.

Receivers run synchronously, in order of connection, inside the caller's transaction, so that
what they write commits or rolls back with the change that caused it. An exception in a
receiver propagates to the caller (and rolls the change back): nothing is swallowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Payload = TypeVar("Payload")
Result = TypeVar("Result")


class Hook(Generic[Payload, Result]):
    """A named point a lower app calls with a payload; higher apps' receivers answer it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Callable[[Payload], Result]] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receiver(s)>"

    def connect(self, receiver: Callable[[Payload], Result]) -> Callable[[Payload], Result]:
        """Add a receiver once (connecting the same function again changes nothing)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def disconnect(self, receiver: Callable[[Payload], Result]) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def send(self, payload: Payload) -> list[Result]:
        """Call every receiver with ``payload``; their answers, in order of connection."""
        return [receiver(payload) for receiver in list(self._receivers)]
