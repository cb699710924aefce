"""An answer option on a rating scale: what the questionnaires (``instruments``) and the
flooding self-check (``flooding``) both offer for each item. Pure Python, no Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResponseOption:
    value: int
    label: str
