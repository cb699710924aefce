"""The one exception the analyser raises for text it will not analyse."""

from __future__ import annotations


class ApologyInputError(ValueError):
    """Bad input: `code` is one of ``empty``, ``too_long``, ``not_english``, ``not_text``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
