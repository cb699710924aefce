"""Every scenario of issue 12 ("Numbers that tell the truth"), as a test.

Each test states the old figure the issue reproduced (and benchmarks/numbers_scenarios.py
prints again from the code before the change) and asserts the behaviour decided instead. Each
one fails on the old code: there, the figures below came out as the comments say.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mend.domain import bank, calibration, flooding, triage, trust

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
A, B = 1, 2


# --- 1. The person being trusted can raise their own index -----------------------------------


def _self_reports(per_day: int) -> list[trust.Evidence]:
    start = NOW - 30 * DAY
    return [
        trust.moment_evidence(start + d * DAY - k * timedelta(hours=3), +1, confirmed=False)
        for d in range(30)
        for k in range(per_day)
    ]


@pytest.mark.parametrize("per_day", [1, 3])
def test_unconfirmed_self_reports_cannot_raise_the_index(per_day: int) -> None:
    # Before: 3 a day for 30 days gave 96.4% (91.7-99.6%); one a day 90.5%.
    items = _self_reports(per_day)
    estimate = trust.TrustState.from_items(items).estimate(NOW)
    assert estimate.index == 0.5 and estimate.evidence == 0.0
    assert not estimate.enough_evidence
    assert trust.tally_claims(items).positive == 30 * per_day  # shown apart, as claims


def test_a_low_felt_trust_is_not_told_that_claims_suggest_92_percent() -> None:
    # Before: felt 3/10 got "the evidence so far suggests at least about 92%".
    estimate = trust.TrustState.from_items(_self_reports(3)).estimate(NOW)
    assert trust.felt_vs_evidence(0.3, estimate) is None


def test_the_bank_does_not_count_unconfirmed_moments() -> None:
    # Before: unconfirmed moments counted in full.
    events = [bank.SignedEvent(NOW - DAY, +1, "appreciation", confirmed=False)] * 30
    events += [bank.SignedEvent(NOW - DAY, +1, "appreciation", confirmed=True)] * 10
    summary = bank.positive_negative_ratio(events, NOW)
    assert (summary.positive, summary.unconfirmed_positive) == (10, 30)
    [week] = bank.ledger(events, NOW - 7 * DAY, NOW)
    assert (week.deposit_count, week.unconfirmed, week.balance) == (10, 30, 10.0)


# --- 2. A betrayal cannot move the index -------------------------------------------------------


def _sixty_days() -> trust.TrustState:
    start = NOW - 60 * DAY
    return trust.TrustState.from_items(
        trust.moment_evidence(start + d * DAY, +1, confirmed=True) for d in range(60)
    )


def _then_daily(state: trust.TrustState, days: int) -> trust.TrustState:
    return state.add_many(
        trust.moment_evidence(NOW + d * DAY, +1, confirmed=True) for d in range(1, days + 1)
    )


def test_a_breach_moves_the_index_and_recovery_takes_sustained_positive_evidence() -> None:
    # Before: 0.971 -> 0.943 (0.917 at double weight), back at 0.963 a month later.
    assert _sixty_days().estimate(NOW).index == pytest.approx(0.971, abs=5e-4)
    breach = _sixty_days().add(trust.breach_evidence(NOW, "other", confirmed=True))
    assert breach.estimate(NOW).index < 0.8
    month = _then_daily(breach, 30).estimate(NOW + 30 * DAY)
    assert month.index < 0.85
    # Silence does not repair: with no new evidence the index keeps falling.
    assert breach.estimate(NOW + 90 * DAY).index < breach.estimate(NOW).index


def test_a_deception_pulls_the_index_to_about_even_and_never_fully_recovers() -> None:
    # Before: pulling 0.971 to 50% needed a weight of about 32; the heaviest item weighed 2.
    lie = _sixty_days().add(trust.breach_evidence(NOW, "deception", confirmed=True))
    assert lie.estimate(NOW).index == pytest.approx(0.516, abs=5e-3)
    assert _then_daily(lie, 30).estimate(NOW + 30 * DAY).index < 0.6
    # Two years of a confirmed good moment every single day: still capped by the lasting part.
    two_years = _then_daily(lie, 730).estimate(NOW + 730 * DAY)
    assert two_years.index < 0.82
    plain = _then_daily(_sixty_days(), 730).estimate(NOW + 730 * DAY)
    assert plain.index > 0.97


def test_negatives_then_silence_do_not_drift_back_to_even() -> None:
    # Before: ten negatives then silence read 0.09, 0.32 after 90 days and 0.47 after 180.
    state = trust.TrustState.from_items(
        trust.moment_evidence(NOW - (9 - d) * DAY, -1, confirmed=True) for d in range(10)
    )
    assert state.estimate(NOW).index < 0.1
    assert state.estimate(NOW + 90 * DAY).index < 0.15
    assert state.estimate(NOW + 180 * DAY).index < 0.2


def test_the_two_times_weight_is_no_longer_cited_to_a_paper_that_gives_no_number() -> None:
    import inspect

    source = inspect.getsource(trust.TrustParams)
    before = source[: source.index("missed_commitment: float = 2.0")]
    comment = before.rsplit("\n\n", 1)[-1]  # the comment block right above the constant
    assert "Mend's own choice" in comment
    assert "not a number" in comment  # Schweitzer et al. support the direction only


# --- 3. Fifty per cent on day one, and a note that blames the hurt person ----------------------


def test_no_evidence_says_so_and_compares_no_felt_trust() -> None:
    # Before: "50% (likely 10-90%)", and felt 0/10 was "below ... (at least about 10%, most
    # likely around 50%)".
    estimate = trust.TrustState.empty(NOW).estimate(NOW)
    assert not estimate.enough_evidence
    assert trust.describe_estimate(estimate).startswith("Not enough evidence yet")
    assert "50%" not in trust.describe_estimate(estimate)
    assert trust.felt_vs_evidence(0.0, estimate) is None


def test_a_ten_percent_quantile_is_never_called_a_floor() -> None:
    estimate = trust.TrustState(20.0, 2.0, NOW).estimate(NOW)
    note = trust.felt_vs_evidence(0.1, estimate)
    assert note is not None and "at least" not in note
    assert "at least" not in trust.describe_estimate(estimate)


# --- 4. Flooding fires on calm hearts ----------------------------------------------------------


def _synthetic_day() -> list[tuple[datetime, int]]:
    start = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    return [
        (start + timedelta(minutes=m), 52 if m < 8 * 60 else 74 + (m % 7) - 3)
        for m in range(24 * 60)
    ]


def test_a_calm_day_has_no_episode() -> None:
    # Before: baseline 50 (sleep included), threshold 55, one 16-hour "episode".
    base = flooding.heart_rate_baseline()
    assert base.threshold == 100.0
    assert flooding.episodes(_synthetic_day(), base) == []


def test_a_calm_check_in_at_69_is_not_flooded_without_a_resting_rate_given() -> None:
    # Before: self-check 0/12 at 69 bpm with a 62 bpm imported baseline was flooded=True.
    calm = {item.code: 0 for item in flooding.SELF_CHECK_ITEMS}
    result = flooding.assess(calm, 69, flooding.heart_rate_baseline())
    assert not result.flooded and result.heart_rate_threshold == 100.0
    with pytest.raises(TypeError, match="baseline must come from heart_rate_baseline"):
        flooding.assess(calm, 69, 62.0)  # type: ignore[arg-type]


def test_check_in_and_episode_list_cannot_disagree() -> None:
    # Before: a 30-day baseline at check-in, 90 days for the episode list.
    base = flooding.heart_rate_baseline(64)
    for bpm in (70, 71, 72):
        held = [(NOW + timedelta(seconds=10 * i), bpm) for i in range(13)]
        assert bool(flooding.episodes(held, base)) == flooding.assess(None, bpm, base).flooded


def test_sleep_and_single_spikes_are_not_episodes() -> None:
    spike = [(NOW - timedelta(seconds=1), 80), (NOW, 120), (NOW + timedelta(seconds=1), 80)]
    assert flooding.episodes(spike) == []
    night = [
        (datetime(2026, 3, 2, 3, 0, tzinfo=UTC) + timedelta(seconds=10 * i), 110) for i in range(19)
    ]
    assert flooding.episodes(night) == []
    assert len(flooding.episodes(night, sleep=None)) == 1


# --- 5. Triage fires on minutes and misses months ----------------------------------------------


def _codes(inputs: triage.TriageInputs) -> list[str]:
    return [s.code for s in triage.evaluate(inputs, NOW)]


def _active() -> list[triage.ActivityEvent]:
    return [triage.ActivityEvent(NOW - DAY, A, "moment"), triage.ActivityEvent(NOW - DAY, B, "x")]


def _inputs(**kw: object) -> triage.TriageInputs:
    return triage.TriageInputs(member_ids=[A, B], events=_active(), **kw)  # type: ignore[arg-type]


def test_three_low_check_ins_within_forty_minutes_are_not_weeks() -> None:
    # Before: "Feeling unsafe for weeks".
    checkins = [triage.SafetyCheckin(NOW - timedelta(minutes=20 * i), A, 4) for i in range(3)]
    assert _codes(_inputs(checkins=checkins)) == []


def test_two_check_ins_at_zero_are_a_signal() -> None:
    checkins = [triage.SafetyCheckin(NOW - d * DAY, A, 0) for d in (1, 3)]
    assert _codes(_inputs(checkins=checkins)) == ["severe_unsafety"]


def test_eleven_days_at_one_after_seventeen_at_eight_are_a_signal() -> None:
    checkins = [
        triage.SafetyCheckin(NOW - d * DAY - DAY / 2, A, 1 if d < 11 else 8) for d in range(28)
    ]
    assert _codes(_inputs(checkins=checkins)) == ["severe_unsafety", "chronic_unsafety"]


def test_four_weeks_of_flooded_check_ins_are_a_signal() -> None:
    checkins = [
        triage.SafetyCheckin(NOW - d * DAY - DAY / 2, A, 6, flooded=True) for d in range(28)
    ]
    assert _codes(_inputs(checkins=checkins)) == ["chronic_flooding"]


def _conversations(*endings: str) -> list[triage.RepairConversation]:
    return [
        triage.RepairConversation(
            id=i, started=NOW - (i + 2) * DAY, ended=NOW - (i + 2) * DAY + DAY / 24, ended_by=e
        )  # type: ignore[arg-type]
        for i, e in enumerate(endings)
    ]


def test_six_abandoned_conversations_are_stuck() -> None:
    assert _codes(_inputs(conversations=_conversations(*["abandoned"] * 6))) == [
        "communication_stuck"
    ]


def test_the_pause_rule_is_monotone() -> None:
    # Before: two paused, no signal; two paused and one completed, a signal.
    assert _codes(_inputs(conversations=_conversations("paused", "paused"))) == []
    assert _codes(_inputs(conversations=_conversations("paused", "paused", "completed"))) == []
    assert _codes(_inputs(conversations=_conversations("paused", "paused", "paused"))) == [
        "communication_stuck"
    ]


def test_a_topic_every_46_days_is_a_pattern() -> None:
    breaches = [triage.Breach(id=i, at=NOW - (1 + 46 * i) * DAY, topic="money") for i in range(3)]
    assert _codes(_inputs(breaches=breaches)) == ["repeating_pattern"]


def test_ten_breaches_in_sixty_days_about_different_things_are_a_signal() -> None:
    breaches = [
        triage.Breach(id=i, at=NOW - (1 + 6 * i) * DAY, topic=f"topic {i}") for i in range(10)
    ]
    [signal] = triage.evaluate(_inputs(breaches=breaches), NOW)
    assert signal.code == "many_breaches" and signal.severity == "recommend"


# --- 6. The bank page rounds ratios wrongly and compares tiny samples --------------------------


@pytest.mark.parametrize(("p", "n", "text"), [(1, 3, "1 to 3"), (9, 2, "4.5 to 1")])
def test_ratios_print_exactly(p: int, n: int, text: str) -> None:
    # Before: the weekly table printed "0:1" and "4:1".
    assert bank.format_ratio(p, n) == text


def test_one_and_one_is_not_compared_with_five_to_one() -> None:
    # Before: "below the reference of about 5 to 1".
    events = [
        bank.SignedEvent(NOW - DAY, +1, "appreciation", confirmed=True),
        bank.SignedEvent(NOW - DAY, -1, "turned_away", confirmed=True),
    ]
    text = bank.explain_ratio(bank.positive_negative_ratio(events, NOW))
    assert "below" not in text and "Too few yet" in text


def test_the_28_day_figure_and_the_series_share_their_edges() -> None:
    events = [
        bank.SignedEvent(NOW - 28 * DAY, -1, "x", confirmed=True),
        bank.SignedEvent(NOW - DAY, +1, "x", confirmed=True),
    ]
    figure = bank.positive_negative_ratio(events, NOW)
    [last] = bank.ratio_series(events, NOW - 7 * DAY, NOW, window=28 * DAY)
    assert (figure.positive, figure.negative) == (last.positive, last.negative) == (1, 1)


def test_citations_name_their_publications() -> None:
    assert "What Predicts Divorce?" in bank.RATIO_REFERENCE.citation
    assert "63(2)" in bank.RATIO_REFERENCE.citation
    assert "Gottman & Driver" in bank.TURNING_TOWARD_STAYED.citation
    assert "Family Process" in bank.TURNING_TOWARD_STAYED.citation
    assert bank.TURNING_TOWARD_DIVORCED not in bank.REFERENCES


# --- 7. Calibration shows a hit rate, not calibration ------------------------------------------


def test_calibration_is_stated_against_observed_with_the_brier_score_beside_a_quarter() -> None:
    readings = [
        calibration.GutReading(
            f"r{i}",
            90,
            calibration.Outcome.BORNE_OUT if i % 2 else calibration.Outcome.NOT_BORNE_OUT,
        )
        for i in range(10)
    ]
    result = calibration.calibration(readings)
    [band] = result.by_confidence_band
    assert band.stated == 0.9 and band.observed == 0.5
    assert result.brier_score == pytest.approx(0.41)
    assert "0.41" in result.summary and "0.25" in result.summary
    assert "further from what happened than saying 50% every time" in result.summary


def test_partly_counts_the_same_way_everywhere() -> None:
    # Before: a miss in the rate, half in the Brier score.
    outcomes = [calibration.Outcome.BORNE_OUT] * 10 + [calibration.Outcome.PARTLY] * 2
    outcomes += [calibration.Outcome.NOT_BORNE_OUT] * 2
    result = calibration.calibration(calibration.GutReading("x", 80, o) for o in outcomes)
    assert result.borne_out_rate == pytest.approx(10 / 12)
    assert result.brier_score == pytest.approx((10 * 0.04 + 2 * 0.64) / 12)
