"""The hidden checks of lecture1.training."""
from __future__ import annotations

from grader.check import check
from grader.checks.hidden.lecture1 import examples
from grader.checks.lecture1 import judge_training, probe_training


TRAINING = (2, [3, 1], 6, 15, 0.1, 711)


@check(weight=3)
def other_data(sub):
    nin, nouts, n, steps, lr, seed = TRAINING
    xs, ys = examples(n, nin, 1, seed)
    return probe_training(sub, nin, nouts, xs, ys, steps, lr, seed)


@other_data.judge
def _(got, want):
    nin, nouts, n, steps, lr, seed = TRAINING
    xs, ys = examples(n, nin, 1, seed)
    return judge_training(got, nin, nouts, xs, ys, steps, lr, seed)
