"""Routes declared from a table: one view per row, made by a small factory in the app's API
module, registered as if it had been written out with its own ``def``.

django-ninja names an operation ``<module>_<function name>`` and reads the body's class from
the view's ``payload`` annotation, so a view made in a loop is given both before it is
registered: the OpenAPI document is the same as for the written-out functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Schema

View = Callable[..., Any]


def declare(
    operation: Callable[..., Callable[[View], Any]],
    path: str,
    view: View,
    *,
    name: str,
    body: type[Schema] | None = None,
    **route: Any,
) -> None:
    """``declare(router.post, "/things/{thing_id}/close", view, name="close_thing", body=CloseIn,
    response=..., summary=...)``: the same as ``@router.post(...)`` over ``def close_thing``
    whose ``payload`` is a ``CloseIn``."""
    view.__name__ = view.__qualname__ = name
    if body is not None:
        view.__annotations__ = {**view.__annotations__, "payload": body}
    operation(path, **route)(view)
