"""Authorization matrix for every ledger web route and API endpoint."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from mend.ledger import services
from mend.spaces.visibility import Visibility
from tests.authz import Route, check_matrix
from tests.base import MendTestCase

LOGIN = 302  # web pages send anonymous people to sign in
MEMBERS_ONLY = {
    "owner": 200,
    "partner": 200,
    "other_space": 404,
    "counsellor": 404,
    "anonymous": LOGIN,
}
API_MEMBERS_ONLY = {
    "owner": 200,
    "partner": 200,
    "other_space": 404,
    "counsellor": 404,
    "anonymous": 401,
}


def _records(t: Any) -> SimpleNamespace:
    """Fresh records for each role: bob's self-report to alice, alice's own moment, alice's
    disclosure (all shared with the space, not with the counsellor)."""
    bobs = services.log_moment(
        space=t.space,
        logger=t.bob,
        kind="small_kindness",
        actor_id=t.bob.pk,
        receiver_id=t.alice.pk,
    )
    alices = services.log_moment(
        space=t.space,
        logger=t.alice,
        kind="appreciation",
        actor_id=t.bob.pk,
        receiver_id=t.alice.pk,
    )
    disclosure = services.create_disclosure(
        space=t.space,
        owner=t.alice,
        kind="change",
        text="I tell you first now.",
        visibility=Visibility.SPACE,
    )
    return SimpleNamespace(
        space=t.space, alice=t.alice, bob=t.bob, bobs=bobs, alices=alices, disclosure=disclosure
    )


class LedgerMatrix(MendTestCase):
    def test_web_routes(self) -> None:
        base = lambda t: f"/spaces/{t.space.pk}/ledger/"  # noqa: E731
        routes = [
            Route("dashboard", "GET", base, MEMBERS_ONLY),
            Route("timeline", "GET", lambda t: base(t) + "timeline/", MEMBERS_ONLY),
            Route("bank", "GET", lambda t: base(t) + "bank/", MEMBERS_ONLY),
            Route("disclosures", "GET", lambda t: base(t) + "disclosures/", MEMBERS_ONLY),
            Route("checkin", "GET", lambda t: base(t) + "checkin/", MEMBERS_ONLY),
            Route(
                "log moment",
                "POST",
                lambda t: base(t) + "moments/",
                # bob's own choices do not include "from bob": a member gets in, then a 400.
                {
                    "owner": 302,
                    "partner": 400,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
                data=lambda t: {"kind": "small_kindness", "direction": f"from:{t.bob.pk}"},
            ),
            Route(
                "create disclosure",
                "POST",
                lambda t: base(t) + "disclosures/",
                {
                    "owner": 302,
                    "partner": 302,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
                data=lambda t: {"kind": "feeling", "text": "Sad.", "visibility": "space"},
            ),
            Route(
                "check-in",
                "POST",
                lambda t: base(t) + "checkin/",
                {
                    "owner": 302,
                    "partner": 400,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
                data=lambda t: {"about": str(t.bob.pk), "felt_trust": "5", "visibility": "private"},
            ),
            Route(
                "confirm",
                "POST",
                lambda t: f"/moments/{t.bobs.pk}/confirm/",
                {
                    "owner": 302,
                    "partner": 403,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "dispute",
                "POST",
                lambda t: f"/moments/{t.bobs.pk}/dispute/",
                {
                    "owner": 302,
                    "partner": 403,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "undo",
                "POST",
                lambda t: f"/moments/{t.alices.pk}/undo/",
                {
                    "owner": 302,
                    "partner": 403,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "acknowledge",
                "POST",
                lambda t: f"/disclosures/{t.disclosure.pk}/acknowledge/",
                {
                    "owner": 403,
                    "partner": 302,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
        ]
        check_matrix(self, routes, setup=_records)

    def test_api_routes(self) -> None:
        sp = lambda t: f"/api/v1/spaces/{t.space.pk}"  # noqa: E731
        created = {
            "owner": 201,
            "partner": 201,
            "other_space": 404,
            "counsellor": 404,
            "anonymous": 401,
        }
        receiver_only = {
            "owner": 200,
            "partner": 403,
            "other_space": 404,
            "counsellor": 404,
            "anonymous": 401,
        }
        routes = [
            Route(
                "kinds",
                "API GET",
                lambda t: "/api/v1/kinds",
                {
                    "owner": 200,
                    "partner": 200,
                    "other_space": 200,
                    "counsellor": 200,
                    "anonymous": 200,
                },
            ),
            Route(
                "ping",
                "API GET",
                lambda t: "/api/v1/ping",
                {
                    "owner": 200,
                    "partner": 200,
                    "other_space": 200,
                    "counsellor": 200,
                    "anonymous": 401,
                },
            ),
            Route("moments list", "API GET", lambda t: sp(t) + "/moments", API_MEMBERS_ONLY),
            Route(
                "moment create",
                "API POST",
                lambda t: sp(t) + "/moments",
                created,
                data=lambda t: {
                    "kind": "small_kindness",
                    "actor": t.bob.pk,
                    "receiver": t.alice.pk,
                },
            ),
            Route(
                "moment confirm",
                "API POST",
                lambda t: f"/api/v1/moments/{t.bobs.pk}/confirm",
                receiver_only,
            ),
            Route(
                "moment dispute",
                "API POST",
                lambda t: f"/api/v1/moments/{t.bobs.pk}/dispute",
                receiver_only,
            ),
            Route(
                "moment undo",
                "API DELETE",
                lambda t: f"/api/v1/moments/{t.alices.pk}",
                {
                    "owner": 204,
                    "partner": 403,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
            ),
            Route(
                "moment visibility",
                "API PUT",
                lambda t: f"/api/v1/moments/{t.alices.pk}/visibility",
                {
                    "owner": 200,
                    "partner": 403,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
                data=lambda t: {"visibility": "private"},
            ),
            Route(
                "disclosures list", "API GET", lambda t: sp(t) + "/disclosures", API_MEMBERS_ONLY
            ),
            Route(
                "disclosure create",
                "API POST",
                lambda t: sp(t) + "/disclosures",
                created,
                data=lambda t: {"kind": "unasked", "text": "I met my ex for coffee."},
            ),
            Route(
                "disclosure acknowledge",
                "API POST",
                lambda t: f"/api/v1/disclosures/{t.disclosure.pk}/acknowledge",
                {
                    "owner": 403,
                    "partner": 200,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
            ),
            Route(
                "disclosure visibility",
                "API PUT",
                lambda t: f"/api/v1/disclosures/{t.disclosure.pk}/visibility",
                {
                    "owner": 200,
                    "partner": 403,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
                data=lambda t: {"visibility": "private"},
            ),
            Route("checkins list", "API GET", lambda t: sp(t) + "/checkins", API_MEMBERS_ONLY),
            Route(
                "checkin create",
                "API POST",
                lambda t: sp(t) + "/checkins",
                {
                    "owner": 201,
                    "partner": 400,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
                data=lambda t: {"about": t.bob.pk, "felt_trust": 4},
            ),
            Route("trust", "API GET", lambda t: sp(t) + "/trust", API_MEMBERS_ONLY),
            Route("bank", "API GET", lambda t: sp(t) + "/bank", API_MEMBERS_ONLY),
        ]
        check_matrix(self, routes, setup=_records)
