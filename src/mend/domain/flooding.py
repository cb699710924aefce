"""Flooding (diffuse physiological arousal): self-check, heart-rate rule, episodes, pauses.

The heart-rate rule has one baseline, used everywhere (a check-in and the episode list alike):
``heart_rate_baseline(resting_bpm)``. Without a resting rate the person gave, the threshold is
100 bpm; with a seated, awake resting rate they gave, it is 10% above that. Imported readings
never set the baseline (they include sleep, and a watch does not know whether you were sitting).
An episode is a run of readings at or above the threshold lasting at least a minute, outside
the sleep window.

Pure Python, no Django. Times must be timezone-aware; the server's clock decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Literal

from mend.domain.scales import ResponseOption

# Shown in the UI next to any flooding result. The self-check items are Mend's own plain-language
# prompts, not a validated instrument; the heart-rate rule and the 20-minute break follow Gottman.
SOURCE = (
    "Heart-rate rule and pause length follow John Gottman's work on 'flooding', or diffuse "
    "physiological arousal (DPA): during conflict, a heart rate around 100 beats per minute, or "
    "about 10% above your own resting rate, marks a body in fight-or-flight, when listening and "
    "problem-solving become very hard; a break of at least 20 minutes lets the body calm down, and "
    "the person who asks for it says when they will come back. Sources: Gottman, J. M. (1999), "
    "The Marriage Clinic, Norton; Gottman, J. M. & Silver, N. (1999), The Seven Principles for "
    "Making Marriage Work, Crown; Gottman, J. M. & Levenson, R. W. (1992), Journal of Personality "
    "and Social Psychology 63(2), 221-233. Mend uses 100 bpm unless you have given your resting "
    "rate, measured sitting quietly while awake; then 10% above it. Mend's own choices: a watch's "
    "readings count as an episode only when they stay at or above that for at least a minute, "
    "readings while you sleep are left out, and the four self-check questions are Mend's own "
    "short prompts, not a validated questionnaire."
)

# Plausible human heart rates for imported or typed readings (resting rates in athletes go
# below 40; maximal rates rarely exceed 220). Outside this range: a sensor or typing error.
MIN_PLAUSIBLE_BPM = 25
MAX_PLAUSIBLE_BPM = 250
# A resting rate a person gives, measured sitting quietly while awake. Mend's own range: below
# 30 or above 120 it is almost certainly not a seated resting measurement (a typo, or a reading
# taken while moving), and a threshold 10% above it would be meaningless.
MIN_RESTING_BPM = 30
MAX_RESTING_BPM = 120

SAFETY_RATING_MIN = 0
SAFETY_RATING_MAX = 10


class ImplausibleHeartRateError(ValueError):
    """A heart rate outside 25-250 bpm (a resting rate outside 30-120), or not a whole number."""


class SelfCheckError(ValueError):
    """Self-check answers that are missing, unknown or out of range."""


class SafetyRatingError(ValueError):
    """A safety rating that is not a whole number from 0 to 10."""


class PauseError(ValueError):
    """A pause that is too short, too long, or not anchored in server time."""


@dataclass(frozen=True)
class FloodingParams:
    """Every threshold in one place, so a deployment or a counsellor can tune them."""

    # Gottman (1999, The Marriage Clinic; Gottman & Silver 1999; DESIGN.md): about 100 bpm marks
    # DPA. The threshold whenever the person has not given a seated, awake resting rate.
    absolute_bpm: int = 100
    # Gottman: about 10% above the person's own resting rate also marks DPA. Used instead of 100
    # bpm only with a resting rate the person gave, measured sitting quietly and awake: the rule
    # is relative to a resting rate, and a low percentile of a watch's readings is a sleeping
    # rate (a synthetic day with sleep at 52 bpm put the threshold at 55 and made every waking
    # minute "flooded"). Kept as an integer percent so 60 bpm * 110 / 100 is exactly 66.
    baseline_margin_percent: int = 10
    # Self-check: four items rated 0-3 (total 0-12); flooded at or above this total.
    # Mend's own choice (half the maximum), not a published cut-off.
    self_check_flooded_at: int = 6
    # Gottman: the body needs at least 20 minutes to calm down.
    min_pause: timedelta = timedelta(minutes=20)
    # Gottman: the person who asks for a break names when they will return, within a day.
    max_pause: timedelta = timedelta(hours=24)
    # An episode in imported readings lasts at least a minute. Mend's own choice, because DPA is
    # a state, not a beat: a single high reading from a wrist sensor is often movement or noise,
    # and a minute is long enough to rule that out while short enough to catch a heated moment.
    min_sustained: timedelta = timedelta(minutes=1)
    # Within a run, consecutive readings at most this far apart. Mend's own choice: watches
    # record every second to every minute; a longer silence means we do not know what happened.
    max_reading_gap: timedelta = timedelta(minutes=2)


DEFAULT_PARAMS = FloodingParams()


@dataclass(frozen=True)
class SelfCheckItem:
    code: str
    text: str


SELF_CHECK_OPTIONS: tuple[ResponseOption, ...] = (
    ResponseOption(0, "Not at all"),
    ResponseOption(1, "A little"),
    ResponseOption(2, "Quite a bit"),
    ResponseOption(3, "Very much"),
)
SELF_CHECK_ITEM_MAX = 3

SELF_CHECK_ITEMS: tuple[SelfCheckItem, ...] = (
    SelfCheckItem("racing_heart", "My heart is racing."),
    SelfCheckItem("flee_or_fight", "I want to get away, or to lash out."),
    SelfCheckItem("cant_think", "I can't think straight."),
    SelfCheckItem("body_tense", "My body feels tense or hot."),
)
SELF_CHECK_MAX_SCORE = SELF_CHECK_ITEM_MAX * len(SELF_CHECK_ITEMS)


@dataclass(frozen=True)
class Assessment:
    flooded: bool
    reasons: list[str] = field(default_factory=list)
    score: int | None = None
    heart_rate_threshold: float | None = None


@dataclass(frozen=True)
class Episode:
    start: datetime
    end: datetime
    peak_bpm: int
    sample_count: int

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class PacedBreathing:
    inhale_seconds: int
    exhale_seconds: int
    rounds: int
    steps: tuple[str, ...]

    @property
    def breaths_per_minute(self) -> float:
        return 60 / (self.inhale_seconds + self.exhale_seconds)


# Slow breathing at about six breaths a minute with a longer out-breath is a common, gentle
# calming exercise (resonance-frequency breathing; Lehrer & Gevirtz 2014, Frontiers in
# Psychology 5:756). Offered as a suggestion, not as treatment.
BREATHING = PacedBreathing(
    inhale_seconds=4,
    exhale_seconds=6,
    rounds=10,
    steps=(
        "Sit or stand so your feet rest on the floor.",
        "Breathe in gently through your nose for 4 seconds.",
        "Breathe out slowly for 6 seconds, a little longer than the in-breath.",
        "Repeat about ten times. If you feel light-headed, breathe normally for a while.",
    ),
)

SELF_SOOTHING: tuple[str, ...] = (
    "Go for a short walk, or step outside for some air.",
    "Hold something cold, or splash cool water on your face and wrists.",
    "Loosen your shoulders, jaw and hands, one at a time.",
    "Listen to a piece of music that settles you.",
    "Name five things you can see and three things you can hear.",
    "Do something that absorbs you for a while: read, tidy a drawer, water a plant.",
    "Try not to rehearse the argument or plan your reply; let it rest until you come back.",
)


def validate_bpm(bpm: object) -> int:
    """Return bpm as an int if it is a plausible heart rate (25-250), else raise."""
    if isinstance(bpm, bool) or not isinstance(bpm, int):
        raise ImplausibleHeartRateError(
            f"Heart rate must be a whole number of beats per minute, got {bpm!r}."
        )
    if not MIN_PLAUSIBLE_BPM <= bpm <= MAX_PLAUSIBLE_BPM:
        raise ImplausibleHeartRateError(
            f"A heart rate of {bpm} bpm is not plausible; "
            f"expected {MIN_PLAUSIBLE_BPM} to {MAX_PLAUSIBLE_BPM} bpm."
        )
    return bpm


def validate_safety_rating(rating: object) -> int:
    """Return the 'how safe do I feel' rating if it is a whole number from 0 to 10."""
    if isinstance(rating, bool) or not isinstance(rating, int):
        raise SafetyRatingError(
            f"The safety rating must be a whole number from 0 to 10, got {rating!r}."
        )
    if not SAFETY_RATING_MIN <= rating <= SAFETY_RATING_MAX:
        raise SafetyRatingError(f"The safety rating must be from 0 to 10, got {rating}.")
    return rating


def score_self_check(answers: Mapping[str, int]) -> int:
    """Sum of the four 0-3 ratings (0-12). Every item must be answered."""
    known = {item.code for item in SELF_CHECK_ITEMS}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise SelfCheckError(f"Unknown self-check item: {unknown[0]!r}.")
    total = 0
    for item in SELF_CHECK_ITEMS:
        if item.code not in answers:
            raise SelfCheckError(f"Please answer '{item.text}' ({item.code}).")
        value = answers[item.code]
        if isinstance(value, bool) or not isinstance(value, int):
            raise SelfCheckError(
                f"'{item.code}' must be a whole number from 0 to 3, got {value!r}."
            )
        if not 0 <= value <= SELF_CHECK_ITEM_MAX:
            raise SelfCheckError(f"'{item.code}' must be from 0 to 3, got {value}.")
        total += value
    return total


def validate_resting_bpm(bpm: object) -> int:
    """A resting rate the person gave: a whole number from 30 to 120 bpm."""
    value = validate_bpm(bpm)
    if not MIN_RESTING_BPM <= value <= MAX_RESTING_BPM:
        raise ImplausibleHeartRateError(
            f"A resting heart rate of {value} bpm is not plausible for sitting quietly; "
            f"expected {MIN_RESTING_BPM} to {MAX_RESTING_BPM} bpm."
        )
    return value


@dataclass(frozen=True)
class HeartRateBaseline:
    """The one heart-rate baseline: what a reading is compared with, and why."""

    threshold: float  # bpm at or above which a reading counts
    resting_bpm: int | None  # the seated, awake resting rate the person gave, if any

    @property
    def rule(self) -> Literal["absolute", "relative"]:
        return "absolute" if self.resting_bpm is None else "relative"

    def describe(self, params: FloodingParams | None = None) -> str:
        p = params or DEFAULT_PARAMS
        if self.resting_bpm is None:
            return (
                f"A heart rate of {p.absolute_bpm} bpm or more counts as flooded. If you give "
                f"your resting rate, measured sitting quietly while awake, Mend uses "
                f"{p.baseline_margin_percent}% above it instead."
            )
        return (
            f"A heart rate of {self.threshold:g} bpm or more counts as flooded: "
            f"{p.baseline_margin_percent}% above the resting rate you gave ({self.resting_bpm} "
            "bpm, sitting quietly while awake)."
        )


def heart_rate_baseline(
    resting_bpm: int | None = None, params: FloodingParams = DEFAULT_PARAMS
) -> HeartRateBaseline:
    """The baseline for a person: 100 bpm, or 10% above the seated, awake resting rate they
    gave. The one function both a check-in and the episode list must use."""
    if resting_bpm is None:
        return HeartRateBaseline(float(params.absolute_bpm), None)
    resting = validate_resting_bpm(resting_bpm)
    threshold = round(resting * (100 + params.baseline_margin_percent) / 100, 6)
    return HeartRateBaseline(threshold, resting)


def _baseline(baseline: object, params: FloodingParams) -> HeartRateBaseline:
    if baseline is None:
        return heart_rate_baseline(None, params)
    if not isinstance(baseline, HeartRateBaseline):
        # A bare number here was once a percentile of imported readings; refuse it loudly.
        raise TypeError("baseline must come from heart_rate_baseline(resting_bpm)")
    return baseline


def assess(
    self_check_answers: Mapping[str, int] | None,
    heart_rate: int | None,
    baseline: HeartRateBaseline | None = None,
    params: FloodingParams = DEFAULT_PARAMS,
) -> Assessment:
    """Flooded if the self-check total or the heart rate reaches its threshold.

    ``baseline`` comes from ``heart_rate_baseline`` (None: 100 bpm). A check-in's heart rate is
    one reading the person took while awake, so neither the sleep window nor the one-minute rule
    applies to it.
    """
    reasons: list[str] = []
    score: int | None = None
    if self_check_answers is not None:
        score = score_self_check(self_check_answers)
        if score >= params.self_check_flooded_at:
            reasons.append(
                f"Your self-check adds up to {score} out of {SELF_CHECK_MAX_SCORE}, "
                f"at or above {params.self_check_flooded_at}."
            )
    threshold: float | None = None
    if heart_rate is not None:
        bpm = validate_bpm(heart_rate)
        base = _baseline(baseline, params)
        threshold = base.threshold
        if bpm >= threshold:
            if base.resting_bpm is None:
                reasons.append(f"Your heart rate of {bpm} bpm is at or above {threshold:g} bpm.")
            else:
                reasons.append(
                    f"Your heart rate of {bpm} bpm is {params.baseline_margin_percent}% or more "
                    f"above the resting rate you gave ({base.resting_bpm} bpm)."
                )
    return Assessment(
        flooded=bool(reasons), reasons=reasons, score=score, heart_rate_threshold=threshold
    )


@dataclass(frozen=True)
class SleepWindow:
    """Local clock times between which a person is usually asleep; may cross midnight."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("SleepWindow times are local clock times, without a zone")

    def contains(self, at: datetime, tz: tzinfo) -> bool:
        local = at.astimezone(tz).time().replace(tzinfo=None)
        if self.start == self.end:
            return False  # an empty window: the person sleeps at no fixed time
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end


