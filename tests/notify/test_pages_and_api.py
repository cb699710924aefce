"""The notification pages and API: each person sees and changes only their own; the lists cost
a fixed number of queries; bad input is a clear 4xx."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mend.notify.models import Notification, Preferences, PushSubscription
from tests.authz import Route, answers, check_matrix, everyone
from tests.base import MendTestCase
from tests.notify.helpers import AUTH, P256DH

PUSH = {"endpoint": "https://push.example.test/abc", "keys": {"p256dh": P256DH, "auth": AUTH}}
PREFS = {"email_on": "on", "digest_hour": "8", "in_app__moment_to_confirm": "on"}
NO_EMAIL = {"email_on": False}
PUSH_OFF = {"endpoint": PUSH["endpoint"]}


def notify(user: Any, space: Any, object_id: int = 1, kind: str = "moment_to_confirm") -> Any:
    return Notification.objects.create(
        user=user, kind=kind, space=space, object_id=object_id, path=f"/spaces/{space.pk}/"
    )


class NotificationPages(MendTestCase):
    def test_the_list_shows_read_and_unread_and_opens_the_page(self) -> None:
        n = notify(self.bob, self.space)
        notify(self.bob, self.space, object_id=2, kind="apology_to_answer")
        notify(self.charlie, self.other_space)
        client = self.login(self.bob)
        page = client.get("/notifications/")
        self.assertContains(page, "A moment to confirm")
        self.assertContains(page, "An apology to you")
        self.assertContains(page, 'aria-label="2 unread"')
        opened = client.form(f"/notifications/{n.pk}/read/", {"open": "1"})
        self.assertRedirects(opened, f"/spaces/{self.space.pk}/", fetch_redirect_response=False)
        self.assertContains(client.get("/notifications/"), 'aria-label="1 unread"')
        client.form("/notifications/read-all/")
        self.assertNotContains(client.get("/notifications/"), "unread")

    def test_a_space_left_takes_its_notifications_with_it(self) -> None:
        notify(self.bob, self.space)
        from mend.spaces.models import Membership

        Membership.objects.filter(user=self.bob, space=self.space).update(left_at=timezone.now())
        self.assertContains(self.login(self.bob).get("/notifications/"), "Nothing yet")

    def test_preferences_are_saved_from_the_page(self) -> None:
        client = self.login(self.bob)
        page = client.get("/notifications/settings/")
        self.assertContains(page, "pass through the push service")
        self.assertContains(page, "Push is off until you turn it on here")
        saved = client.form(
            "/notifications/settings/",
            {**PREFS, "daily_digest": "on", "quiet_start": "22:00", "quiet_end": "07:00"},
        )
        self.assertEqual(saved.status_code, 302)
        prefs = Preferences.objects.get(user=self.bob)
        self.assertTrue(prefs.daily_digest)
        self.assertFalse(prefs.allows("email", "moment_to_confirm"))
        self.assertTrue(prefs.allows("in_app", "moment_to_confirm"))
        half = client.form("/notifications/settings/", {**PREFS, "quiet_start": "22:00"})
        self.assertContains(half, "Give both the start and the end", status_code=400)
        bad = client.form("/notifications/settings/", {**PREFS, "digest_hour": "25"})
        self.assertEqual(bad.status_code, 400)

    def test_the_installable_app_is_served_from_the_root(self) -> None:
        manifest = self.client.get("/manifest.webmanifest")
        self.assertEqual(manifest["Content-Type"], "application/manifest+json")
        self.assertEqual(manifest.json()["scope"], "/")
        worker = self.client.get("/sw.js")
        self.assertEqual(worker["Service-Worker-Allowed"], "/")
        self.assertContains(worker, "showNotification")

    def test_the_list_costs_a_fixed_number_of_queries(self) -> None:
        client = self.login(self.bob)
        notify(self.bob, self.space)
        # the session with its person, preferences, the list (with spaces), the nav's count
        with self.assertNumQueries(4):
            client.get("/notifications/")
        for i in range(2, 7):
            notify(self.bob, self.space, object_id=i)
        with self.assertNumQueries(4):
            client.get("/notifications/")


class NotificationApi(MendTestCase):
    def test_list_read_and_preferences(self) -> None:
        n = notify(self.bob, self.space)
        client = self.login(self.bob)
        body = client.api("GET", "/api/v1/me/notifications").json()
        self.assertEqual(body["unread"], 1)
        [item] = body["items"]
        self.assertEqual(
            set(item),
            {"id", "kind", "space", "object_id", "created_at", "read", "resolved", "url"},
        )
        read = client.api("POST", f"/api/v1/me/notifications/{n.pk}/read").json()
        self.assertTrue(read["read"])
        put = client.api(
            "PUT",
            "/api/v1/me/notifications/preferences",
            {"muted": {"email": ["apology_to_answer"]}, "name_space": True},
        )
        self.assertEqual(put.status_code, 200)
        self.assertEqual(put.json()["muted"], {"email": ["apology_to_answer"]})
        bad = client.api(
            "PUT", "/api/v1/me/notifications/preferences", {"muted": {"email": ["nonsense"]}}
        )
        self.assertEqual(bad.status_code, 400)
        hour = client.api("PUT", "/api/v1/me/notifications/preferences", {"digest_hour": 30})
        self.assertEqual(hour.status_code, 422)
        offset = client.api(
            "PUT",
            "/api/v1/me/notifications/preferences",
            {"quiet_start": "22:00:00+04:00", "quiet_end": "07:00:00"},
        )
        self.assertEqual(offset.status_code, 400)
        self.assertIn("without a time zone", offset.json()["error"]["message"])

    def test_push_on_and_off_for_one_browser(self) -> None:
        client = self.login(self.bob)
        self.assertEqual(client.api("POST", "/api/v1/me/notifications/push", PUSH).status_code, 201)
        self.assertTrue(Preferences.objects.get(user=self.bob).push_on)
        not_https = {**PUSH, "endpoint": "http://push.example.test/x"}
        self.assertEqual(
            client.api("POST", "/api/v1/me/notifications/push", not_https).status_code, 400
        )
        self.assertEqual(client.api("POST", "/api/v1/me/notifications/push", {}).status_code, 422)
        gone = client.api("DELETE", "/api/v1/me/notifications/push", {"endpoint": PUSH["endpoint"]})
        self.assertEqual(gone.status_code, 204)
        self.assertFalse(PushSubscription.objects.exists())
        self.assertFalse(Preferences.objects.get(user=self.bob).push_on)

    def test_the_api_list_costs_a_fixed_number_of_queries(self) -> None:
        client = self.login(self.bob)
        notify(self.bob, self.space)
        # the session with its person, preferences, the list (with spaces)
        with self.assertNumQueries(3):
            client.api("GET", "/api/v1/me/notifications")
        for i in range(2, 7):
            notify(self.bob, self.space, object_id=i)
        with self.assertNumQueries(3):
            client.api("GET", "/api/v1/me/notifications")


class NotificationMatrix(MendTestCase):
    def test_notification_routes(self) -> None:
        # Each signed-in person is answered alike, each about their own notifications; alice's
        # own notification is a 404 for everyone else.
        mine, api = "/notifications/{t.mine.pk}/read/", "/api/v1/me/notifications"
        prefs = f"{api}/preferences"
        only_alice = answers(302, 404)
        served = everyone(200, anonymous=200)

        def setup(t: Any) -> Any:
            t.mine = notify(t.alice, t.space)
            return t

        check_matrix(
            self,
            [
                Route("list", "GET", "/notifications/", everyone(200)),
                Route("mark read", "POST", mine, only_alice),
                Route("mark all read", "POST", "/notifications/read-all/", everyone(302)),
                Route("preferences", "GET", "/notifications/settings/", everyone(200)),
                Route("save preferences", "POST", "/notifications/settings/", everyone(302), PREFS),
                Route("push off everywhere", "POST", "/notifications/push/off/", everyone(302)),
                Route("manifest", "GET", "/manifest.webmanifest", served),
                Route("service worker", "GET", "/sw.js", served),
                Route("API list", "API GET", api, everyone(200)),
                Route("API mark read", "API POST", api + "/{t.mine.pk}/read", answers(200, 404)),
                Route("API preferences", "API GET", prefs, everyone(200)),
                Route("API save preferences", "API PUT", prefs, everyone(200), NO_EMAIL),
                Route("API push on", "API POST", f"{api}/push", everyone(201), PUSH),
                Route("API push off", "API DELETE", f"{api}/push", everyone(204), PUSH_OFF),
            ],
            setup=setup,
        )
