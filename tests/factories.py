"""Factories for the cast of people and the records tests need."""

from __future__ import annotations

import factory
from django.utils import timezone

from mend.accounts.models import User
from mend.spaces.models import Breach, CounsellorAccess, Membership, Space
from mend.spaces.visibility import Visibility

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    name = factory.Sequence(lambda n: f"Space {n}")
    kind = Space.Kind.COUPLE


def add_member(space: Space, user: User) -> Membership:
    return Membership.objects.create(space=space, user=user)


def grant_counsellor(space: Space, member: User, counsellor: User) -> CounsellorAccess:
    return CounsellorAccess.objects.create(
        space=space, member=member, counsellor=counsellor, granted_at=timezone.now()
    )


class BreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Breach

    title = factory.Sequence(lambda n: f"Breach {n}")
    owner_role = Breach.Role.HURT
    visibility = Visibility.PRIVATE


def give_two_factor(user: User) -> User:
    """Staff reach the admin only with two-factor on: give them an authenticator."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=user, type="totp", data={"secret": "not-a-real-secret"})
    return user
