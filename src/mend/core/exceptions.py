from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request that cannot be carried out, with a message for the person who made it.

    ``status`` is the HTTP status an API answers with: 400 for bad input, 409 for a conflict
    with the current state (already confirmed, invitation used), 403 for a forbidden act.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        status: int = 400,
        fields: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.fields = fields or {}
