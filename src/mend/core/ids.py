"""Random record ids, so an id counts nothing.

With sequential ids, a partner who creates a record now and another later learns from the gap
how many rows of that kind everyone wrote in between: the other partner's private journal
entries, moments, check-ins, notifications, and when. Every Mend model's primary key is
therefore drawn at random when the row is created. Rows made before this field existed keep
their ids.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

# JSON numbers reach JavaScript clients as doubles, which hold integers exactly only up to
# 2**53 - 1; an id above that would be rounded in the browser and in most API clients.
MAX_ID = 2**53 - 1


def random_id() -> int:
    """A fresh id in 1..MAX_ID. Among 2**53 values a clash is vanishingly rare, and a clash
    would fail the insert loudly (the primary key is unique), never overwrite a row: Django
    inserts without an UPDATE first when the primary key has a default."""
    return secrets.randbelow(MAX_ID) + 1


# django-stubs types a field by what it takes and gives (``Field[set, get]``) and each foreign
# key's "_id" from its target's primary key field class, so that class must be generic like
# Django's fields in the stubs. Django's own classes cannot be subscripted at run time; there the
# subscript gives the class back (as django-stubs-ext's monkeypatch would).
_ST = TypeVar("_ST")
_GT = TypeVar("_GT")

if TYPE_CHECKING:
    _BigAutoField = models.BigAutoField
else:

    class _BigAutoField(models.BigAutoField):
        def __class_getitem__(cls, _types: Any) -> Any:
            return cls


class RandomBigAutoField(_BigAutoField[_ST, _GT]):
    """A ``BigAutoField`` (the same column: a Postgres identity, a SQLite integer primary key,
    both of which take an explicit value) whose value Django draws at random before the insert.
    ``default`` is what makes Django fill it in: ``Model.save`` and ``bulk_create`` both ask
    the primary key field for its default, and ``save`` then skips the UPDATE it would
    otherwise try first. ``DEFAULT_AUTO_FIELD`` builds the field with no arguments, so the
    default is set here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", random_id)
        super().__init__(*args, **kwargs)
