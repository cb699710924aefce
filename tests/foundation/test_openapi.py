"""The OpenAPI document is correct: one class per schema name, and the API keeps to it.

django-ninja puts every operation's models into one ``components.schemas`` dictionary keyed
by class name, so of two classes called the same the last one registered wins and the other
operation is documented with the wrong body. ``duplicate_schema_names`` finds such pairs by
walking every operation's request and response models.

``EveryOperation`` runs schemathesis over the document the app serves, in-process through
WSGI: no 5xx, and every answer's status code, content type and body as documented.
"""

from __future__ import annotations

import enum
import inspect
import typing
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import hypothesis
import hypothesis.errors
import pydantic
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import SimpleTestCase
from django.utils import timezone
from hypothesis import strategies as st
from ninja import NinjaAPI, Router, Schema
from ninja.params.models import ParamModel
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err, Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mend.accounts.models import PersonalAccessToken, User
from mend.accounts.tokens import create_token
from mend.api.main import api
from mend.apology.models import Apology
from mend.care import demo as care_demo
from mend.care.models import Homework, Practice, SessionNote
from mend.commitments.models import Commitment, Occurrence
from mend.domain.bank import kinds_as_dicts
from mend.domain.questionnaires import INSTRUMENTS
from mend.ledger.models import Disclosure, Moment
from mend.safety.models import Conversation, Pause, SafetyCheckIn
from mend.selftrust.models import Boundary, GutCheck, JournalEntry, QuestionnaireResult
from mend.spaces.models import Breach, CounsellorAccess, Space
from mend.spaces.visibility import Visibility
from mend.web import demo
from mend.wsgi import application
from tests.base import MendTestCase
from tests.factories import BreachFactory


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


