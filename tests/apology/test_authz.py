"""Authorization matrix for the apology studio: every web route and API endpoint.

alice writes to bob (the partner). A draft is private to alice whatever else; a sent apology is
shared with the space; only bob, the recipient, may answer it.
"""

from __future__ import annotations

from typing import Any

from mend.apology.models import Apology
from mend.spaces.visibility import Visibility
from tests.apology.helpers import make_apology
from tests.authz import Route, check_matrix
from tests.base import MendTestCase

LOGIN = 302


def row(
    label: str,
    method: str,
    path: Any,
    owner: Any,
    partner: Any,
    other_space: Any = 404,
    counsellor: Any = 404,
    anonymous: Any = None,
    data: Any = None,
) -> Route:
    if anonymous is None:
        anonymous = 401 if method.startswith("API") else LOGIN
    return Route(
        label,
        method,
        path,
        {
            "owner": owner,
            "partner": partner,
            "other_space": other_space,
            "counsellor": counsellor,
            "anonymous": anonymous,
        },
        data=data,
    )


class ApologyMatrix(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.draft = make_apology(cls.space, cls.alice, cls.bob)
        cls.sent = make_apology(cls.space, cls.alice, cls.bob, status=Apology.Status.SENT)
        cls.sent_c = make_apology(
            cls.space,
            cls.alice,
            cls.bob,
            status=Apology.Status.SENT,
            visibility=Visibility.SPACE_AND_COUNSELLOR,
        )

    def test_space_routes(self) -> None:
        sid = lambda t: t.space.pk  # noqa: E731
        text = {"text": "I am sorry I shouted at you. That was wrong of me."}
        check_matrix(
            self,
            [
                row("studio", "GET", lambda t: f"/spaces/{sid(t)}/apologies/", 200, 200),
                row("compose", "GET", lambda t: f"/spaces/{sid(t)}/apologies/new/", 200, 200),
                row(
                    "compose save",
                    "POST",
                    lambda t: f"/spaces/{sid(t)}/apologies/new/",
                    302,
                    302,
                    data=lambda t: text,
                ),
                row(
                    "live feedback",
                    "POST",
                    lambda t: f"/spaces/{sid(t)}/apologies/feedback/",
                    200,
                    200,
                    data=lambda t: text,
                ),
                row(
                    "API list", "API GET", lambda t: f"/api/v1/spaces/{sid(t)}/apologies", 200, 200
                ),
                row(
                    "API create",
                    "API POST",
                    lambda t: f"/api/v1/spaces/{sid(t)}/apologies",
                    201,
                    201,
                    data=lambda t: text,
                ),
                row(
                    "API analyze",
                    "API POST",
                    lambda t: "/api/v1/apologies/analyze",
                    200,
                    200,
                    other_space=200,
                    counsellor=200,
                    data=lambda t: text,
                ),
            ],
        )

    def test_draft_routes(self) -> None:
        d = lambda t: t.draft.pk  # noqa: E731
        answer = {"response": "received"}
        check_matrix(
            self,
            [
                row("draft page", "GET", lambda t: f"/apologies/{d(t)}/", 302, 404),
                row("draft edit", "GET", lambda t: f"/apologies/{d(t)}/edit/", 200, 404),
                row(
                    "draft save",
                    "POST",
                    lambda t: f"/apologies/{d(t)}/edit/",
                    302,
                    404,
                    data=lambda t: {"text": "I am sorry."},
                ),
                row("draft send page", "GET", lambda t: f"/apologies/{d(t)}/send/", 200, 404),
                row("draft send", "POST", lambda t: f"/apologies/{d(t)}/send/", 302, 404),
                row(
                    "draft respond",
                    "POST",
                    lambda t: f"/apologies/{d(t)}/respond/",
                    403,
                    404,
                    data=lambda t: answer,
                ),
                row("draft discard", "POST", lambda t: f"/apologies/{d(t)}/discard/", 302, 404),
                row("API draft", "API GET", lambda t: f"/api/v1/apologies/{d(t)}", 200, 404),
                row(
                    "API draft patch",
                    "API PATCH",
                    lambda t: f"/api/v1/apologies/{d(t)}",
                    200,
                    404,
                    data=lambda t: {"text": "I am sorry."},
                ),
                row(
                    "API draft send",
                    "API POST",
                    lambda t: f"/api/v1/apologies/{d(t)}/send",
                    200,
                    404,
                    data=lambda t: {},
                ),
                row(
                    "API draft respond",
                    "API POST",
                    lambda t: f"/api/v1/apologies/{d(t)}/respond",
                    403,
                    404,
                    data=lambda t: answer,
                ),
                row(
                    "API draft delete",
                    "API DELETE",
                    lambda t: f"/api/v1/apologies/{d(t)}",
                    204,
                    404,
                ),
            ],
        )

    def test_sent_routes(self) -> None:
        s = lambda t: t.sent.pk  # noqa: E731
        sc = lambda t: t.sent_c.pk  # noqa: E731
        answer = {"response": "received"}
        check_matrix(
            self,
            [
                row("sent page", "GET", lambda t: f"/apologies/{s(t)}/", 200, 200),
                row("sent edit", "GET", lambda t: f"/apologies/{s(t)}/edit/", 302, 403),
                row(
                    "sent save",
                    "POST",
                    lambda t: f"/apologies/{s(t)}/edit/",
                    409,
                    403,
                    data=lambda t: {"text": "Changed."},
                ),
                row("sent send page", "GET", lambda t: f"/apologies/{s(t)}/send/", 302, 403),
                row("sent send again", "POST", lambda t: f"/apologies/{s(t)}/send/", 409, 403),
                row(
                    "sent respond",
                    "POST",
                    lambda t: f"/apologies/{s(t)}/respond/",
                    403,
                    302,
                    data=lambda t: answer,
                ),
                row("sent discard", "POST", lambda t: f"/apologies/{s(t)}/discard/", 409, 403),
                row("API sent", "API GET", lambda t: f"/api/v1/apologies/{s(t)}", 200, 200),
                row(
                    "API sent patch",
                    "API PATCH",
                    lambda t: f"/api/v1/apologies/{s(t)}",
                    409,
                    403,
                    data=lambda t: {"text": "Changed."},
                ),
                row(
                    "API sent send",
                    "API POST",
                    lambda t: f"/api/v1/apologies/{s(t)}/send",
                    409,
                    403,
                    data=lambda t: {},
                ),
                row(
                    "API sent respond",
                    "API POST",
                    lambda t: f"/api/v1/apologies/{s(t)}/respond",
                    403,
                    200,
                    data=lambda t: answer,
                ),
                row(
                    "API sent delete", "API DELETE", lambda t: f"/api/v1/apologies/{s(t)}", 409, 403
                ),
                row(
                    "counsellor-shared page",
                    "GET",
                    lambda t: f"/apologies/{sc(t)}/",
                    200,
                    200,
                    counsellor=200,
                ),
                row(
                    "counsellor-shared respond",
                    "POST",
                    lambda t: f"/apologies/{sc(t)}/respond/",
                    403,
                    302,
                    counsellor=403,
                    data=lambda t: answer,
                ),
                row(
                    "API counsellor-shared",
                    "API GET",
                    lambda t: f"/api/v1/apologies/{sc(t)}",
                    200,
                    200,
                    counsellor=200,
                ),
                row(
                    "API counsellor-shared respond",
                    "API POST",
                    lambda t: f"/api/v1/apologies/{sc(t)}/respond",
                    403,
                    200,
                    counsellor=403,
                    data=lambda t: answer,
                ),
            ],
        )
