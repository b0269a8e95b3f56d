"""The public checks of lecture5.ex1: the lecture's sizes, and others (batch, block size, widths)."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import SEED
from grader.checks.lecture5 import ex1_probe, gradients_match_autograd, no_autograd


@check(weight=3, case=dict(seed=SEED, batch_size=32, block_size=3, n_embd=10, n_hidden=64))
def every_gradient(sub, **case):
    return ex1_probe(sub, **case)


@check(weight=2, case=dict(seed=1211, batch_size=11, block_size=5, n_embd=4, n_hidden=24))
def every_gradient_other_sizes(sub, **case):
    return ex1_probe(sub, **case)


every_gradient.judge(gradients_match_autograd)
every_gradient_other_sizes.judge(gradients_match_autograd)
no_autograd("backward_ex1")
