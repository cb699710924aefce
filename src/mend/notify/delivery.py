"""The worker's work: turn what waits for each person into notifications, deliver the due
ones as each person chose, and send the daily digests.

The Notification rows are the queue. ``collect`` creates at most one row per person, kind and
object (a unique constraint, so a second run creates nothing) and marks rows whose item left
"what needs you" as resolved, so an answered thing is never sent. ``deliver_due`` claims rows
with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks them delivered in the same transaction in
which it sends, so several workers never send one row twice (on SQLite, BEGIN IMMEDIATE
serialises the workers instead).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from mend.accounts.models import User
from mend.accounts.timezones import zone_of
from mend.commitments.occurrences import materialise_due
from mend.commitments.reminders import REMIND_AHEAD, due_soon
from mend.inbox.selectors import count_for, inbox_for
from mend.notify import messages, push
from mend.notify.models import Notification, Preferences, PushSubscription
from mend.notify.selectors import in_quiet_hours, quiet_until
from mend.spaces.models import Membership

log = logging.getLogger(__name__)
BATCH = 500
# A notification whose thing waits again after it was resolved is told again, as new.
REOPENED = {
    "resolved_at": None,
    "read_at": None,
    "delivered_at": None,
    "not_before": None,
    "emailed_at": None,
    "pushed_at": None,
    "in_digest": False,
    "digested_at": None,
}


@dataclass
class Run:
    collected: int = 0
    emails: int = 0
    pushes: int = 0
    digests: int = 0


def _reminders(now: datetime) -> dict[int, list[Notification]]:
    """Before one's own commitment falls due: a reminder to the committer (no title)."""

    by_user: dict[int, list[Notification]] = defaultdict(list)
    for occurrence in due_soon(now).select_related("commitment"):
        commitment = occurrence.commitment
        by_user[commitment.owner_id].append(
            Notification(
                user_id=commitment.owner_id,
                kind="commitment_due",
                space_id=commitment.space_id,
                object_id=occurrence.pk,
                path=reverse("commitments:detail", args=[commitment.pk]),
                created_at=now,
            )
        )
    return by_user


def collect(*, now: datetime) -> int:
    """Create the notifications of everything waiting now; resolve those that left."""
    materialise_due(now, horizon=REMIND_AHEAD)
    reminders = _reminders(now)
    members = Membership.objects.active().values("user_id")
    before = Notification.objects.count()
    for user in User.objects.filter(pk__in=members, is_active=True).order_by("pk").iterator():
        if not reminders.get(user.pk) and count_for(user) == 0:
            # Nothing waits (one query): only resolve what was waiting before.
            Notification.objects.filter(user_id=user.pk, resolved_at__isnull=True).update(
                resolved_at=now
            )
            continue
        rows = [
            Notification(
                user_id=user.pk,
                kind=item.kind,
                space_id=item.space_id,
                object_id=item.object_id,
                path=item.url,
                created_at=now,
            )
            for item in inbox_for(user)
        ] + reminders.get(user.pk, [])
        with transaction.atomic():
            Notification.objects.bulk_create(rows, ignore_conflicts=True)
            waiting = {(row.kind, row.object_id) for row in rows}
            known = Notification.objects.filter(user_id=user.pk).filter(
                Q(resolved_at__isnull=True)
                | Q(kind__in={k for k, _ in waiting}, object_id__in={o for _, o in waiting})
            )
            gone, back = [], []
            for pk, kind, object_id, resolved_at in known.values_list(
                "pk", "kind", "object_id", "resolved_at"
            ):
                if (kind, object_id) not in waiting:
                    if resolved_at is None:
                        gone.append(pk)
                elif resolved_at is not None:
                    back.append(pk)  # it left and waits again (the next step of a conversation)
            if gone:
                Notification.objects.filter(pk__in=gone).update(resolved_at=now)
            if back:
                Notification.objects.filter(pk__in=back).update(**REOPENED, created_at=now)
    return Notification.objects.count() - before


def _send_email(user: Any, rows: list[Notification], prefs: Preferences, digest: bool) -> bool:
    email = messages.email_for(rows, prefs, digest=digest)
    try:
        send_mail(email.subject, email.body, None, [user.email])
    except Exception:
        log.warning("An e-mail could not be sent; it will be tried again.", exc_info=False)
        return False
    return True


