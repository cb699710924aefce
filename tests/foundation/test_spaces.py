from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mend.audit.models import AuditEvent
from mend.spaces import services
from mend.spaces.models import Invitation, JoinRequest, Membership, Space
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.factories import BreachFactory, SpaceFactory, UserFactory, add_member


class CreatingSpaces(MendTestCase):
    def test_a_person_creates_a_space_and_becomes_its_first_member(self) -> None:
        client = self.login(self.charlie)
        response = client.form("/spaces/", {"name": "Charlie & Eve", "kind": "family"})
        space = Space.objects.get(name="Charlie & Eve")
        self.assertRedirects(response, f"/spaces/{space.pk}/")
        self.assertEqual(space.kind, "family")
        self.assertTrue(Membership.objects.filter(space=space, user=self.charlie).exists())

    def test_a_person_may_belong_to_several_spaces(self) -> None:
        client = self.login(self.alice)
        client.api("POST", "/api/v1/spaces", {"name": "Work team", "kind": "team"})
        names = [s["name"] for s in client.api("GET", "/api/v1/spaces").json()]
        self.assertEqual(names, ["Alice & Bob", "Work team"])

    def test_bad_names_get_a_clear_message_and_nothing_is_saved(self) -> None:
        client = self.login(self.alice)
        before = Space.objects.count()
        for name in ["", "   ", "\u200b\u200b", "a\x00b", "x" * 81]:
            with self.subTest(name=name):
                response = client.form("/spaces/", {"name": name, "kind": "couple"})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "errorlist", status_code=400)
                api = client.api("POST", "/api/v1/spaces", {"name": name, "kind": "couple"})
                self.assertEqual(api.status_code, 422)
                self.assertIn("name", api.json()["error"]["fields"])
        self.assertEqual(Space.objects.count(), before)

    def test_any_unicode_name_is_kept_and_escaped(self) -> None:
        client = self.login(self.alice)
        name = "<script>alert(1)</script> 💞 שלום"
        response = client.api("POST", "/api/v1/spaces", {"name": name, "kind": "other"})
        self.assertEqual(response.status_code, 201)
        page = client.get(f"/spaces/{response.json()['id']}/")
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt; 💞 שלום")
        self.assertNotContains(page, "<script>alert(1)</script>")


