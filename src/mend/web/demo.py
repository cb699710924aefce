"""Demo data: a couple working on repair, so a newcomer sees a living space."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mend.accounts.demo import DEMO_PASSWORD, demo_user
from mend.accounts.models import User
from mend.apology import demo as apology_demo
from mend.care import demo as care_demo
from mend.commitments import demo as commitments_demo
from mend.ledger import demo as ledger_demo
from mend.safety import demo as safety_demo
from mend.selftrust import demo as selftrust_demo
from mend.spaces import services as space_services
from mend.spaces.models import Membership, Space
from mend.spaces.visibility import Visibility


@dataclass(frozen=True)
class DemoLogins:
    space: Space
    people: list[tuple[str, str]]  # the couple: (e-mail, password)
    # The others, with the same password: (e-mail, what the login is for).
    others: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def build_demo(*, days: int = 90) -> DemoLogins:
    if User.objects.filter(email="alex@demo.mend.test").exists():
        raise ValueError("The demo data is already loaded.")
    alex = demo_user("alex@demo.mend.test", "Alex")
    sam = demo_user("sam@demo.mend.test", "Sam")
    start = timezone.now() - timedelta(days=days)
    space = space_services.create_space(creator=alex, name="Alex & Sam", kind=Space.Kind.COUPLE)
    Space.objects.filter(pk=space.pk).update(created_at=start)
    Membership.objects.filter(space=space).update(joined_at=start)
    Membership.objects.create(space=space, user=sam, joined_at=start + timedelta(hours=2))
    space_services.create_breach(
        space=space,
        owner=sam,
        title="Alex hid the credit-card debt",
        owner_role="hurt",
        other_person=alex,
        description="I found the statements in a drawer. It was not the money, it was the hiding.",
        topic="money",
        tags="money, honesty",
        occurred_on=(start - timedelta(days=3)).date(),
        # Hiding is deception: it weighs heavily in Sam's trust in Alex, and part never fades.
        involved_deception=True,
        visibility=Visibility.SPACE,
    )
    space_services.create_breach(
        space=space,
        owner=alex,
        title="What I hid, and why it matters",
        owner_role="responsible",
        other_person=sam,
        description="A note to myself about the shame that made me hide the statements.",
        topic="money",
        occurred_on=(start - timedelta(days=3)).date(),
        visibility=Visibility.PRIVATE,
    )
    add_histories(space=space, people=[alex, sam], start=start, days=days)
    return DemoLogins(
        space=space,
        people=[(alex.email, DEMO_PASSWORD), (sam.email, DEMO_PASSWORD)],
        others=care_demo.logins(),
    )


def add_histories(*, space: Space, people: list[User], start: datetime, days: int) -> None:
    """Each feature adds its own history to ``space`` from ``start`` on; ``people`` are the
    demo's Alex and Sam (the one who broke trust, then the one who was hurt). The ledger's
    comes after the commitments', whose evidence it counts, and care's last, since it reads
    what the others wrote."""
    for extend in (
        commitments_demo.extend,
        selftrust_demo.extend,
        apology_demo.extend,
        ledger_demo.extend,
        safety_demo.extend,
        care_demo.extend,
    ):
        extend(space=space, people=people, start=start, days=days)
