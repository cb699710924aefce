"""Per-process memos: values kept by key, the least recently used dropped first.

For values worked out from stored rows whose key holds a version of those rows (a change
counter, a timestamp of the last write), so an entry is never out of date, only unused. Each
process keeps its own; nothing is shared or written.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

_Value = TypeVar("_Value")
_every: list[Memo] = []


class Memo:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        _every.append(self)

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def get_or_build(self, key: Hashable, build: Callable[[], _Value]) -> _Value:
        """``build()`` once per ``key`` (built outside the lock: two threads may both build)."""
        found = self.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = build()
        self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def clear_all() -> None:
    """Empty every memo of this process (tests; after a rebuild of what they were built from)."""
    for memo in _every:
        memo.clear()
