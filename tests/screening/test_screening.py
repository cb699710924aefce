"""Safety screen and free-text checks: private to the person, help shown, nothing shared."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from mend.screening import help as screening
from mend.screening import services as screening_services
from mend.screening.models import SafetyScreen
from mend.spaces.visibility import Visibility
from tests.authz import Route, answers, check_matrix, everyone
from tests.base import MendTestCase

YES_HARM = {"physical_harm": "yes", "fear": "no", "self_harm": "prefer_not_to_say"}


class ScreenServiceTests(MendTestCase):
    def test_red_flag_is_stored_private(self) -> None:
        result = screening_services.record_screen(
            user=self.alice, space=self.space, answers=YES_HARM
        )
        self.assertTrue(result.red_flag)
        self.assertEqual(result.categories, ["physical_harm"])
        self.assertEqual(result.declined, ["self_harm"])
        self.assertEqual(result.visibility, Visibility.PRIVATE)

    def test_never_visible_to_partner_or_counsellor(self) -> None:
        screening_services.record_screen(user=self.alice, space=self.space, answers=YES_HARM)
        self.assertEqual(SafetyScreen.objects.visible_to(self.alice).count(), 1)
        self.assertEqual(SafetyScreen.objects.visible_to(self.bob).count(), 0)
        self.assertEqual(SafetyScreen.objects.visible_to(self.carol).count(), 0)

    def test_refuses_other_visibility(self) -> None:
        screen = screening_services.record_screen(user=self.alice, space=self.space, answers={})
        screen.visibility = Visibility.SPACE_AND_COUNSELLOR
        with (
            self.assertRaisesMessage(IntegrityError, "screening_safety_screen_private"),
            transaction.atomic(),
        ):
            screen.save()
        with (
            self.assertRaisesMessage(IntegrityError, "screening_safety_screen_private"),
            transaction.atomic(),
        ):
            SafetyScreen.objects.filter(pk=screen.pk).update(visibility=Visibility.SPACE)

    def test_bad_answer_is_400_and_nothing_saved(self) -> None:
        from mend.core.exceptions import DomainError

        with self.assertRaisesMessage(DomainError, "Some answers were not understood") as ctx:
            screening_services.record_screen(
                user=self.alice, space=self.space, answers={"nope": "yes"}
            )
        self.assertEqual(ctx.exception.status, 400)
        self.assertEqual(SafetyScreen.objects.count(), 0)

    def test_helplines_default_generic_and_settings_override(self) -> None:
        self.assertIn("112 / 999 / 911", screening.helplines_for(None).emergency)
        with self.settings(MEND_HELPLINE_CRISIS="Test crisis line 123"):
            self.assertEqual(screening.helplines_for(None).crisis, "Test crisis line 123")

    def test_check_free_text(self) -> None:
        hits = screening.check_free_text(self.alice, "Last night he hit me again.")
        self.assertEqual({h.category for h in hits}, {"physical_harm"})
        self.assertEqual(screening.check_free_text(self.alice, "We had a lovely dinner."), [])
        self.assertIsNone(screening.free_text_help(self.alice, "We had a lovely dinner."))
        help_ = screening.free_text_help(self.alice, "he hit me")
        assert help_ is not None
        self.assertTrue(help_.red_flag)
        self.assertIn("not advised", help_.message)


class ScreenWebTests(MendTestCase):
    def test_page_and_red_flag_help(self) -> None:
        client = self.login(self.alice)
        url = reverse("screening:safety_screen", args=[self.space.pk])
        page = client.get(url)
        self.assertContains(page, "A few questions about your safety")
        self.assertContains(page, "Prefer not to say")
        response = client.form(url, {"physical_harm": "yes"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Your safety comes first")
        self.assertContains(response, "112 / 999 / 911")
        self.assertContains(response, "not advised")

    def test_bad_answer_400(self) -> None:
        client = self.login(self.alice)
        url = reverse("screening:safety_screen", args=[self.space.pk])
        response = client.form(url, {"physical_harm": "maybe"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(SafetyScreen.objects.count(), 0)

    def test_partner_and_counsellor_see_nothing(self) -> None:
        self.login(self.alice).form(
            reverse("screening:safety_screen", args=[self.space.pk]), {"physical_harm": "yes"}
        )
        for user in (self.bob, self.carol):
            client = self.login(user)
            for path in (
                reverse("spaces:detail", args=[self.space.pk]),
                reverse("care:report", args=[self.space.pk]),
                reverse("care:professional_help", args=[self.space.pk]),
            ):
                response = client.get(path)
                self.assertNotContains(
                    response, "Your safety comes first", status_code=response.status_code
                )
                self.assertNotContains(response, "physical_harm", status_code=response.status_code)


class ScreenApiTests(MendTestCase):
    def test_questions(self) -> None:
        data = self.login(self.alice).api("GET", "/api/v1/safety-screen/questions").json()
        self.assertEqual(len(data), 8)
        self.assertEqual(data[0]["answers"], ["yes", "no", "prefer_not_to_say"])

    def test_take_screen(self) -> None:
        response = self.login(self.alice).api(
            "POST", "/api/v1/safety-screen", {"space": self.space.pk, "answers": YES_HARM}
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertTrue(body["red_flag"])
        self.assertEqual(body["categories"], ["physical_harm"])
        self.assertIn("emergency", body["helplines"])

    def test_bad_answer_400(self) -> None:
        response = self.login(self.alice).api(
            "POST", "/api/v1/safety-screen", {"space": self.space.pk, "answers": {"fear": "maybe"}}
        )
        self.assertEqual(response.status_code, 422)  # the API's schema-validation status
        response = self.login(self.alice).api(
            "POST", "/api/v1/safety-screen", {"space": self.space.pk, "answers": {"nope": "yes"}}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(SafetyScreen.objects.count(), 0)

    def test_check_text_stores_nothing(self) -> None:
        response = self.login(self.alice).api(
            "POST", "/api/v1/safety-screen/check-text", {"text": "She threatened to kill me."}
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual([h["category"] for h in body["hits"]], ["threats"])
        self.assertTrue(body["help"]["red_flag"])
        self.assertEqual(SafetyScreen.objects.count(), 0)
        calm = (
            self.login(self.alice)
            .api("POST", "/api/v1/safety-screen/check-text", {"text": "A calm evening."})
            .json()
        )
        self.assertEqual(calm, {"hits": [], "help": None})


class ScreenAuthzTests(MendTestCase):
    def test_matrix(self) -> None:
        def screen(t: Any) -> str:
            return reverse("screening:safety_screen", args=[t.space.pk])

        api = "/api/v1/safety-screen"
        members = answers(200, 200)
        check_matrix(
            self,
            [
                Route("safety screen page", "GET", screen, members, shows_result=True),
                Route(
                    "safety screen post",
                    "POST",
                    screen,
                    members,
                    {"fear": "no"},
                    shows_result=True,
                ),
                Route("API questions", "API GET", f"{api}/questions", everyone(200)),
                Route(
                    "API screen",
                    "API POST",
                    api,
                    answers(201, 201),
                    lambda t: {"space": t.space.pk, "answers": {"fear": "no"}},
                ),
                Route(
                    "API check text",
                    "API POST",
                    f"{api}/check-text",
                    everyone(200),
                    {"text": "hello"},
                ),
            ],
        )
