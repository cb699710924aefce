"""The database refuses a rating above its scale's top mark: the checks the models declare with
``mend.core.ratings.rating_check`` (``makemigrations --check`` keeps the migrations equal)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from mend.ledger.models import FeltTrustCheckIn
from mend.selftrust.models import SelfRating
from tests.base import MendTestCase


class RatingsStayOnTheirScale(MendTestCase):
    def felt(self, **rating: Any) -> Any:
        return FeltTrustCheckIn.objects.create(
            space=self.space, owner=self.alice, about=self.bob, occurred_at=timezone.now(), **rating
        )

    def self_rated(self, **rating: Any) -> Any:
        # A day of its own each: one self-rating a day is a constraint of its own.
        day = date(2026, 1, 1) + timedelta(days=SelfRating.objects.count())
        return SelfRating.objects.create(space=self.space, owner=self.alice, rated_on=day, **rating)

    def test_a_rating_above_ten_is_refused_and_an_optional_one_may_be_left_out(self) -> None:
        self.felt(felt_trust=10, forgiveness=None)
        self.felt(felt_trust=0, forgiveness=10)
        self.self_rated(trust_judgement=10, said_no=None)
        # Each refusal names its own check (SQLite and PostgreSQL both say the name).
        too_high = [
            (self.felt, {"felt_trust": 11, "forgiveness": 5}, "ledger_checkin_felt_trust_max"),
            (self.felt, {"felt_trust": 5, "forgiveness": 11}, "ledger_checkin_forgiveness_max"),
            (self.self_rated, {"trust_judgement": 11, "said_no": 5}, "self_rating_trust_0_10"),
            (self.self_rated, {"trust_judgement": 5, "said_no": 11}, "self_rating_said_no_0_10"),
        ]
        for make, rating, check in too_high:
            with (
                self.subTest(**rating),
                self.assertRaisesRegex(IntegrityError, check),
                transaction.atomic(),
            ):
                make(**rating)
