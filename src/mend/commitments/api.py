"""Commitments in the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import BeforeValidator, Field

from mend.accounts.models import User
from mend.accounts.timezones import zone_of
from mend.commitments import occurrences, selectors, services
from mend.commitments.access import (
    get_commitment_for_committer,
    get_commitment_for_viewer,
    get_occurrence_for_viewer,
)
from mend.commitments.models import Commitment, CommitmentVersion, Occurrence
from mend.commitments.schedule import REPEATS, ScheduleInput, describe_stored, to_recurrence
from mend.core.exceptions import DomainError
from mend.core.routes import View, declare
from mend.core.schemas import (
    OwnedRecordOut,
    RecordId,
    VisibilityIn,
    VisibilityValue,
    checked_text,
    error_responses,
    not_true_or_false,
)
from mend.domain.recurrence import Recurrence, RecurrenceError
from mend.spaces.access import get_space_for_member
from mend.spaces.endpoints import seen_by_member

router = Router(tags=["commitments"])

Repeat = Literal["once", "daily", "weekdays", "weekly", "monthly", "rrule"]
assert set(REPEATS) == {"once", "daily", "weekdays", "weekly", "monthly", "rrule"}


What = Annotated[str, checked_text(200)]
HowKnown = Annotated[str, checked_text(300, required=False)]
Note = Annotated[str, checked_text(500, required=False)]


class CommitmentScheduleIn(Schema):
    repeat: Repeat = "once"
    start_date: date
    time_of_day: time
    timezone: str | None = Field(None, description="IANA name; defaults to your own time zone")
    # Bounds before the check (as mend.core.schemas.RecordId), so the document shows them.
    weekdays: list[Annotated[int, Field(ge=0, le=6), BeforeValidator(not_true_or_false)]] = Field(
        default_factory=list, description="0 = Monday; for repeat=weekly"
    )
    until: date | None = None
    rrule: Annotated[str, Field(max_length=500)] = ""


class CommitmentIn(Schema):
    what: What
    how_known: HowKnown = ""
    made_to: RecordId
    schedule: CommitmentScheduleIn
    visibility: VisibilityValue = "space"
    save_anyway: bool = False


class CommitmentProposalIn(Schema):
    what: What
    how_known: HowKnown = ""
    committer: RecordId
    schedule: CommitmentScheduleIn
    visibility: Literal["space", "space_counsellor"] = "space"
    save_anyway: bool = False


class CommitmentRenegotiationIn(Schema):
    what: What
    how_known: HowKnown = ""
    schedule: CommitmentScheduleIn
    reason: Note = ""
    save_anyway: bool = False


class OccurrenceReportIn(Schema):
    outcome: Literal["kept", "missed"]
    note: Note = ""


class OccurrenceResponseIn(Schema):
    note: Note = ""


class _TermsOut(Schema):
    """A base for the answers that carry a commitment's terms: ``schedule`` is its stored
    recurrence (``rrule``, ``dtstart``, ``timezone``) in words. The fields stay each
    subclass's, in the order the document lists them."""

    @staticmethod
    def resolve_schedule(obj: Commitment | CommitmentVersion) -> str:
        return describe_stored(obj.rrule, obj.dtstart, obj.timezone)


class CommitmentVersionOut(_TermsOut):
    number: int
    what: str
    how_known: str
    rrule: str
    dtstart: datetime
    timezone: str
    schedule: str
    changed_by: int | None = Field(validation_alias="changed_by_id")
    changed_at: datetime
    reason: str


class CommitmentOut(OwnedRecordOut, _TermsOut):
    made_to: int | None = Field(validation_alias="made_to_id")
    proposed_by: int | None = Field(validation_alias="proposed_by_id")
    what: str
    how_known: str
    rrule: str
    dtstart: datetime
    timezone: str
    schedule: str
    status: str
    version: int
    visibility: str
    created_at: datetime


class PendingTermsOut(Schema):
    what: str
    how_known: str
    rrule: str
    dtstart: datetime
    timezone: str
    reason: str
    proposed_at: datetime


class CommitmentDetailOut(CommitmentOut):
    versions: list[CommitmentVersionOut]
    # New terms waiting for the answer of the person it was made to (the current terms stay).
    pending_terms: PendingTermsOut | None

    @staticmethod
    def resolve_versions(obj: Commitment) -> list[CommitmentVersion]:
        return selectors.versions_of(obj)

    @staticmethod
    def resolve_pending_terms(obj: Commitment) -> Any:
        return selectors.pending_terms(obj)


class TermsAnswerIn(Schema):
    agree: bool


