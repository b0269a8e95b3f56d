"""The hidden checks of lecture5.ex1."""

from grader.check import check
from grader.checks.lecture5 import ex1_probe, judge_every_gradient


@check(weight=2)
def every_gradient_small_batch(sub):
    return ex1_probe(sub, 1201, 7, n_embd=5, n_hidden=20, block_size=4)


every_gradient_small_batch.judge(judge_every_gradient)
