from __future__ import annotations

from django.db import models
from django.utils import timezone

from mend.accounts.fields import named_person, person


class AuditEvent(models.Model):
    """Who read or changed what of whose. ``subject`` is the person the event concerns."""

    class Action(models.TextChoices):
        READ = "read", "Viewed"
        SHARING = "sharing", "Changed sharing"
        MEMBERSHIP = "membership", "Changed membership"
        CONSENT = "consent", "Changed counsellor consent"
        EXPORT = "export", "Exported data"

    actor = named_person()
    actor_name = models.CharField(max_length=80)
    actor_role = models.CharField(max_length=16, default="member")
    subject = person(related_name="audit_events")
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    object_kind = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display()} {self.summary}"
