"""A made-up questionnaire definition (no published wording: a test fixture), plain data for
the pure definition tests and the one the Riverside practice loads in the instrument tests."""

from __future__ import annotations

from typing import Any


def fixture_definition(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": 1,
        "key": "fixture",
        "version": "1",
        "name": "Fixture scale",
        "short_name": "FS",
        "citation": "Fixture, A. (2026). A made-up scale for tests. Journal of Tests, 1, 1-2.",
        "terms": "Free to use in tests.",
        "language": "en",
        "languages": ["en"],
        "instructions": "Answer each item.",
        "response_sets": {
            "agree": [{"value": v, "label": f"agree {v}"} for v in range(1, 6)],
        },
        "items": [
            {"id": "a1", "text": "Item A1", "options": "agree"},
            {"id": "a2", "text": "Item A2", "options": "agree"},
            {"id": "b1", "text": "Item B1", "options": "agree"},
            {"id": "b2", "text": "Item B2", "options": "agree"},
        ],
        "reverse_keyed": ["a2"],
        "subscales": [
            {"id": "a", "name": "Scale A", "items": ["a1", "a2"]},
            {"id": "b", "name": "Scale B", "items": ["b1", "b2"]},
        ],
        "scoring": {"method": "sum", "reverse": "min + max - answer"},
        "cutoffs": [
            {"applies_to": "total", "value": 12, "label": "high", "source": "Fixture (2026), p. 2"},
            {"applies_to": "b", "value": 3, "label": "low B", "source": "Fixture (2026), p. 3"},
        ],
    }
    data.update(changes)
    return data
