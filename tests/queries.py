"""How many queries pages take, for the tests that pin them down."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_per_page(test: Any, client: Any, paths: Mapping[str, str]) -> dict[str, int]:
    """For each named path: the queries one GET of it takes (it must answer 200)."""
    found = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        test.assertEqual(response.status_code, 200, name)
        found[name] = len(ctx.captured_queries)
    return found