class DocumentedBounds(SimpleTestCase):
    def test_every_bound_is_a_json_schema_minimum_or_maximum(self) -> None:
        # A bound that pydantic cannot turn into minimum/maximum (one placed after a validator
        # in Annotated, or inside ``| None``) is still checked, but the document carries it as
        # "ge"/"le", which no client or schemathesis reads.
        found: list[str] = []
        stack: list[tuple[str, Any]] = [("", api.get_openapi_schema())]
        while stack:
            where, node = stack.pop()
            if isinstance(node, dict):
                found.extend(f"{where}.{k}" for k in ("ge", "le", "gt", "lt") if k in node)
                stack.extend((f"{where}.{k}", v) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend((f"{where}[{i}]", v) for i, v in enumerate(node))
        self.assertEqual(found, [])


# --- The API keeps to its document ------------------------------------------------------

# Examples per operation: data that fits the document, and data that does not (mostly
# answered by validation, so fewer). Derandomized: the same examples on every run.
MAX_EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 5}
SETTINGS = hypothesis.settings(
    deadline=None,
    derandomize=True,
    database=None,
    # Each example is a request against the database, and many generated bodies are large or
    # filtered out by schemathesis: slow and large are expected here.
    suppress_health_check=[
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.filter_too_much,
        hypothesis.HealthCheck.data_too_large,
        hypothesis.HealthCheck.large_base_example,
    ],
    print_blob=False,
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class EveryOperation(MendTestCase):
    """Schemathesis over /api/v1/openapi.json, signed in as alice with a living space.

    Alice and bob's space gets every app's demo history (a counsellor included); each
    operation then starts from those records (a savepoint each). Path ids are drawn from the
    records' real ids as well as at random, so the answers are more than 404s.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        BreachFactory(space=cls.space, owner=cls.alice, other_person=cls.bob)
        BreachFactory(space=cls.space, owner=cls.bob, visibility=Visibility.SPACE)
        # Alice plays the demo's Sam (the one who was hurt: her journal, boundaries and gut
        # checks; apologies and commitments made to her), bob plays Alex; more than 56 days
        # so that the safety history has its pause and repair conversation.
        start = timezone.now() - timedelta(days=60)
        demo.add_histories(space=cls.space, people=[cls.bob, cls.alice], start=start, days=60)
        token, cls.secret = create_token(user=cls.alice, name="schemathesis")
        cls.token_pk = token.pk
        counsellor = User.objects.get(email=care_demo.COUNSELLOR_EMAIL)
        _token, cls.counsellor_secret = create_token(user=counsellor, name="schemathesis")
        # Another of alice's tokens, for DELETE /me/tokens/{id} to revoke.
        create_token(user=cls.alice, name="old laptop")

    def setUp(self) -> None:
        super().setUp()
        # As in Django's test client: a request must not close the connection, which holds
        # the test's transaction.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.addCleanup(request_started.connect, close_old_connections)
        self.addCleanup(request_finished.connect, close_old_connections)

    def references(self) -> dict[str, list[Any]]:
        """Real values for path parameters and body fields that name a record or a person."""
        people = [self.alice.pk, self.bob.pk, self.charlie.pk]
        records: dict[str, Any] = {
            "space_id": Space.objects.all(),
            "apology_id": Apology.objects.all(),
            "boundary_id": Boundary.objects.all(),
            "breach_id": Breach.objects.all(),
            "checkin_id": SafetyCheckIn.objects.all(),
            "commitment_id": Commitment.objects.all(),
            "consent_id": CounsellorAccess.objects.all(),
            "conv_id": Conversation.objects.all(),
            "disclosure_id": Disclosure.objects.all(),
            "entry_id": JournalEntry.objects.all(),
            "gut_check_id": GutCheck.objects.all(),
            "homework_id": Homework.objects.all(),
            "moment_id": Moment.objects.all(),
            "note_id": SessionNote.objects.all(),
            "occurrence_id": Occurrence.objects.all(),
            "pause_id": Pause.objects.all(),
            "result_id": QuestionnaireResult.objects.all(),
            "token_id": PersonalAccessToken.objects.exclude(pk=self.token_pk),
            "practice": Practice.objects.all(),
            "counsellor_id": User.objects.filter(counsellor_profile__isnull=False),
        }
        found = {name: sorted(qs.values_list("pk", flat=True)) for name, qs in records.items()}
        found["space"], found["breach"] = found["space_id"], found["breach_id"]
        found["instrument_id"] = sorted(INSTRUMENTS)
        for field in PEOPLE_FIELDS:
            found[field] = people
        return {name: values for name, values in found.items() if values}

    def test_every_operation_keeps_to_the_document(self) -> None:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        references = self.references()
        results = list(schema.get_all_operations())
        # Every operation in the document loads (an invalid one would be silently skipped).
        self.assertEqual([r.err() for r in results if isinstance(r, Err)], [])
        operations = [r.ok() for r in results if isinstance(r, Ok)]
        self.assertGreater(len(operations), 100)
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                with self.subTest(operation=operation.label, mode=mode.value):
                    savepoint = transaction.savepoint()
                    try:
                        self.check_operation(operation, mode, references)
                    except hypothesis.errors.Unsatisfiable:
                        # Nothing to get wrong: no parameter or body, or only free-form text.
                        self.assertEqual(mode, GenerationMode.NEGATIVE)
                    finally:
                        transaction.savepoint_rollback(savepoint)

    def check_operation(
        self, operation: Any, mode: GenerationMode, references: dict[str, list[Any]]
    ) -> None:
        secret = self.counsellor_secret if operation.label in FOR_COUNSELLORS else self.secret
        headers = {"Authorization": f"Bearer {secret}"}

        @hypothesis.settings(SETTINGS, max_examples=MAX_EXAMPLES[mode])
        @hypothesis.given(case=with_references(operation, mode, references))
        def keeps_to_the_document(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_to_the_document()


# Body fields that name a person in the space (or, for charlie, someone outside it).
PEOPLE_FIELDS = (
    "about",
    "actor",
    "receiver",
    "made_to",
    "committer",
    "partner",
    "member",
    "other_person",
    "recipient",
    "owner",
)

# Operations only a counsellor can use; they run signed in as the space's counsellor.
FOR_COUNSELLORS = {
    "GET /api/v1/caseload",
    "GET /api/v1/caseload/spaces/{space_id}",
    "POST /api/v1/spaces/{space_id}/homework",
    "GET /api/v1/spaces/{space_id}/notes",
    "POST /api/v1/spaces/{space_id}/notes",
    "GET /api/v1/notes/{note_id}",
    "PUT /api/v1/notes/{note_id}",
    "DELETE /api/v1/notes/{note_id}",
}


@st.composite
def with_references(
    draw: st.DrawFn, operation: Any, mode: GenerationMode, references: dict[str, list[Any]]
) -> Any:
    """A generated case in which, mostly, ids and people are real ones: more than 404s."""
    case = draw(operation.as_strategy(generation_mode=mode))
    for name in list(case.path_parameters or {}):
        if name in references and draw(st.integers(0, 3)):
            case.path_parameters[name] = draw(st.sampled_from(references[name]))
    if isinstance(case.body, dict):
        if operation.path.endswith("/moments"):
            references = {**references, "kind": [k["kind"] for k in kinds_as_dicts()]}
        real = {
            name: draw(st.sampled_from(references[name]))
            for name in sorted(case.body)
            if name in references and draw(st.integers(0, 3))
        }
        if real:
            case.body = {**case.body, **real}
    return case
