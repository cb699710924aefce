"""A counsellor's caseload, what members share with them, and triage signals."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from mend.audit.services import log_reads
from mend.care import caseload as caseload_mod
from mend.care import selectors, services
from mend.care.access import (
    require_counsellor,
)
from mend.care.triage_service import evidence_links, help_links, signals_for_space
from mend.core.schemas import error_responses
from mend.ledger.api import TrustIndexOut
from mend.spaces.access import get_space_for_counsellor, get_space_for_reader

router = Router(tags=["care"])


class CaseloadRatioOut(Schema):
    positive: int  # confirmed moments only
    negative: int
    ratio: float | None
    text: str  # printed exactly: "4.5 to 1"
    enough_for_reference: bool


class CaseloadSafetyOut(Schema):
    recent: float | None
    previous: float | None
    count: int
    low: int
    direction: str


class CaseloadQuestionnaireOut(Schema):
    member: int
    instrument_id: str
    latest: int | float
    previous: int | float | None
    min_total: int | float
    max_total: int | float
    at: datetime


class CaseloadSignalOut(Schema):
    code: str
    member_id: int | None
    title: str
    reason: str
    severity: str


class CaseloadOut(Schema):
    space: int
    space_name: str
    members: list[str]
    last_visit: datetime | None
    new_records: int
    new_consents: int
    trust_index: Literal["not_shared"] = "not_shared"
    ratio: CaseloadRatioOut | None
    safety: CaseloadSafetyOut | None
    questionnaires: list[CaseloadQuestionnaireOut]
    signals: list[CaseloadSignalOut]


@router.get(
    "/caseload",
    response={200: list[CaseloadOut], **error_responses(404)},
    summary="My caseload (counsellors)",
)
def caseload(request: HttpRequest) -> Any:
    require_counsellor(request.user)
    rows = caseload_mod.caseload_for(request.user)
    caseload_mod.log_caseload_reads(request.user, rows)
    return [
        {
            "space": r.space.pk,
            "space_name": r.space.name,
            "members": [str(m) for m in r.members],
            "last_visit": r.last_visit,
            "new_records": r.new_records,
            "new_consents": r.new_consents,
            "ratio": (
                {
                    "positive": r.ratio.positive,
                    "negative": r.ratio.negative,
                    "ratio": r.ratio.ratio,
                    "text": r.ratio.text,
                    "enough_for_reference": r.ratio.enough_for_reference,
                }
                if r.ratio
                else None
            ),
            "safety": ({**vars(r.safety), "direction": r.safety.direction} if r.safety else None),
            "questionnaires": [{**vars(q), "member": q.member.pk} for q in r.questionnaires],
            "signals": [
                {
                    "code": s.code,
                    "member_id": s.member_id,
                    "title": s.title,
                    "reason": s.reason,
                    "severity": s.severity,
                }
                for s in r.signals
            ],
        }
        for r in rows
    ]


class SharedRecordOut(Schema):
    kind: str
    id: int
    owner: int
    owner_name: str
    title: str
    detail: str
    visibility: str
    created_at: datetime


class SharedSectionOut(Schema):
    key: str
    label: str
    items: list[SharedRecordOut]


class SharedTrustPairOut(TrustIndexOut):
    pass


class CounsellorSpaceOut(Schema):
    id: int
    name: str
    members_sharing: list[str]
    members_not_sharing: int
    sections: list[SharedSectionOut]
    trust_from_shared_evidence: list[SharedTrustPairOut]


@router.get(
    "/caseload/spaces/{space_id}",
    response=CounsellorSpaceOut,
    summary="What the members share with me (counsellors)",
)
def counsellor_space(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_counsellor(request.user, space_id)
    view = selectors.space_view_for_counsellor(request.user, space)
    pairs, evidence = selectors.shared_trust_pairs(request.user, space)
    log_reads(actor=request.user, records=[*view.records, *evidence], role="counsellor")
    services.record_visit(counsellor=request.user, space=space)
    return {
        "id": space.pk,
        "name": space.name,
        "members_sharing": [str(m) for m in view.members],
        "members_not_sharing": view.others,
        "sections": [
            {
                "key": s.section.key,
                "label": s.section.label,
                "items": [
                    {**row, "owner": row["owner"].pk, "owner_name": str(row["owner"])}
                    for row in s.rows
                ],
            }
            for s in view.sections
        ],
        "trust_from_shared_evidence": [p.to_dict() for p in pairs],
    }


class TriageEvidenceOut(Schema):
    kind: str
    id: str
    label: str
    url: str


class TriageHelpOut(Schema):
    label: str
    url: str


class TriageSignalOut(Schema):
    code: str
    member_id: int | None
    title: str
    reason: str
    severity: str
    evidence: list[TriageEvidenceOut]
    # For feeling very unsafe, the member's own safety resources (only for that member).
    help: list[TriageHelpOut]


@router.get("/spaces/{space_id}/signals", response=list[TriageSignalOut], summary="Triage signals")
def space_signals(request: HttpRequest, space_id: int) -> Any:
    space, _role = get_space_for_reader(request.user, space_id)
    return [
        {
            "code": s.code,
            "member_id": s.member_id,
            "title": s.title,
            "reason": s.reason,
            "severity": s.severity,
            "evidence": [
                {"kind": e.kind, "id": str(e.id), "label": e.label, "url": e.url}
                for e in evidence_links(s, space)
            ],
            "help": [{"label": h.label, "url": h.url} for h in help_links(s, space, request.user)],
        }
        for s in signals_for_space(space, request.user)
    ]
