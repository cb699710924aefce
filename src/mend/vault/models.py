from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class KekWrapped(models.Model):
    """A data key stored only wrapped by the key-encryption key (KEK), which ``rotate-kek``
    re-wraps; ``kek_id`` names the KEK that wrapped it."""

    wrapped_key = models.BinaryField()
    kek_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class DataKey(KekWrapped):
    """A person's data key, stored only wrapped by the key-encryption key.

    Deleting the account deletes this row, which makes any copy of the person's ciphertext (in a
    backup, say) unreadable even with the KEK.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return f"data key of user {self.user_id}"


class ScopedKey(KekWrapped):
    """A data key that belongs to a group rather than a person, named by ``scope``.

    ``practice:<id>`` seals what is sent to a practice (intake requests): the people who read it
    are the practice's counsellors and staff, and the sender may have no account at all.
    """

    scope = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"data key of {self.scope}"


class PersonalKey(models.Model):
    """A person's own data key, for the private records of their self-trust space.

    Apart from their ordinary data key, so that a passphrase can lock it without locking what
    they share. Without a passphrase it is wrapped by the KEK like any data key (``kek_id`` set);
    with one, only by a key derived from the passphrase (``kek_id`` empty, the scrypt parameters
    beside it), and by each unused recovery code: then neither the database nor the database
    with the KEK opens it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    wrapped_key = models.BinaryField()
    kek_id = models.CharField(max_length=16, blank=True)
    kdf_salt = models.BinaryField(null=True, blank=True)
    kdf_n = models.PositiveIntegerField(null=True, blank=True)
    kdf_r = models.PositiveSmallIntegerField(null=True, blank=True)
    kdf_p = models.PositiveSmallIntegerField(null=True, blank=True)
    passphrase_set_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"self-trust key of user {self.user_id}"

    @property
    def has_passphrase(self) -> bool:
        return self.passphrase_set_at is not None


class RecoveryCode(models.Model):
    """One recovery code: the personal key wrapped by a key derived from the code (the code
    itself is never stored). Used once: then its row keeps only when it was used."""

    personal_key = models.ForeignKey(
        PersonalKey, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    salt = models.BinaryField()
    wrapped_key = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk} of user {self.personal_key.user_id}"