# Readings between midnight and 6 in the morning, local time, are left out of episodes unless the
# person gives their own hours. Mend's own choice, because most people are asleep then, and
# heart rate in sleep (dreams, waking) is not conflict; the window is narrow on purpose, so that
# an argument late in the evening is still seen.
DEFAULT_SLEEP = SleepWindow(time(0, 0), time(6, 0))


def episodes(
    samples: Iterable[tuple[datetime, int]],
    baseline: HeartRateBaseline | None = None,
    params: FloodingParams = DEFAULT_PARAMS,
    gap: timedelta = timedelta(minutes=2),
    *,
    tz: tzinfo = UTC,
    sleep: SleepWindow | None = DEFAULT_SLEEP,
) -> list[Episode]:
    """Sustained runs of readings at or above the baseline's threshold, outside sleep.

    A run is consecutive readings all at or above the threshold, each at most
    ``params.max_reading_gap`` after the one before; it counts when it lasts at least
    ``params.min_sustained``. Counted runs closer than `gap` are merged into one episode.
    `tz` is the person's zone, for the sleep window; `sleep=None` leaves nothing out.
    """
    if gap < timedelta(0):
        raise ValueError("gap must not be negative")
    threshold = _baseline(baseline, params).threshold
    awake = sorted((at, bpm) for at, bpm in samples if sleep is None or not sleep.contains(at, tz))
    runs: list[list[tuple[datetime, int]]] = []
    current: list[tuple[datetime, int]] = []
    for at, bpm in awake:
        high = bpm >= threshold
        if current and (not high or at - current[-1][0] > params.max_reading_gap):
            runs.append(current)
            current = []
        if high:
            current.append((at, bpm))
    if current:
        runs.append(current)
    sustained = [run for run in runs if run[-1][0] - run[0][0] >= params.min_sustained]
    result: list[Episode] = []
    for run in sustained:
        start, end = run[0][0], run[-1][0]
        peak = max(bpm for _, bpm in run)
        if result and start - result[-1].end <= gap:
            last = result[-1]
            result[-1] = Episode(
                last.start, end, max(last.peak_bpm, peak), last.sample_count + len(run)
            )
        else:
            result.append(Episode(start, end, peak, len(run)))
    return result


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise PauseError(f"{name} must include a time zone.")


