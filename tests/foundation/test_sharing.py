"""The one sharing helper (spaces.sharing) behind every record's 'who sees this' page: a bad
choice, or one the record's rules refuse, answers 400 on the record's page with nothing
changed and nothing in the audit log; a good one writes the sharing event."""

from __future__ import annotations

from unittest import mock

from mend.audit.models import AuditEvent
from mend.core.exceptions import DomainError
from mend.spaces import services
from tests.base import MendTestCase
from tests.factories import BreachFactory


class SharingHelperTests(MendTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.breach = BreachFactory(space=self.space, owner=self.alice, visibility="private")
        self.url = f"/breaches/{self.breach.pk}/visibility/"

    def events(self) -> int:
        return AuditEvent.objects.filter(action=AuditEvent.Action.SHARING).count()

    def test_a_bad_choice_is_a_400_on_the_page_and_changes_nothing(self) -> None:
        client = self.login(self.alice)
        for data in ({"visibility": "bogus"}, {}, {"visibility": "space\x00"}):
            with self.subTest(data=data):
                response = client.form(self.url, data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Who can see this", status_code=400)
        self.breach.refresh_from_db()
        self.assertEqual(self.breach.visibility, "private")
        self.assertEqual(self.events(), 0)

    def test_a_choice_the_service_refuses_is_a_400_not_a_500(self) -> None:
        client = self.login(self.alice)
        refused = DomainError("Not now.", fields={"visibility": "refused"})
        with mock.patch.object(services, "set_visibility", side_effect=refused):
            response = client.form(self.url, {"visibility": "space"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Not now.", status_code=400)
        self.assertEqual(self.events(), 0)

    def test_a_good_choice_is_shared_and_logged(self) -> None:
        response = self.login(self.alice).form(self.url, {"visibility": "space"})
        self.assertRedirects(
            response, f"/breaches/{self.breach.pk}/", fetch_redirect_response=False
        )
        self.breach.refresh_from_db()
        self.assertEqual(self.breach.visibility, "space")
        self.assertEqual(self.events(), 1)

    def test_only_the_owner(self) -> None:
        for who in (self.bob, self.carol, self.charlie):
            client = self.client_class()
            client.force_login(who)
            with self.subTest(who=who.display_name):
                self.assertEqual(client.form(self.url, {"visibility": "space"}).status_code, 404)
        self.assertEqual(self.events(), 0)