class OccurrenceOut(Schema):
    id: int
    commitment: int = Field(validation_alias="commitment_id")
    due_at: datetime
    version: int
    state: str
    reported_outcome: str | None
    reported_at: datetime | None
    report_note: str
    response: str | None
    responded_at: datetime | None
    response_note: str

    @staticmethod
    def resolve_reported_outcome(obj: Occurrence) -> str | None:
        return obj.reported_outcome or None

    @staticmethod
    def resolve_response(obj: Occurrence) -> str | None:
        return obj.response or None


class CalendarFeedOut(Schema):
    active: bool
    created_at: datetime | None


class CalendarFeedCreatedOut(Schema):
    url: str
    token: str
    created_at: datetime


def _recurrence(request: HttpRequest, schedule: CommitmentScheduleIn) -> Recurrence:
    zone = schedule.timezone or zone_of(request.user).key
    try:
        return to_recurrence(
            ScheduleInput(
                repeat=schedule.repeat,
                start_date=schedule.start_date,
                time_of_day=schedule.time_of_day,
                timezone=zone,
                weekdays=tuple(schedule.weekdays),
                until=schedule.until,
                rrule=schedule.rrule,
            )
        )
    except RecurrenceError as exc:
        raise DomainError(str(exc), code="invalid_schedule", fields={"schedule": str(exc)}) from exc


def _person(pk: int, field: str) -> Any:
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise DomainError(
            "That person is not a member of this space.", fields={field: "not_member"}
        )
    return user


@router.get(
    "/spaces/{space_id}/commitments",
    response=list[CommitmentOut],
    summary="Commitments in a space that I may see",
)
def list_commitments(request: HttpRequest, space_id: int) -> Any:
    return seen_by_member(request, space_id, selectors.commitments_visible_to)


def _written(service: Callable[..., Commitment], me: str, other: str) -> View:
    """A commitment or a proposal, on the terms the body gives: 201 with it. ``me`` and
    ``other`` are the service's keywords for the caller and for the other person, whom the
    body names by the field of that same name."""

    def view(
        request: HttpRequest, space_id: int, payload: CommitmentIn | CommitmentProposalIn
    ) -> Any:
        space = get_space_for_member(request.user, space_id)
        person = _person(getattr(payload, other), other)
        commitment = service(
            space=space,
            **{me: request.user, other: person},
            what=payload.what,
            how_known=payload.how_known,
            recurrence=_recurrence(request, payload.schedule),
            visibility=payload.visibility,
            save_anyway=payload.save_anyway,
        )
        return Status(201, commitment)

    return view


# The routes declared from tables below: a row's body class, when it has one.
_body: type[Schema] | None

for _name, _path, _body, _view, _summary in (
    (
        "create_commitment",
        "commitments",
        CommitmentIn,
        _written(services.create_commitment, "owner", "made_to"),
        "Commit to something concrete, made to another member",
    ),
    (
        "propose_commitment",
        "commitment-proposals",
        CommitmentProposalIn,
        _written(services.propose_commitment, "proposer", "committer"),
        "Ask another member for a commitment (they accept or decline)",
    ),
):
    declare(
        router.post,
        f"/spaces/{{space_id}}/{_path}",
        _view,
        name=_name,
        body=_body,
        response={201: CommitmentDetailOut},
        summary=_summary,
    )


@router.get(
    "/commitments/{commitment_id}",
    response=CommitmentDetailOut,
    summary="One commitment, with its history",
)
def get_commitment(request: HttpRequest, commitment_id: int) -> Any:
    return get_commitment_for_viewer(request.user, commitment_id)


Finder = Callable[[Any, int], Commitment]


def _changed(find: Finder, service: Callable[..., Commitment]) -> View:
    """An act on a commitment by a person ``find`` lets reach it; who may act is the
    service's to say."""

    def view(request: HttpRequest, commitment_id: int) -> Any:
        return service(commitment=find(request.user, commitment_id), user=request.user)

    return view


def _changed_as_asked(find: Finder, service: Callable[..., Commitment]) -> View:
    """The same with a body whose fields are the service's keywords."""

    def view(
        request: HttpRequest, commitment_id: int, payload: TermsAnswerIn | VisibilityIn
    ) -> Any:
        commitment = find(request.user, commitment_id)
        return service(commitment=commitment, user=request.user, **payload.model_dump())

    return view


for _action, _service, _summary in (
    (
        "accept",
        services.accept_proposal,
        "Accept a proposed commitment (the person asked to commit)",
    ),
    (
        "decline",
        services.decline_proposal,
        "Decline a proposed commitment (the person asked to commit)",
    ),
    ("pause", services.pause_commitment, "Pause a commitment (its owner)"),
    ("resume", services.resume_commitment, "Resume a paused commitment (its owner)"),
    ("end", services.end_commitment, "End a commitment (its owner)"),
):
    declare(
        router.post,
        f"/commitments/{{commitment_id}}/{_action}",
        _changed(get_commitment_for_viewer, _service),
        name=f"{_action}_commitment",
        response={200: CommitmentDetailOut, **error_responses(409)},
        summary=_summary,
        operation_id=f"commitments_{_action}",
    )


