"""Flooding (diffuse physiological arousal): self-check, heart-rate rule, episodes, pauses.

Pure Python, no Django. Times must be timezone-aware; the server's clock decides.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

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
    "and Social Psychology 63(2), 221-233. The four self-check questions are Mend's own short "
    "prompts, not a validated questionnaire."
)

# Plausible human heart rates for imported or typed readings (resting rates in athletes go
# below 40; maximal rates rarely exceed 220). Outside this range: a sensor or typing error.
MIN_PLAUSIBLE_BPM = 25
MAX_PLAUSIBLE_BPM = 250

SAFETY_RATING_MIN = 0
SAFETY_RATING_MAX = 10


class ImplausibleHeartRateError(ValueError):
    """A heart rate outside 25-250 bpm, or not a whole number."""


class SelfCheckError(ValueError):
    """Self-check answers that are missing, unknown or out of range."""


class SafetyRatingError(ValueError):
    """A safety rating that is not a whole number from 0 to 10."""


class PauseError(ValueError):
    """A pause that is too short, too long, or not anchored in server time."""


@dataclass(frozen=True)
class FloodingParams:
    """Every threshold in one place, so a deployment or a counsellor can tune them."""

    # Gottman (1999, The Marriage Clinic; Gottman & Silver 1999): about 100 bpm marks DPA.
    absolute_bpm: int = 100
    # Gottman: about 10% above the person's own resting rate also marks DPA. Kept as an integer
    # percent so 60 bpm * 110 / 100 is exactly 66, with no floating-point edge at the threshold.
    baseline_margin_percent: int = 10
    # Self-check: four items rated 0-3 (total 0-12); flooded at or above this total.
    # Mend's own choice (half the maximum), not a published cut-off.
    self_check_flooded_at: int = 6
    # Gottman: the body needs at least 20 minutes to calm down.
    min_pause: timedelta = timedelta(minutes=20)
    # Gottman: the person who asks for a break names when they will return, within a day.
    max_pause: timedelta = timedelta(hours=24)
    # Resting baseline: a low percentile of imported readings, once there are enough of them.
    baseline_percentile: float = 10.0
    baseline_min_samples: int = 30


DEFAULT_PARAMS = FloodingParams()


@dataclass(frozen=True)
class RatingOption:
    value: int
    label: str


@dataclass(frozen=True)
class SelfCheckItem:
    code: str
    text: str


SELF_CHECK_OPTIONS: tuple[RatingOption, ...] = (
    RatingOption(0, "Not at all"),
    RatingOption(1, "A little"),
    RatingOption(2, "Quite a bit"),
    RatingOption(3, "Very much"),
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


def heart_rate_threshold(baseline: float | None, params: FloodingParams = DEFAULT_PARAMS) -> float:
    """The bpm at or above which a reading counts as flooded: the lower of the two rules."""
    threshold = float(params.absolute_bpm)
    if baseline is not None:
        if not math.isfinite(baseline) or baseline <= 0:
            raise ValueError(f"A resting baseline must be a positive number, got {baseline!r}.")
        relative = round(baseline * (100 + params.baseline_margin_percent) / 100, 6)
        threshold = min(threshold, relative)
    return threshold


def resting_baseline(
    samples: Iterable[tuple[datetime, int]], params: FloodingParams = DEFAULT_PARAMS
) -> float | None:
    """A low percentile of the readings, or None when there are too few to say."""
    values = sorted(bpm for _, bpm in samples)
    if len(values) < params.baseline_min_samples:
        return None
    return round(_percentile(values, params.baseline_percentile), 1)


def _percentile(sorted_values: Sequence[int], percent: float) -> float:
    # Linear interpolation between closest ranks (the common "type 7" definition).
    if not 0 <= percent <= 100:
        raise ValueError("percent must be between 0 and 100")
    position = (len(sorted_values) - 1) * percent / 100
    lower = math.floor(position)
    upper = math.ceil(position)
    fraction = position - lower
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * fraction


def assess(
    self_check_answers: Mapping[str, int] | None,
    heart_rate: int | None,
    baseline: float | None,
    params: FloodingParams = DEFAULT_PARAMS,
) -> Assessment:
    """Flooded if the self-check total or the heart rate reaches its threshold."""
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
        threshold = heart_rate_threshold(baseline, params)
        if bpm >= params.absolute_bpm:
            reasons.append(
                f"Your heart rate of {bpm} bpm is at or above {params.absolute_bpm} bpm."
            )
        elif bpm >= threshold and baseline is not None:
            reasons.append(
                f"Your heart rate of {bpm} bpm is {params.baseline_margin_percent}% or more above "
                f"your usual resting rate of about {baseline:g} bpm."
            )
    return Assessment(
        flooded=bool(reasons), reasons=reasons, score=score, heart_rate_threshold=threshold
    )


def episodes(
    samples: Iterable[tuple[datetime, int]],
    baseline: float | None,
    params: FloodingParams = DEFAULT_PARAMS,
    gap: timedelta = timedelta(minutes=2),
) -> list[Episode]:
    """Runs of readings at or above the threshold; runs closer than `gap` are merged."""
    if gap < timedelta(0):
        raise ValueError("gap must not be negative")
    threshold = heart_rate_threshold(baseline, params)
    high = sorted((at, bpm) for at, bpm in samples if bpm >= threshold)
    result: list[Episode] = []
    start = end = None
    peak = count = 0
    for at, bpm in high:
        if end is not None and at - end <= gap:
            end = at
            peak = max(peak, bpm)
            count += 1
            continue
        if start is not None and end is not None:
            result.append(Episode(start, end, peak, count))
        start = end = at
        peak, count = bpm, 1
    if start is not None and end is not None:
        result.append(Episode(start, end, peak, count))
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
