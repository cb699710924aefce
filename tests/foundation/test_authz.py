"""Authorization matrix for the foundation's routes (spaces, breaches, account)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.accounts.models import SignInSession
from mend.spaces.visibility import Visibility
from tests.authz import Route, check_matrix
from tests.base import MendTestCase
from tests.factories import BreachFactory

LOGIN = 302  # web pages send anonymous people to sign in


class FoundationMatrix(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.private = BreachFactory(space=cls.space, owner=cls.alice, visibility=Visibility.PRIVATE)
        cls.shared = BreachFactory(space=cls.space, owner=cls.alice, visibility=Visibility.SPACE)
        cls.for_counsellor = BreachFactory(
            space=cls.space, owner=cls.alice, visibility=Visibility.COUNSELLOR
        )

    def test_space_routes(self) -> None:
        sid = lambda t: t.space.pk  # noqa: E731
        routes = [
            Route(
                "space page",
                "GET",
                lambda t: f"/spaces/{sid(t)}/",
                {
                    "owner": 200,
                    "partner": 200,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "invite",
                "POST",
                lambda t: f"/spaces/{sid(t)}/invite/",
                {
                    "owner": 302,
                    "partner": 302,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "leave page",
                "GET",
                lambda t: f"/spaces/{sid(t)}/leave/",
                {
                    "owner": 200,
                    "partner": 200,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "new breach page",
                "GET",
                lambda t: f"/spaces/{sid(t)}/breaches/new/",
                {
                    "owner": 200,
                    "partner": 200,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "API space",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}",
                {
                    "owner": 200,
                    "partner": 200,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
            ),
            Route(
                "API invitations",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/invitations",
                {
                    "owner": 201,
                    "partner": 201,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
                data=lambda t: {},
            ),
            Route(
                "API breaches list",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/breaches",
                {
                    "owner": 200,
                    "partner": 200,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
            ),
            Route(
                "API breach create",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/breaches",
                {
                    "owner": 201,
                    "partner": 201,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
                data=lambda t: {"title": "Late again", "owner_role": "hurt"},
            ),
            Route(
                "API leave",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/leave",
                {
                    "owner": 204,
                    "partner": 204,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
            ),
        ]
        check_matrix(self, routes)

    def test_own_token_and_space_routes(self) -> None:
        """Account pages act on the signed-in person's own account: alice's token is hers."""

        def setup(t: Any) -> Any:
            from mend.accounts.tokens import create_token

            t.token, _secret = create_token(user=t.alice, name="laptop", scope="write")
            return t

        signed_in = {"owner": 200, "partner": 200, "other_space": 200, "counsellor": 200}
        routes = [
            Route(
                "delete my account page",
                "GET",
                lambda t: "/me/delete/",
                {
                    **signed_in,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "revoke a token (form)",
                "POST",
                lambda t: f"/me/tokens/{t.token.pk}/revoke/",
                {
                    "owner": 302,
                    "partner": 404,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": LOGIN,
                },
            ),
            Route(
                "API revoke a token",
                "API DELETE",
                lambda t: f"/api/v1/me/tokens/{t.token.pk}",
                {
                    "owner": 204,
                    "partner": 404,
                    "other_space": 404,
                    "counsellor": 404,
                    "anonymous": 401,
                },
            ),
            Route(
                "API make a token (a session with no recent password check)",
                "API POST",
                lambda t: "/api/v1/me/tokens",
                {
                    "owner": 403,
                    "partner": 403,
                    "other_space": 403,
                    "counsellor": 403,
                    "anonymous": 401,
                },
                data=lambda t: {"name": "phone", "scope": "read"},
            ),
            Route(
                "API create a space (each their own)",
                "API POST",
                lambda t: "/api/v1/spaces",
                {
                    "owner": 201,
                    "partner": 201,
                    "other_space": 201,
                    "counsellor": 201,
                    "anonymous": 401,
                },
                data=lambda t: {"name": "Ours", "kind": "team"},
            ),
        ]
        check_matrix(self, routes, setup=setup)

    def test_record_routes(self) -> None:
        def rows(name: str, record: Any, member: int, counsellor: int) -> list[Route]:
            return [
                Route(
                    f"{name} page",
                    "GET",
                    lambda t: f"/breaches/{record.pk}/",
                    {
                        "owner": 200,
                        "partner": member,
                        "other_space": 404,
                        "counsellor": counsellor,
                        "anonymous": LOGIN,
                    },
                ),
                Route(
                    f"API {name}",
                    "API GET",
                    lambda t: f"/api/v1/breaches/{record.pk}",
                    {
                        "owner": 200,
                        "partner": member,
                        "other_space": 404,
                        "counsellor": counsellor,
                        "anonymous": 401,
                    },
                ),
                Route(
                    f"{name} sharing",
                    "POST",
                    lambda t: f"/breaches/{record.pk}/visibility/",
                    {
                        "owner": 302,
                        "partner": 403 if member == 200 else 404,
                        "other_space": 404,
                        "counsellor": 403 if counsellor == 200 else 404,
                        "anonymous": LOGIN,
                    },
                    data=lambda t: {"visibility": "space"},
                ),
                Route(
                    f"API {name} sharing",
                    "API PUT",
                    lambda t: f"/api/v1/breaches/{record.pk}/visibility",
                    {
                        "owner": 200,
                        "partner": 403 if member == 200 else 404,
                        "other_space": 404,
                        "counsellor": 403 if counsellor == 200 else 404,
                        "anonymous": 401,
                    },
                    data=lambda t: {"visibility": "space"},
                ),
            ]

        check_matrix(
            self,
            rows("private breach", self.private, 404, 404)
            + rows("shared breach", self.shared, 200, 404)
            + rows("counsellor breach", self.for_counsellor, 404, 200),
        )

    def test_breach_acknowledgement_routes(self) -> None:
        # alice wrote these as the person responsible, bob as the one hurt: only bob may say
        # "this is what happened", and only about one he can see.
        def responsible(visibility: str) -> Any:
            return BreachFactory(
                space=self.space,
                owner=self.alice,
                owner_role="responsible",
                other_person=self.bob,
                visibility=visibility,
            )

        def rows(name: str, visibility: str, partner: int, counsellor: int) -> list[Route]:
            web_ok = 302 if partner == 200 else partner
            return [
                Route(
                    f"acknowledge {name}",
                    "POST",
                    lambda t: f"/breaches/{t.pk}/acknowledge/",
                    {
                        "owner": 403,
                        "partner": web_ok,
                        "other_space": 404,
                        "counsellor": counsellor,
                        "anonymous": LOGIN,
                    },
                ),
                Route(
                    f"API acknowledge {name}",
                    "API POST",
                    lambda t: f"/api/v1/breaches/{t.pk}/acknowledge",
                    {
                        "owner": 403,
                        "partner": partner,
                        "other_space": 404,
                        "counsellor": counsellor,
                        "anonymous": 401,
                    },
                ),
            ]

        for name, visibility, partner, counsellor in (
            ("private breach", Visibility.PRIVATE, 404, 404),
            ("shared breach", Visibility.SPACE, 200, 404),
            ("breach shared with all", Visibility.SPACE_AND_COUNSELLOR, 200, 403),
        ):
            check_matrix(
                self,
                rows(name, visibility, partner, counsellor),
                setup=lambda t, v=visibility: responsible(v),
            )

    def test_account_routes(self) -> None:
        everyone = {"owner": 200, "partner": 200, "other_space": 200, "counsellor": 200}
        check_matrix(
            self,
            [
                Route("account page", "GET", lambda t: "/me/", {**everyone, "anonymous": LOGIN}),
                Route(
                    "export", "GET", lambda t: "/me/export.json", {**everyone, "anonymous": LOGIN}
                ),
                Route(
                    "access log",
                    "GET",
                    lambda t: "/me/access-log/",
                    {**everyone, "anonymous": LOGIN},
                ),
                Route("spaces page", "GET", lambda t: "/spaces/", {**everyone, "anonymous": LOGIN}),
                Route("API me", "API GET", lambda t: "/api/v1/me", {**everyone, "anonymous": 401}),
                Route(
                    "quick exit setting",
                    "POST",
                    lambda t: "/me/quick-exit/",
                    {
                        "owner": 302,
                        "partner": 302,
                        "other_space": 302,
                        "counsellor": 302,
                        "anonymous": LOGIN,
                    },
                    data=lambda t: {"sign_out_on_exit": "on"},
                ),
                # Anyone may leave; a link that is not this session's own signs no one out.
                Route(
                    "quick exit",
                    "GET",
                    lambda t: "/exit/" + "0" * 64 + "/",
                    {
                        "owner": 303,
                        "partner": 303,
                        "other_space": 303,
                        "counsellor": 303,
                        "anonymous": 303,
                    },
                ),
                Route(
                    "API spaces",
                    "API GET",
                    lambda t: "/api/v1/spaces",
                    {**everyone, "anonymous": 401},
                ),
                Route(
                    "API export",
                    "API GET",
                    lambda t: "/api/v1/me/export",
                    {**everyone, "anonymous": 401},
                ),
                Route(
                    "API tokens",
                    "API GET",
                    lambda t: "/api/v1/me/tokens",
                    {**everyone, "anonymous": 401},
                ),
            ],
        )

    def test_ways_in_routes(self) -> None:
        """Each person sees and ends only their own ways in; ending a session of alice's by its
        handle is hers alone."""
        everyone = {"owner": 200, "partner": 200, "other_space": 200, "counsellor": 200}
        handle = "a" * 16

        def alices_other_session(test: Any) -> Any:
            SignInSession.objects.create(
                session_key="a" * 64,
                user=test.alice,
                expire_date=timezone.now() + timedelta(minutes=30),
            )
            return test

        check_matrix(
            self,
            [
                Route("ways in", "GET", lambda t: "/me/ways-in/", {**everyone, "anonymous": LOGIN}),
                Route(
                    "end a session",
                    "POST",
                    lambda t: f"/me/sessions/{handle}/end/",
                    {
                        "owner": 302,
                        "partner": 404,
                        "other_space": 404,
                        "counsellor": 404,
                        "anonymous": LOGIN,
                    },
                ),
                Route(
                    "sign out everywhere",
                    "POST",
                    lambda t: "/me/sign-out-everywhere/",
                    {
                        "owner": 302,
                        "partner": 302,
                        "other_space": 302,
                        "counsellor": 302,
                        "anonymous": LOGIN,
                    },
                ),
                Route(
                    "API sign out everywhere",
                    "API POST",
                    lambda t: "/api/v1/me/sign-out-everywhere",
                    {
                        "owner": 204,
                        "partner": 204,
                        "other_space": 204,
                        "counsellor": 204,
                        "anonymous": 401,
                    },
                ),
                Route(
                    "API create a token without a recent password check",
                    "API POST",
                    lambda t: "/api/v1/me/tokens",
                    {
                        "owner": 403,
                        "partner": 403,
                        "other_space": 403,
                        "counsellor": 403,
                        "anonymous": 401,
                    },
                    data=lambda t: {"name": "cli"},
                ),
            ],
            setup=alices_other_session,
        )
