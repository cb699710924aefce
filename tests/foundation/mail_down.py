"""A mail backend whose server refuses every message, naming the address as SMTP servers do."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise smtplib.SMTPRecipientsRefused(
            {to: (550, b"mailbox unavailable") for m in email_messages for to in m.to}
        )
