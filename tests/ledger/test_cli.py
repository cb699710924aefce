from __future__ import annotations

import json
from io import StringIO

from django.core.management import CommandError, call_command

from mend.ledger import services
from mend.ledger.models import TrustPairState
from tests.base import MendTestCase
from tests.ledger.helpers import received


class TrustCommandTests(MendTestCase):
    def test_table_and_json_show_every_pair(self) -> None:
        for kind in ["small_kindness"] * 8 + ["turned_away"] * 2:
            received(self.space, self.alice, self.bob, kind)
        services.record_checkin(
            space=self.space, owner=self.alice, about_id=self.bob.pk, felt_trust=4
        )
        out = StringIO()
        call_command("trust", str(self.space.pk), stdout=out)
        text = out.getvalue()
        self.assertIn("Truster", text)
        self.assertIn("Alice", text)
        self.assertIn("4/10", text)
        self.assertIn("4 to 1", text)  # the exact ratio, not "4.0:1"
        # bob has no evidence about alice: no number, in words (issue 12).
        self.assertIn("not enough evidence yet", text)
        out = StringIO()
        call_command("trust", str(self.space.pk), "--json", stdout=out)
        pairs = json.loads(out.getvalue())["pairs"]
        self.assertEqual(
            {(p["truster"], p["trustee"]) for p in pairs},
            {(self.alice.pk, self.bob.pk), (self.bob.pk, self.alice.pk)},
        )
        alice_bob = next(p for p in pairs if p["truster"] == self.alice.pk)
        self.assertAlmostEqual(alice_bob["felt_trust"], 0.4)
        self.assertGreater(alice_bob["index"], 0.5)
        bob_alice = next(p for p in pairs if p["truster"] == self.bob.pk)
        self.assertIsNone(bob_alice["index"])
        self.assertFalse(bob_alice["enough_evidence"])

    def test_rebuild_trust_recomputes_every_pair(self) -> None:
        received(self.space, self.alice, self.bob)
        TrustPairState.objects.update(r=7.0, claims_positive=3)
        out = StringIO()
        call_command("rebuild_trust", stdout=out)
        self.assertIn("Rebuilt", out.getvalue())
        state = TrustPairState.objects.get(truster=self.alice, trustee=self.bob)
        self.assertAlmostEqual(state.r, 1.0, places=3)
        self.assertEqual(state.claims_positive, 0)

    def test_unknown_space(self) -> None:
        with self.assertRaisesMessage(CommandError, "No space with id 999999."):
            call_command("trust", "999999", stdout=StringIO())