@router.post(
    "/commitments/{commitment_id}/renegotiate",
    response={200: CommitmentDetailOut, **error_responses(409)},
    summary="New terms: at once, or waiting for the answer of the person it was made to",
)
def renegotiate(
    request: HttpRequest, commitment_id: int, payload: CommitmentRenegotiationIn
) -> Any:
    commitment = get_commitment_for_viewer(request.user, commitment_id)
    return services.renegotiate_commitment(
        commitment=commitment,
        user=request.user,
        recurrence=_recurrence(request, payload.schedule),
        **payload.model_dump(exclude={"schedule"}),
    )


for _operation, _action, _view, _name, _body, _response, _summary in (
    (
        router.post,
        "terms/answer",
        _changed_as_asked(get_commitment_for_viewer, services.answer_terms),
        "answer_terms",
        TermsAnswerIn,
        {200: CommitmentDetailOut, **error_responses(403, 409)},
        "Agree to new terms (they take effect now) or keep the current ones",
    ),
    (
        router.post,
        "terms/withdraw",
        _changed(get_commitment_for_committer, services.withdraw_terms),
        "withdraw_terms",
        None,
        {200: CommitmentDetailOut, **error_responses(403, 409)},
        "Withdraw new terms not yet answered (the committer)",
    ),
    (
        router.put,
        "visibility",
        _changed_as_asked(get_commitment_for_committer, services.set_commitment_visibility),
        "set_visibility",
        VisibilityIn,
        CommitmentOut,
        "Change who sees a commitment",
    ),
):
    declare(
        _operation,
        f"/commitments/{{commitment_id}}/{_action}",
        _view,
        name=_name,
        body=_body,
        response=_response,
        summary=_summary,
    )


@router.get(
    "/commitments/{commitment_id}/occurrences",
    response=list[OccurrenceOut],
    summary="Recent and upcoming occurrences (newest first)",
)
def list_occurrences(request: HttpRequest, commitment_id: int) -> Any:
    commitment = get_commitment_for_viewer(request.user, commitment_id)
    now = timezone.now()
    occurrences.materialise_due(now, commitment_ids=[commitment.pk])
    return selectors.occurrences_of(commitment, now=now)


def _answered(service: Callable[..., Occurrence]) -> View:
    """A report on an occurrence, or the answer to one: the body's fields are the service's
    keywords; who may is the service's to say."""

    def view(
        request: HttpRequest, occurrence_id: int, payload: OccurrenceReportIn | OccurrenceResponseIn
    ) -> Any:
        occurrence = get_occurrence_for_viewer(request.user, occurrence_id)
        return service(occurrence=occurrence, user=request.user, **payload.model_dump())

    return view


for _action, _body, _summary in (
    (
        "report",
        OccurrenceReportIn,
        "Report an occurrence as kept or missed (the person who committed)",
    ),
    ("confirm", OccurrenceResponseIn, "Confirm a report (the person the commitment was made to)"),
    (
        "dispute",
        OccurrenceResponseIn,
        "Dispute a report, with a note (the person the commitment was made to)",
    ),
):
    declare(
        router.post,
        f"/occurrences/{{occurrence_id}}/{_action}",
        _answered(getattr(services, f"{_action}_occurrence")),
        name=_action,
        body=_body,
        response={200: OccurrenceOut, **error_responses(409)},
        summary=_summary,
    )


@router.get(
    "/calendar-feed", response=CalendarFeedOut, summary="Whether my calendar address is active"
)
def get_feed(request: HttpRequest) -> Any:
    feed = selectors.active_feed(request.user)
    return {"active": feed is not None, "created_at": feed.created_at if feed else None}


@router.post(
    "/calendar-feed",
    response={201: CalendarFeedCreatedOut},
    summary="Create or rotate my secret calendar address (shown once)",
)
def create_feed(request: HttpRequest, show_details: bool = False) -> Any:
    """Events say only "A commitment (Mend)" unless ``show_details`` asks for each one's words."""
    feed, secret = services.create_calendar_feed(user=request.user, show_details=show_details)
    url = request.build_absolute_uri(reverse("commitments:feed", args=[secret]))
    return Status(201, {"url": url, "token": secret, "created_at": feed.created_at})


@router.delete("/calendar-feed", response={204: None}, summary="Revoke my calendar address")
def revoke_feed(request: HttpRequest) -> Any:
    services.revoke_calendar_feed(user=request.user)
    return Status(204, None)
