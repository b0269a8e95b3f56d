"""Lecture 1 (micrograd): the hidden checks.

The public checks' machinery on other inputs: other operand values and constants, more
and bigger random expressions, other network sizes and data, other points for the
notebook's gradient. Code that hard-codes the public cases fails here.
"""
from __future__ import annotations

import math
import random

from grader.check import check
from grader.checks.lecture1 import (
    forward_difference, judge_cases, judge_differences, judge_gradf, judge_mlp, judge_random_graphs,
    judge_softmax, judge_training, judge_zero_grad, probe_differences, probe_mlp, probe_softmax,
    probe_training, random_graph, reflected_cases, reuse_cases, run_graphs, single_op_cases,
    symmetric_difference,
)
from grader.judge import partial


# =========================================================================== lecture1.value

def hidden_cases() -> list:
    return single_op_cases(9101) + single_op_cases(9102) + reflected_cases(9202) + reuse_cases(9303)


@check("lecture1.value", weight=3)
def gradients_hidden(sub):
    return run_graphs(sub.Value, hidden_cases())


@gradients_hidden.judge
def _(got, want):
    return judge_cases(hidden_cases(), got, "operations")


def hidden_graphs() -> list:
    return [random_graph(f"hidden-{s}", n_leaves=4, n_ops=10 + s % 7) for s in range(40)]


@check("lecture1.value", weight=4)
def random_graphs_hidden(sub):
    return run_graphs(sub.Value, hidden_graphs())


@random_graphs_hidden.judge
def _(got, want):
    return judge_random_graphs(hidden_graphs(), got)


# =========================================================================== lecture1.nn

def examples(n: int, nin: int, nout: int, seed: int):
    rng = random.Random(seed)
    xs = [[round(rng.uniform(-2, 2), 3) for _ in range(nin)] for _ in range(n)]
    ys = [rng.choice((-1.0, 1.0)) if nout == 1 else [rng.choice((-1.0, 1.0)) for _ in range(nout)]
          for _ in range(n)]
    return xs, ys


NETS = [(2, [3, 2], 5, 611), (4, [5, 1], 6, 612), (3, [2, 3, 1], 4, 613)]


@check("lecture1.nn", weight=3)
def other_networks(sub):
    out = []
    for nin, nouts, n, seed in NETS:
        xs, ys = examples(n, nin, nouts[-1], seed)
        out.append(probe_mlp(sub, nin, nouts, xs, ys, seed))
    return out


@other_networks.judge
def _(got, want):
    verdicts = []
    for g, (nin, nouts, n, seed) in zip(got, NETS):
        xs, ys = examples(n, nin, nouts[-1], seed)
        verdicts.append(judge_mlp(g, nin, nouts, xs, ys, seed) & judge_zero_grad(g))
    return partial(verdicts)


# =========================================================================== lecture1.training

TRAINING = (2, [3, 1], 6, 15, 0.1, 711)


@check("lecture1.training", weight=3)
def other_data(sub):
    nin, nouts, n, steps, lr, seed = TRAINING
    xs, ys = examples(n, nin, 1, seed)
    return probe_training(sub, nin, nouts, xs, ys, steps, lr, seed)


@other_data.judge
def _(got, want):
    nin, nouts, n, steps, lr, seed = TRAINING
    xs, ys = examples(n, nin, 1, seed)
    return judge_training(got, nin, nouts, xs, ys, steps, lr, seed)


# =========================================================================== lecture1.gradients

POINTS = ((0.7, 1.3, 2.5), (3.0, 0.2, -0.5), (1.7, 2.2, 0.9))


@check("lecture1.gradients")
def analytic_hidden(sub):
    return {"grads": [sub.gradf(*p) for p in POINTS]}


@analytic_hidden.judge
def _(got, want):
    return judge_gradf(got, POINTS)


def wavy(x, y, z):
    return math.sin(2 * x * y) + math.cos(z) * x ** 2 - math.exp(0.5 * z)


CASES = [(wavy, (0.4, -1.1, 0.3), 1e-3), (wavy, (1.5, 0.5, -0.7), 1e-4)]


@check("lecture1.gradients")
def differences_hidden(sub):
    return {"forward": probe_differences(sub.numerical_grad, CASES),
            "symmetric": probe_differences(sub.symmetric_grad, CASES)}


@differences_hidden.judge
def _(got, want):
    return judge_differences(got["forward"], CASES, forward_difference, symmetric_difference,
                             "numerical_grad") & \
        judge_differences(got["symmetric"], CASES, symmetric_difference, forward_difference, "symmetric_grad")


SOFTMAX = [([1.5, -0.5, 0.25, 2.0, -1.0, 0.0], 1), ([-2.0, 4.0, 0.5], 1), ([0.3, 0.1], 0)]


@check("lecture1.gradients", weight=2)
def softmax_hidden(sub):
    return probe_softmax(sub, SOFTMAX)


@softmax_hidden.judge
def _(got, want):
    return judge_softmax(got, SOFTMAX)
