"""The public checks of lecture5.ex1."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import SEED
from grader.checks.lecture5 import ex1_probe, judge_every_gradient, no_autograd


@check(weight=3)
def every_gradient(sub):
    return ex1_probe(sub, SEED, 32)


every_gradient.judge(judge_every_gradient)
no_autograd("backward_ex1")
