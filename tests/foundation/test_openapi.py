"""The OpenAPI document is correct: one class per schema name, and the API keeps to it.

django-ninja puts every operation's models into one ``components.schemas`` dictionary keyed
by class name, so of two classes called the same the last one registered wins and the other
operation is documented with the wrong body. ``duplicate_schema_names`` finds such pairs by
walking every operation's request and response models.
"""

from __future__ import annotations

import enum
import inspect
import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pydantic
from django.test import SimpleTestCase
from ninja import NinjaAPI, Router, Schema
from ninja.params.models import ParamModel

from mend.api.main import api


def _named_types(annotation: Any) -> Iterator[type]:
    """The classes an annotation refers to, through list[...], dict[...], unions, Annotated."""
    if inspect.isclass(annotation) and issubclass(annotation, pydantic.BaseModel | enum.Enum):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _named_types(arg)


def _is_ninja_wrapper(model: type) -> bool:
    # The per-operation containers ninja builds (path, query and body parameters; the
    # ``response`` wrapper) are flattened into the operation and never named in components.
    return issubclass(model, ParamModel) or model.__name__ == "NinjaResponseSchema"


def schema_classes(ninja_api: NinjaAPI) -> dict[str, set[type]]:
    """Every model and enum class reachable from the API's operations, by schema name."""
    found: dict[str, set[type]] = defaultdict(set)
    seen: set[type] = set()
    stack: list[type] = []
    for router in ninja_api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                stack.extend(operation.models)
                stack.extend(m for m in operation.response_models.values() if inspect.isclass(m))
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        if issubclass(cls, enum.Enum):
            found[cls.__name__].add(cls)
            continue
        if not _is_ninja_wrapper(cls):
            found[cls.__name__].add(cls)
        for field in cls.model_fields.values():
            stack.extend(_named_types(field.annotation))
    return found


def duplicate_schema_names(ninja_api: NinjaAPI) -> dict[str, list[str]]:
    """Schema names shared by more than one class, with the classes' dotted paths."""
    return {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in schema_classes(ninja_api).items()
        if len(classes) > 1
    }


class UniqueSchemaNames(SimpleTestCase):
    def test_no_two_schema_classes_share_a_name(self) -> None:
        self.assertEqual(duplicate_schema_names(api), {})

    def test_the_document_names_exactly_the_classes_the_operations_use(self) -> None:
        # If the walk above missed a kind of reference, a component would appear here that it
        # did not see (or pydantic's module-qualified name for a clash inside one operation).
        components = set(api.get_openapi_schema()["components"]["schemas"])
        self.assertEqual(components, set(schema_classes(api)))

    def test_the_check_finds_two_classes_with_one_name(self) -> None:
        # Two modules that each define ``CheckInOut``, as the ledger and safety did once.
        first = type("CheckInOut", (Schema,), {"__annotations__": {"felt_trust": int}})
        second = type("CheckInOut", (Schema,), {"__annotations__": {"safety": int}})
        first.__module__, second.__module__ = "mend.ledger.api", "mend.safety.api"
        router = Router()
        router.get("/felt", response=list[first])(lambda request: [])
        router.get("/safety", response={201: second})(lambda request: [])
        probe = NinjaAPI(urls_namespace="duplicate-probe")
        probe.add_router("/", router)
        self.assertEqual(
            duplicate_schema_names(probe),
            {"CheckInOut": ["mend.ledger.api.CheckInOut", "mend.safety.api.CheckInOut"]},
        )
        # ...and what it costs: the document keeps one of the two bodies.
        kept = probe.get_openapi_schema(path_prefix="")["components"]["schemas"]["CheckInOut"]
        self.assertEqual(len(kept["properties"]), 1)