def deliver_due(*, now: datetime) -> Run:
    """Deliver the notifications nobody has delivered yet, person by person, as they chose.

    A person in their quiet hours is left for later (their rows stay undelivered); a person
    who chose the daily digest has their e-mail kept for it.
    """
    run = Run()
    with transaction.atomic():
        rows = list(
            Notification.objects.filter(delivered_at__isnull=True, created_at__lte=now)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "space")
            .order_by("created_at", "id")[:BATCH]
        )
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for row in rows:
            by_user[row.user_id].append(row)
        prefs_of = {p.user_id: p for p in Preferences.objects.filter(user_id__in=by_user)}
        subs_of: dict[int, list[PushSubscription]] = defaultdict(list)
        if push.enabled():
            for sub in PushSubscription.objects.filter(user_id__in=by_user):
                subs_of[sub.user_id].append(sub)
        done: list[Notification] = []
        for user_id, mine in by_user.items():
            user = mine[0].user
            prefs = prefs_of.get(user_id) or Preferences(user_id=user_id)
            live = [r for r in mine if r.resolved_at is None and user.is_active]
            local = now.astimezone(zone_of(user))
            if live and in_quiet_hours(prefs, local):
                # Held, undelivered, until the quiet hours end; the queue moves on meanwhile.
                later = quiet_until(prefs, local)
                Notification.objects.filter(pk__in=[r.pk for r in mine]).update(not_before=later)
                continue
            by_email = [
                r for r in live if prefs.email_on and user.email and prefs.allows("email", r.kind)
            ]
            if by_email and prefs.daily_digest:
                for r in by_email:
                    r.in_digest = True
            elif by_email:
                if not _send_email(user, by_email, prefs, digest=False):
                    continue  # nothing of this person is marked: tried again next time
                run.emails += 1
                for r in by_email:
                    r.emailed_at = now
            by_push = [r for r in live if prefs.push_on and prefs.allows("push", r.kind)]
            if by_push and subs_of.get(user_id):
                payload = messages.push_for(by_push, prefs)
                for sub in subs_of[user_id]:
                    if push.send(sub, payload):
                        run.pushes += 1
                    else:
                        sub.delete()  # the browser unsubscribed or went away
                for r in by_push:
                    r.pushed_at = now
            for r in mine:
                r.delivered_at = now
            done.extend(mine)
        Notification.objects.bulk_update(
            done, ["delivered_at", "emailed_at", "pushed_at", "in_digest"]
        )
    return run


def send_digests(*, now: datetime) -> int:
    """Once a day, at the hour each person chose (their own clock, outside quiet hours), one
    e-mail for everything kept for the digest that still waits."""
    sent = 0
    for prefs in Preferences.objects.filter(daily_digest=True, email_on=True).select_related(
        "user"
    ):
        local = now.astimezone(zone_of(prefs.user))
        if local.hour < prefs.digest_hour or prefs.last_digest_on == local.date():
            continue
        if in_quiet_hours(prefs, local) or not prefs.user.email:
            continue
        with transaction.atomic():
            locked = (
                Preferences.objects.select_for_update(skip_locked=True)
                .filter(pk=prefs.pk)
                .exclude(last_digest_on=local.date())
                .first()
            )
            if locked is None:
                continue  # another worker has it, or has just sent it
            rows = list(
                Notification.objects.filter(
                    user_id=prefs.user_id,
                    in_digest=True,
                    digested_at__isnull=True,
                    resolved_at__isnull=True,
                )
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("space")
            )
            if rows:
                if not _send_email(prefs.user, rows, locked, digest=True):
                    continue
                Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                    digested_at=now, emailed_at=now
                )
                sent += 1
            locked.last_digest_on = local.date()
            locked.save(update_fields=["last_digest_on"])
    return sent


def run_due(*, now: datetime) -> Run:
    """Everything scheduled that is due: reminders and notifications, delivery, digests."""
    collected = collect(now=now)
    run = deliver_due(now=now)
    run.collected = collected
    run.digests = send_digests(now=now)
    return run
