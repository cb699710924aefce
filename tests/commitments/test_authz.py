"""Authorization matrix for every commitments web route and API endpoint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.commitments import services
from tests.authz import Route, answers, check_matrix, everyone
from tests.base import MendTestCase
from tests.commitments.helpers import (
    CONCRETE,
    HOW,
    first_occurrence,
    make_commitment,
    offer_new_terms,
)

_KEEP = {"decision": "keep"}
_AGREE = {"agree": True}


def _api_body(**people: int) -> dict[str, Any]:
    """A daily commitment starting in two hours, as the API takes it (``made_to=`` bob ...)."""
    soon = timezone.now() + timedelta(hours=2)
    schedule = {
        "repeat": "daily",
        "start_date": soon.date().isoformat(),
        "time_of_day": soon.strftime("%H:%M"),
        "timezone": "UTC",
    }
    return {"what": CONCRETE, "how_known": HOW, **people, "schedule": schedule}


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


def _to_bob(t: Any) -> dict[str, Any]:
    return _form(t.bob.pk)


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
        space = "/spaces/{t.space.pk}/commitments"
        api = "/api/v1/spaces/{t.space.pk}"
        members = answers(200, 200)
        # bob cannot make a commitment to himself: the form and the API refuse it.
        check_matrix(
            self,
            [
                Route("list page", "GET", f"{space}/", members),
                Route("new page", "GET", f"{space}/new/", members),
                Route("propose page", "GET", f"{space}/propose/", members),
                Route("new (post)", "POST", f"{space}/new/", answers(302, 400), _to_bob),
                Route(
                    "propose (post)",
                    "POST",
                    f"{space}/propose/",
                    answers(302, 400),
                    lambda t: _form(t.bob.pk, "committer"),
                ),
                Route("API list", "API GET", f"{api}/commitments", members),
                Route(
                    "API create",
                    "API POST",
                    f"{api}/commitments",
                    answers(201, 400),
                    lambda t: _api_body(made_to=t.bob.pk),
                ),
                Route(
                    "API propose",
                    "API POST",
                    f"{api}/commitment-proposals",
                    answers(201, 400),
                    lambda t: _api_body(committer=t.bob.pk),
                ),
            ],
        )

    def test_new_terms_routes(self) -> None:
        """alice offers bob new terms for a commitment made to him."""

        def offered(t: Any) -> Any:
            offer_new_terms(t.shared, t.alice)
            return t

        web = "/commitments/{t.shared.pk}/terms"
        api = "/api/v1/commitments/{t.shared.pk}/terms"
        check_matrix(
            self,
            [
                Route("answer new terms", "POST", f"{web}/answer/", answers(302, 302), _KEEP),
                Route("withdraw new terms", "POST", f"{web}/withdraw/", answers(302, 403)),
                Route(
                    "API answer new terms", "API POST", f"{api}/answer", answers(403, 200), _AGREE
                ),
                Route("API withdraw new terms", "API POST", f"{api}/withdraw", answers(200, 403)),
            ],
            setup=offered,
        )

    def test_shared_commitment_routes(self) -> None:
        web = "/commitments/{t.shared.pk}"
        api = "/api/v1/commitments/{t.shared.pk}"
        occurrence = "/occurrences/{t.reported.pk}"
        api_occurrence = "/api/v1/occurrences/{t.reported.pk}"
        # alice made it and may change it; bob, to whom it is made, confirms or disputes reports.
        alice_acts = answers(302, 403)
        bob_acts = answers(403, 302)
        # Nothing to resume, accept or decline: the commitment is running and was never proposed.
        too_late = answers(409, 403)
        note = {"note": "ok"}
        missed = {"outcome": "missed"}
        private = {"visibility": "private"}
        check_matrix(
            self,
            [
                Route("detail", "GET", f"{web}/", answers(200, 200)),
                Route("renegotiate page", "GET", f"{web}/renegotiate/", answers(200, 403)),
                Route(
                    "renegotiate (post)",
                    "POST",
                    f"{web}/renegotiate/",
                    alice_acts,
                    lambda t: {**_form(t.bob.pk), "reason": "earlier"},
                ),
                Route("pause", "POST", f"{web}/pause/", alice_acts),
                Route("resume", "POST", f"{web}/resume/", too_late),
                Route("end", "POST", f"{web}/end/", alice_acts),
                Route("accept", "POST", f"{web}/accept/", too_late),
                Route("decline", "POST", f"{web}/decline/", too_late),
                Route("unknown action", "POST", f"{web}/explode/", answers(404, 404)),
                Route("sharing", "POST", f"{web}/visibility/", alice_acts, private),
                Route("report", "POST", f"{occurrence}/report/", alice_acts, missed),
                Route("confirm", "POST", f"{occurrence}/confirm/", bob_acts, note),
                Route("dispute", "POST", f"{occurrence}/dispute/", bob_acts, note),
                Route("API get", "API GET", api, answers(200, 200)),
                Route("API occurrences", "API GET", f"{api}/occurrences", answers(200, 200)),
                Route("API accept", "API POST", f"{api}/accept", too_late),
                Route("API decline", "API POST", f"{api}/decline", too_late),
                Route("API pause", "API POST", f"{api}/pause", answers(200, 403)),
                Route("API resume", "API POST", f"{api}/resume", too_late),
                Route("API end", "API POST", f"{api}/end", answers(200, 403)),
                Route(
                    "API renegotiate",
                    "API POST",
                    f"{api}/renegotiate",
                    answers(200, 403),
                    lambda t: _api_body(),
                ),
                Route("API sharing", "API PUT", f"{api}/visibility", answers(200, 403), private),
                Route(
                    "API report", "API POST", f"{api_occurrence}/report", answers(200, 403), missed
                ),
                Route(
                    "API confirm", "API POST", f"{api_occurrence}/confirm", answers(403, 200), note
                ),
                Route(
                    "API dispute", "API POST", f"{api_occurrence}/dispute", answers(403, 200), note
                ),
            ],
        )

    def test_private_and_counsellor_commitments(self) -> None:
        alice_only = answers(200, 404)
        check_matrix(
            self,
            [
                Route("private detail", "GET", "/commitments/{t.private.pk}/", alice_only),
                Route("API private", "API GET", "/api/v1/commitments/{t.private.pk}", alice_only),
                Route(
                    "private report",
                    "API POST",
                    "/api/v1/occurrences/{t.private_occ.pk}/report",
                    alice_only,
                    {"outcome": "kept"},
                ),
                Route(
                    "private pause", "POST", "/commitments/{t.private.pk}/pause/", answers(302, 404)
                ),
                Route(
                    "counsellor detail",
                    "GET",
                    "/commitments/{t.with_counsellor.pk}/",
                    answers(200, 200, counsellor=200),
                ),
                Route(
                    "counsellor cannot act",
                    "API POST",
                    "/api/v1/commitments/{t.with_counsellor.pk}/pause",
                    answers(200, 403, counsellor=403),
                ),
            ],
        )

    def test_calendar_routes(self) -> None:
        check_matrix(
            self,
            [
                Route("calendar page", "GET", "/calendar/", everyone(200)),
                Route("calendar create", "POST", "/calendar/", everyone(302)),
                Route("calendar revoke", "POST", "/calendar/revoke/", everyone(302)),
                Route(
                    "feed, wrong secret",
                    "GET",
                    "/calendar/not-a-secret.ics",
                    everyone(404, anonymous=404),
                ),
                Route("API feed", "API GET", "/api/v1/calendar-feed", everyone(200)),
                Route("API feed create", "API POST", "/api/v1/calendar-feed", everyone(201)),
                Route("API feed revoke", "API DELETE", "/api/v1/calendar-feed", everyone(204)),
            ],
        )
