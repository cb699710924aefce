"""Web Push: VAPID keys generated locally, payloads encrypted for one browser (RFC 8291,
aes128gcm) by pywebpush, and sent to the browser maker's push service — the one message of
Mend that passes through an outside service, which is why push is off until a person turns
it on in their own browser, and a deployment can turn it off (``MEND_PUSH=0``).
"""

from __future__ import annotations

import base64
import json
import logging
import os
from functools import cache
from pathlib import Path
from typing import Any

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid  # type: ignore[import-untyped]
from pywebpush import WebPushException, webpush  # type: ignore[import-untyped]

from mend.notify.models import PushSubscription
from mend.vault.config import local_key_dir

log = logging.getLogger(__name__)
TTL_SECONDS = 24 * 3600


def enabled() -> bool:
    return bool(settings.MEND_PUSH)


def key_file() -> Path:
    """The VAPID private key: a deployment's own file, or one generated beside the local KEK
    (outside the data folder, so a copy of the data alone cannot sign pushes)."""
    configured = os.environ.get("MEND_VAPID_PRIVATE_KEY_FILE", "")
    if configured:
        return Path(configured).expanduser()
    return local_key_dir() / "vapid-private.pem"


@cache
def vapid() -> Vapid:
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = Vapid()
        fresh.generate_keys()
        fresh.save_key(str(path))
        path.chmod(0o600)
    return Vapid.from_file(str(path))


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, uncompressed point)."""
    raw = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def public_key_or_none() -> str:
    """The key, or "" when push is off here or the key cannot be read or made (the page then
    says push is not available rather than failing)."""
    if not enabled():
        return ""
    try:
        return public_key()
    except (OSError, ValueError):
        log.warning("The VAPID key could not be read or created; push is unavailable.")
        return ""


def send(subscription: PushSubscription, payload: dict[str, Any]) -> bool:
    """Send one encrypted message; False when the browser has gone (unsubscribe it)."""
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=json.dumps(payload),
            vapid_private_key=vapid(),
            vapid_claims={"sub": settings.MEND_VAPID_SUBJECT},
            ttl=TTL_SECONDS,
            content_encoding="aes128gcm",
            timeout=10,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            return False
        # Never log the endpoint: it identifies a person's browser.
        log.warning("A push message could not be delivered (status %s).", status)
    except requests.RequestException:
        log.warning("A push service could not be reached.")
    return True
