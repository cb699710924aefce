from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone


class EmailUserManager(UserManager["User"]):
    use_in_migrations = True

    def _create_user_object(self, username: Any, email: Any, password: Any, **extra: Any) -> User:
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra)
        user.set_password(password)
        return user

    def _create_user(self, username: Any, email: Any, password: Any, **extra: Any) -> User:
        user = self._create_user_object(username, email, password, **extra)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        return self.create_user(
            email, password, **{"is_staff": True, "is_superuser": True, **extra}
        )


class User(AbstractUser):
    """A person using Mend. People sign in with their e-mail address."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(
        max_length=80, help_text="How other members of your spaces see you."
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    # "Exit this page" also ends this browser's session (mend.accounts.quick_exit).
    sign_out_on_exit = models.BooleanField("Sign me out when I use Exit this page", default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = EmailUserManager()  # type: ignore[misc]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class PersonalAccessToken(models.Model):
    """A token for API clients. Only a SHA-256 digest of the secret is stored.

    A token expires, and is either read-only (safe methods only) or read-write; it can never
    create another token (that needs a browser session with a recent password check).
    """

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=["read", "write"]), name="accounts_token_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SignInSession(AbstractBaseSession):
    """A browser's signed-in session, stored under a keyed hash of its key.

    The cookie carries the session key; the database keeps only HMAC-SHA256 of it (keyed by the
    server's SECRET_KEY), so a copy of the database holds nothing a browser could present. The
    owner and a short description of the browser let a person see and end each of their
    sessions (the account's "ways in" page) and sign out everywhere.
    """

    session_key = models.CharField("session key digest", max_length=64, primary_key=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="sign_in_sessions"
    )
    device = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-expire_date"]

    def __str__(self) -> str:
        return f"session of {self.user_id} ({self.device})"

    @classmethod
    def get_session_store_class(cls) -> type[Any]:
        # Not at the top: sessions.py imports this module (Django's own backends do the same).
        from mend.accounts.sessions import SessionStore

        return SessionStore
