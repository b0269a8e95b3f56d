"""The public checks of lecture1.gradients."""
from __future__ import annotations

import math

from grader.check import check
from grader.checks.lecture1 import (
    forward_difference, judge_differences, judge_gradf, judge_softmax, probe_differences, probe_softmax,
    symmetric_difference,
)


LECTURE_POINT = (2.0, 3.0, 4.0)


@check()
def analytic(sub):
    return {"grads": [sub.gradf(*p) for p in (LECTURE_POINT, (1.0, 0.5, -2.0))]}


@analytic.judge
def _(got, want):
    return judge_gradf(got, (LECTURE_POINT, (1.0, 0.5, -2.0)))


def curvy(x, y):
    """A function whose forward and symmetric differences differ visibly at h = 1e-3."""
    return math.exp(3 * x) * math.sin(5 * y) + x**3 * y**2


def lecture_f(a, b, c):
    return -a**3 + math.sin(3*b) - 1.0/c + b**2.5 - a**0.5


NUMERICAL_CASES = [(lecture_f, LECTURE_POINT, 0.000001), (curvy, (0.3, 0.4), 1e-3)]


@check()
def numerical(sub):
    return probe_differences(sub.numerical_grad, NUMERICAL_CASES)


@numerical.judge
def _(got, want):
    return judge_differences(got, NUMERICAL_CASES, forward_difference, symmetric_difference, "numerical_grad")


@check()
def symmetric(sub):
    return probe_differences(sub.symmetric_grad, NUMERICAL_CASES)


@symmetric.judge
def _(got, want):
    return judge_differences(got, NUMERICAL_CASES, symmetric_difference, forward_difference, "symmetric_grad")


SOFTMAX_CASES = [([0.0, 3.0, -2.0, 1.0], 3)]


@check(weight=2)
def softmax_nll(sub):
    return probe_softmax(sub, SOFTMAX_CASES)


@softmax_nll.judge
def _(got, want):
    return judge_softmax(got, SOFTMAX_CASES)
