from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DataKey(models.Model):
    """A person's data key, stored only wrapped by the key-encryption key.

    Deleting the account deletes this row, which makes any copy of the person's ciphertext (in a
    backup, say) unreadable even with the KEK.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    wrapped_key = models.BinaryField()
    kek_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"data key of user {self.user_id}"


class ScopedKey(models.Model):
    """A data key that belongs to a group rather than a person, named by ``scope``.

    ``practice:<id>`` seals what is sent to a practice (intake requests): the people who read it
    are the practice's counsellors and staff, and the sender may have no account at all.
    """

    scope = models.CharField(max_length=64, unique=True)
    wrapped_key = models.BinaryField()
    kek_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"data key of {self.scope}"
