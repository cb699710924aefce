"""The ledger's part of the JSON API: kinds, moments, disclosures, check-ins, trust, bank."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import BeforeValidator

from mend.core.schemas import (
    LongText,
    OptionalShortText,
    OwnedRecordOut,
    RecordId,
    SpaceRecordOut,
    StorableDateTime,
    VisibilityIn,
    VisibilityValue,
    error_responses,
    not_true_or_false,
)
from mend.domain.bank import kinds_as_dicts
from mend.ledger import selectors, services
from mend.ledger.models import Disclosure, Moment
from mend.spaces.access import get_space_for_member
from mend.spaces.endpoints import member_creates, seen_by_member
from mend.spaces.sharing import set_owned_visibility

router = Router(tags=["ledger"])

DisclosureKind = Literal["change", "feeling", "mechanism", "unasked"]
LIST_LIMIT = 100


class MomentKindOut(Schema):
    kind: str
    label: str
    description: str
    sign: int
    bid_response: str | None


class MomentIn(Schema):
    kind: str
    actor: RecordId
    receiver: RecordId
    occurred_at: StorableDateTime | None = None
    note: OptionalShortText = ""
    visibility: VisibilityValue = "space"


class MomentDisputeIn(Schema):
    note: OptionalShortText = ""  # why it was not like that (the person who logged it sees it)


class MomentOut(SpaceRecordOut):
    id: int
    space: int
    kind: str
    sign: int
    actor: int | None = Field(validation_alias="actor_id")
    receiver: int | None = Field(validation_alias="receiver_id")
    logged_by: int = Field(validation_alias="owner_id")
    occurred_at: datetime
    note: str
    status: str
    confirmed_at: datetime | None
    disputed_at: datetime | None
    dispute_note: str
    visibility: str


class DisclosureIn(Schema):
    kind: DisclosureKind
    text: LongText
    occurred_at: StorableDateTime | None = None
    visibility: VisibilityValue = "space"


class DisclosureOut(OwnedRecordOut):
    kind: str
    text: str
    occurred_at: datetime
    acknowledged_by: int | None = Field(validation_alias="acknowledged_by_id")
    acknowledged_at: datetime | None
    visibility: str


# A felt-trust or forgiveness rating. Its bounds come before the check (as
# mend.core.schemas.RecordId): inside ``| None`` pydantic could not otherwise document them.
ZeroToTen = Annotated[int, Field(ge=0, le=10), BeforeValidator(not_true_or_false)]


class FeltTrustCheckInIn(Schema):
    about: RecordId
    felt_trust: ZeroToTen
    forgiveness: ZeroToTen | None = None
    note: OptionalShortText = ""
    occurred_at: StorableDateTime | None = None
    visibility: VisibilityValue = "private"


class FeltTrustCheckInOut(OwnedRecordOut):
    about: int | None = Field(validation_alias="about_id")
    felt_trust: int
    forgiveness: int | None
    note: str
    occurred_at: datetime
    visibility: str


class TrustIndexOut(Schema):
    # How far one member trusts another on the evidence (the counsellor's view has only this).
    truster: int
    trustee: int
    # Null while enough_evidence is false: below min_evidence the index is mostly the prior, so
    # no client can show it as a result (issue 12). description says so in words.
    index: float | None
    low: float | None
    high: float | None
    evidence: float
    enough_evidence: bool
    min_evidence: float
    description: str


class TrustPairOut(TrustIndexOut):
    felt_trust: float | None
    felt_note: str | None
    ratio: float | None  # confirmed moments, last 28 days; a float for charts
    ratio_text: str | None  # the same ratio printed exactly ("4.5 to 1"), None with no moments
    positive: int
    negative: int
    # Reports about the trustee the truster has not confirmed: never counted in the index.
    claims_positive: int
    claims_negative: int


class TrustOut(Schema):
    pairs: list[TrustPairOut]


@router.get(
    "/kinds", response=list[MomentKindOut], summary="Micro-moment kinds and their sign", auth=None
)
def list_kinds(request: HttpRequest) -> Any:
    return kinds_as_dicts()


@router.post("/spaces/{space_id}/moments", response={201: MomentOut}, summary="Log a moment")
def create_moment(request: HttpRequest, space_id: int, payload: MomentIn) -> Any:
    return member_creates(
        request, space_id, services.log_moment, payload, by="logger", naming=("actor", "receiver")
    )


@router.get("/spaces/{space_id}/moments", response=list[MomentOut], summary="Moments I may see")
def list_moments(request: HttpRequest, space_id: int) -> Any:
    return seen_by_member(request, space_id, selectors.moments_visible_to, LIST_LIMIT)


@router.post(
    "/moments/{moment_id}/confirm",
    response={200: MomentOut, **error_responses(409)},
    summary="Confirm a moment",
)
def confirm_moment(request: HttpRequest, moment_id: int) -> Any:
    return services.confirm_moment(moment_id=moment_id, user=request.user)


@router.post(
    "/moments/{moment_id}/dispute",
    response={200: MomentOut, **error_responses(409)},
    summary="Dispute a moment",
)
def dispute_moment(
    request: HttpRequest, moment_id: int, payload: MomentDisputeIn | None = None
) -> Any:
    note = payload.note if payload is not None else ""
    return services.dispute_moment(moment_id=moment_id, user=request.user, note=note)


@router.delete(
    "/moments/{moment_id}",
    response={204: None, **error_responses(409)},
    summary="Undo a moment just logged",
)
def undo_moment(request: HttpRequest, moment_id: int) -> Any:
    services.undo_moment(moment_id=moment_id, user=request.user)
    return Status(204, None)


@router.put("/moments/{moment_id}/visibility", response=MomentOut, summary="Who sees a moment")
def moment_visibility(request: HttpRequest, moment_id: int, payload: VisibilityIn) -> Any:
    return set_owned_visibility(Moment, request, moment_id, payload.visibility)


@router.post(
    "/spaces/{space_id}/disclosures", response={201: DisclosureOut}, summary="Make a disclosure"
)
def create_disclosure(request: HttpRequest, space_id: int, payload: DisclosureIn) -> Any:
    return member_creates(request, space_id, services.create_disclosure, payload)


@router.get(
    "/spaces/{space_id}/disclosures", response=list[DisclosureOut], summary="Disclosures I may see"
)
def list_disclosures(request: HttpRequest, space_id: int) -> Any:
    return seen_by_member(request, space_id, selectors.disclosures_visible_to, LIST_LIMIT)


@router.post(
    "/disclosures/{disclosure_id}/acknowledge",
    response={200: DisclosureOut, **error_responses(409)},
    summary="Acknowledge a disclosure",
)
def acknowledge_disclosure(request: HttpRequest, disclosure_id: int) -> Any:
    return services.acknowledge_disclosure(disclosure_id=disclosure_id, user=request.user)


@router.put(
    "/disclosures/{disclosure_id}/visibility",
    response=DisclosureOut,
    summary="Who sees a disclosure",
)
def disclosure_visibility(request: HttpRequest, disclosure_id: int, payload: VisibilityIn) -> Any:
    return set_owned_visibility(Disclosure, request, disclosure_id, payload.visibility)


@router.post(
    "/spaces/{space_id}/checkins",
    response={201: FeltTrustCheckInOut},
    summary="Felt trust and forgiveness check-in",
)
def create_checkin(request: HttpRequest, space_id: int, payload: FeltTrustCheckInIn) -> Any:
    return member_creates(request, space_id, services.record_checkin, payload, naming=("about",))


@router.get(
    "/spaces/{space_id}/checkins", response=list[FeltTrustCheckInOut], summary="Check-ins I may see"
)
def list_checkins(request: HttpRequest, space_id: int) -> Any:
    return seen_by_member(request, space_id, selectors.checkins_visible_to, LIST_LIMIT)


class PingOut(Schema):
    ok: bool
    user: int


@router.get("/ping", response=PingOut, summary="Am I signed in? (a bare view, for load tests)")
def ping(request: HttpRequest) -> Any:
    # The same authentication stack as every endpoint and nothing else: the baseline the
    # trust endpoint's throughput is compared with in benchmarks/bench_ledger.py.
    return {"ok": True, "user": request.user.pk}


@router.get("/spaces/{space_id}/trust", response=TrustOut, summary="Trust index per pair")
def trust(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_member(request.user, space_id)
    return {"pairs": [p.to_dict() for p in selectors.trust_pairs_for_viewer(space, request.user)]}


@router.get("/spaces/{space_id}/bank", response=dict, summary="The relational bank account")
def bank(request: HttpRequest, space_id: int) -> Any:
    space = get_space_for_member(request.user, space_id)
    return selectors.bank_summary(space, request.user).to_dict()
