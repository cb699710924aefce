"""Web Push as the standard requires: the message is encrypted for the one browser (RFC 8291,
aes128gcm) so the push service cannot read it, and signed with Mend's VAPID key (RFC 8292)."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

import http_ece  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from mend.notify import push
from mend.notify.models import PushSubscription
from tests.base import MendTestCase


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class EncryptedForOneBrowser(MendTestCase):
    def test_the_push_service_receives_only_ciphertext_the_browser_can_open(self) -> None:
        browser_key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        public = browser_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        sub = PushSubscription.objects.create(
            user=self.bob,
            endpoint="https://push.example.test/send/abc",
            p256dh=b64(public),
            auth=b64(auth),
        )
        payload = {"title": "Mend", "body": "Something is waiting for you.", "url": "/"}
        response = mock.Mock(status_code=201)
        with (
            TemporaryDirectory() as keys,
            mock.patch.dict(
                os.environ, {"MEND_VAPID_PRIVATE_KEY_FILE": str(Path(keys) / "vapid.pem")}
            ),
        ):
            push.vapid.cache_clear()
            try:
                with mock.patch("requests.post", return_value=response) as post:
                    self.assertTrue(push.send(sub, payload))
                self.assertTrue((Path(keys) / "vapid.pem").exists(), "generated locally")
                self.assertEqual(len(push.public_key()), 87)
            finally:
                push.vapid.cache_clear()
        call = post.call_args
        self.assertEqual(call.args[0], sub.endpoint)
        headers = call.kwargs["headers"]
        body = call.kwargs["data"]
        self.assertEqual(headers["content-encoding"], "aes128gcm")
        self.assertTrue(headers["authorization"].startswith("vapid t="))
        self.assertNotIn(b"Something", body)
        opened = http_ece.decrypt(
            body, private_key=browser_key, auth_secret=auth, version="aes128gcm"
        )
        self.assertEqual(json.loads(opened), payload)

    def test_a_browser_that_unsubscribed_is_reported_gone(self) -> None:
        sub = PushSubscription(endpoint="https://push.example.test/x", p256dh="", auth="")
        gone = push.WebPushException("gone", response=mock.Mock(status_code=410))
        with mock.patch("mend.notify.push.webpush", side_effect=gone):
            self.assertFalse(push.send(sub, {}))
