"""Joining a space: every current member agrees; counsellors never join; what was shared before
someone joined stays with the people it was shared with."""

from __future__ import annotations

from mend.care.models import CounsellorProfile, Practice
from mend.core.exceptions import DomainError
from mend.spaces import services
from mend.spaces.models import JoinRequest, Membership, Space
from mend.spaces.visibility import Visibility
from tests.authz import Route, answers, check_matrix, everyone
from tests.base import MendTestCase
from tests.factories import BreachFactory, SpaceFactory, UserFactory, add_member


class Joining(MendTestCase):
    def setUp(self) -> None:
        self.family = SpaceFactory(name="The Parks", kind=Space.Kind.FAMILY)
        add_member(self.family, self.alice)
        add_member(self.family, self.bob)
        self.newcomer = UserFactory(display_name="Newcomer")

    def _ask(self, space: Space | None = None, inviter: object = None) -> JoinRequest:
        _inv, secret = services.create_invitation(
            space=space or self.family, inviter=inviter or self.alice
        )
        return services.accept_invitation(secret=secret, user=self.newcomer)

    def test_one_member_cannot_bring_someone_in_alone(self) -> None:
        request = self._ask()
        self.assertEqual(request.status, JoinRequest.Status.PENDING)
        self.assertEqual(services.waiting_for(request), [self.bob])
        # Nothing of the space reaches the newcomer while the others decide.
        client = self.login(self.newcomer)
        self.assertEqual(client.get(f"/spaces/{self.family.pk}/").status_code, 404)
        self.assertContains(client.get("/spaces/"), "You asked to join")
        page = self.login(self.bob).get(f"/spaces/{self.family.pk}/")
        self.assertContains(page, "Newcomer asks to join")
        services.decide_join(space=self.family, member=self.bob, request_id=request.pk, agree=True)
        request.refresh_from_db()
        self.assertEqual(request.status, JoinRequest.Status.JOINED)
        self.assertTrue(
            Membership.objects.active().filter(space=self.family, user=self.newcomer).exists()
        )

    def test_any_member_may_refuse_and_one_refusal_ends_the_request(self) -> None:
        request = self._ask()
        r = self.login(self.bob).form(
            f"/spaces/{self.family.pk}/joins/{request.pk}/decide/", {"decision": "refuse"}
        )
        self.assertEqual(r.status_code, 302)
        request.refresh_from_db()
        self.assertEqual(request.status, JoinRequest.Status.REFUSED)
        self.assertFalse(Membership.objects.filter(space=self.family, user=self.newcomer).exists())
        with self.assertRaisesMessage(DomainError, "No such request is waiting"):
            services.decide_join(
                space=self.family, member=self.alice, request_id=request.pk, agree=True
            )

    def test_a_decision_on_a_join_that_is_neither_agree_nor_refuse_decides_nothing(self) -> None:
        request = self._ask()
        bob = self.login(self.bob)
        for sent in ({}, {"decision": ""}, {"decision": "no"}, {"decision": ["agree", "x"]}):
            with self.subTest(sent=sent):
                r = bob.form(f"/spaces/{self.family.pk}/joins/{request.pk}/decide/", sent)
                self.assertContains(r, "Nothing was decided", status_code=400)
                request.refresh_from_db()
                self.assertEqual(request.status, JoinRequest.Status.PENDING)

    def test_the_inviter_alone_lets_someone_in_at_once(self) -> None:
        solo = SpaceFactory(name="Just me", kind=Space.Kind.COUPLE)
        add_member(solo, self.alice)
        request = self._ask(solo)
        self.assertEqual(request.status, JoinRequest.Status.JOINED)

    def test_a_couple_space_holds_two(self) -> None:
        with self.assertRaisesMessage(DomainError, "holds 2 people, and it is full"):
            self._ask(self.space)

    def test_a_counsellor_never_becomes_a_member(self) -> None:
        practice = Practice.objects.create(name="Elsewhere", contact_email="x@example.test")
        CounsellorProfile.objects.create(user=self.newcomer, practice=practice)
        with self.assertRaisesMessage(DomainError, "Counsellors do not join spaces") as ctx:
            self._ask()
        self.assertEqual(ctx.exception.status, 403)
        self.assertFalse(JoinRequest.objects.filter(user=self.newcomer).exists())

    def test_what_was_shared_before_someone_joined_stays_with_those_it_was_shared_with(
        self,
    ) -> None:
        before = BreachFactory(space=self.family, owner=self.alice, visibility=Visibility.SPACE)
        request = self._ask()
        services.decide_join(space=self.family, member=self.bob, request_id=request.pk, agree=True)
        after = BreachFactory(space=self.family, owner=self.bob, visibility=Visibility.SPACE)
        client = self.login(self.newcomer)
        self.assertEqual(client.get(f"/breaches/{before.pk}/").status_code, 404)
        self.assertEqual(client.get(f"/breaches/{after.pk}/").status_code, 200)
        # Bob still sees Alice's earlier record; the newcomer only once she shares it again.
        self.assertEqual(self.login(self.bob).get(f"/breaches/{before.pk}/").status_code, 200)
        services.set_visibility(record=before, user=self.alice, visibility=Visibility.PRIVATE)
        services.set_visibility(record=before, user=self.alice, visibility=Visibility.SPACE)
        self.assertEqual(self.login(self.newcomer).get(f"/breaches/{before.pk}/").status_code, 200)

    def test_the_api_says_joined_or_waiting(self) -> None:
        _inv, secret = services.create_invitation(space=self.family, inviter=self.alice)
        r = self.login(self.newcomer).api("POST", "/api/v1/invitations/accept", {"token": secret})
        self.assertEqual(r.status_code, 202, r.content)
        self.assertEqual(r.json()["status"], "pending")
        self.assertEqual(r.json()["waiting_for"], ["Bob"])
        listed = self.login(self.bob).api("GET", f"/api/v1/spaces/{self.family.pk}/join-requests")
        self.assertEqual([j["user"]["display_name"] for j in listed.json()], ["Newcomer"])
        decided = self.login(self.bob).api(
            "POST",
            f"/api/v1/spaces/{self.family.pk}/join-requests/{r.json()['id']}/decision",
            {"agree": True},
        )
        self.assertEqual(decided.json()["status"], "joined")


