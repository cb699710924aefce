"""Personal access tokens: the secret is shown once; the database keeps its digest only.

A token has an expiry (at most a year) and a scope: ``read`` answers only safe methods,
``write`` may change things. Creating one needs a browser session that checked the password
(or second factor) within the last few minutes; a token never creates another token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mend.accounts.models import PersonalAccessToken, User

# The lifetimes offered (days); the default is the first.
TOKEN_DAYS = (30, 7, 90, 365)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(
    *,
    user: User,
    name: str,
    scope: str = PersonalAccessToken.Scope.WRITE,
    days: int = TOKEN_DAYS[0],
    now: datetime | None = None,
) -> tuple[PersonalAccessToken, str]:
    if scope not in PersonalAccessToken.Scope.values:
        raise ValueError(f"unknown token scope {scope!r}")
    if days not in TOKEN_DAYS:
        raise ValueError(f"a token lives one of {TOKEN_DAYS} days")
    now = now or timezone.now()
    secret = settings.MEND_API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name.strip()[:80],
        prefix=secret[:12],
        digest=_digest(secret),
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=days),
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


@transaction.atomic
def revoke_all_tokens(*, user: User, now: datetime | None = None) -> int:
    return PersonalAccessToken.objects.filter(user=user, revoked_at=None).update(
        revoked_at=now or timezone.now()
    )


def token_for_secret(secret: str) -> PersonalAccessToken | None:
    """The active, unexpired token with this secret (its user loaded), or None."""
    if not secret.startswith(settings.MEND_API_TOKEN_PREFIX) or len(secret) > 100:
        return None
    digest = _digest(secret)
    now = timezone.now()
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(prefix=secret[:12], revoked_at=None, expires_at__gt=now, user__is_active=True)
        .filter(digest=digest)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    # Touch last use at most once a minute, so a busy client does not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
