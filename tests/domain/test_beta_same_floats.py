"""Issue 16: the Beta quantile shares the continued fraction's factors across its Newton steps
(the dashboard computes 28 quantiles a view). Every float must be the one the straightforward
evaluation gave: the pages and the API show these numbers, so the reference below is the
evaluation as it was, and the two must agree to the last bit."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from mend.domain import trust
from mend.domain.trust import (
    _CF_EPSILON,
    _CF_MAX_ITERATIONS,
    _TINY,
    _check_shape,
    _log_beta,
    _normal_guess,
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
    _check_shape(a, b)
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _reference_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _reference_fraction(b, a, 1.0 - x) / b


def _reference_quantile(p: float, a: float, b: float) -> float:
    if p == 0.0:
        return 0.0
    if p == 1.0:
        return 1.0
    log_b = _log_beta(a, b)
    lo, hi = 0.0, 1.0
    x = min(max(_normal_guess(p, a, b), 1e-9), 1.0 - 1e-9)
    for _ in range(300):
        f = _reference_cdf(x, a, b) - p
        if f == 0.0:
            return x
        if f < 0.0:
            lo = x
        else:
            hi = x
        log_pdf = (a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - log_b
        candidate = math.nan
        if log_pdf < 700.0:
            pdf = math.exp(log_pdf)
            if pdf > 0.0:
                candidate = x - f / pdf
        if not lo < candidate < hi:
            candidate = 0.5 * (lo + hi)
        if (
            abs(candidate - x) <= 1e-15 * candidate
            or hi - lo <= 1e-15 * hi
            or candidate in (lo, hi)
        ):
            return candidate
        x = candidate
    return x


shapes = st.floats(min_value=1.0, max_value=400.0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    p=st.one_of(
        st.sampled_from([trust.LOW_QUANTILE, trust.HIGH_QUANTILE]),
        st.floats(min_value=0.0, max_value=1.0),
    ),
    a=shapes,
    b=shapes,
)
def test_quantile_is_the_same_float(p: float, a: float, b: float) -> None:
    assert trust.beta_quantile(p, a, b) == _reference_quantile(p, a, b)


@settings(max_examples=300, deadline=None)
@given(x=st.floats(min_value=0.0, max_value=1.0), a=shapes, b=shapes)
def test_cdf_is_the_same_float(x: float, a: float, b: float) -> None:
    assert trust.regularized_incomplete_beta(x, a, b) == _reference_cdf(x, a, b)


@settings(max_examples=200, deadline=None)
@given(
    r=st.floats(min_value=0.0, max_value=300.0),
    s=st.floats(min_value=0.0, max_value=300.0),
)
def test_estimates_are_the_same_floats(r: float, s: float) -> None:
    found = trust._estimate(r, s)
    a, b = r + 1.0, s + 1.0
    index = a / (r + s + trust.PRIOR_WEIGHT)
    assert found.low == min(_reference_quantile(trust.LOW_QUANTILE, a, b), index)
    assert found.high == max(_reference_quantile(trust.HIGH_QUANTILE, a, b), index)
