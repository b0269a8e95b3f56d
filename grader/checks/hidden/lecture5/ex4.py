"""The hidden checks of lecture5.ex4."""

from grader.check import check
from grader.checks.lecture5 import ex4_probe, judge_training


@check(weight=2)
def manual_training_other_sizes(sub):
    return ex4_probe(sub, 1501, steps=12, batch_size=20, lr=0.2, n_hidden=30, n_embd=8, block_size=4)


manual_training_other_sizes.judge(judge_training)
