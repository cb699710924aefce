"""Get in touch: validation, honeypot, rate limits, the practice inbox and e-mail, the status."""

from __future__ import annotations

import re

from django.core import mail
from django.test import override_settings

from mend.care.models import IntakeRequest
from tests.care.base import CareTestCase

VALID = {
    "name": "Sam",
    "contact_method": "email",
    "contact_detail": "sam@example.test",
    "help_with": "We keep having the same fight about money.",
    "urgency": "routine",
}


class Intake(CareTestCase):
    def _form(self, client: object = None, **changes: str) -> object:
        client = client or self.client_class()
        data = {**VALID, "practice": str(self.practice.pk), **changes}
        return client.form("/get-in-touch/", data)  # type: ignore[attr-defined]

    def test_a_signed_out_visitor_reaches_the_practice_inbox(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            r = self._form()
        self.assertEqual(r.status_code, 302)
        intake = IntakeRequest.objects.get()
        self.assertEqual(
            (intake.practice, intake.requester, intake.status), (self.practice, None, "new")
        )
        [message] = mail.outbox
        self.assertEqual(message.to, ["inbox@riverside.test"])
        self.assertIn("/practice/inbox/", message.body)
        self.assertNotIn("same fight", message.body)  # what they wrote stays in Mend
        self.assertNotIn("sam@example.test", message.body)
        status_page = self.client_class().get(r["Location"])
        self.assertContains(status_page, "New")
        inbox = self.login(self.pat).get("/practice/inbox/")
        self.assertContains(inbox, "same fight about money")
        # another practice's staff see nothing of it
        self.assertEqual(self.login(self.erin).get("/practice/inbox/").status_code, 404)

    def test_the_person_sees_the_status_change(self) -> None:
        self._form(self.login(self.bob))
        intake = IntakeRequest.objects.get()
        self.assertEqual(intake.requester, self.bob)
        pat = self.login(self.pat)
        r = pat.form(f"/practice/inbox/{intake.pk}/status/", {"status": "contacted"})
        self.assertEqual(r.status_code, 302)
        page = self.login(self.bob).get("/get-in-touch/requests/").content.decode()
        self.assertIn("Contacted", page)
        api = self.login(self.bob).api("GET", "/api/v1/intake").json()
        self.assertEqual(api[0]["status"], "contacted")

    def test_urgent_shows_the_helplines_at_once(self) -> None:
        page = self.client_class().get("/get-in-touch/").content.decode()
        self.assertIn("National Domestic Abuse Helpline", page)  # shown when "urgent" is picked
        self.assertIn('class="urgent-help"', page)
        r = self._form(urgency="urgent")
        status = self.client_class().get(r["Location"]).content.decode()  # type: ignore[attr-defined]
        self.assertIn("If you need help now", status)
        api = self.client_class().api(
            "POST", "/api/v1/intake", {**VALID, "urgency": "urgent", "practice": self.practice.pk}
        )
        self.assertEqual(api.status_code, 201, api.content)
        self.assertIn("116 123", api.json()["helplines"]["crisis"])

    def test_malformed_input_is_refused_and_nothing_is_saved(self) -> None:
        bad = [
            {"contact_detail": "not-an-email"},
            {"contact_method": "phone", "contact_detail": "12ab"},
            {"contact_method": "phone", "contact_detail": "1" * 20},
            {"contact_method": "pigeon"},
            {"help_with": "hello\x00world"},
            {"help_with": "x" * 2001},
            {"help_with": "   "},
            {"name": "a\x07b"},
            {"urgency": "yesterday"},
            {"practice": "99999"},
        ]
        for changes in bad:
            with self.subTest(changes=changes):
                r = self._form(**changes)
                self.assertEqual(r.status_code, 400)  # type: ignore[attr-defined]
        for changes in bad[:-1]:
            with self.subTest(api=changes):
                body = {**VALID, "practice": self.practice.pk, **changes}
                r = self.client_class().api("POST", "/api/v1/intake", body)
                self.assertIn(r.status_code, (400, 422), r.content)
        r = self.client_class().api("POST", "/api/v1/intake", "{not json")
        self.assertIn(r.status_code, (400, 422))
        self.assertFalse(IntakeRequest.objects.exists())
        ok = self._form(contact_method="phone", contact_detail="+44 (0)20 7946-0000")
        self.assertEqual(ok.status_code, 302)  # type: ignore[attr-defined]

    def test_the_honeypot_catches_bots(self) -> None:
        r = self._form(website="http://spam.example")
        self.assertEqual(r.status_code, 400)  # type: ignore[attr-defined]
        r = self.client_class().api(
            "POST", "/api/v1/intake", {**VALID, "website": "x", "practice": self.practice.pk}
        )
        self.assertEqual(r.status_code, 400)
        self.assertFalse(IntakeRequest.objects.exists())
        page = self.client_class().get("/get-in-touch/").content.decode()
        self.assertRegex(page, r'<div class="honeypot" aria-hidden="true">')

    @override_settings(MEND_INTAKE_PER_HOUR=3)
    def test_rate_limited_per_ip_with_a_clear_message(self) -> None:
        for _ in range(3):
            self.assertEqual(self._form().status_code, 302)  # type: ignore[attr-defined]
        r = self._form()
        self.assertEqual(r.status_code, 429)  # type: ignore[attr-defined]
        self.assertIn("try again later", r.content.decode())  # type: ignore[attr-defined]
        r = self.client_class().api(
            "POST", "/api/v1/intake", {**VALID, "practice": self.practice.pk}
        )
        self.assertEqual((r.status_code, r.json()["error"]["code"]), (429, "rate_limited"))
        self.assertEqual(IntakeRequest.objects.count(), 3)
        # another address is not affected
        r = self.client_class().form(
            "/get-in-touch/", {**VALID, "practice": str(self.practice.pk)}, REMOTE_ADDR="10.0.0.9"
        )
        self.assertEqual(r.status_code, 302)

    @override_settings(MEND_INTAKE_PER_HOUR=2)
    def test_rate_limited_per_user_across_addresses(self) -> None:
        bob = self.login(self.bob)
        for i in range(2):
            self.assertEqual(
                bob.form(
                    "/get-in-touch/",
                    {**VALID, "practice": str(self.practice.pk)},
                    REMOTE_ADDR=f"10.0.1.{i}",
                ).status_code,
                302,
            )
        r = bob.form(
            "/get-in-touch/", {**VALID, "practice": str(self.practice.pk)}, REMOTE_ADDR="10.0.1.9"
        )
        self.assertEqual(r.status_code, 429)

    def test_api_status_by_token_and_csrf_for_signed_in_browsers(self) -> None:
        r = self.client_class().api(
            "POST", "/api/v1/intake", {**VALID, "practice": self.practice.pk}
        )
        self.assertEqual(r.status_code, 201, r.content)
        token = r.json()["status_token"]
        status = self.client_class().api("GET", f"/api/v1/intake/status/{token}").json()
        self.assertEqual(status["status"], "new")
        self.assertEqual(
            self.client_class().api("GET", "/api/v1/intake/status/nope").status_code, 404
        )
        # a signed-in browser session without the CSRF header is refused
        from django.test import Client

        plain = Client(enforce_csrf_checks=True)
        plain.force_login(self.bob)
        r = plain.post(
            "/api/v1/intake",
            data={**VALID, "practice": self.practice.pk},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 403)
        self.assertEqual(IntakeRequest.objects.count(), 1)

    def test_inbox_query_count_is_fixed(self) -> None:
        self._form()
        pat = self.client_class()
        pat.force_login(self.pat)
        # Requests are sealed with the practice's key: one query for it, however many there are;
        # and one for how many wait in each status (the filter's counts).
        with self.assertNumQueries(6):
            pat.get("/practice/inbox/")
        for i in range(4):
            self._form(REMOTE_ADDR=f"10.2.0.{i}")  # type: ignore[arg-type]
        with self.assertNumQueries(6):
            html = pat.get("/practice/inbox/").content.decode()
        self.assertIn("All (5)", html)
        self.assertIn("New (5)", html)
        self.assertIn("Closed (0)", html)
        bob = self.client_class()
        bob.force_login(self.bob)
        with self.assertNumQueries(2):
            bob.api("GET", "/api/v1/intake")

    def test_status_link_is_a_secret(self) -> None:
        r = self._form()
        link = r["Location"]  # type: ignore[index]
        self.assertRegex(link, re.compile(r"^/get-in-touch/status/[A-Za-z0-9_-]{20,}/$"))
        intake = IntakeRequest.objects.get()
        self.assertNotIn(link.split("/")[-2], intake.status_digest)
