"""Notifications: one row per person, kind and object (so collecting twice creates nothing; a
thing that stopped waiting and waits again — a conversation's next step — is told again), and
what each person chose about how they hear of things.

A row holds no content: the kind, the space, the object's id and the page to open. The
worker fills ``delivered_at`` (and the channels it used) in the same transaction in which it
claims and sends, so two workers never send the same row twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from mend.accounts.fields import person
from mend.notify.kinds import KIND_LABELS


class Notification(models.Model):
    user = person(related_name="notifications")
    kind = models.CharField(max_length=32, choices=list(KIND_LABELS.items()))
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    path = models.CharField(max_length=300)  # the page where it can be done (ids only)
    created_at = models.DateTimeField(default=now)
    read_at = models.DateTimeField(null=True, blank=True)
    # It left "what needs you" (answered, or no longer applies): never sent after this.
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The worker decided how to deliver it (sent, left for the digest, or nothing to send).
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Held until the end of the person's quiet hours (so the queue does not wait on it).
    not_before = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    in_digest = models.BooleanField(default=False)  # waits for the daily digest e-mail
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_id"], name="one_notification_per_person_and_thing"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notify_user_created"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="notify_undelivered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} for {self.user_id}"

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, "Something waits for you")


class Preferences(models.Model):
    """How one person hears of things. Without a row, the defaults below apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preferences"
    )
    # {"email": ["kind", ...], "push": [...], "in_app": [...]}: the kinds turned off.
    muted = models.JSONField(default=dict, blank=True)
    email_on = models.BooleanField(default=True)
    # Push stays off until the person turns it on in their own browser.
    push_on = models.BooleanField(default=False)
    quiet_start = models.TimeField(null=True, blank=True)  # in the person's own zone
    quiet_end = models.TimeField(null=True, blank=True)
    daily_digest = models.BooleanField(default=False)  # one e-mail a day instead of each
    digest_hour = models.PositiveSmallIntegerField(default=8)
    last_digest_on = models.DateField(null=True, blank=True)  # the person's local date
    name_space = models.BooleanField(default=False)  # may e-mail and push say the space's name
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"notification preferences of {self.user_id}"

    def allows(self, channel: str, kind: str) -> bool:
        return kind not in (self.muted or {}).get(channel, [])


class PushSubscription(models.Model):
    """One browser a person turned push on in. The endpoint belongs to the browser maker's
    push service; the keys let Mend encrypt for that browser alone (RFC 8291)."""

    user = person(related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"push subscription {self.pk} of {self.user_id}"
