"""The care cast, with a made-up instrument (no published wording: a test fixture) loaded by
the Riverside practice, which serves "Alice & Bob" through carol."""

from __future__ import annotations

from typing import Any

from mend.instruments import services
from mend.instruments.models import InstrumentDefinition
from tests.care.base import CareTestCase
from tests.instrument_fixture import fixture_definition

ANSWERS = {"a1": 5, "a2": 1, "b1": 1, "b2": 1}  # total 12: a 10 (a2 reversed), b 2


__all__ = ["ANSWERS", "InstrumentsTestCase", "fixture_definition"]


class InstrumentsTestCase(CareTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.fixture, _ = services.import_definition(
            data=fixture_definition(), practice_id=cls.practice.pk, loaded_by=cls.pat
        )
        [cls.csi4] = services.load_builtins()  # loaded by the migration; again is a no-op
        assert cls.csi4 == InstrumentDefinition.objects.get(key="csi4", practice_id=None)

    def submit(self, user: Any = None, visibility: str = "private", **answers: int) -> Any:
        return services.submit_result(
            space=self.space,
            owner=user or self.alice,
            definition=self.fixture,
            answers={**ANSWERS, **answers},
            visibility=visibility,
        )
