"""Authorization matrix for every ledger web route and API endpoint."""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace
from typing import Any

from mend.ledger import services
from mend.spaces.visibility import Visibility
from tests.authz import Route, answers, check_matrix, everyone
from tests.base import MendTestCase


def _records(t: Any) -> SimpleNamespace:
    """Fresh records for each role: bob's self-report to alice, alice's own moment, alice's
    disclosure (all shared with the space, not with the counsellor)."""
    # Both about something bob did for alice; who logs it decides whether it waits for her.
    moment = partial(services.log_moment, space=t.space, actor_id=t.bob.pk, receiver_id=t.alice.pk)
    bobs = moment(logger=t.bob, kind="small_kindness")
    alices = moment(logger=t.alice, kind="appreciation")
    told = "I tell you first now."
    disclosure = services.create_disclosure(
        space=t.space, owner=t.alice, kind="change", text=told, visibility=Visibility.SPACE
    )
    return SimpleNamespace(
        space=t.space, alice=t.alice, bob=t.bob, bobs=bobs, alices=alices, disclosure=disclosure
    )


def _from_bob(t: Any) -> dict[str, Any]:
    """A moment logged as coming from bob: not among bob's own choices."""
    return {"kind": "small_kindness", "direction": f"from:{t.bob.pk}"}


def _about_bob(t: Any) -> dict[str, Any]:
    return {"about": str(t.bob.pk), "felt_trust": "5", "visibility": "private"}


def _bob_to_alice(t: Any) -> dict[str, Any]:
    return {"kind": "small_kindness", "actor": t.bob.pk, "receiver": t.alice.pk}


def _api_about_bob(t: Any) -> dict[str, Any]:
    return {"about": t.bob.pk, "felt_trust": 4}


FEELING = {"kind": "feeling", "text": "Sad.", "visibility": "space"}
UNASKED = {"kind": "unasked", "text": "I met my ex for coffee."}
PRIVATE = {"visibility": "private"}


class LedgerMatrix(MendTestCase):
    def test_web_routes(self) -> None:
        web = "/spaces/{t.space.pk}/ledger"
        members = answers(200, 200)
        # alice confirms or disputes what bob logged for her, and undoes only her own moment.
        alice_acts = answers(302, 403)
        acknowledge = "/disclosures/{t.disclosure.pk}/acknowledge/"
        both_act = answers(302, 302)
        # bob's own choices do not include "from bob", nor may he rate his trust in himself:
        # a member gets in, then a 400.
        check_matrix(
            self,
            [
                Route("dashboard", "GET", f"{web}/", members),
                Route("timeline", "GET", f"{web}/timeline/", members),
                Route("bank", "GET", f"{web}/bank/", members),
                Route("disclosures", "GET", f"{web}/disclosures/", members),
                Route("checkin", "GET", f"{web}/checkin/", members),
                Route("log moment", "POST", f"{web}/moments/", answers(302, 400), _from_bob),
                Route("create disclosure", "POST", f"{web}/disclosures/", both_act, FEELING),
                Route("check-in", "POST", f"{web}/checkin/", answers(302, 400), _about_bob),
                Route("confirm", "POST", "/moments/{t.bobs.pk}/confirm/", alice_acts),
                Route("dispute", "POST", "/moments/{t.bobs.pk}/dispute/", alice_acts),
                Route("undo", "POST", "/moments/{t.alices.pk}/undo/", alice_acts),
                Route("acknowledge", "POST", acknowledge, answers(403, 302)),
            ],
            setup=_records,
        )

    def test_api_routes(self) -> None:
        api = "/api/v1/spaces/{t.space.pk}"
        bobs, alices = "/api/v1/moments/{t.bobs.pk}", "/api/v1/moments/{t.alices.pk}"
        told = "/api/v1/disclosures/{t.disclosure.pk}"
        members = answers(200, 200)
        created = answers(201, 201)
        alice_only = answers(200, 403)
        # bob, not alice, acknowledges alice's disclosure; bob cannot rate trust in himself.
        bob_only, alice_rates = answers(403, 200), answers(201, 400)
        check_matrix(
            self,
            [
                Route("kinds", "API GET", "/api/v1/kinds", everyone(200, anonymous=200)),
                Route("ping", "API GET", "/api/v1/ping", everyone(200)),
                Route("moments list", "API GET", f"{api}/moments", members),
                Route("moment create", "API POST", f"{api}/moments", created, _bob_to_alice),
                Route("moment confirm", "API POST", f"{bobs}/confirm", alice_only),
                Route("moment dispute", "API POST", f"{bobs}/dispute", alice_only),
                Route("moment undo", "API DELETE", alices, answers(204, 403)),
                Route("moment visibility", "API PUT", f"{alices}/visibility", alice_only, PRIVATE),
                Route("disclosures list", "API GET", f"{api}/disclosures", members),
                Route("disclosure create", "API POST", f"{api}/disclosures", created, UNASKED),
                Route("disclosure acknowledge", "API POST", f"{told}/acknowledge", bob_only),
                Route(
                    "disclosure visibility", "API PUT", f"{told}/visibility", alice_only, PRIVATE
                ),
                Route("checkins list", "API GET", f"{api}/checkins", members),
                Route("checkin create", "API POST", f"{api}/checkins", alice_rates, _api_about_bob),
                Route("trust", "API GET", f"{api}/trust", members),
                Route("bank", "API GET", f"{api}/bank", members),
            ],
            setup=_records,
        )
