"""The analyser's small linear model: reproducible, offline, fast to load, and kept in its lane."""

from __future__ import annotations

import builtins
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest

from mend.domain.apology import analyze
from mend.domain.apology.analyser import analyze_with, model_features, read_rules
from mend.domain.apology.evaluate import from_result
from mend.domain.apology.model import (
    KEEP,
    MODEL_PATH,
    LinearModel,
    final,
    load_model,
    text_features,
)
from mend.domain.apology.training import digest, dumps, train


def test_retraining_gives_the_shipped_file_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    text = dumps(train())
    shipped = MODEL_PATH.read_text(encoding="utf-8")
    assert digest(text) == digest(shipped)
    # Trained from the project's own training texts; the frozen wild test set is never opened.
    assert any(p.endswith("apologies.jsonl") for p in opened)
    assert any(p.endswith("wild/train.jsonl") for p in opened)
    assert not any(p.endswith("wild/test.jsonl") for p in opened)


def test_model_file_is_small_and_loads_offline_in_well_under_a_second() -> None:
    assert MODEL_PATH.stat().st_size < 1_000_000
    t0 = time.perf_counter()
    model = LinearModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    assert time.perf_counter() - t0 < 1.0
    assert set(model.targets) <= {
        "regret",
        "responsibility",
        "commitment",
        "explanation",
        *(f"flag:{k}" for k in ("excuse", "passive_voice", "minimising", "conditional")),
        *(f"flag:{k}" for k in ("feelings_deflection", "blame_shift", "forgiveness_pressure")),
        "flag:vague_commitment",
    }
    for target, (keep, add) in model.thresholds.items():
        assert 0 < keep <= 1
        assert add is None if target.startswith("flag:") else 0 < add <= 1  # type: ignore[operator]


def test_without_the_model_file_the_rules_decide_alone(tmp_path: Path) -> None:
    assert load_model(tmp_path / "absent.json") is None
    text = "sorry i was late, my fault, wont happen again"
    assert analyze_with(text, None)["verdict"] == "genuine"


def test_a_rules_yes_stands_unless_the_model_is_sure_otherwise() -> None:
    feats = frozenset({"r:p=commitment", "r:p=regret", "r:x=apology_word"})
    keep = KEEP["commitment"]
    assert final("commitment", keep, keep, 0.6, feats)
    assert not final("commitment", keep - 0.01, keep, 0.6, feats)
    # Regret the rules found is never withdrawn.
    assert final("regret", 0.0, KEEP["regret"], 0.6, feats)
    assert not final("commitment", 0.59, keep, 0.6, frozenset())
    assert final("commitment", 0.6, keep, 0.6, frozenset())


def test_the_model_never_adds_regret_without_the_writers_apology_word() -> None:
    assert not final("regret", 0.99, 0.0, 0.5, frozenset({"r:p=responsibility"}))
    assert final("regret", 0.99, 0.0, 0.5, frozenset({"r:x=apology_word"}))
    # "That was my mistake" owns the wrong but says no sorry: no regret, whatever the model thinks.
    text = "Hi all, I made an error in last week's payroll run. That was my mistake."
    assert not analyze(text)["components"]["regret"]["present"]


def test_the_model_never_adds_a_flag() -> None:
    assert not final("flag:excuse", 0.99, 0.1, None, frozenset())
    assert final("flag:excuse", 0.5, 0.1, None, frozenset({"r:f=excuse"}))
    assert not final("flag:excuse", 0.05, 0.1, None, frozenset({"r:f=excuse"}))


def test_negation_marks_the_words_it_governs() -> None:
    feats = text_features("i wasn't wrong, but i was rude")
    assert "w:~wrong" in feats and "w:wrong" not in feats
    assert "w:rude" in feats and "w:~rude" not in feats


def test_model_adds_a_repair_offer_the_rules_do_not_list() -> None:
    # A dev-split text: the rules find no commitment in the repair on offer; the model does, so
    # the apology reads as genuine, as its label says.
    text = (
        "We're really sorry, we double-booked your table and that's on us. We've saved you the "
        "window table for Saturday at 8 and dessert is on the house."
    )
    assert not analyze_with(text, None)["components"]["commitment"]["present"]
    assert analyze(text)["components"]["commitment"]["present"]
    assert analyze(text)["verdict"] == "genuine"


def test_model_features_carry_the_rules_reading() -> None:
    feats = model_features(read_rules("I'm sorry I shouted. It was my fault."))
    assert {"r:v=partial", "r:p=regret", "r:p=responsibility", "r:x=apology_word"} <= set(feats)
    assert "w:sorry" in feats and "b:i shouted" in feats


def test_model_keeps_the_analysis_contract() -> None:
    text = "We're sorry, we double-booked your table. Dessert is on the house."
    with_model, rules_only = analyze(text), analyze_with(text, None)
    assert set(with_model) == set(rules_only)
    assert from_result(with_model)["verdict"] in {"genuine", "partial", "non_apology", "none"}
    # A part the model adds has no span of its own; its evidence list is then empty, not made up.
    for part in with_model["components"].values():
        assert isinstance(part["evidence"], list)


def test_model_withdraws_a_flag_it_is_sure_the_rules_misread() -> None:
    # A dev-split text: a seller's apology reported in a forum update. The rules read "got sent"
    # as agentless wording; the model withdraws that flag, and the text reads as no apology.
    text = (
        "Update: the seller finally messaged back and apologised, said the parcel got sent to an "
        "old address. Refund came through this morning. Thanks for all the advice everyone."
    )
    rules = analyze_with(text, None)
    assert [f["kind"] for f in rules["flags"]] == ["passive_voice"]
    assert rules["verdict"] == "non_apology"
    result = analyze(text)
    assert result["flags"] == []
    assert result["verdict"] == "none"


def test_a_commitment_the_model_adds_points_at_a_sentence_of_its_own() -> None:
    # Every sentence here is already regret or responsibility: nothing in it looks ahead, so the
    # studio must not tell the writer a commitment is there (the model alone leans towards one).
    text = "Sam, I am sorry I hid the credit-card debt from you. I lied, and that was wrong."
    model = load_model()
    assert model is not None and model.decide(model_features(read_rules(text)))["commitment"]
    result = analyze(text)
    assert result["components"]["commitment"] == {
        "present": False,
        "confidence": 0.1,
        "evidence": [],
    }
    assert result["verdict"] == "partial"


def test_an_added_commitment_highlights_the_repair_on_offer() -> None:
    text = (
        "We're really sorry, we double-booked your table and that's on us. We've saved you the "
        "window table for Saturday at 8 and dessert is on the house."
    )
    evidence = analyze(text)["components"]["commitment"]["evidence"]
    assert [e["text"] for e in evidence] == [
        "We've saved you the window table for Saturday at 8 and dessert is on the house."
    ]
