"""A per-process memo of each pair's recent evidence, for the trust trajectory.

Reading a window of evidence from every source costs a query (and a visibility clause) per
source on every dashboard view. The evidence of a pair only changes through
``trust_pairs`` (record, retract, replace, rebuild), and every one of those saves the pair's
``TrustPairState``; so the stored row's (updated_at, items, r, s, lasting) is a version of that
evidence, and what was read for one version can be reused until it changes. Memoized per process
and per pair, truster first: only the truster ever sees their own pair's numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from mend.core.memo import Memo
from mend.domain.trust import Evidence
from mend.ledger.sources import all_evidence
from mend.ledger.trust_pairs import PARAMS

MAX_ENTRIES = 512

_memo = Memo(MAX_ENTRIES)


def day_anchor(since: datetime) -> datetime:
    """Midnight UTC at or before ``since``: one memo entry serves a whole day of windows."""
    return since.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def recent_evidence(
    space: Any, truster: Any, trustee: Any, since: datetime, version: tuple[Any, ...] | None
) -> list[Evidence]:
    """The pair's evidence items at or after ``since``, oldest first.

    ``version`` is the pair's stored-state version (None when the pair has no stored state:
    then nothing is memoized).
    """
    anchor = day_anchor(since)

    def fetch() -> tuple[Evidence, ...]:
        events = all_evidence(space, truster, trustee, since=anchor)
        return tuple(e.as_evidence(PARAMS) for e in events)

    if version is None:
        items = fetch()
    else:
        items = memoized(("evidence", space.pk, truster.pk, trustee.pk, anchor, version), fetch)
    return [item for item in items if item.at >= since]


def memoized(key: tuple[Any, ...], fetch: Callable[[], tuple[Any, ...]]) -> tuple[Any, ...]:
    """``fetch()`` once per ``key`` (which must hold a stored-state version), least recently
    used first out."""
    return _memo.get_or_build(key, fetch)


def clear() -> None:
    _memo.clear()
