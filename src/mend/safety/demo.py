"""Demo history for safety: check-ins over the period (a rough patch around day 50 with a
flooded check-in and a pause), and a completed repair conversation with notes both kept.

Heart rate under the one baseline (issue 12): Sam gave a seated, awake resting rate of 64 bpm
(flooded at 70.4 or more); Alex gave none (100 bpm). Alex's calm evening at 69 bpm is settled;
Sam's 112 bpm in the argument is flooded; Sam's 68 bpm before the repair talk is settled."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mend.safety import services
from mend.spaces.models import Space

SEED = 20260306
ROUGH_PATCH = 50  # the day the demo's setback happens (shared with the other demo histories)
SAM_RESTING_BPM = 64
CALM_BPM = 69


def _answers(level: int) -> dict[str, int]:
    """Self-check answers whose total is about ``level`` (0-12)."""
    items = ["racing_heart", "flee_or_fight", "cant_think", "body_tense"]
    values = [0, 0, 0, 0]
    for i in range(level):
        slot = i % 4
        if values[slot] < 3:
            values[slot] += 1
    return dict(zip(items, values, strict=True))


def extend(*, space: Space, people: list[Any], start: datetime, days: int) -> None:
    rng = random.Random(SEED)
    alex, sam = people[0], people[1]
    now = timezone.now()
    services.set_heart_rate_profile(space=space, owner=sam, resting_bpm=SAM_RESTING_BPM)
    for day in range(1, days, 2):
        for person, offset in ((alex, 0), (sam, 1)):
            at = start + timedelta(days=day + offset * 0.01, hours=20 + rng.random())
            if at >= now:
                continue
            progress = day / days
            # Early weeks feel less safe; a dip around the rough patch.
            safety = 4 + round(5 * progress) + rng.choice((-1, 0, 0, 1))
            level = max(0, 5 - round(4 * progress) + rng.choice((-1, 0, 1)))
            if abs(day - ROUGH_PATCH) <= 2:
                safety, level = max(1, safety - 4), level + 3
            services.record_checkin(
                space=space,
                owner=person,
                safety=min(10, max(0, safety)),
                answers=_answers(min(5, level)),
                # Alex reads a calm 69 bpm off a watch now and then: not flooded at 100 bpm.
                heart_rate=CALM_BPM if person is alex and day % 10 == 1 else None,
                now=at,
            )
    if days <= ROUGH_PATCH + 6:
        return
    # The rough patch: Sam floods during an argument and asks for a 30-minute pause.
    flood_at = start + timedelta(days=ROUGH_PATCH, hours=21)
    services.record_checkin(
        space=space, owner=sam, safety=2, answers=_answers(9), heart_rate=112, now=flood_at
    )
    pause = services.request_pause(
        space=space,
        owner=sam,
        planned_return=flood_at + timedelta(minutes=30),
        now=flood_at + timedelta(minutes=1),
    )
    services.resume_pause(pause=pause, user=sam, now=flood_at + timedelta(minutes=34))

    # A few days later, a repair conversation about the hidden debt, both settled.
    t = start + timedelta(days=ROUGH_PATCH + 5, hours=19)
    conv = services.start_conversation(
        space=space, starter=alex, partner=sam, topic="The credit-card statements", now=t
    )
    turns = [
        (sam, "I felt foolish when I found the statements; the hiding hurt more than the money."),
        (alex, "You felt foolish, and the hiding hurt more than the debt itself."),
        (alex, "I hid it because I was ashamed, and I see now that shame made it worse for you."),
        (sam, "You were ashamed, and you see the hiding made it worse for me."),
    ]
    for step in (1, 2):
        t += timedelta(minutes=5)
        services.record_checkin(space=space, owner=alex, safety=7, answers=_answers(2), now=t)
        services.record_checkin(
            space=space, owner=sam, safety=7, answers=_answers(2), heart_rate=68, now=t
        )
        if step == 1:
            conv.speaker = sam
            conv.save(update_fields=["speaker"])
        # A step begins once both say they are ready (and both are settled).
        services.begin_step(conversation=conv, user=alex, now=t + timedelta(minutes=1))
        services.begin_step(conversation=conv, user=sam, now=t + timedelta(minutes=1))
        speaker, said = turns[(step - 1) * 2]
        listener, heard = turns[(step - 1) * 2 + 1]
        services.submit_turn(
            conversation=conv, user=speaker, text=said, now=t + timedelta(minutes=6)
        )
        services.submit_summary(
            conversation=conv, user=listener, text=heard, now=t + timedelta(minutes=9)
        )
        t += timedelta(minutes=10)
    services.end_conversation(conversation=conv, user=alex, outcome="apology", now=t)
    notes = {(n.owner_id, n.step_number, n.kind): n.pk for n in conv.notes.all()}
    sam_said = notes[(sam.pk, 1, "speak")]
    alex_said = notes[(alex.pk, 2, "speak")]
    services.keep_notes(conversation=conv, user=sam, note_ids=[sam_said])
    services.keep_notes(conversation=conv, user=alex, note_ids=[alex_said])
    services.keep_notes(conversation=conv, user=sam, note_ids=[alex_said])
    services.keep_notes(conversation=conv, user=alex, note_ids=[sam_said])
