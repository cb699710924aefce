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
_NOTE = {"note": "ok"}
_MISSED = {"outcome": "missed"}
_PRIVATE = {"visibility": "private"}


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


def _bob_commits(t: Any) -> dict[str, Any]:
    return _form(t.bob.pk, "committer")


def _api_to_bob(t: Any) -> dict[str, Any]:
    return _api_body(made_to=t.bob.pk)


def _api_bob_commits(t: Any) -> dict[str, Any]:
    return _api_body(committer=t.bob.pk)


def _earlier(t: Any) -> dict[str, Any]:
    """New terms for the commitment to bob, and the reason for them."""
    return {**_form(t.bob.pk), "reason": "earlier"}


def _new_terms(t: Any) -> dict[str, Any]:
    """New terms as the API takes them."""
    return _api_body()


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
        refused, api_refused = answers(302, 400), answers(201, 400)
        proposals = f"{api}/commitment-proposals"
        check_matrix(
            self,
            [
                Route("list page", "GET", f"{space}/", members),
                Route("new page", "GET", f"{space}/new/", members),
                Route("propose page", "GET", f"{space}/propose/", members),
                Route("new (post)", "POST", f"{space}/new/", refused, _to_bob),
                Route("propose (post)", "POST", f"{space}/propose/", refused, _bob_commits),
                Route("API list", "API GET", f"{api}/commitments", members),
                Route("API create", "API POST", f"{api}/commitments", api_refused, _api_to_bob),
                Route("API propose", "API POST", proposals, api_refused, _api_bob_commits),
            ],
        )

    def test_new_terms_routes(self) -> None:
        """alice offers bob new terms for a commitment made to him."""

        def offered(t: Any) -> Any:
            offer_new_terms(t.shared, t.alice)
            return t

        web = "/commitments/{t.shared.pk}/terms"
        api = "/api/v1/commitments/{t.shared.pk}/terms"
        bob_answers = answers(403, 200)
        check_matrix(
            self,
            [
                Route("answer new terms", "POST", f"{web}/answer/", answers(302, 302), _KEEP),
                Route("withdraw new terms", "POST", f"{web}/withdraw/", answers(302, 403)),
                Route("API answer new terms", "API POST", f"{api}/answer", bob_answers, _AGREE),
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
        alice_acts, alice_does = answers(302, 403), answers(200, 403)
        bob_acts, bob_does = answers(403, 302), answers(403, 200)
        # Nothing to resume, accept or decline: the commitment is running and was never proposed.
        too_late = answers(409, 403)
        check_matrix(
            self,
            [
                Route("detail", "GET", f"{web}/", answers(200, 200)),
                Route("renegotiate page", "GET", f"{web}/renegotiate/", answers(200, 403)),
                Route("renegotiate (post)", "POST", f"{web}/renegotiate/", alice_acts, _earlier),
                Route("pause", "POST", f"{web}/pause/", alice_acts),
                Route("resume", "POST", f"{web}/resume/", too_late),
                Route("end", "POST", f"{web}/end/", alice_acts),
                Route("accept", "POST", f"{web}/accept/", too_late),
                Route("decline", "POST", f"{web}/decline/", too_late),
                Route("unknown action", "POST", f"{web}/explode/", answers(404, 404)),
                Route("sharing", "POST", f"{web}/visibility/", alice_acts, _PRIVATE),
                Route("report", "POST", f"{occurrence}/report/", alice_acts, _MISSED),
                Route("confirm", "POST", f"{occurrence}/confirm/", bob_acts, _NOTE),
                Route("dispute", "POST", f"{occurrence}/dispute/", bob_acts, _NOTE),
                Route("API get", "API GET", api, answers(200, 200)),
                Route("API occurrences", "API GET", f"{api}/occurrences", answers(200, 200)),
                Route("API accept", "API POST", f"{api}/accept", too_late),
                Route("API decline", "API POST", f"{api}/decline", too_late),
                Route("API pause", "API POST", f"{api}/pause", alice_does),
                Route("API resume", "API POST", f"{api}/resume", too_late),
                Route("API end", "API POST", f"{api}/end", alice_does),
                Route("API renegotiate", "API POST", f"{api}/renegotiate", alice_does, _new_terms),
                Route("API sharing", "API PUT", f"{api}/visibility", alice_does, _PRIVATE),
                Route("API report", "API POST", f"{api_occurrence}/report", alice_does, _MISSED),
                Route("API confirm", "API POST", f"{api_occurrence}/confirm", bob_does, _NOTE),
                Route("API dispute", "API POST", f"{api_occurrence}/dispute", bob_does, _NOTE),
            ],
        )

    def test_private_and_counsellor_commitments(self) -> None:
        private, shared = "/commitments/{t.private.pk}", "/commitments/{t.with_counsellor.pk}"
        report = "/api/v1/occurrences/{t.private_occ.pk}/report"
        alice_only = answers(200, 404)
        # carol reads what is shared with her, and may not act on it.
        carol_reads = answers(200, 200, counsellor=200)
        carol_refused = answers(200, 403, counsellor=403)
        check_matrix(
            self,
            [
                Route("private detail", "GET", f"{private}/", alice_only),
                Route("API private", "API GET", f"/api/v1{private}", alice_only),
                Route("private report", "API POST", report, alice_only, {"outcome": "kept"}),
                Route("private pause", "POST", f"{private}/pause/", answers(302, 404)),
                Route("counsellor detail", "GET", f"{shared}/", carol_reads),
                Route("counsellor cannot act", "API POST", f"/api/v1{shared}/pause", carol_refused),
            ],
        )

    def test_calendar_routes(self) -> None:
        # Each signed-in person has a feed of their own; a wrong secret finds nothing, for anyone.
        not_found = everyone(404, anonymous=404)
        check_matrix(
            self,
            [
                Route("calendar page", "GET", "/calendar/", everyone(200)),
                Route("calendar create", "POST", "/calendar/", everyone(302)),
                Route("calendar revoke", "POST", "/calendar/revoke/", everyone(302)),
                Route("feed, wrong secret", "GET", "/calendar/not-a-secret.ics", not_found),
                Route("API feed", "API GET", "/api/v1/calendar-feed", everyone(200)),
                Route("API feed create", "API POST", "/api/v1/calendar-feed", everyone(201)),
                Route("API feed revoke", "API DELETE", "/api/v1/calendar-feed", everyone(204)),
            ],
        )
