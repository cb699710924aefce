"""Mend's allauth adapters: who may sign up, sign-in throttling, two-factor secrets encrypted."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from mend.accounts import hooks, throttle
from mend.accounts.devices import describe_device
from mend.vault import server_secrets

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if settings.MEND_SIGNUP == "open":
            return True
        return any(hooks.signup_invitation.send(request))

    # --- Throttling (see mend.accounts.throttle): replaces allauth's per-account lockout.
    def _login(self, credentials: dict[str, Any]) -> str:
        return str(credentials.get("email") or credentials.get("username") or "")

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        login = self._login(credentials)
        wait = throttle.wait_seconds(request, login, self.get_client_ip(request))
        if wait:
            minutes, seconds = divmod(wait, 60)
            when = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
            raise forms.ValidationError(
                f"Too many wrong passwords from here for this address: try again in {when}, "
                "or sign in with a code sent to your e-mail."
            )

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        throttle.record_failure(request, self._login(credentials), self.get_client_ip(request))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth reads the request from its context, which is gone when a notice is sent by an
        # on-commit callback that runs after the request (turning on two-factor under a test's
        # captureOnCommitCallbacks); the adapter still holds the request it was made for.
        if allauth_context.request is None and self.request is not None:
            with allauth_context.request_context(self.request):
                super().send_mail(template_prefix, email, context)
            return
        super().send_mail(template_prefix, email, context)

    def login(self, request: HttpRequest, user: Any) -> None:
        # Read before the sign-in, which sets it: a person's very first sign-in (after sign-up,
        # perhaps on another device than the one they signed up on) is not news to tell them.
        request.mend_first_sign_in = user.last_login is None  # type: ignore[attr-defined]
        super().login(request, user)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        # A browser new to this address is told to the person: someone who knows the password
        # could otherwise sign in from their own device, read, sign out and leave no trace.
        new_browser = not (
            kwargs.get("signup")
            or getattr(request, "mend_first_sign_in", False)
            or throttle.known_device(request, user.email)
        )
        response = super().post_login(request, user, **kwargs)
        throttle.record_success(request, response, user.email, self.get_client_ip(request))
        if new_browser:
            self._tell_of_new_browser(request, user)
        return response

    def _tell_of_new_browser(self, request: HttpRequest, user: Any) -> None:
        try:
            self.send_notification_mail(
                "accounts/email/new_sign_in",
                user,
                {
                    "browser": describe_device(self.get_http_user_agent(request)),
                    "ways_in_url": settings.MEND_BASE_URL.rstrip("/") + reverse("accounts:ways_in"),
                },
            )
        except (smtplib.SMTPException, OSError) as error:
            # The person is signed in all the same: a mail server that is down must not keep
            # everyone out of a new browser. Only the error's kind is logged: its text can hold
            # the address it was sent to.
            logger.warning("A new-browser sign-in notice was not sent (%s).", type(error).__name__)


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor secrets (the TOTP key, the recovery-code seed) are stored encrypted with a
    key derived from the server's key-encryption key, never in the clear."""

    def encrypt(self, text: str) -> str:
        return server_secrets.seal(text, purpose="mfa")

    def decrypt(self, encrypted_text: str) -> str:
        return server_secrets.open_sealed(encrypted_text, purpose="mfa")