class JoinMatrix(MendTestCase):
    """alice invites a newcomer into Alice & Bob's family; the request is bob's to decide."""

    def _setup(self) -> object:
        Space.objects.filter(pk=self.space.pk).update(kind=Space.Kind.FAMILY)
        newcomer = UserFactory(display_name="Newcomer")
        _inv, secret = services.create_invitation(space=self.space, inviter=self.alice)
        self.join = services.accept_invitation(secret=secret, user=newcomer)
        self.invitation, self.secret = services.create_invitation(
            space=self.space, inviter=self.alice
        )
        return self

    def test_invitation_routes(self) -> None:
        # Whoever holds the invitation's link may read it; carol's consent gives her no way in.
        check_matrix(
            self,
            [
                Route("invitation page", "GET", "/join/{t.secret}/", everyone(200, anonymous=200)),
                Route(
                    "API accept an invitation",
                    "API POST",
                    "/api/v1/invitations/accept",
                    answers(409, 409, other_space=202, counsellor=403),
                    lambda t: {"token": t.secret},
                ),
                Route(
                    "revoke an invitation",
                    "POST",
                    "/spaces/{t.space.pk}/invitations/{t.invitation.pk}/revoke/",
                    answers(302, 302),
                ),
                Route(
                    "withdraw someone else's join (form)",
                    "POST",
                    "/joins/{t.join.pk}/withdraw/",
                    everyone(302),
                ),
            ],
            setup=lambda t: t._setup(),
        )

    def test_join_request_routes(self) -> None:
        api = "/api/v1/spaces/{t.space.pk}/join-requests"
        check_matrix(
            self,
            [
                Route("API list join requests", "API GET", api, answers(200, 200)),
                Route(
                    "API decide a join",
                    "API POST",
                    f"{api}/{{t.join.pk}}/decision",
                    answers(200, 200),
                    {"agree": False},
                ),
                Route(
                    "decide a join (form)",
                    "POST",
                    "/spaces/{t.space.pk}/joins/{t.join.pk}/decide/",
                    answers(302, 302),
                    {"decision": "refuse"},
                ),
                Route(
                    "API withdraw someone else's join",
                    "API POST",
                    "/api/v1/join-requests/{t.join.pk}/withdraw",
                    answers(404, 404),
                ),
            ],
            setup=lambda t: t._setup(),
        )
