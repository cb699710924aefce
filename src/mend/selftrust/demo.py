"""Demo history for self-trust: Sam's private journal, a boundary, gut check-ins, ratings."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mend.selftrust import services
from mend.selftrust.models import GutCheck, JournalEntry, QuestionnaireResult
from mend.spaces.models import Space

_JOURNAL = (
    (
        "The drawer",
        "I keep going back to the moment I opened it. It was not the money. It was that I had "
        "asked, twice, and been told everything was fine.",
    ),
    (
        "I noticed something",
        "When Alex is vague about plans my chest goes tight before I even think. Writing it "
        "down so I can see whether it means anything.",
    ),
    (
        "A better evening",
        "We talked about the weekend without it turning into the statements. I said I was "
        "tired and stopped, and that was fine.",
    ),
    (
        "Trusting myself",
        "I knew something was off for months and talked myself out of it. I want to learn to "
        "listen to that voice again, and to check it against what actually happens.",
    ),
)

# Sam's gut check-ins: six turn out yes or no, one "partly" (shown, never scored), one still
# open. Her stated confidence scores about 0.23 on the Brier scale, a little closer to what
# happened than saying 50% every time (0.25): a believable start at trusting her gut again.
_GUT = (
    ("Alex will tell me about the bank call before I ask.", 60, "yes"),
    ("The weekend plan will change at the last minute.", 80, "no"),
    ("Alex is holding something back about work.", 70, "partly"),
    ("The talk with the counsellor will help.", 75, "yes"),
    ("Alex will forget the appointment on Thursday.", 65, "no"),
    ("Alex will bring the statements to the session.", 70, "yes"),
    ("I will feel calmer after the weekend away.", 85, "yes"),
    ("Something is off about the new card.", 90, None),
)


def _at(start: datetime, day: int) -> datetime:
    return start + timedelta(days=day, hours=21)


def extend(*, space: Space, people: list[Any], start: datetime, days: int) -> None:
    sam = next((p for p in people if p.email.startswith("sam@")), people[-1])
    step = max(days // (len(_JOURNAL) + 1), 1)
    for n, (title, body) in enumerate(_JOURNAL, start=1):
        entry = services.create_entry(
            space=space,
            owner=sam,
            title=title,
            body=body,
            visibility="counsellor" if n == len(_JOURNAL) else "private",
        )
        JournalEntry.objects.filter(pk=entry.pk).update(created_at=_at(start, n * step))

    boundary = services.create_boundary(
        space=space,
        owner=sam,
        statement="I do not talk about money after 10 pm.",
        why="Late at night I cannot think straight, and those talks always go badly.",
        if_crossed="I will say I am stopping, and we pick it up the next day.",
        visibility="space",
    )
    for day, kind, note in (
        (max(days - 70, 1), "held", "Alex started; I said tomorrow and we did."),
        (max(days - 45, 1), "crossed", "I let it run to midnight. I felt awful after."),
        (max(days - 20, 1), "said_no", "I said no and went to bed. It felt strange and good."),
        (max(days - 6, 1), "held", ""),
    ):
        services.add_boundary_event(
            boundary=boundary, user=sam, kind=kind, occurred_on=_at(start, day).date(), note=note
        )

    step = max(days // (len(_GUT) + 1), 1)
    for n, (statement, confidence, outcome) in enumerate(_GUT, start=1):
        check = services.create_gut_check(
            space=space, owner=sam, statement=statement, confidence=confidence
        )
        GutCheck.objects.filter(pk=check.pk).update(created_at=_at(start, n * step))
        if outcome:
            services.resolve_gut_check(gut_check=check, user=sam, outcome=outcome)

    for week in range(days // 7 + 1):
        day = min(week * 7, days - 1)
        services.record_self_rating(
            space=space,
            owner=sam,
            trust_judgement=min(10, 3 + week // 2),
            said_no=min(10, 2 + week // 2) if week % 3 else None,
            rated_on=_at(start, day).date(),
        )

    for n, day in enumerate(range(3, days, 21)):
        answers = {
            "csi4_1": min(6, 1 + n),
            "csi4_2": min(5, 1 + n),
            "csi4_3": min(5, 2 + n // 2),
            "csi4_4": min(5, 1 + n),
        }
        result = services.submit_questionnaire(
            space=space, owner=sam, instrument_id="csi4", answers=answers
        )
        QuestionnaireResult.objects.filter(pk=result.pk).update(created_at=_at(start, day))
