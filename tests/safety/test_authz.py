"""Authorization matrix for every safety web route and API endpoint.

Roles are seen from alice's records: owner (alice), partner (bob), other_space (charlie),
counsellor (carol, with alice's consent), anonymous. A partner never reads a check-in.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mend.safety import services
from mend.safety.models import Conversation
from tests.authz import API_LOGIN, Route, answers, check_matrix
from tests.base import MendTestCase
from tests.factories import UserFactory, add_member

from .helpers import FLOODED, SETTLED, checkin, conversation, pause

SETTLED_CHECKIN = {"safety": 7, **SETTLED}
FLOODED_CHECKIN = {"safety": 2, "answers": FLOODED}
HALF_HOUR = {"minutes": 30}
RESTING_FORM, RESTING_API = {"resting_bpm": "60"}, {"resting_bpm": 60}


def _with_erin(t: Any) -> dict[str, Any]:
    return {"partner": t.erin.pk, "topic": "Chores"}


class SafetyMatrix(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.erin = UserFactory(email="erin@example.test", display_name="Erin")
        add_member(cls.space, cls.erin)
        cls.checkin = checkin(cls.space, cls.alice, flooded=True)
        cls.pause = pause(cls.space, cls.alice, minutes=40, ago=25)

    def test_page_and_api_routes(self) -> None:
        web, api = "/spaces/{t.space.pk}", "/api/v1/spaces/{t.space.pk}/safety"
        pause, api_pause = "/safety/pauses/{t.pause.pk}", "/api/v1/safety/pauses/{t.pause.pk}"
        csv = b"2024-05-01T10:00:00+00:00,70\n2024-05-01T10:01:00+00:00,72\n"

        def hr_csv(t: Any) -> dict[str, Any]:
            return {"file": SimpleUploadedFile("hr.csv", csv)}

        members, both_act = answers(200, 200), answers(302, 302)
        # A check-in is alice's alone: bob (a member) finds nothing.
        alice_only = answers(200, 404)
        # Heart rate is each member's own, the resting rate and the episodes across spaces.
        heart_rate, episodes = f"{web}/safety/heart-rate", "/api/v1/safety/heart-rate/episodes"
        hr_api = f"{api}/heart-rate"
        resting, profile = f"{heart_rate}/resting/", f"{hr_api}/profile"
        talks = f"{api}/conversations"
        # alice is on a pause already: she cannot start another (409); bob starts his own.
        created, bob_pauses = answers(201, 201), answers(409, 201)
        # The multipart import is an API call sent as a form: anonymous is refused as the API does.
        imported = answers(201, 201, anonymous=API_LOGIN)
        checkin_api = "/api/v1/safety/checkins/{t.checkin.pk}"
        check_matrix(
            self,
            [
                Route("safety page", "GET", f"{web}/safety/", members),
                Route("check in (form)", "POST", f"{web}/safety/", both_act, SETTLED_CHECKIN),
                Route("heart-rate import (form)", "POST", f"{heart_rate}/", both_act, hr_csv),
                Route("check-in page", "GET", "/safety/checkins/{t.checkin.pk}/", alice_only),
                # alice is on a pause already: the form sends her to it; bob gets the form.
                Route("pause form", "GET", f"{web}/safety/pause/", answers(302, 200)),
                # alice already has an open pause (409); bob starts his own (302).
                Route("pause (form)", "POST", f"{web}/safety/pause/", answers(409, 302), HALF_HOUR),
                Route("pause page", "GET", f"{pause}/", members),
                Route("resume (form)", "POST", f"{pause}/resume/", answers(302, 403)),
                Route("new conversation page", "GET", f"{web}/conversations/new/", members),
                Route("API check-ins", "API GET", f"{api}/checkins", members),
                Route("API check in", "API POST", f"{api}/checkins", created, FLOODED_CHECKIN),
                Route("API check-in", "API GET", checkin_api, alice_only),
                Route("API heart-rate import (multipart)", "POST", hr_api, imported, hr_csv),
                Route("resting heart rate page (own, across spaces)", "GET", resting, members),
                Route("set resting heart rate (form)", "POST", resting, both_act, RESTING_FORM),
                Route("API heart-rate profile (own)", "API GET", profile, members),
                Route("API set heart-rate profile (own)", "API PUT", profile, members, RESTING_API),
                Route("API episodes (own)", "API GET", episodes, answers(200, 200, 200, 200)),
                Route("API pauses", "API GET", f"{api}/pauses", members),
                Route("API pause create", "API POST", f"{api}/pauses", bob_pauses, {"minutes": 25}),
                Route("API pause", "API GET", api_pause, members),
                Route("API resume", "API POST", f"{api_pause}/resume", answers(200, 403)),
                Route("API conversations", "API GET", talks, members),
                Route("API start conversation", "API POST", talks, created, _with_erin),
            ],
        )

    def test_conversation_routes(self) -> None:
        """Each row runs on a fresh conversation between alice and bob, both settled."""

        def at(phase: str):  # type: ignore[no-untyped-def]
            def setup(t: Any) -> Any:
                services.resume_pause(pause=t.pause, user=t.alice)
                checkin(t.space, t.alice)
                checkin(t.space, t.bob)
                t.conv = conversation(t.space, t.alice, t.bob)
                if phase in ("speaking", "summarising", "offering"):
                    services.begin_step(conversation=t.conv, user=t.bob)
                    services.begin_step(conversation=t.conv, user=t.alice)
                if phase in ("summarising", "offering"):
                    services.submit_turn(conversation=t.conv, user=t.alice, text="I felt alone")
                if phase == "offering":
                    services.submit_summary(conversation=t.conv, user=t.bob, text="You felt alone")
                    services.end_conversation(conversation=t.conv, user=t.alice, outcome="none")
                t.conv = Conversation.objects.get(pk=t.conv.pk)
                return t

            return setup

        web, api = "/safety/conversations/{t.conv.pk}", "/api/v1/safety/conversations/{t.conv.pk}"
        both, both_act = answers(200, 200), answers(302, 302)
        step = {"step": 1}
        # Turn about: alice speaks first, bob summarises what he heard.
        need, heard = {"step": 1, "text": "I need"}, {"step": 1, "text": "You need"}
        groups: list[tuple[str, list[Route]]] = [
            (
                "gate",
                [
                    Route("page", "GET", f"{web}/", both),
                    Route("state (htmx)", "GET", f"{web}/state/", both),
                    Route("begin (form)", "POST", f"{web}/begin/", both_act, step),
                    Route("pause page", "GET", f"{web}/pause/", both),
                    Route("pause (form)", "POST", f"{web}/pause/", both_act, HALF_HOUR),
                    Route("end (form)", "POST", f"{web}/end/", both_act, {"outcome": "none"}),
                    Route("API get", "API GET", api, both),
                    Route("API gate", "API GET", f"{api}/gate", both),
                    Route("API begin step", "API POST", f"{api}/steps", both, step),
                    Route("API pause", "API POST", f"{api}/pause", answers(201, 201), HALF_HOUR),
                    Route("API end", "API POST", f"{api}/end", both, {"outcome": "counsellor"}),
                    Route("API notes", "API GET", f"{api}/notes", both),
                ],
            ),
            (
                "speaking",
                [
                    Route("turn (form)", "POST", f"{web}/turn/", answers(302, 409), need),
                    Route("API turn", "API POST", f"{api}/turn", answers(201, 409), need),
                ],
            ),
            (
                "summarising",
                [
                    Route("summary (form)", "POST", f"{web}/summary/", answers(409, 302), heard),
                    Route("API summary", "API POST", f"{api}/summary", answers(409, 201), heard),
                ],
            ),
            (
                "offering",
                [
                    Route("keep (form)", "POST", f"{web}/keep/", answers(302, 302), {}),
                    Route("API keep", "API POST", f"{api}/keep", both, {"note_ids": []}),
                ],
            ),
        ]
        for phase, routes in groups:
            check_matrix(self, routes, setup=at(phase))

    def test_resume_needs_the_servers_twenty_minutes(self) -> None:
        fresh = pause(self.space, self.bob, minutes=30, ago=1)
        client = self.login(self.bob)
        self.assertEqual(
            client.api("POST", f"/api/v1/safety/pauses/{fresh.pk}/resume").status_code, 409
        )
        # The web form sends the browser back to the pause page; the pause stays open.
        r = client.form(f"/safety/pauses/{fresh.pk}/resume/")
        self.assertRedirects(r, f"/safety/pauses/{fresh.pk}/")
        fresh.refresh_from_db()
        self.assertIsNone(fresh.resumed_at)
        self.assertGreater(fresh.started_at, timezone.now() - timedelta(minutes=20))