class Invitations(MendTestCase):
    def test_an_invitation_is_single_use(self) -> None:
        family = SpaceFactory(name="Family", kind=Space.Kind.FAMILY)
        add_member(family, self.alice)
        _inv, secret = services.create_invitation(space=family, inviter=self.alice)
        newcomer = UserFactory(display_name="Newcomer")
        client = self.login(newcomer)
        response = client.form(f"/join/{secret}/")
        self.assertRedirects(response, f"/spaces/{family.pk}/")
        again = self.login(self.charlie).api(
            "POST", "/api/v1/invitations/accept", {"token": secret}
        )
        self.assertEqual(again.status_code, 409)
        self.assertEqual(again.json()["error"]["code"], "invitation_used")

    def test_an_expired_invitation_is_refused(self) -> None:
        inv, secret = services.create_invitation(space=self.space, inviter=self.alice)
        Invitation.objects.filter(pk=inv.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        response = self.login(self.charlie).api(
            "POST", "/api/v1/invitations/accept", {"token": secret}
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"]["code"], "invitation_expired")
        self.assertFalse(Membership.objects.filter(space=self.space, user=self.charlie).exists())

    def test_a_withdrawn_invitation_is_refused(self) -> None:
        inv, secret = services.create_invitation(space=self.space, inviter=self.alice)
        self.login(self.alice).form(f"/spaces/{self.space.pk}/invitations/{inv.pk}/revoke/")
        response = self.login(self.charlie).api(
            "POST", "/api/v1/invitations/accept", {"token": secret}
        )
        self.assertEqual(response.json()["error"]["code"], "invitation_revoked")

    def test_an_unknown_token_is_not_found(self) -> None:
        response = self.login(self.charlie).api(
            "POST", "/api/v1/invitations/accept", {"token": "nope"}
        )
        self.assertEqual(response.status_code, 404)

    def test_a_member_cannot_join_twice(self) -> None:
        _inv, secret = services.create_invitation(space=self.space, inviter=self.alice)
        response = self.login(self.bob).api("POST", "/api/v1/invitations/accept", {"token": secret})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"]["code"], "already_member")

    def test_only_the_digest_of_the_link_is_stored(self) -> None:
        inv, secret = services.create_invitation(space=self.space, inviter=self.alice)
        self.assertNotIn(secret, inv.digest)
        self.assertEqual(len(inv.digest), 64)

    def test_signed_out_visitors_are_asked_to_sign_up_and_come_back(self) -> None:
        _inv, secret = services.create_invitation(space=self.space, inviter=self.alice)
        response = self.client.get(f"/join/{secret}/")
        self.assertContains(response, f"/accounts/signup/?next=/join/{secret}/")

    def test_joining_is_logged_for_every_member(self) -> None:
        family = SpaceFactory(name="Family", kind=Space.Kind.FAMILY)
        add_member(family, self.alice)
        add_member(family, self.bob)
        _inv, secret = services.create_invitation(space=family, inviter=self.alice)
        self.login(self.charlie).form(f"/join/{secret}/")
        [request] = JoinRequest.objects.filter(user=self.charlie)
        services.decide_join(space=family, member=self.bob, request_id=request.pk, agree=True)
        joined = AuditEvent.objects.filter(
            action="membership", actor=self.charlie, summary__startswith="joined"
        )
        self.assertEqual(
            set(joined.values_list("subject__display_name", flat=True)),
            {"Alice", "Bob", "Charlie"},
        )


class Leaving(MendTestCase):
    def test_leaving_takes_effect_at_once(self) -> None:
        shared = BreachFactory(space=self.space, owner=self.bob, visibility=Visibility.SPACE)
        self.assertEqual(self.login(self.alice).get(f"/breaches/{shared.pk}/").status_code, 200)
        self.login(self.bob).form(f"/spaces/{self.space.pk}/leave/")
        # bob no longer sees the space, and his shared records left with him.
        self.assertEqual(self.login(self.bob).get(f"/spaces/{self.space.pk}/").status_code, 404)
        self.assertEqual(self.login(self.alice).get(f"/breaches/{shared.pk}/").status_code, 404)
        # bob still owns his record.
        self.assertEqual(self.login(self.bob).get(f"/breaches/{shared.pk}/").status_code, 200)

    def test_leaving_ends_counsellor_consent(self) -> None:
        self.login(self.alice).api("POST", f"/api/v1/spaces/{self.space.pk}/leave")
        self.assertFalse(
            self.alice.counsellor_grants.filter(
                space=self.space, withdrawn_at__isnull=True
            ).exists()
        )


class SpaceList(MendTestCase):
    def test_the_list_counts_every_member_not_only_me(self) -> None:
        client = self.login(self.alice)
        [found] = [
            s for s in client.api("GET", "/api/v1/spaces").json() if s["id"] == self.space.pk
        ]
        self.assertEqual(found["member_count"], 2)
        self.assertContains(client.get("/spaces/"), "2 members")


class ListQueries(MendTestCase):
    def test_the_spaces_list_does_not_grow_with_the_number_of_spaces(self) -> None:
        client = self.login(self.alice)
        for i in range(5):
            client.api("POST", "/api/v1/spaces", {"name": f"Space {i}", "kind": "team"})
        # the session with its person (one query), the spaces; the session is not saved
        with self.assertNumQueries(2):
            client.api("GET", "/api/v1/spaces")
        # and the page reads the person's own pending requests to join, and counts what
        # waits for them (the navigation)
        with self.assertNumQueries(4):
            client.get("/spaces/")

    def test_the_breaches_list_does_not_grow_with_the_number_of_breaches(self) -> None:
        for _ in range(6):
            BreachFactory(space=self.space, owner=self.bob, visibility=Visibility.SPACE)
        client = self.login(self.alice)
        # the session with its person, space, breaches, every owner's key (texts are sealed),
        # one audit insert
        with self.assertNumQueries(4):
            response = client.api("GET", f"/api/v1/spaces/{self.space.pk}/breaches")
        self.assertEqual(len(response.json()), 6)


class RedFlagsInWhatHappened(MendTestCase):
    def test_the_writer_sees_help_and_the_partner_sees_nothing(self) -> None:
        breach = BreachFactory(
            space=self.space,
            owner=self.alice,
            title="The fight on Friday",
            description="He pushed me against the wall and I am scared to go home.",
            visibility=Visibility.SPACE,
        )
        mine = self.login(self.alice).get(f"/breaches/{breach.pk}/")
        self.assertContains(mine, "Your safety comes first")
        theirs = self.login(self.bob).get(f"/breaches/{breach.pk}/")
        self.assertEqual(theirs.status_code, 200)
        self.assertNotContains(theirs, "Your safety comes first")
        self.assertNotContains(theirs, "Crisis line")


class BidiOverrides(MendTestCase):
    def test_bidi_overrides_are_removed_and_right_to_left_text_is_kept(self) -> None:
        client = self.login(self.alice)
        response = client.api(
            "POST", "/api/v1/spaces", {"name": "Alice\u202egnp.exe שלום", "kind": "other"}
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["name"], "Alicegnp.exe שלום")
