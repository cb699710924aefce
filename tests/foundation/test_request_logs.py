"""No log line says who asked for which page: Django logs every 4xx answer ("Not Found:
/self-trust/journal/5/", "Locked: /spaces/1/self-trust/journal/", "Conflict: …/steps") on the
server's standard error, a timeline of how someone uses Mend (a locked journal opened, a wrong
passphrase, "I am ready" while not settled) for whoever reads the host's logs. Errors (5xx)
are still logged: they are the operator's to fix."""

from __future__ import annotations

import logging

from django.test import Client

from mend.selftrust import services
from tests.base import MendTestCase


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class RequestLogs(MendTestCase):
    def test_answers_of_4xx_leave_no_log_line(self) -> None:
        entry = services.create_entry(space=self.space, owner=self.alice, title="t", body="b")
        kept = _Kept()
        root = logging.getLogger()
        root.addHandler(kept)
        try:
            bob = self.login(self.bob)
            self.assertEqual(bob.get(f"/self-trust/journal/{entry.pk}/").status_code, 404)
            self.assertEqual(bob.api("GET", f"/api/v1/journal/{entry.pk}").status_code, 404)
            alice = self.login(self.alice)
            self.assertEqual(alice.form("/self-trust/unlock/", {}).status_code, 400)
            # A form left open across a sign-in is sent with a token no longer good.
            stale = Client(enforce_csrf_checks=True)
            stale.force_login(self.alice)
            self.assertEqual(stale.post("/self-trust/unlock/", {}).status_code, 403)
        finally:
            root.removeHandler(kept)
        self.assertEqual([r.getMessage() for r in kept.records], [])
