"""What a counsellor may see of a space, app by app: each kind of record, read only through
``visible_to(counsellor)``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mend.apology.models import Apology
from mend.commitments.models import Commitment
from mend.instruments.models import InstrumentResult
from mend.ledger.models import Disclosure, FeltTrustCheckIn, Moment
from mend.safety.models import Conversation, Pause, SafetyCheckIn
from mend.selftrust.models import (
    Boundary,
    GutCheck,
    JournalEntry,
    QuestionnaireResult,
    SelfRating,
)
from mend.spaces.models import Breach
from mend.spaces.visibility import OwnedRecord


def _cut(text: Any, n: int = 300) -> str:
    text = str(text or "")
    return text if len(text) <= n else text[: n - 1] + "…"


def _display(record: Any, field: str) -> str:
    getter = getattr(record, f"get_{field}_display", None)
    return str(getter()) if getter else str(getattr(record, field, ""))


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    model: type[OwnedRecord]
    title: Callable[[Any], str]
    detail: Callable[[Any], str]
    ordering: tuple[str, ...] = ("-created_at", "-id")
    related: tuple[str, ...] = ()  # read with the record (what ``title``/``detail`` use)


def _moment_detail(m: Any) -> str:
    who = f"{m.actor or 'someone'} → {m.receiver or 'someone'}"
    return " · ".join(p for p in (who, m.status.replace("_", " "), _cut(m.note, 200)) if p)


def _trust_checkin(c: Any) -> str:
    forgiveness = f", forgiveness {c.forgiveness}/10" if c.forgiveness is not None else ""
    return f"Felt trust in {c.about or 'someone'}: {c.felt_trust}/10{forgiveness}"


def _safety_checkin(c: Any) -> str:
    return f"Feels safe: {c.safety}/10" + (" · flooded" if c.flooded else "")


def _conversation(c: Any) -> str:
    parts = [_display(c, "phase")]
    if getattr(c, "outcome", ""):
        parts.append(_display(c, "outcome"))
    if getattr(c, "ended_by", ""):
        parts.append(_display(c, "ended_by"))
    return " · ".join(parts)


def _gut(g: Any) -> str:
    outcome = _display(g, "outcome") if g.outcome else "not yet known"
    return f"Confidence {g.confidence}% · outcome: {outcome}"


def _rating(r: Any) -> str:
    return f"Trust in own judgement {r.trust_judgement}/10 · able to say no {r.said_no}/10"


def _result(r: Any) -> str:
    return f"Score {r.total} (range {r.min_total}–{r.max_total})"


def _instrument_result(r: Any) -> str:
    d = r.definition
    return f"Score {r.total_text} (range {r.min_total:g}–{r.max_total:g}), version {d.version}"


SECTIONS: tuple[Section, ...] = (
    Section(
        "breaches",
        "What happened",
        Breach,
        lambda b: b.title,
        lambda b: _cut(b.description),
    ),
    Section(
        "moments",
        "Moments",
        Moment,
        lambda m: m.kind_label,
        _moment_detail,
        ("-occurred_at", "-id"),
    ),
    Section(
        "disclosures",
        "Disclosures",
        Disclosure,
        lambda d: d.get_kind_display(),
        lambda d: _cut(d.text),
        ("-occurred_at", "-id"),
    ),
    Section(
        "trust_checkins",
        "Felt trust check-ins",
        FeltTrustCheckIn,
        lambda c: f"Check-in of {c.occurred_at:%d %b %Y}",
        _trust_checkin,
        ("-occurred_at", "-id"),
    ),
    Section(
        "commitments",
        "Commitments",
        Commitment,
        lambda c: c.what,
        lambda c: " · ".join(p for p in (_cut(c.how_known, 200), _display(c, "status")) if p),
    ),
    Section(
        "safety_checkins",
        "Safety check-ins",
        SafetyCheckIn,
        lambda c: f"Check-in of {c.created_at:%d %b %Y}",
        _safety_checkin,
    ),
    Section("pauses", "Pauses", Pause, str, lambda p: ""),
    Section("conversations", "Repair conversations", Conversation, str, _conversation),
    Section(
        "journal",
        "Journal entries",
        JournalEntry,
        lambda e: getattr(e, "title", "") or str(e),
        lambda e: _cut(getattr(e, "body", "")),
    ),
    Section("boundaries", "Boundaries", Boundary, str, lambda b: _cut(b.why, 200)),
    Section("gut_checks", "Gut check-ins", GutCheck, str, _gut),
    Section("ratings", "Self-ratings", SelfRating, str, _rating),
    Section("questionnaires", "Questionnaires", QuestionnaireResult, str, _result),
    Section(
        "instrument_results",
        "Questionnaires (all instruments)",
        InstrumentResult,
        str,
        _instrument_result,
        related=("definition",),
    ),
    Section(
        "apologies",
        "Apologies",
        Apology,
        lambda a: f"Apology ({_display(a, 'status').lower()})",
        lambda a: _cut(a.text),
    ),
)
