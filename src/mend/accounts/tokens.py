"""Personal access tokens: the secret is shown once; the database keeps its digest only."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mend.accounts.models import PersonalAccessToken, User


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(*, user: User, name: str) -> tuple[PersonalAccessToken, str]:
    secret = settings.MEND_API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user, name=name.strip()[:80], prefix=secret[:12], digest=_digest(secret)
    )
    return token, secret


@transaction.atomic
def revoke_token(*, user: User, token_id: int) -> PersonalAccessToken:
    token = PersonalAccessToken.objects.select_for_update().get(
        pk=token_id, user=user, revoked_at=None
    )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def user_for_secret(secret: str) -> User | None:
    if not secret.startswith(settings.MEND_API_TOKEN_PREFIX):
        return None
    digest = _digest(secret)
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(prefix=secret[:12], revoked_at=None, user__is_active=True)
        .filter(digest=digest)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    now = timezone.now()
    # Touch last use at most once a minute, so a busy client does not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
