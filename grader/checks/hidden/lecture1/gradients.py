"""The hidden checks of lecture1.gradients."""
from __future__ import annotations

import math

from grader.check import check
from grader.checks.lecture1 import (
    forward_difference, judge_differences, judge_gradf, judge_softmax, probe_differences, probe_softmax,
    symmetric_difference,
)


POINTS = ((0.7, 1.3, 2.5), (3.0, 0.2, -0.5), (1.7, 2.2, 0.9))


@check()
def analytic_hidden(sub):
    return {"grads": [sub.gradf(*p) for p in POINTS]}


@analytic_hidden.judge
def _(got, want):
    return judge_gradf(got, POINTS)


def wavy(x, y, z):
    return math.sin(2 * x * y) + math.cos(z) * x ** 2 - math.exp(0.5 * z)


WAVY_CASES = [(wavy, (0.4, -1.1, 0.3), 1e-3), (wavy, (1.5, 0.5, -0.7), 1e-4)]


@check()
def differences_hidden(sub):
    return {"forward": probe_differences(sub.numerical_grad, WAVY_CASES),
            "symmetric": probe_differences(sub.symmetric_grad, WAVY_CASES)}


@differences_hidden.judge
def _(got, want):
    return judge_differences(got["forward"], WAVY_CASES, forward_difference, symmetric_difference,
                             "numerical_grad") & \
        judge_differences(got["symmetric"], WAVY_CASES, symmetric_difference, forward_difference, "symmetric_grad")


SOFTMAX = [([1.5, -0.5, 0.25, 2.0, -1.0, 0.0], 1), ([-2.0, 4.0, 0.5], 1), ([0.3, 0.1], 0)]


@check(weight=2)
def softmax_hidden(sub):
    return probe_softmax(sub, SOFTMAX)


@softmax_hidden.judge
def _(got, want):
    return judge_softmax(got, SOFTMAX)
