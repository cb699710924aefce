"""Authorization matrix for the foundation's routes (spaces, breaches, account)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mend.accounts.models import SignInSession
from mend.spaces.visibility import Visibility
from tests.authz import Route, Shared, answers, check_matrix, each_sharing, everyone
from tests.base import MendTestCase
from tests.factories import BreachFactory


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
        web, api = "/spaces/{t.space.pk}", "/api/v1/spaces/{t.space.pk}"
        members = answers(200, 200)
        check_matrix(
            self,
            [
                Route("space page", "GET", f"{web}/", members),
                Route("invite", "POST", f"{web}/invite/", answers(302, 302)),
                Route("leave page", "GET", f"{web}/leave/", members),
                Route("new breach page", "GET", f"{web}/breaches/new/", members),
                Route("API space", "API GET", api, members),
                Route("API invitations", "API POST", f"{api}/invitations", answers(201, 201), {}),
                Route("API breaches list", "API GET", f"{api}/breaches", members),
                Route(
                    "API breach create",
                    "API POST",
                    f"{api}/breaches",
                    answers(201, 201),
                    {"title": "Late again", "owner_role": "hurt"},
                ),
                Route("API leave", "API POST", f"{api}/leave", answers(204, 204)),
            ],
        )

    def test_own_token_and_space_routes(self) -> None:
        """Account pages act on the signed-in person's own account: alice's token is hers."""

        def setup(t: Any) -> Any:
            from mend.accounts.tokens import create_token

            t.token, _secret = create_token(user=t.alice, name="laptop", scope="write")
            return t

        check_matrix(
            self,
            [
                Route("delete my account page", "GET", "/me/delete/", everyone(200)),
                Route(
                    "revoke a token (form)",
                    "POST",
                    "/me/tokens/{t.token.pk}/revoke/",
                    answers(302, 404),
                ),
                Route(
                    "API revoke a token",
                    "API DELETE",
                    "/api/v1/me/tokens/{t.token.pk}",
                    answers(204, 404),
                ),
                Route(
                    "API make a token (a session with no recent password check)",
                    "API POST",
                    "/api/v1/me/tokens",
                    everyone(403),
                    {"name": "phone", "scope": "read"},
                ),
                Route(
                    "API create a space (each their own)",
                    "API POST",
                    "/api/v1/spaces",
                    everyone(201),
                    {"name": "Ours", "kind": "team"},
                ),
            ],
            setup=setup,
        )

    def test_record_routes(self) -> None:
        def rows(name: str, record: Any, shared: Shared) -> list[Route]:
            read, write = shared.reads(), shared.writes
            web, api = f"/breaches/{record.pk}", f"/api/v1/breaches/{record.pk}"
            to_space = {"visibility": "space"}
            return [
                Route(f"{name} page", "GET", f"{web}/", read),
                Route(f"API {name}", "API GET", api, read),
                Route(f"{name} sharing", "POST", f"{web}/visibility/", write(302), to_space),
                Route(
                    f"API {name} sharing",
                    "API PUT",
                    f"{api}/visibility",
                    write(200),
                    to_space,
                ),
            ]

        records = {"private": self.private, "space": self.shared, "counsellor": self.for_counsellor}
        check_matrix(self, each_sharing(rows, "breach", **records))

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
                    "/breaches/{t.pk}/acknowledge/",
                    answers(403, web_ok, 404, counsellor),
                ),
                Route(
                    f"API acknowledge {name}",
                    "API POST",
                    "/api/v1/breaches/{t.pk}/acknowledge",
                    answers(403, partner, 404, counsellor),
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
        check_matrix(
            self,
            [
                Route("account page", "GET", "/me/", everyone(200)),
                # Signed in, but not in the last minutes: asked for the password first (302;
                # 403 from the API). Each downloads only their own (tests.foundation.test_accounts).
                Route("export", "GET", "/me/export.json", everyone(302)),
                Route("access log", "GET", "/me/access-log/", everyone(200)),
                Route("spaces page", "GET", "/spaces/", everyone(200)),
                Route("API me", "API GET", "/api/v1/me", everyone(200)),
                Route(
                    "quick exit setting",
                    "POST",
                    "/me/quick-exit/",
                    everyone(302),
                    {"sign_out_on_exit": "on"},
                ),
                # Anyone may leave; a link that is not this session's own signs no one out.
                Route("quick exit", "GET", "/exit/" + "0" * 64 + "/", everyone(303, anonymous=303)),
                Route("API spaces", "API GET", "/api/v1/spaces", everyone(200)),
                Route("API export", "API GET", "/api/v1/me/export", everyone(403)),
                Route("API tokens", "API GET", "/api/v1/me/tokens", everyone(200)),
            ],
        )

    def test_ways_in_routes(self) -> None:
        """Each person sees and ends only their own ways in; ending a session of alice's by its
        handle is hers alone."""
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
                Route("ways in", "GET", "/me/ways-in/", everyone(200)),
                Route("end a session", "POST", f"/me/sessions/{handle}/end/", answers(302, 404)),
                Route("sign out everywhere", "POST", "/me/sign-out-everywhere/", everyone(302)),
                Route(
                    "API sign out everywhere",
                    "API POST",
                    "/api/v1/me/sign-out-everywhere",
                    everyone(204),
                ),
                Route(
                    "API create a token without a recent password check",
                    "API POST",
                    "/api/v1/me/tokens",
                    everyone(403),
                    {"name": "cli"},
                ),
            ],
            setup=alices_other_session,
        )
