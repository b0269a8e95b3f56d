"""The hidden checks of lecture4.E01."""

from grader.check import check
from grader.checks.lecture4 import generator, judge_zero_init, zero_init_probe


@check(weight=2)
def zero_init_other_sizes(sub):
    return zero_init_probe(sub, 1000, 200, batch_size=20, lr=0.2, n_embd=6, n_hidden=50, block_size=4,
                           generator=generator(161))


zero_init_other_sizes.judge(judge_zero_init)
