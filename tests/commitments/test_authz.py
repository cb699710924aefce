"""Authorization matrix for every commitments web route and API endpoint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.commitments import services
from mend.domain.recurrence import parse_rrule
from tests.authz import Route, check_matrix
from tests.base import MendTestCase
from tests.commitments.helpers import CONCRETE, HOW, first_occurrence, make_commitment

LOGIN = 302


def _row(owner: Any, partner: Any, other: Any, counsellor: Any, anonymous: Any) -> dict[str, Any]:
    return {
        "owner": owner,
        "partner": partner,
        "other_space": other,
        "counsellor": counsellor,
        "anonymous": anonymous,
    }


def _schedule() -> dict[str, Any]:
    soon = timezone.now() + timedelta(hours=2)
    return {
        "repeat": "daily",
        "start_date": soon.date().isoformat(),
        "time_of_day": soon.strftime("%H:%M"),
        "timezone": "UTC",
    }


def _form(made_to: int, key: str = "made_to") -> dict[str, Any]:
    soon = timezone.now() + timedelta(hours=2)
    return {
        "what": CONCRETE,
        "how_known": HOW,
        key: made_to,
        "visibility": "space",
        "repeat": "daily",
        "start_date": soon.date().isoformat(),
        "time_of_day": soon.strftime("%H:%M"),
    }


class CommitmentsMatrix(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.shared = make_commitment(cls.space, cls.alice, cls.bob)
        cls.reported = first_occurrence(cls.shared)
        services.report_occurrence(occurrence=cls.reported, user=cls.alice, outcome="kept")
        cls.private = make_commitment(cls.space, cls.alice, cls.bob, visibility="private")
        cls.private_occ = first_occurrence(cls.private)
        cls.with_counsellor = make_commitment(
            cls.space, cls.alice, cls.bob, visibility="space_counsellor"
        )

    def test_space_routes(self) -> None:
        sid = lambda t: t.space.pk  # noqa: E731
        routes = [
            Route(
                "list page",
                "GET",
                lambda t: f"/spaces/{sid(t)}/commitments/",
                _row(200, 200, 404, 404, LOGIN),
            ),
            Route(
                "new page",
                "GET",
                lambda t: f"/spaces/{sid(t)}/commitments/new/",
                _row(200, 200, 404, 404, LOGIN),
            ),
            Route(
                "propose page",
                "GET",
                lambda t: f"/spaces/{sid(t)}/commitments/propose/",
                _row(200, 200, 404, 404, LOGIN),
            ),
            Route(
                "new (post)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/commitments/new/",
                # bob cannot make a commitment to himself: the form refuses it.
                _row(302, 400, 404, 404, LOGIN),
                data=lambda t: _form(t.bob.pk),
            ),
            Route(
                "propose (post)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/commitments/propose/",
                _row(302, 400, 404, 404, LOGIN),
                data=lambda t: _form(t.bob.pk, "committer"),
            ),
            Route(
                "API list",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/commitments",
                _row(200, 200, 404, 404, 401),
            ),
            Route(
                "API create",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/commitments",
                _row(201, 400, 404, 404, 401),
                data=lambda t: {
                    "what": CONCRETE,
                    "how_known": HOW,
                    "made_to": t.bob.pk,
                    "schedule": _schedule(),
                },
            ),
            Route(
                "API propose",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/commitment-proposals",
                _row(201, 400, 404, 404, 401),
                data=lambda t: {
                    "what": CONCRETE,
                    "how_known": HOW,
                    "committer": t.bob.pk,
                    "schedule": _schedule(),
                },
            ),
        ]
        check_matrix(self, routes)

    def test_new_terms_routes(self) -> None:
        """alice offers bob new terms for a commitment made to him."""

        def offered(t: Any) -> Any:
            services.renegotiate_commitment(
                commitment=t.shared,
                user=t.alice,
                what=CONCRETE + " (earlier)",
                how_known=HOW,
                recurrence=parse_rrule("FREQ=DAILY", timezone.now() + timedelta(hours=1)),
                reason="earlier",
            )
            return t

        cid = lambda t: t.shared.pk  # noqa: E731
        check_matrix(
            self,
            [
                Route(
                    "answer new terms",
                    "POST",
                    lambda t: f"/commitments/{cid(t)}/terms/answer/",
                    _row(302, 302, 404, 404, LOGIN),
                    data=lambda t: {"decision": "keep"},
                ),
                Route(
                    "withdraw new terms",
                    "POST",
                    lambda t: f"/commitments/{cid(t)}/terms/withdraw/",
                    _row(302, 403, 404, 404, LOGIN),
                ),
                Route(
                    "API answer new terms",
                    "API POST",
                    lambda t: f"/api/v1/commitments/{cid(t)}/terms/answer",
                    _row(403, 200, 404, 404, 401),
                    data=lambda t: {"agree": True},
                ),
                Route(
                    "API withdraw new terms",
                    "API POST",
                    lambda t: f"/api/v1/commitments/{cid(t)}/terms/withdraw",
                    _row(200, 403, 404, 404, 401),
                ),
            ],
            setup=offered,
        )

    def test_shared_commitment_routes(self) -> None:
        cid = lambda t: t.shared.pk  # noqa: E731
        oid = lambda t: t.reported.pk  # noqa: E731
        note = lambda t: {"note": "ok"}  # noqa: E731
        routes = [
            Route(
                "detail",
                "GET",
                lambda t: f"/commitments/{cid(t)}/",
                _row(200, 200, 404, 404, LOGIN),
            ),
            Route(
                "renegotiate page",
                "GET",
                lambda t: f"/commitments/{cid(t)}/renegotiate/",
                _row(200, 403, 404, 404, LOGIN),
            ),
            Route(
                "renegotiate (post)",
                "POST",
                lambda t: f"/commitments/{cid(t)}/renegotiate/",
                _row(302, 403, 404, 404, LOGIN),
                data=lambda t: {**_form(t.bob.pk), "reason": "earlier"},
            ),
            Route(
                "pause",
                "POST",
                lambda t: f"/commitments/{cid(t)}/pause/",
                _row(302, 403, 404, 404, LOGIN),
            ),
            Route(
                "resume",
                "POST",
                lambda t: f"/commitments/{cid(t)}/resume/",
                _row(409, 403, 404, 404, LOGIN),
            ),
            Route(
                "end",
                "POST",
                lambda t: f"/commitments/{cid(t)}/end/",
                _row(302, 403, 404, 404, LOGIN),
            ),
            Route(
                "accept",
                "POST",
                lambda t: f"/commitments/{cid(t)}/accept/",
                _row(409, 403, 404, 404, LOGIN),
            ),
            Route(
                "decline",
                "POST",
                lambda t: f"/commitments/{cid(t)}/decline/",
                _row(409, 403, 404, 404, LOGIN),
            ),
            Route(
                "unknown action",
                "POST",
                lambda t: f"/commitments/{cid(t)}/explode/",
                _row(404, 404, 404, 404, LOGIN),
            ),
            Route(
                "sharing",
                "POST",
                lambda t: f"/commitments/{cid(t)}/visibility/",
                _row(302, 403, 404, 404, LOGIN),
                data=lambda t: {"visibility": "private"},
            ),
            Route(
                "report",
                "POST",
                lambda t: f"/occurrences/{oid(t)}/report/",
                _row(302, 403, 404, 404, LOGIN),
                data=lambda t: {"outcome": "missed"},
            ),
            Route(
                "confirm",
                "POST",
                lambda t: f"/occurrences/{oid(t)}/confirm/",
                _row(403, 302, 404, 404, LOGIN),
                data=note,
            ),
            Route(
                "dispute",
                "POST",
                lambda t: f"/occurrences/{oid(t)}/dispute/",
                _row(403, 302, 404, 404, LOGIN),
                data=note,
            ),
            Route(
                "API get",
                "API GET",
                lambda t: f"/api/v1/commitments/{cid(t)}",
                _row(200, 200, 404, 404, 401),
            ),
            Route(
                "API occurrences",
                "API GET",
                lambda t: f"/api/v1/commitments/{cid(t)}/occurrences",
                _row(200, 200, 404, 404, 401),
            ),
            Route(
                "API accept",
                "API POST",
                lambda t: f"/api/v1/commitments/{cid(t)}/accept",
                _row(409, 403, 404, 404, 401),
            ),
            Route(
                "API decline",
                "API POST",
                lambda t: f"/api/v1/commitments/{cid(t)}/decline",
                _row(409, 403, 404, 404, 401),
            ),
            Route(
                "API pause",
                "API POST",
                lambda t: f"/api/v1/commitments/{cid(t)}/pause",
                _row(200, 403, 404, 404, 401),
            ),
            Route(
                "API resume",
                "API POST",
                lambda t: f"/api/v1/commitments/{cid(t)}/resume",
                _row(409, 403, 404, 404, 401),
            ),
            Route(
                "API end",
                "API POST",
                lambda t: f"/api/v1/commitments/{cid(t)}/end",
                _row(200, 403, 404, 404, 401),
            ),
            Route(
                "API renegotiate",
                "API POST",
                lambda t: f"/api/v1/commitments/{cid(t)}/renegotiate",
                _row(200, 403, 404, 404, 401),
                data=lambda t: {"what": CONCRETE, "how_known": HOW, "schedule": _schedule()},
            ),
            Route(
                "API sharing",
                "API PUT",
                lambda t: f"/api/v1/commitments/{cid(t)}/visibility",
                _row(200, 403, 404, 404, 401),
                data=lambda t: {"visibility": "private"},
            ),
            Route(
                "API report",
                "API POST",
                lambda t: f"/api/v1/occurrences/{oid(t)}/report",
                _row(200, 403, 404, 404, 401),
                data=lambda t: {"outcome": "missed"},
            ),
            Route(
                "API confirm",
                "API POST",
                lambda t: f"/api/v1/occurrences/{oid(t)}/confirm",
                _row(403, 200, 404, 404, 401),
                data=note,
            ),
            Route(
                "API dispute",
                "API POST",
                lambda t: f"/api/v1/occurrences/{oid(t)}/dispute",
                _row(403, 200, 404, 404, 401),
                data=note,
            ),
        ]
        check_matrix(self, routes)

    def test_private_and_counsellor_commitments(self) -> None:
        routes = [
            Route(
                "private detail",
                "GET",
                lambda t: f"/commitments/{t.private.pk}/",
                _row(200, 404, 404, 404, LOGIN),
            ),
            Route(
                "API private",
                "API GET",
                lambda t: f"/api/v1/commitments/{t.private.pk}",
                _row(200, 404, 404, 404, 401),
            ),
            Route(
                "private report",
                "API POST",
                lambda t: f"/api/v1/occurrences/{t.private_occ.pk}/report",
                _row(200, 404, 404, 404, 401),
                data=lambda t: {"outcome": "kept"},
            ),
            Route(
                "private pause",
                "POST",
                lambda t: f"/commitments/{t.private.pk}/pause/",
                _row(302, 404, 404, 404, LOGIN),
            ),
            Route(
                "counsellor detail",
                "GET",
                lambda t: f"/commitments/{t.with_counsellor.pk}/",
                _row(200, 200, 404, 200, LOGIN),
            ),
            Route(
                "counsellor cannot act",
                "API POST",
                lambda t: f"/api/v1/commitments/{t.with_counsellor.pk}/pause",
                _row(200, 403, 404, 403, 401),
            ),
        ]
        check_matrix(self, routes)

    def test_calendar_routes(self) -> None:
        routes = [
            Route("calendar page", "GET", lambda t: "/calendar/", _row(200, 200, 200, 200, LOGIN)),
            Route(
                "calendar create", "POST", lambda t: "/calendar/", _row(302, 302, 302, 302, LOGIN)
            ),
            Route(
                "calendar revoke",
                "POST",
                lambda t: "/calendar/revoke/",
                _row(302, 302, 302, 302, LOGIN),
            ),
            Route(
                "feed, wrong secret",
                "GET",
                lambda t: "/calendar/not-a-secret.ics",
                _row(404, 404, 404, 404, 404),
            ),
            Route(
                "API feed",
                "API GET",
                lambda t: "/api/v1/calendar-feed",
                _row(200, 200, 200, 200, 401),
            ),
            Route(
                "API feed create",
                "API POST",
                lambda t: "/api/v1/calendar-feed",
                _row(201, 201, 201, 201, 401),
            ),
            Route(
                "API feed revoke",
                "API DELETE",
                lambda t: "/api/v1/calendar-feed",
                _row(204, 204, 204, 204, 401),
            ),
        ]
        check_matrix(self, routes)
