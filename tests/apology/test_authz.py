"""Authorization matrix for the apology studio: every web route and API endpoint.

alice writes to bob (the partner). A draft is private to alice whatever else; a sent apology is
shared with the space; only bob, the recipient, may answer it.
"""

from __future__ import annotations

from mend.apology.models import Apology
from mend.spaces.visibility import Visibility
from tests.apology.helpers import make_apology
from tests.authz import Route, answers, check_matrix
from tests.base import MendTestCase


class ApologyMatrix(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.draft = make_apology(cls.space, cls.alice, cls.bob)
        cls.sent = make_apology(cls.space, cls.alice, cls.bob, status=Apology.Status.SENT)
        cls.sent_c = make_apology(
            cls.space,
            cls.alice,
            cls.bob,
            status=Apology.Status.SENT,
            visibility=Visibility.SPACE_AND_COUNSELLOR,
        )

    def test_space_routes(self) -> None:
        web = "/spaces/{t.space.pk}/apologies"
        api = "/api/v1/spaces/{t.space.pk}/apologies"
        members = answers(200, 200)
        text = {"text": "I am sorry I shouted at you. That was wrong of me."}
        check_matrix(
            self,
            [
                Route("studio", "GET", f"{web}/", members),
                Route("compose", "GET", f"{web}/new/", members),
                Route("compose save", "POST", f"{web}/new/", answers(302, 302), text),
                Route(
                    "live feedback", "POST", f"{web}/feedback/", members, text, shows_result=True
                ),
                Route("API list", "API GET", api, members),
                Route("API create", "API POST", api, answers(201, 201), text),
                Route(
                    "API analyze",
                    "API POST",
                    "/api/v1/apologies/analyze",
                    answers(200, 200, 200, 200),
                    text,
                ),
            ],
        )

    def test_draft_routes(self) -> None:
        """A draft is alice's alone: bob does not learn it exists."""
        web = "/apologies/{t.draft.pk}"
        api = "/api/v1/apologies/{t.draft.pk}"
        text = {"text": "I am sorry."}
        answer = {"response": "received"}
        check_matrix(
            self,
            [
                Route("draft page", "GET", f"{web}/", answers(302, 404)),
                Route("draft edit", "GET", f"{web}/edit/", answers(200, 404)),
                Route("draft save", "POST", f"{web}/edit/", answers(302, 404), text),
                Route("draft send page", "GET", f"{web}/send/", answers(200, 404)),
                Route("draft send", "POST", f"{web}/send/", answers(302, 404)),
                Route("draft respond", "POST", f"{web}/respond/", answers(403, 404), answer),
                Route("draft discard", "POST", f"{web}/discard/", answers(302, 404)),
                Route("API draft", "API GET", api, answers(200, 404)),
                Route("API draft patch", "API PATCH", api, answers(200, 404), text),
                Route("API draft send", "API POST", f"{api}/send", answers(200, 404), {}),
                Route("API draft respond", "API POST", f"{api}/respond", answers(403, 404), answer),
                Route("API draft delete", "API DELETE", api, answers(204, 404)),
            ],
        )

    def test_sent_routes(self) -> None:
        """A sent apology is no longer alice's to change; only bob, its recipient, answers it."""
        web = "/apologies/{t.sent.pk}"
        api = "/api/v1/apologies/{t.sent.pk}"
        shared_web = "/apologies/{t.sent_c.pk}"
        shared_api = "/api/v1/apologies/{t.sent_c.pk}"
        text = {"text": "Changed."}
        answer = {"response": "received"}
        settled = answers(409, 403)
        # With the counsellor it is shared with: carol reads it but does not answer it.
        counsellor_reads = answers(200, 200, counsellor=200)
        check_matrix(
            self,
            [
                Route("sent page", "GET", f"{web}/", answers(200, 200)),
                Route("sent edit", "GET", f"{web}/edit/", answers(302, 403)),
                Route("sent save", "POST", f"{web}/edit/", settled, text),
                Route("sent send page", "GET", f"{web}/send/", answers(302, 403)),
                Route("sent send again", "POST", f"{web}/send/", settled),
                Route("sent respond", "POST", f"{web}/respond/", answers(403, 302), answer),
                Route("sent discard", "POST", f"{web}/discard/", settled),
                Route("API sent", "API GET", api, answers(200, 200)),
                Route("API sent patch", "API PATCH", api, settled, text),
                Route("API sent send", "API POST", f"{api}/send", settled, {}),
                Route("API sent respond", "API POST", f"{api}/respond", answers(403, 200), answer),
                Route("API sent delete", "API DELETE", api, settled),
                Route("counsellor-shared page", "GET", f"{shared_web}/", counsellor_reads),
                Route(
                    "counsellor-shared respond",
                    "POST",
                    f"{shared_web}/respond/",
                    answers(403, 302, counsellor=403),
                    answer,
                ),
                Route("API counsellor-shared", "API GET", shared_api, counsellor_reads),
                Route(
                    "API counsellor-shared respond",
                    "API POST",
                    f"{shared_api}/respond",
                    answers(403, 200, counsellor=403),
                    answer,
                ),
            ],
        )
