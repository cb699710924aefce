"""A counsellor's caseload, what members share with them, and triage signals."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from pydantic import BaseModel

from mend.accounts.auth import via_token
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

# The caseload's answer is built as plain dicts, so its models are plain pydantic models rather
# than ninja's Schema, which reads every nested object through a getter made for model
# instances: a third of the time of an answer of 200 rows. The OpenAPI document is the same.


class CaseloadRatioOut(BaseModel):
    positive: int  # confirmed moments only
    negative: int
    ratio: float | None
    text: str  # printed exactly: "4.5 to 1"
    enough_for_reference: bool


class CaseloadSafetyOut(BaseModel):
    recent: float | None
    previous: float | None
    count: int
    low: int
    direction: str


class CaseloadQuestionnaireOut(BaseModel):
    member: int
    instrument_id: str
    latest: int | float
    previous: int | float | None
    min_total: int | float
    max_total: int | float
    at: datetime


class CaseloadSignalOut(BaseModel):
    code: str
    member_id: int | None
    title: str
    reason: str
    severity: str


class CaseloadOut(BaseModel):
    space: int
    space_name: str
    members: list[str]
    last_visit: datetime | None
    new_records: int
    new_consents: int
    # New or changed records and new consents since the last visit (0 before a first visit).
    changed: int
    last_activity: datetime | None
    # Trends' windows are at most max_age_minutes behind the clock. When the row was built is
    # not given: any change in the space rebuilds it, a member's private record too, so the
    # time would tell the counsellor when someone used Mend privately.
    space_url: str
    report_url: str
    trust_index: Literal["not_shared"] = "not_shared"
    ratio: CaseloadRatioOut | None
    safety: CaseloadSafetyOut | None
    questionnaires: list[CaseloadQuestionnaireOut]
    signals: list[CaseloadSignalOut]


class CaseloadPageOut(BaseModel):
    count: int  # spaces that pass the filters
    total: int  # the whole caseload
    page: int
    per_page: int
    pages: int
    sort: str
    max_age_minutes: int
    results: list[CaseloadOut]


@router.get(
    "/caseload",
    response={200: CaseloadPageOut, **error_responses(400, 404)},
    summary="My caseload (counsellors): sorted, filtered, one page",
)
def caseload(
    request: HttpRequest,
    sort: str = "name",
    signal: str = "",
    changed: bool = False,
    quiet: bool = False,
    page: int = 1,
    per_page: int = caseload_mod.PAGE_SIZE,
) -> Any:
    """``sort``: name, signals, changed, safety, activity or visit. ``signal``: "any" or a
    signal's code. ``changed``: only spaces with something new since my last visit. ``quiet``:
    only spaces where nothing was shared for 14 days. ``per_page``: at most 200."""
    require_counsellor(request.user)
    query = caseload_mod.parse_query(
        {
            "sort": sort,
            "signal": signal,
            "changed": changed,
            "quiet": quiet,
            "page": page,
            "per_page": per_page,
        }
    )
    found = caseload_mod.caseload_page(request.user, query)
    # A client with an access token has no session to remember its reads in (and must not be
    # given one): each of its calls is logged.
    session = None if via_token(request) else request.session
    caseload_mod.log_caseload_reads(request.user, found.rows, session=session)
    space_url, report_url = _UrlOf("care:counsellor_space"), _UrlOf("care:report")
    return {
        "count": found.count,
        "total": found.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": found.pages,
        "sort": query.sort,
        "max_age_minutes": int(caseload_mod.MAX_AGE.total_seconds() // 60),
        "results": [_row(r, space_url, report_url) for r in found.rows],
    }


class _UrlOf:
    """A route's path for any space id: one reverse() a request instead of one a row."""

    def __init__(self, name: str) -> None:
        self.head, _, self.tail = reverse(name, args=[987654321]).partition("987654321")

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


def _row(r: caseload_mod.CaseloadRow, space_url: _UrlOf, report_url: _UrlOf) -> dict[str, Any]:
    return {
        "space": r.space.pk,
        "space_name": r.space.name,
        "members": [str(m) for m in r.members],
        "last_visit": r.last_visit,
        "new_records": r.new_records,
        "new_consents": r.new_consents,
        "changed": r.changed,
        "last_activity": r.last_activity,
        "space_url": space_url(r.space.pk),
        "report_url": report_url(r.space.pk),
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
        "signals": [caseload_mod.signal_out(s) for s in r.signals],
    }


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
            **caseload_mod.signal_out(s),
            "evidence": [
                {"kind": e.kind, "id": str(e.id), "label": e.label, "url": e.url}
                for e in evidence_links(s, space)
            ],
            "help": [{"label": h.label, "url": h.url} for h in help_links(s, space, request.user)],
        }
        for s in signals_for_space(space, request.user)
    ]