def validate_pause(
    start: datetime,
    planned_return: datetime,
    now: datetime,
    params: FloodingParams = DEFAULT_PARAMS,
) -> None:
    """Raise PauseError unless the planned return is 20 minutes to 24 hours after the start."""
    for name, value in (
        ("The pause start", start),
        ("The return time", planned_return),
        ("now", now),
    ):
        _require_aware(name, value)
    if start > now:
        raise PauseError("A pause cannot start in the future.")
    length = planned_return - start
    if length < params.min_pause:
        minutes = int(params.min_pause.total_seconds() // 60)
        raise PauseError(
            f"Please plan to come back at least {minutes} minutes after the pause starts: "
            "the body needs at least that long to calm down."
        )
    if length > params.max_pause:
        hours = int(params.max_pause.total_seconds() // 3600)
        raise PauseError(
            f"Please plan to come back within {hours} hours, so the other person knows when "
            "to expect you."
        )


def resume_at(started_at: datetime, params: FloodingParams = DEFAULT_PARAMS) -> datetime:
    """The earliest moment the conversation can resume."""
    _require_aware("The pause start", started_at)
    return started_at + params.min_pause


def remaining(
    started_at: datetime, now: datetime, params: FloodingParams = DEFAULT_PARAMS
) -> timedelta:
    """Time left before resuming is allowed (never negative): what the timer shows."""
    _require_aware("now", now)
    return max(timedelta(0), resume_at(started_at, params) - now)


def can_resume(
    started_at: datetime, now: datetime, params: FloodingParams = DEFAULT_PARAMS
) -> bool:
    """True once the minimum pause has passed by the server's clock."""
    _require_aware("now", now)
    return now >= resume_at(started_at, params)
