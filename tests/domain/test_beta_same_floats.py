"""Issue 16: the Beta CDF shares the continued fraction's factors across a quantile's Newton
steps (the dashboard computes 28 quantiles a view). Every float must be the one the
straightforward evaluation gave: the pages and the API show these numbers.

The CDF is compared, to the last bit, with that straightforward evaluation written out below (a
reference independent of the code under test), both fresh and with one set of factors shared by
evaluations at many points, as the quantile's search shares them. The quantile's search itself
is not copied here: its results are pinned, bit for bit, at the shapes the trust numbers use and
at the edges (closed forms and the inverse of the CDF are checked in test_trust.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.domain import trust
from mend.domain.trust import (
    _CF_EPSILON,
    _CF_MAX_ITERATIONS,
    _TINY,
    _Factors,
    _incomplete_beta,
    _log_beta,
)


def _reference_lentz_step(aa: float, c: float, d: float) -> tuple[float, float]:
    """One half-step of the modified Lentz method: the new ``c`` and ``1 / d``."""
    d = 1.0 + aa * d
    if abs(d) < _TINY:
        d = _TINY
    c = 1.0 + aa / c
    if abs(c) < _TINY:
        c = _TINY
    return c, 1.0 / d


def _reference_fraction(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < _TINY:
        d = _TINY
    d = 1.0 / d
    h = d
    for m in range(1, _CF_MAX_ITERATIONS + 1):
        m2 = 2 * m
        c, d = _reference_lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), c, d)
        h *= d * c
        c, d = _reference_lentz_step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), c, d)
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _CF_EPSILON:
            return h
    raise ArithmeticError


def _reference_cdf(x: float, a: float, b: float) -> float:
    """I_x(a, b) for 0 < x < 1."""
    log_front = a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _reference_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _reference_fraction(b, a, 1.0 - x) / b


shapes = st.floats(min_value=1.0, max_value=400.0, allow_nan=False)
inside = st.floats(min_value=0.0, max_value=1.0, exclude_min=True, exclude_max=True)


@settings(max_examples=300, deadline=None)
@given(x=inside, a=shapes, b=shapes)
def test_cdf_is_the_same_float(x: float, a: float, b: float) -> None:
    assert trust.regularized_incomplete_beta(x, a, b) == _reference_cdf(x, a, b)


@given(a=shapes, b=shapes)
def test_cdf_is_exactly_0_and_1_at_the_ends(a: float, b: float) -> None:
    assert trust.regularized_incomplete_beta(0.0, a, b) == 0.0
    assert trust.regularized_incomplete_beta(1.0, a, b) == 1.0


@settings(max_examples=200, deadline=None)
@given(
    xs=st.lists(inside, min_size=1, max_size=12),
    a=shapes,
    b=shapes,
)
def test_cdf_with_factors_shared_across_points_is_the_same_float(
    xs: list[float], a: float, b: float
) -> None:
    # As in a quantile's search: one set of factors per shape, grown by whichever point first
    # needs more terms and reused by the points after it.
    log_b, ab, ba = _log_beta(a, b), _Factors(a, b), _Factors(b, a)
    for x in xs:
        shared = _incomplete_beta(x, a, b, log_b, math.log(x), math.log1p(-x), ab, ba)
        assert shared == _reference_cdf(x, a, b), x


# (a, b, the 10% and the 90% quantile as the straightforward evaluation gave them): a trust
# index's interval is these two quantiles of Beta(r + 1, s + 1).
TRUST_INTERVALS = [
    (1.0, 1.0, "0x1.999999999999bp-4", "0x1.ccccccccccccdp-1"),
    (2.0, 1.0, "0x1.43d1362484910p-2", "0x1.e5b9d136c6d96p-1"),
    (6.0, 2.0, "0x1.18496861eca00p-1", "0x1.d7a474092b193p-1"),
    (12.734, 3.1, "0x1.57ea71e63edf0p-1", "0x1.d673d38c4208cp-1"),
    (30.5, 4.25, "0x1.9b72a7072c162p-1", "0x1.e25f1caf19a50p-1"),
    (400.0, 1.0, "0x1.fd0fa80ab1670p-1", "0x1.ffdd7ae21d503p-1"),
    (1.0, 400.0, "0x1.1428ef1582ea7p-12", "0x1.782bfaa74c7bep-8"),
]


@pytest.mark.parametrize(("a", "b", "low", "high"), TRUST_INTERVALS)
def test_trust_interval_quantiles_are_the_same_floats(
    a: float, b: float, low: str, high: str
) -> None:
    assert trust.beta_quantile(trust.LOW_QUANTILE, a, b).hex() == low
    assert trust.beta_quantile(trust.HIGH_QUANTILE, a, b).hex() == high


@pytest.mark.parametrize(
    ("p", "a", "b", "expected"),
    [
        (0.5, 17.0, 17.0, "0x1.0000000000001p-1"),  # not 0.5: the search stops a bit away
        (0.025, 3.0, 250.0, "0x1.42ac9a47b9c9ap-9"),
        (0.999999, 2.0, 50.0, "0x1.203ddb17fb211p-2"),
        (1e-300, 1.5, 2.0, "0x1.87c77874b8886p-506"),
        # The bracket cannot shrink below the smallest float: its end is the answer.
        (5e-324, 1.0, 2.0, "0x0.0p+0"),
        (5e-324, 1.0, 400.0, "0x0.0p+0"),
    ],
)
def test_quantiles_far_out_are_the_same_floats(p: float, a: float, b: float, expected: str) -> None:
    assert trust.beta_quantile(p, a, b).hex() == expected


@settings(max_examples=200, deadline=None)
@given(
    r=st.floats(min_value=0.0, max_value=300.0),
    s=st.floats(min_value=0.0, max_value=300.0),
)
def test_an_estimate_s_interval_is_the_quantiles_holding_the_index(r: float, s: float) -> None:
    found = trust._estimate(r, s)
    a, b = r + 1.0, s + 1.0
    index = a / (r + s + trust.PRIOR_WEIGHT)
    assert found.index == index
    assert found.low == min(trust.beta_quantile(trust.LOW_QUANTILE, a, b), index)
    assert found.high == max(trust.beta_quantile(trust.HIGH_QUANTILE, a, b), index)
