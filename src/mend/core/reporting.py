"""No secret on any page: what Django's error reports may show of settings and the request.

Django masks settings whose *names* look secret (KEY, SECRET, TOKEN, PASS…); Mend also holds
secrets under other names (MEND_KEK, DATABASE_URL, VAPID keys) and a secret can be pasted into
any setting, so this filter masks by name and by value.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.views.debug import SafeExceptionReporterFilter

SECRET_NAMES = re.compile(
    r"API|TOKEN|KEY|KEK|SECRET|PASS|SIGNATURE|CREDENTIAL|PRIVATE|DSN|DATABASE_URL|VAPID|COOKIE",
    flags=re.IGNORECASE,
)


def secret_values() -> list[str]:
    """The values of every setting whose name looks secret, and the database password."""
    found = []
    for name in dir(settings):
        value = getattr(settings, name, None)
        if name.isupper() and SECRET_NAMES.search(name) and isinstance(value, str) and value:
            found.append(value)
    for database in settings.DATABASES.values():
        if database.get("PASSWORD"):
            found.append(str(database["PASSWORD"]))
    # Short values (a port, "1") would mask harmless text everywhere.
    return [v for v in found if len(v) >= 8]


class SecretSafeReporterFilter(SafeExceptionReporterFilter):
    """Masks settings, request headers and environment, and the local variables of every
    frame, by name and by value."""

    hidden_settings = SECRET_NAMES

    def _holds_secret(self, value: Any) -> bool:
        try:
            text = value if isinstance(value, str) else repr(value)
        except Exception:  # a repr that fails is not shown either
            return True
        return any(secret in text for secret in secret_values())

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, str):
            for secret in secret_values():
                cleansed = cleansed.replace(secret, self.cleansed_substitute)
        return cleansed

    def get_safe_request_meta(self, request: Any) -> dict[str, Any]:
        meta = super().get_safe_request_meta(request)
        return {
            k: self.cleansed_substitute if self._holds_secret(v) else v for k, v in meta.items()
        }

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        return [
            (
                name,
                self.cleansed_substitute
                if SECRET_NAMES.search(name) or self._holds_secret(value)
                else value,
            )
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]
