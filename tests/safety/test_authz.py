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
from tests.authz import Route, check_matrix
from tests.base import MendTestCase
from tests.factories import UserFactory, add_member

from .helpers import FLOODED, SETTLED, checkin, conversation, pause

LOGIN = 302


def row(
    label: str,
    method: str,
    path: Any,
    owner: Any,
    partner: Any,
    data: Any = None,
    *,
    other: Any = 404,
    counsellor: Any = 404,
) -> Route:
    anonymous = 401 if method.startswith("API") or path(None).startswith("/api/") else LOGIN
    return Route(
        label,
        method,
        path,
        {
            "owner": owner,
            "partner": partner,
            "other_space": other,
            "counsellor": counsellor,
            "anonymous": anonymous,
        },
        data=data,
    )


class SafetyMatrix(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.erin = UserFactory(email="erin@example.test", display_name="Erin")
        add_member(cls.space, cls.erin)
        cls.checkin = checkin(cls.space, cls.alice, flooded=True)
        cls.pause = pause(cls.space, cls.alice, minutes=40, ago=25)

    # Paths need a context; with None (for the anonymous check) any id will do.
    @staticmethod
    def _sid(t: Any) -> int:
        return t.space.pk if t is not None else 1

    def test_page_and_api_routes(self) -> None:
        sid = self._sid
        csv = b"2024-05-01T10:00:00+00:00,70\n2024-05-01T10:01:00+00:00,72\n"
        routes = [
            row("safety page", "GET", lambda t: f"/spaces/{sid(t)}/safety/", 200, 200),
            row(
                "check in (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/safety/",
                302,
                302,
                lambda t: {"safety": 7, **SETTLED},
            ),
            row(
                "heart-rate import (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/safety/heart-rate/",
                302,
                302,
                lambda t: {"file": SimpleUploadedFile("hr.csv", csv)},
            ),
            row(
                "check-in page",
                "GET",
                lambda t: f"/safety/checkins/{t.checkin.pk if t else 1}/",
                200,
                404,
            ),
            # alice is on a pause already: the form sends her to it; bob gets the form.
            row("pause form", "GET", lambda t: f"/spaces/{sid(t)}/safety/pause/", 302, 200),
            # alice already has an open pause (409); bob starts his own (302).
            row(
                "pause (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/safety/pause/",
                409,
                302,
                lambda t: {"minutes": 30},
            ),
            row(
                "pause page", "GET", lambda t: f"/safety/pauses/{t.pause.pk if t else 1}/", 200, 200
            ),
            row(
                "resume (form)",
                "POST",
                lambda t: f"/safety/pauses/{t.pause.pk if t else 1}/resume/",
                302,
                403,
            ),
            row(
                "new conversation page",
                "GET",
                lambda t: f"/spaces/{sid(t)}/conversations/new/",
                200,
                200,
            ),
            row(
                "API check-ins",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/checkins",
                200,
                200,
            ),
            row(
                "API check in",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/checkins",
                201,
                201,
                lambda t: {"safety": 2, "answers": FLOODED},
            ),
            row(
                "API check-in",
                "API GET",
                lambda t: f"/api/v1/safety/checkins/{t.checkin.pk if t else 1}",
                200,
                404,
            ),
            row(
                "API heart-rate import (multipart)",
                "POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/heart-rate",
                201,
                201,
                lambda t: {"file": SimpleUploadedFile("hr.csv", csv)},
            ),
            row(
                "resting heart rate page (own, across spaces)",
                "GET",
                lambda t: f"/spaces/{sid(t)}/safety/heart-rate/resting/",
                200,
                200,
            ),
            row(
                "set resting heart rate (form)",
                "POST",
                lambda t: f"/spaces/{sid(t)}/safety/heart-rate/resting/",
                302,
                302,
                lambda t: {"resting_bpm": "60"},
            ),
            row(
                "API heart-rate profile (own)",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/heart-rate/profile",
                200,
                200,
            ),
            row(
                "API set heart-rate profile (own)",
                "API PUT",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/heart-rate/profile",
                200,
                200,
                lambda t: {"resting_bpm": 60},
            ),
            row(
                "API episodes (own)",
                "API GET",
                lambda t: "/api/v1/safety/heart-rate/episodes",
                200,
                200,
                other=200,
                counsellor=200,
            ),
            row(
                "API pauses",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/pauses",
                200,
                200,
            ),
            row(
                "API pause create",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/pauses",
                409,
                201,
                lambda t: {"minutes": 25},
            ),
            row(
                "API pause",
                "API GET",
                lambda t: f"/api/v1/safety/pauses/{t.pause.pk if t else 1}",
                200,
                200,
            ),
            row(
                "API resume",
                "API POST",
                lambda t: f"/api/v1/safety/pauses/{t.pause.pk if t else 1}/resume",
                200,
                403,
            ),
            row(
                "API conversations",
                "API GET",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/conversations",
                200,
                200,
            ),
            row(
                "API start conversation",
                "API POST",
                lambda t: f"/api/v1/spaces/{sid(t)}/safety/conversations",
                201,
                201,
                lambda t: {"partner": t.erin.pk, "topic": "Chores"},
            ),
        ]
        check_matrix(self, routes)

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

        def cid(t: Any) -> int:
            return t.conv.pk if t is not None and hasattr(t, "conv") else 1

        groups: list[tuple[str, list[Route]]] = [
            (
                "gate",
                [
                    row("page", "GET", lambda t: f"/safety/conversations/{cid(t)}/", 200, 200),
                    row(
                        "state (htmx)",
                        "GET",
                        lambda t: f"/safety/conversations/{cid(t)}/state/",
                        200,
                        200,
                    ),
                    row(
                        "begin (form)",
                        "POST",
                        lambda t: f"/safety/conversations/{cid(t)}/begin/",
                        302,
                        302,
                        lambda t: {"step": 1},
                    ),
                    row(
                        "pause page",
                        "GET",
                        lambda t: f"/safety/conversations/{cid(t)}/pause/",
                        200,
                        200,
                    ),
                    row(
                        "pause (form)",
                        "POST",
                        lambda t: f"/safety/conversations/{cid(t)}/pause/",
                        302,
                        302,
                        lambda t: {"minutes": 30},
                    ),
                    row(
                        "end (form)",
                        "POST",
                        lambda t: f"/safety/conversations/{cid(t)}/end/",
                        302,
                        302,
                        lambda t: {"outcome": "none"},
                    ),
                    row(
                        "API get",
                        "API GET",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}",
                        200,
                        200,
                    ),
                    row(
                        "API gate",
                        "API GET",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}/gate",
                        200,
                        200,
                    ),
                    row(
                        "API begin step",
                        "API POST",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}/steps",
                        200,
                        200,
                        lambda t: {"step": 1},
                    ),
                    row(
                        "API pause",
                        "API POST",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}/pause",
                        201,
                        201,
                        lambda t: {"minutes": 30},
                    ),
                    row(
                        "API end",
                        "API POST",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}/end",
                        200,
                        200,
                        lambda t: {"outcome": "counsellor"},
                    ),
                    row(
                        "API notes",
                        "API GET",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}/notes",
                        200,
                        200,
                    ),
                ],
            ),
            (
                "speaking",
                [
                    row(
                        "turn (form)",
                        "POST",
                        lambda t: f"/safety/conversations/{cid(t)}/turn/",
                        302,
                        409,
                        lambda t: {"step": 1, "text": "I need"},
                    ),
                    row(
                        "API turn",
                        "API POST",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}/turn",
                        201,
                        409,
                        lambda t: {"step": 1, "text": "I need"},
                    ),
                ],
            ),
            (
                "summarising",
                [
                    row(
                        "summary (form)",
                        "POST",
                        lambda t: f"/safety/conversations/{cid(t)}/summary/",
                        409,
                        302,
                        lambda t: {"step": 1, "text": "You need"},
                    ),
                    row(
                        "API summary",
                        "API POST",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}/summary",
                        409,
                        201,
                        lambda t: {"step": 1, "text": "You need"},
                    ),
                ],
            ),
            (
                "offering",
                [
                    row(
                        "keep (form)",
                        "POST",
                        lambda t: f"/safety/conversations/{cid(t)}/keep/",
                        302,
                        302,
                        lambda t: {},
                    ),
                    row(
                        "API keep",
                        "API POST",
                        lambda t: f"/api/v1/safety/conversations/{cid(t)}/keep",
                        200,
                        200,
                        lambda t: {"note_ids": []},
                    ),
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
