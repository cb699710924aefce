"""A clock held still, for tests that view a page twice and expect the second view to reuse the
first: what is kept is kept for a window of the clock (a dashboard for ``SHOWN_FOR``, a
counsellor's logged reads for a minute), and a test that happens to run across a window's end
would see the work done again and fail without anything being wrong."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from unittest import mock

from django.utils import timezone


@contextmanager
def clock_held() -> Iterator[datetime]:
    """``timezone.now()`` answers this instant until the block ends."""
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now):
        yield now
