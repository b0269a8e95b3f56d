"""The public checks of lecture1.gradients."""
from __future__ import annotations

import math

from grader.check import check
from grader.checks.lecture1 import (
    forward_differences_match, gradf_matches_torch, probe_differences, probe_softmax, softmax_nll_matches_torch,
    symmetric_differences_match,
)


LECTURE_POINT = (2.0, 3.0, 4.0)


@check(case=dict(points=(LECTURE_POINT, (1.0, 0.5, -2.0))))
def analytic(sub, points):
    return {"grads": [sub.gradf(*p) for p in points]}


analytic.judge(gradf_matches_torch)


def curvy(x, y):
    """A function whose forward and symmetric differences differ visibly at h = 1e-3."""
    return math.exp(3 * x) * math.sin(5 * y) + x**3 * y**2


def lecture_f(a, b, c):
    return -a**3 + math.sin(3*b) - 1.0/c + b**2.5 - a**0.5


@check(case=dict(at=((lecture_f, LECTURE_POINT, 0.000001), (curvy, (0.3, 0.4), 1e-3))))
def numerical(sub, at):
    return probe_differences(sub.numerical_grad, at)


numerical.judge(forward_differences_match)


@check(case=numerical.case)
def symmetric(sub, at):
    return probe_differences(sub.symmetric_grad, at)


symmetric.judge(symmetric_differences_match)


# the notebook's logits and target, and a shorter list: nothing may assume four classes
@check(weight=2, case=dict(examples=(([0.0, 3.0, -2.0, 1.0], 3), ([1.2, -0.7, 0.4], 0))))
def softmax_nll(sub, examples):
    return probe_softmax(sub, examples)


softmax_nll.judge(softmax_nll_matches_torch)
