"""Issue 12's scenarios through the domain modules, before and after: one table.

    PYTHONPATH=src python benchmarks/numbers_scenarios.py

"After" is the code in this tree. "Before" is the same five domain modules as they were at
``BEFORE_REV`` (the commit the work on issue 12 started from), read with ``git show`` and loaded
under other names, so both run side by side. Without git, or without that commit, the "before"
column says "n/a". Pure domain code only: no Django, no database.
"""

from __future__ import annotations

import random
import subprocess
import sys
import types
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from mend.domain import bank, calibration, flooding, triage, trust

BEFORE_REV = "012a001df72aab4fbce9f1673ef11f3fd71e6aa1"
ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def load_before() -> dict[str, Any] | None:
    """The domain modules at BEFORE_REV, as fresh modules named ``before_<name>``."""
    found: dict[str, Any] = {}
    for name in ("trust", "bank", "flooding", "triage", "calibration"):
        try:
            source = subprocess.run(
                ["git", "show", f"{BEFORE_REV}:src/mend/domain/{name}.py"],
                cwd=ROOT,
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        module = types.ModuleType(f"before_{name}")
        # dataclasses look their module up in sys.modules while the class is being built.
        sys.modules[module.__name__] = module
        exec(compile(source, f"{BEFORE_REV[:7]}:{name}.py", "exec"), module.__dict__)  # noqa: S102
        found[name] = module
    return found


OLD = load_before()


def pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def interval(e: Any) -> str:
    return f"{pct(e.index)} ({pct(e.low)}–{pct(e.high)})"


def after_estimate(e: trust.TrustEstimate) -> str:
    if not e.enough_evidence:
        return f"not enough evidence yet ({e.evidence:.1f} of {trust.MIN_EVIDENCE:g})"
    return interval(e)


def quote(text: str | None, words: int = 14) -> str:
    if text is None:
        return "no note"
    cut = text.split()
    return "“" + " ".join(cut[:words]) + (" …”" if len(cut) > words else "”")


Row = tuple[str, str, Callable[[Any], str] | None, Callable[[], str]]
ROWS: list[Row] = []


def row(model: str, scenario: str, before: Callable[[Any], str] | None) -> Any:
    def register(after: Callable[[], str]) -> Callable[[], str]:
        ROWS.append((model, scenario, before, after))
        return after

    return register


# --- trust -----------------------------------------------------------------------------------


def _reports(per_day: int, confirmed: bool, module: Any) -> list[Any]:
    # One to three reports a day, three hours apart, on each of the last 30 days.
    start = NOW - 30 * DAY
    return [
        module.moment_evidence(start + d * DAY - k * timedelta(hours=3), +1, confirmed=confirmed)
        for d in range(30)
        for k in range(per_day)
    ]


def _old_state(m: Any, items: list[Any]) -> Any:
    return m.trust.TrustState.from_items(items)


@row(
    "trust",
    "3 unconfirmed positive self-reports a day for 30 days, nothing from the receiver",
    lambda m: interval(_old_state(m, _reports(3, False, m.trust)).estimate(NOW)),
)
def _t1() -> str:
    items = _reports(3, False, trust)
    e = trust.TrustState.from_items(items).estimate(NOW)
    return f"{after_estimate(e)}; {trust.tally_claims(items).positive} claims shown apart"


@row(
    "trust",
    "the same, one a day",
    lambda m: interval(_old_state(m, _reports(1, False, m.trust)).estimate(NOW)),
)
def _t1b() -> str:
    e = trust.TrustState.from_items(_reports(1, False, trust)).estimate(NOW)
    return after_estimate(e)


def _old_felt(m: Any, felt: float, items: list[Any]) -> str:
    e = _old_state(m, items).estimate(NOW)
    return quote(m.bank.felt_vs_evidence(felt, e.index, e.low), 16)


@row(
    "trust",
    "…then the receiver rates felt trust 3/10",
    lambda m: _old_felt(m, 0.3, _reports(3, False, m.trust)),
)
def _t1c() -> str:
    e = trust.TrustState.from_items(_reports(3, False, trust)).estimate(NOW)
    return quote(trust.felt_vs_evidence(0.3, e))


def _sixty_days(m: Any) -> Any:
    start = NOW - 60 * DAY
    items = [m.moment_evidence(start + d * DAY, +1, confirmed=True) for d in range(60)]
    return m.TrustState.from_items(items)


def _then_daily(m: Any, state: Any, days: int) -> Any:
    for d in range(1, days + 1):
        state = state.add(m.moment_evidence(NOW + d * DAY, +1, confirmed=True))
    return state


def _old_later(m: Any, item: Any, days: int) -> float:
    state = _then_daily(m.trust, _sixty_days(m.trust).add(item), days)
    return float(state.estimate(NOW + days * DAY).index)


def _old_breach(m: Any) -> list[Any]:
    # The old model had no breach evidence: the heaviest negatives it had were a confirmed
    # negative moment (weight 1) and a missed commitment (weight 2).
    return [
        m.trust.moment_evidence(NOW, -1, confirmed=True),
        m.trust.occurrence_evidence(NOW, "missed"),
    ]


@row(
    "trust",
    "60 days of one confirmed positive a day: the index on day 60",
    lambda m: f"{_sixty_days(m.trust).estimate(NOW).index:.3f}",
)
def _t2a() -> str:
    return f"{_sixty_days(trust).estimate(NOW).index:.3f}"


@row(
    "trust",
    "…then a breach on day 60 (before: no breach evidence; a negative moment / a missed "
    "commitment)",
    lambda m: " / ".join(
        f"{_sixty_days(m.trust).add(item).estimate(NOW).index:.3f}" for item in _old_breach(m)
    ),
)
def _t2b() -> str:
    base = _sixty_days(trust)
    other = base.add(trust.breach_evidence(NOW, "other", confirmed=True)).estimate(NOW)
    lie = base.add(trust.breach_evidence(NOW, "deception", confirmed=True)).estimate(NOW)
    return f"breach {other.index:.3f}; deception {lie.index:.3f}"


def _breach_then_daily(days: int) -> str:
    """Sixty good days, a confirmed breach (or deception), then ``days`` of daily confirmed
    positives: the index at the end."""
    out = []
    for kind in ("other", "deception"):
        state = _sixty_days(trust).add(trust.breach_evidence(NOW, kind, confirmed=True))
        e = _then_daily(trust, state, days).estimate(NOW + days * DAY)
        out.append(f"{'breach' if kind == 'other' else 'deception'} {e.index:.3f}")
    return "; ".join(out)


def _old_breach_then_daily(m: Any, days: int) -> str:
    return " / ".join(f"{_old_later(m, item, days):.3f}" for item in _old_breach(m))


for _days, _span in ((30, "a month"), (365, "a year")):
    row(
        "trust",
        f"…and {_span} of daily confirmed positives later",
        partial(_old_breach_then_daily, days=_days),
    )(partial(_breach_then_daily, _days))


def _ten_negatives(m: Any) -> Any:
    items = [m.moment_evidence(NOW - (9 - d) * DAY, -1, confirmed=True) for d in range(10)]
    return m.TrustState.from_items(items)


def _silence(m: Any, show: Callable[[Any], str]) -> str:
    state = _ten_negatives(m)
    return " / ".join(show(state.estimate(NOW + d * DAY)) for d in (0, 90, 180))


@row(
    "trust",
    "ten daily confirmed negatives, then silence: day 0 / +90 / +180",
    lambda m: _silence(m.trust, lambda e: f"{e.index:.2f}"),
)
def _t3() -> str:
    return _silence(
        trust, lambda e: f"{e.index:.2f}" + ("" if e.enough_evidence else " (not enough)")
    )


@row(
    "trust",
    "no evidence at all: what the page can show",
    lambda m: interval(m.trust.TrustState.empty(NOW).estimate(NOW)),
)
def _t4() -> str:
    return quote(trust.describe_estimate(trust.TrustState.empty(NOW).estimate(NOW)), 6)


@row(
    "trust",
    "no evidence, felt trust 0/10",
    lambda m: _old_felt(m, 0.0, []),
)
def _t4b() -> str:
    return quote(trust.felt_vs_evidence(0.0, trust.TrustState.empty(NOW).estimate(NOW)))


# --- flooding / heart rate -------------------------------------------------------------------


def _synthetic_day() -> list[tuple[datetime, int]]:
    rng = random.Random(12)
    start = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    readings = []
    for minute in range(24 * 60):
        asleep = minute < 8 * 60
        bpm = 52 + rng.randint(-4, 2) if asleep else 74 + rng.randint(-6, 6)
        readings.append((start + timedelta(minutes=minute), bpm))
    return readings


def _episodes_text(found: list[Any]) -> str:
    if not found:
        return "0 episodes"
    longest = max(found, key=lambda e: e.duration)
    hours = longest.duration.total_seconds() / 3600
    return f"{len(found)} episode(s), longest {hours:.1f} h"


def _old_day(m: Any) -> str:
    samples = _synthetic_day()
    base = m.flooding.resting_baseline(samples)
    threshold = m.flooding.heart_rate_threshold(base)
    return f"baseline {base:g}, threshold {threshold:g}; " + _episodes_text(
        m.flooding.episodes(samples, base)
    )


@row(
    "flooding",
    "synthetic day: asleep 8 h at ~51 bpm (48-54), awake 16 h at ~74 (68-80), a reading a minute",
    _old_day,
)
def _f1() -> str:
    base = flooding.heart_rate_baseline()
    found = flooding.episodes(_synthetic_day(), base)
    return f"threshold {base.threshold:g} (no resting rate given); " + _episodes_text(found)


CALM = {item.code: 0 for item in flooding.SELF_CHECK_ITEMS}


@row(
    "flooding",
    "calm check-in (self-check 0/12) at 69 bpm, 62 bpm the imported-readings baseline",
    lambda m: f"flooded={m.flooding.assess(CALM, 69, 62.0).flooded}",
)
def _f2() -> str:
    result = flooding.assess(CALM, 69, flooding.heart_rate_baseline())
    return f"flooded={result.flooded} (threshold {result.heart_rate_threshold:g})"


@row(
    "flooding",
    "the same, if the person gave 62 as their seated, awake resting rate",
    None,
)
def _f2b() -> str:
    result = flooding.assess(CALM, 69, flooding.heart_rate_baseline(62))
    return f"flooded={result.flooded} (threshold {result.heart_rate_threshold:g}: the 10% rule)"


def _drifting_readings() -> list[tuple[datetime, int]]:
    # Two months ago many low (sleeping) readings; this month only daytime ones.
    old = [(NOW - 70 * DAY + timedelta(minutes=i), 55) for i in range(2000)]
    recent = [(NOW - 20 * DAY + timedelta(minutes=i), 68 + i % 5) for i in range(2000)]
    return old + recent


def _old_two_baselines(m: Any) -> str:
    samples = _drifting_readings()
    month = m.flooding.resting_baseline([s for s in samples if s[0] >= NOW - 30 * DAY])
    quarter = m.flooding.resting_baseline([s for s in samples if s[0] >= NOW - 90 * DAY])
    checkin = m.flooding.heart_rate_threshold(month)
    listing = m.flooding.heart_rate_threshold(quarter)
    held = [(NOW + timedelta(seconds=10 * i), 72) for i in range(13)]
    return (
        f"check-in threshold {checkin:g}, episode list {listing:g}: 72 bpm is "
        f"flooded={m.flooding.assess(None, 72, month).flooded} at a check-in and "
        f"{len(m.flooding.episodes(held, quarter))} episode in the list"
    )


@row(
    "flooding",
    "check-in (30-day baseline) against the episode list (90-day baseline)",
    _old_two_baselines,
)
def _f3() -> str:
    base = flooding.heart_rate_baseline()
    held = [(NOW + timedelta(seconds=10 * i), 72) for i in range(13)]
    return (
        f"one baseline, {base.threshold:g} both: 72 bpm is "
        f"flooded={flooding.assess(None, 72, base).flooded} and "
        f"{len(flooding.episodes(held, base))} episodes"
    )


SPIKE = [(NOW - timedelta(seconds=1), 80), (NOW, 120), (NOW + timedelta(seconds=1), 80)]
NIGHT = [
    (datetime(2026, 3, 2, 3, 0, tzinfo=UTC) + timedelta(seconds=10 * i), 110) for i in range(19)
]


@row(
    "flooding",
    "one reading of 120 bpm, one second long",
    lambda m: _episodes_text(m.flooding.episodes(SPIKE, None)),
)
def _f4() -> str:
    return _episodes_text(flooding.episodes(SPIKE))


@row(
    "flooding",
    "three minutes at 110 bpm at 03:00 (asleep)",
    lambda m: _episodes_text(m.flooding.episodes(NIGHT, None)),
)
def _f5() -> str:
    return _episodes_text(flooding.episodes(NIGHT))


# --- triage ----------------------------------------------------------------------------------

A, B = 1, 2


def _signals(m: Any, **inputs: Any) -> str:
    t = m.triage
    made = t.TriageInputs(member_ids=[A, B], **inputs)
    events = [t.ActivityEvent(NOW - DAY, A, "moment"), t.ActivityEvent(NOW - DAY, B, "moment")]
    if "events" not in inputs:
        made = t.TriageInputs(member_ids=[A, B], events=events, **inputs)
    found = t.evaluate(made, NOW)
    if not found:
        return "no signal"
    return ", ".join(f"{s.code} ({s.severity})" for s in found)


NEW = types.SimpleNamespace(
    trust=trust, bank=bank, flooding=flooding, triage=triage, calibration=calibration
)


def _checkins(m: Any, spec: list[tuple[timedelta, int, bool]]) -> list[Any]:
    return [
        m.triage.SafetyCheckin(NOW - ago, A, safety, flooded=flooded)
        for ago, safety, flooded in spec
    ]


def _conversations(m: Any, endings: list[str]) -> list[Any]:
    return [
        m.triage.RepairConversation(
            id=i, started=NOW - (i + 2) * DAY, ended=NOW - (i + 2) * DAY + DAY / 24, ended_by=e
        )
        for i, e in enumerate(endings)
    ]


TRIAGE_SCENARIOS: list[tuple[str, Callable[[Any], dict[str, Any]]]] = [
    (
        "three check-ins at 4/10 within 40 minutes",
        lambda m: {
            "checkins": _checkins(m, [(timedelta(minutes=20 * i), 4, False) for i in range(3)])
        },
    ),
    (
        "two check-ins at 0/10 (two days apart)",
        lambda m: {"checkins": _checkins(m, [(DAY, 0, False), (3 * DAY, 0, False)])},
    ),
    (
        "eleven days at 1/10 after seventeen at 8/10",
        lambda m: {
            "checkins": _checkins(
                m, [(d * DAY + DAY / 2, 1 if d < 11 else 8, False) for d in range(28)]
            )
        },
    ),
    (
        "28 daily check-ins, all flooded (safety 6/10)",
        lambda m: {"checkins": _checkins(m, [(d * DAY + DAY / 2, 6, True) for d in range(28)])},
    ),
    (
        "six repair conversations, all abandoned",
        lambda m: {"conversations": _conversations(m, ["abandoned"] * 6)},
    ),
    (
        "the same breach topic every 46 days (1, 47, 93 and 139 days ago)",
        lambda m: {
            "breaches": [
                m.triage.Breach(id=i, at=NOW - (1 + 46 * i) * DAY, topic="money") for i in range(4)
            ]
        },
    ),
    (
        "ten serious breaches in 60 days, each about something else",
        lambda m: {
            "breaches": [
                m.triage.Breach(id=i, at=NOW - (1 + 6 * i) * DAY, topic=f"topic {i}")
                for i in range(10)
            ]
        },
    ),
    (
        "two paused conversations",
        lambda m: {"conversations": _conversations(m, ["paused", "paused"])},
    ),
    (
        "two paused conversations and one completed",
        lambda m: {"conversations": _conversations(m, ["paused", "paused", "completed"])},
    ),
    (
        "three paused conversations",
        lambda m: {"conversations": _conversations(m, ["paused"] * 3)},
    ),
]

for _scenario, _build in TRIAGE_SCENARIOS:
    ROWS.append(
        (
            "triage",
            _scenario,
            (lambda build: lambda m: _signals(m, **build(m)))(_build),
            (lambda build: lambda: _signals(NEW, **build(NEW)))(_build),
        )
    )


# --- bank ------------------------------------------------------------------------------------


def widthratio(positive: int, negative: int) -> str:
    # What the bank page's weekly table printed: Django's {% widthratio p n 1 %}:1, which rounds
    # with Python's round() (half to even).
    return f"{round(positive / negative)}:1"


def _old_events(m: Any, positive: int, negative: int) -> list[Any]:
    return [m.bank.SignedEvent(NOW - DAY, +1, "appreciation")] * positive + [
        m.bank.SignedEvent(NOW - DAY, -1, "turned_away")
    ] * negative


def _new_events(positive: int, negative: int, confirmed: bool = True) -> list[bank.SignedEvent]:
    return [bank.SignedEvent(NOW - DAY, +1, "appreciation", confirmed=confirmed)] * positive + [
        bank.SignedEvent(NOW - DAY, -1, "turned_away", confirmed=confirmed)
    ] * negative


@row("bank", "weekly table: 1 positive, 3 negative", lambda m: widthratio(1, 3))
def _b1() -> str:
    [week] = bank.ledger(_new_events(1, 3), NOW - 7 * DAY, NOW)
    return week.ratio_text


@row("bank", "weekly table: 9 positive, 2 negative", lambda m: widthratio(9, 2))
def _b2() -> str:
    [week] = bank.ledger(_new_events(9, 2), NOW - 7 * DAY, NOW)
    return week.ratio_text


@row(
    "bank",
    "one positive and one negative moment in 28 days",
    lambda m: _from(
        "That is", m.bank.explain_ratio(m.bank.positive_negative_ratio(_old_events(m, 1, 1), NOW))
    ),
)
def _b3() -> str:
    return _from(
        "Too few", bank.explain_ratio(bank.positive_negative_ratio(_new_events(1, 1), NOW))
    )


def _from(words: str, text: str) -> str:
    return quote(text[text.index(words) :], 11)


def _edges(m: Any, make: Callable[[datetime, int], Any]) -> str:
    events = [make(NOW - 28 * DAY, -1), make(NOW - DAY, +1)]
    figure = m.positive_negative_ratio(events, NOW)
    [last] = m.ratio_series(events, NOW - 7 * DAY, NOW, window=28 * DAY)
    return (
        f"28-day figure {figure.positive}+/{figure.negative}−, "
        f"series {last.positive}+/{last.negative}−"
    )


@row(
    "bank",
    "a withdrawal exactly 28 days ago: the 28-day figure against the series' last point",
    lambda m: _edges(m.bank, lambda at, sign: m.bank.SignedEvent(at, sign, "x")),
)
def _b4() -> str:
    return _edges(bank, lambda at, sign: bank.SignedEvent(at, sign, "x", confirmed=True))


@row(
    "bank",
    "10 confirmed and 30 unconfirmed positive moments",
    lambda m: f"{m.bank.positive_negative_ratio(_old_events(m, 40, 0), NOW).positive} counted",
)
def _b5() -> str:
    events = _new_events(10, 0) + _new_events(30, 0, confirmed=False)
    summary = bank.positive_negative_ratio(events, NOW)
    return f"{summary.positive} counted, {summary.unconfirmed} waiting for confirmation"


def _turning_old(m: Any) -> str:
    summary = m.bank.TurningSummary(NOW - 28 * DAY, NOW, 15, 4, 1, 0.75)
    text = m.bank.explain_turning_toward(summary)
    return "mentions divorced 33%" if "33%" in text else "no divorced figure"


@row("bank", "turning toward 15 of 20 bids: what the text compares with", _turning_old)
def _b6() -> str:
    text = bank.explain_turning_toward(bank.TurningSummary(NOW - 28 * DAY, NOW, 15, 4, 1, 0.75))
    return "86% only; no divorced figure" if "33%" not in text else "mentions divorced 33%"


# --- calibration -----------------------------------------------------------------------------


def _half_at_ninety(m: Any) -> list[Any]:
    c = m.calibration
    return [
        c.GutReading(f"r{i}", 90, c.Outcome.BORNE_OUT if i % 2 else c.Outcome.NOT_BORNE_OUT)
        for i in range(10)
    ]


def _old_c1(m: Any) -> str:
    result = m.calibration.calibration(_half_at_ninety(m))
    shown = "shown" if "Brier" in result.summary else "not shown"
    return f"hit rate 50%; Brier {result.brier_score:.2f} computed, {shown}"


@row("calibration", "ten readings at 90% confidence, half borne out", _old_c1)
def _c1() -> str:
    result = calibration.calibration(_half_at_ninety(NEW))
    [band] = result.by_confidence_band
    return (
        f"band 90-100%: stated {band.stated:.0%}, observed {band.observed:.0%}; "
        f"Brier {result.brier_score:.2f} beside 0.25, said to be further than always 50%"
    )


def _partly(m: Any) -> list[Any]:
    c = m.calibration
    outcomes = [c.Outcome.BORNE_OUT] * 10 + [c.Outcome.PARTLY] * 2 + [c.Outcome.NOT_BORNE_OUT] * 2
    return [c.GutReading(f"r{i}", 80, o) for i, o in enumerate(outcomes)]


def _old_c2(m: Any) -> str:
    result = m.calibration.calibration(_partly(m))
    return (
        f"rate {result.borne_out_rate:.0%} (partly = miss); "
        f"Brier {result.brier_score:.3f} (partly = half)"
    )


@row("calibration", "10 yes, 2 partly, 2 no, all at 80%", _old_c2)
def _c2() -> str:
    result = calibration.calibration(_partly(NEW))
    return (
        f"rate {result.borne_out_rate:.0%} of {result.scored_count} scored; Brier "
        f"{result.brier_score:.3f}; 2 partly shown, never scored"
    )


# --- the table -------------------------------------------------------------------------------


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> int:
    print("| model | scenario | before | after |")
    print("|---|---|---|---|")
    for model, scenario, before, after in ROWS:
        if before is None:
            old = "(no such input before)"
        elif OLD is None:
            old = "n/a"
        else:
            old = before(types.SimpleNamespace(**OLD))
        print(f"| {model} | {cell(scenario)} | {cell(old)} | {cell(after())} |")
    if OLD is None:
        print(f"\n(before: git revision {BEFORE_REV[:7]} not available)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
